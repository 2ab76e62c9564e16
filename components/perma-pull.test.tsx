// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { PermaPull } from './perma-pull';
import { sendMessage } from '../lib/messaging/client';
import { CairnError } from '../lib/errors';
import type { PullArchive, PullListing } from '../lib/messaging/protocol-sync';

vi.mock('../lib/messaging/client', () => ({ sendMessage: vi.fn() }));
afterEach(() => {
  cleanup();
  vi.mocked(sendMessage).mockReset();
});

const archive = (guid: string, patch: Partial<PullArchive> = {}): PullArchive => ({
  guid,
  url: `https://example.test/${guid}`,
  title: `Title ${guid}`,
  createdAt: Date.UTC(2026, 10, 1),
  isPrivate: false,
  ...patch,
});

const listing: PullListing = {
  folders: [
    {
      id: 1,
      path: ['Personal Links'],
      personal: true,
      archives: [archive('AAAA-2222'), archive('BBBB-3333', { linkedArchiveId: 'local-1' })],
    },
    {
      id: 2,
      path: ['Personal Links', 'Trips'],
      personal: true,
      archives: [
        archive('CCCC-4444', { isPrivate: true }),
        archive('DDDD-5555', { unavailable: 'Perma is still capturing this page.' }),
      ],
    },
  ],
  other: [],
};

describe('PermaPull', () => {
  it('lists by folder, marks linked and unavailable ones, imports the chosen with progress and outcomes', async () => {
    const pulls: unknown[] = [];
    vi.mocked(sendMessage).mockImplementation((async (name: string, data: unknown) => {
      if (name === 'listPermaPull') return listing;
      if (name === 'pullPermaArchive') {
        pulls.push(data);
        const { guid } = data as { guid: string };
        if (guid === 'CCCC-4444') throw new CairnError('perma-pull-forbidden', 'Perma refuses.');
        return { kind: 'imported', archiveId: 'new', title: 'x' };
      }
      throw new Error(`unexpected ${name}`);
    }) as typeof sendMessage);
    render(<PermaPull serverId="s1" serverName="Work Perma" />);
    fireEvent.click(screen.getByRole('button', { name: 'Import from Perma…' }));
    await screen.findByText(/4 archives on Perma: 1 already in your library, 2 can be imported/);
    expect(screen.getByRole('group', { name: 'Personal Links / Trips' })).toBeTruthy();
    const box = (title: string) => screen.getByLabelText<HTMLInputElement>(title);
    expect(box('Title BBBB-3333').disabled).toBe(true);
    expect(box('Title DDDD-5555').disabled).toBe(true);
    expect(screen.getByRole('link', { name: 'In your library' }).getAttribute('href')).toBe(
      'viewer.html?archive=local-1',
    );
    expect(screen.getByText('Perma is still capturing this page.')).toBeTruthy();
    const importButton = screen.getByRole('button', { name: 'Import 0 archives' });
    expect(importButton.hasAttribute('disabled')).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Choose all that can be imported' }));
    expect(box('Title AAAA-2222').checked).toBe(true);
    expect(box('Title CCCC-4444').checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Import 2 archives' }));
    await screen.findByText('1 imported, 0 already in your library, 1 not imported.');
    expect(pulls).toEqual([
      {
        serverId: 's1',
        guid: 'AAAA-2222',
        place: { folderId: 1, path: ['Personal Links'], personal: true },
      },
      {
        serverId: 's1',
        guid: 'CCCC-4444',
        place: { folderId: 2, path: ['Personal Links', 'Trips'], personal: true },
      },
    ]);
    expect(screen.getByText('Perma refuses.')).toBeTruthy();
    expect(screen.getByText('Imported')).toBeTruthy();
    // The listing is read again, so the marks follow what was imported.
    await waitFor(() =>
      expect(vi.mocked(sendMessage).mock.calls.filter(([n]) => n === 'listPermaPull')).toHaveLength(
        2,
      ),
    );
  });

  it('says what went wrong when the account cannot be read, and tries again', async () => {
    let fail = true;
    vi.mocked(sendMessage).mockImplementation((async (name: string) => {
      if (name !== 'listPermaPull') throw new Error(`unexpected ${name}`);
      if (fail) throw new CairnError('credentials', 'Perma refused the API key.');
      return { folders: [], other: [] };
    }) as typeof sendMessage);
    render(<PermaPull serverId="s1" serverName="Work Perma" />);
    fireEvent.click(screen.getByRole('button', { name: 'Import from Perma…' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Perma refused the API key.');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('Your Perma account has no archives yet.');
  });
});
