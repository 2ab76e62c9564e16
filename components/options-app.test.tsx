// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { App } from '../entrypoints/options/app';
import { sendMessage } from '../lib/messaging/client';
import { releaseServerPermission, requestServerPermission } from '../lib/platform/permissions';
import { useFreshDb } from '../lib/db/test-db';
import type { ConnectionTestResult, ServerSummary } from '../lib/storage/sync-types';

vi.mock('../lib/messaging/client', () => ({ sendMessage: vi.fn() }));
vi.mock('../lib/platform/permissions', () => ({
  requestServerPermission: vi.fn(),
  releaseServerPermission: vi.fn(),
  hasServerPermission: vi.fn(),
  originPattern: vi.fn(),
}));

const works: ConnectionTestResult = {
  ok: true,
  reachable: true,
  isApi: true,
  authOk: true,
  hostPermission: true,
  user: 'Jane Doe',
  problems: [],
};

const perma: ServerSummary = {
  id: 's1',
  kind: 'perma',
  name: 'Work',
  baseUrl: 'https://api.perma.cc',
  allowInsecureHttp: false,
  confirmedPrivate: false,
  enabled: true,
  hasCredentials: true,
  user: 'Jane Doe',
  createdAt: 1,
  updatedAt: 1,
};

/** Background replies by message name; `servers` is what listServers returns. */
function background(servers: ServerSummary[], replies: Record<string, unknown> = {}) {
  vi.mocked(sendMessage).mockImplementation((async (name: string) => {
    if (name === 'listServers') return { servers, folderRules: [] };
    if (name in replies) {
      const reply = replies[name];
      if (reply instanceof Error) throw reply;
      return reply;
    }
    throw new Error(`unexpected ${name}`);
  }) as typeof sendMessage);
}

const calls = (name: string) => vi.mocked(sendMessage).mock.calls.filter(([n]) => n === name);

async function fillNewPerma() {
  fireEvent.click(await screen.findByRole('button', { name: 'Add server' }));
  fireEvent.input(screen.getByLabelText('Server address'), {
    target: { value: 'https://perma.example.org' },
  });
  fireEvent.input(screen.getByLabelText('API key'), { target: { value: 'k'.repeat(40) } });
}

describe('options page', () => {
  useFreshDb();
  beforeEach(() => {
    vi.mocked(requestServerPermission).mockReset();
    vi.mocked(releaseServerPermission).mockReset();
  });
  afterEach(cleanup);

  it('explains a refused host permission and sends nothing', async () => {
    background([]);
    vi.mocked(requestServerPermission).mockResolvedValue(false);
    render(<App />);
    await fillNewPerma();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('needs your permission to reach https://perma.example.org');
    expect(alert.textContent).toContain('choose “Allow”');
    expect(requestServerPermission).toHaveBeenCalledWith('https://perma.example.org');
    expect(calls('saveServer')).toHaveLength(0);
    // Nothing typed is lost.
    expect((screen.getByLabelText('Server address') as HTMLInputElement).value).toBe(
      'https://perma.example.org',
    );
  });

  it('says when Chrome could not even ask (origin not declared in the manifest)', async () => {
    background([]);
    vi.mocked(requestServerPermission).mockRejectedValue(
      new Error('Only permissions specified in the manifest may be requested.'),
    );
    render(<App />);
    await fillNewPerma();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Cairn could not ask for access to https://perma.example.org: Only permissions specified in the manifest may be requested.',
    );
    expect(calls('testConnection')).toHaveLength(0);
  });

  it('tests a draft with the typed credentials, after the permission', async () => {
    background([], { testConnection: works });
    vi.mocked(requestServerPermission).mockResolvedValue(true);
    render(<App />);
    await fillNewPerma();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByTestId('test-user')).toBeTruthy();
    expect(calls('testConnection')[0]![1]).toEqual({
      serverId: undefined,
      kind: 'perma',
      baseUrl: 'https://perma.example.org',
      credentials: { type: 'apiKey', apiKey: 'k'.repeat(40) },
      allowInsecureHttp: false,
    });
  });

  it('saves a server: the form closes when the connection works', async () => {
    const saved = {
      ...perma,
      id: 's9',
      name: 'perma.example.org',
      baseUrl: 'https://perma.example.org',
    };
    let servers: ServerSummary[] = [];
    vi.mocked(requestServerPermission).mockResolvedValue(true);
    vi.mocked(sendMessage).mockImplementation((async (name: string) => {
      if (name === 'listServers') return { servers, folderRules: [] };
      if (name === 'saveServer') {
        servers = [saved];
        return { server: saved, test: works };
      }
      throw new Error(name);
    }) as typeof sendMessage);
    render(<App />);
    await fillNewPerma();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved. The connection works.');
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.getByRole('heading', { name: 'perma.example.org' })).toBeTruthy();
    expect(calls('saveServer')[0]![1]).toMatchObject({
      kind: 'perma',
      baseUrl: 'https://perma.example.org',
      credentials: { type: 'apiKey', apiKey: 'k'.repeat(40) },
    });
  });

  it('keeps the form open on a saved server whose test found problems', async () => {
    const bad: ConnectionTestResult = {
      ...works,
      ok: false,
      authOk: false,
      user: undefined,
      problems: [
        { code: 'bad-credentials', message: 'Perma refused the API key (Invalid token.).' },
      ],
    };
    let servers: ServerSummary[] = [];
    vi.mocked(requestServerPermission).mockResolvedValue(true);
    vi.mocked(sendMessage).mockImplementation((async (name: string) => {
      if (name === 'listServers') return { servers, folderRules: [] };
      if (name === 'saveServer') {
        servers = [perma];
        return { server: perma, test: bad };
      }
      throw new Error(name);
    }) as typeof sendMessage);
    render(<App />);
    await fillNewPerma();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Perma refused the API key (Invalid token.).');
    expect(screen.getByRole('heading', { name: 'Edit “Work”' })).toBeTruthy();
    expect(screen.getByText(/Saved, but the connection test found problems/)).toBeTruthy();
  });

  it('tests a saved server, syncs it now and reports the outcome', async () => {
    background([perma], {
      testConnection: works,
      syncNow: { attempted: 3, remaining: 1 },
    });
    vi.mocked(requestServerPermission).mockResolvedValue(true);
    render(<App />);
    const card = (await screen.findByRole('heading', { name: 'Work' })).closest('li')!;
    fireEvent.click(within(card).getByRole('button', { name: 'Test connection' }));
    await within(card).findByText('Connection works');
    expect(calls('testConnection')[0]![1]).toEqual({ serverId: 's1' });
    fireEvent.click(within(card).getByRole('button', { name: 'Sync now' }));
    await within(card).findByText('Sent 3; 1 still waiting.');
    expect(calls('syncNow')[0]![1]).toEqual({ serverId: 's1' });
  });

  it('removes a server only after confirmation, and gives its origin back', async () => {
    let servers = [perma];
    vi.mocked(sendMessage).mockImplementation((async (name: string) => {
      if (name === 'listServers') return { servers, folderRules: [] };
      if (name === 'removeServer') {
        servers = [];
        return { ok: true };
      }
      throw new Error(name);
    }) as typeof sendMessage);
    render(<App />);
    const card = (await screen.findByRole('heading', { name: 'Work' })).closest('li')!;
    fireEvent.click(within(card).getByRole('button', { name: 'Remove' }));
    const dialog = screen.getByRole('dialog');
    expect(
      within(dialog).getByText(/Your local archives and the copies already on the server stay/),
    ).toBeTruthy();
    expect(calls('removeServer')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Work' })).toBeNull());
    expect(calls('removeServer')[0]![1]).toEqual({ serverId: 's1' });
    expect(releaseServerPermission).toHaveBeenCalledWith('https://api.perma.cc');
  });

  it('shows a background error on the card instead of failing silently', async () => {
    background([perma], {
      syncNow: new Error('Sync to Work is stopped: the API key was refused.'),
    });
    render(<App />);
    const card = (await screen.findByRole('heading', { name: 'Work' })).closest('li')!;
    fireEvent.click(within(card).getByRole('button', { name: 'Sync now' }));
    expect((await within(card).findByRole('alert')).textContent).toContain('API key was refused');
  });
});
