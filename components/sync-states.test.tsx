// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { SyncStates, SyncStatesView, type SyncServerRef } from './sync-states';
import type { SyncStateRecord } from '../lib/db/repos/sync-states';
import { setSyncState } from '../lib/db/repos/sync-states';
import { syncServersItem } from '../lib/storage/sync-servers';
import { useFreshDb } from '../lib/db/test-db';
import { sendMessage } from '../lib/messaging/client';

vi.mock('../lib/messaging/client', () => ({ sendMessage: vi.fn() }));

afterEach(cleanup);

const servers: SyncServerRef[] = [
  { id: 'p', name: 'Perma', kind: 'perma' },
  { id: 'a', name: 'Box', kind: 'archivebox' },
  { id: 'q', name: 'Queue', kind: 'perma' },
  { id: 's', name: 'Busy', kind: 'perma' },
];

function state(serverId: string, patch: Partial<SyncStateRecord>): SyncStateRecord {
  return { archiveId: 'a1', serverId, state: 'pending', updatedAt: 1, ...patch };
}

describe('SyncStatesView', () => {
  it('a waiting archive says why it waits, and when it is tried next', () => {
    render(
      <SyncStatesView
        servers={servers}
        retrying={new Set()}
        errors={{}}
        onRetry={vi.fn()}
        states={[
          state('p', {
            state: 'pending',
            error: 'The server answered HTTP 503.',
            errorCode: 'http-503',
            retryAt: Date.UTC(2026, 11, 6, 10, 15),
          }),
          state('a', {
            state: 'pending',
            error: 'Waiting: the server says the quota is used up (limit).',
            errorCode: 'quota-paused',
            retryAt: Date.UTC(2026, 11, 7, 10, 15),
          }),
        ]}
      />,
    );
    expect(screen.getByText(/^Next try .+, after: The server answered HTTP 503\.$/)).toBeTruthy();
    expect(screen.getByText('Waiting: the server says the quota is used up (limit).')).toBeTruthy();
  });

  it('a private archive held for the confirmation waits, with a way to the settings and no Retry', () => {
    render(
      <SyncStatesView
        servers={servers}
        retrying={new Set()}
        errors={{}}
        onRetry={vi.fn()}
        states={[
          state('a', {
            state: 'failed',
            errorCode: 'private-not-confirmed',
            error: 'Waits for your confirmation in the settings.',
          }),
        ]}
      />,
    );
    const item = screen.getByText('Box').closest('li')!;
    expect(item.dataset.state).toBe('pending');
    expect(item.textContent).toContain('Waiting');
    expect(item.textContent).toContain('Waits for your confirmation in the settings.');
    expect(screen.getByRole('button', { name: 'Confirm in settings' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Retry/ })).toBeNull();
  });

  it('needs review: lists the candidates and sends the chosen one, with or without deleting the others', () => {
    const onResolveReview = vi.fn();
    const onRetry = vi.fn();
    render(
      <SyncStatesView
        servers={servers}
        retrying={new Set()}
        errors={{}}
        onRetry={onRetry}
        onResolveReview={onResolveReview}
        states={[
          state('p', {
            state: 'failed',
            errorCode: 'needs-review',
            error: 'Needs review: 2 copies on the server could be this archive’s…',
            candidates: [
              {
                remoteId: 'AAAA-2222',
                remoteUrl: 'https://perma.cc/AAAA-2222',
                createdAt: Date.UTC(2026, 11, 1, 10, 0, 5),
                isPrivate: true,
              },
              {
                remoteId: 'BBBB-3333',
                createdAt: Date.UTC(2026, 11, 1, 10, 0, 6),
                isPrivate: true,
              },
            ],
          }),
        ]}
      />,
    );
    const group = screen.getByRole('group', {
      name: /^Copies on Perma that could be this archive.s$/,
    });
    expect(group).toBeTruthy();
    expect(screen.getByRole('link', { name: 'AAAA-2222' }).getAttribute('href')).toBe(
      'https://perma.cc/AAAA-2222',
    );
    fireEvent.click(screen.getByRole('button', { name: /^Copy BBBB-3333 is this archive.s$/ }));
    expect(onResolveReview).toHaveBeenLastCalledWith('p', 'BBBB-3333', true);
    fireEvent.click(screen.getByRole('checkbox', { name: /delete the other copies/ }));
    fireEvent.click(screen.getByRole('button', { name: /^Copy AAAA-2222 is this archive.s$/ }));
    expect(onResolveReview).toHaveBeenLastCalledWith('p', 'AAAA-2222', false);
    fireEvent.click(screen.getByRole('button', { name: 'None of these: send again' }));
    expect(onRetry).toHaveBeenCalledWith('p');
  });

  it('shows each server’s state: synced with its link, failed with the reason and Retry', () => {
    const onRetry = vi.fn();
    render(
      <SyncStatesView
        servers={servers}
        retrying={new Set()}
        errors={{}}
        onRetry={onRetry}
        states={[
          state('p', {
            state: 'synced',
            remoteId: 'AB2C-3DEF',
            remoteUrl: 'https://perma.cc/AB2C-3DEF',
            note: 'The organisation made it private.',
          }),
          state('a', { state: 'failed', error: 'ArchiveBox refused the token.' }),
          state('q', { state: 'pending' }),
          state('s', { state: 'syncing' }),
          state('removed-server', { state: 'failed', error: 'old' }),
        ]}
      />,
    );
    const items = screen.getAllByRole('listitem');
    expect(items.map((li) => li.getAttribute('data-state'))).toEqual([
      'synced',
      'failed',
      'pending',
      'syncing',
    ]);
    const link = screen.getByRole('link', { name: 'Open AB2C-3DEF on the server' });
    expect(link.getAttribute('href')).toBe('https://perma.cc/AB2C-3DEF');
    expect(screen.getByText('The organisation made it private.')).toBeTruthy();
    expect(screen.getByText('ArchiveBox refused the token.')).toBeTruthy();
    expect(screen.getByText('Waiting')).toBeTruthy();
    expect(screen.getByText('Sending')).toBeTruthy();
    expect(screen.queryByText('old')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Retry sending to Box' }));
    expect(onRetry).toHaveBeenCalledWith('a');
  });

  it('says when the archive goes to no server', () => {
    render(
      <SyncStatesView
        servers={servers}
        states={[]}
        retrying={new Set()}
        errors={{}}
        onRetry={vi.fn()}
      />,
    );
    expect(screen.getByText('Not sent to any server (its folder stays local).')).toBeTruthy();
  });
});

describe('SyncStates (live)', () => {
  useFreshDb();

  beforeEach(async () => {
    await syncServersItem.setValue([
      {
        id: 'p',
        kind: 'perma',
        name: 'Perma',
        baseUrl: 'https://api.perma.cc',
        allowInsecureHttp: false,
        confirmedPrivate: false,
        enabled: true,
        createdAt: 1,
        updatedAt: 1,
      },
    ]);
  });

  it('follows the stored state through a repository read, and Retry asks the background', async () => {
    await setSyncState('a1', 'p', { state: 'failed', error: 'Quota used up.' });
    vi.mocked(sendMessage).mockResolvedValue({ requeued: 1 });
    render(<SyncStates archiveId="a1" />);
    await screen.findByText('Quota used up.');
    fireEvent.click(screen.getByRole('button', { name: 'Retry sending to Perma' }));
    expect(sendMessage).toHaveBeenCalledWith('retrySync', { archiveId: 'a1', serverId: 'p' });
    await setSyncState('a1', 'p', {
      state: 'synced',
      error: undefined,
      remoteId: 'XY23-4567',
      remoteUrl: 'https://perma.cc/XY23-4567',
    });
    const link = await screen.findByRole('link', { name: 'Open XY23-4567 on the server' });
    expect(link.getAttribute('href')).toBe('https://perma.cc/XY23-4567');
    expect(screen.queryByText('Quota used up.')).toBeNull();
  });

  it('shows why a Retry could not be started', async () => {
    await setSyncState('a1', 'p', { state: 'failed', error: 'Timed out.' });
    vi.mocked(sendMessage).mockRejectedValue(new Error('Cairn’s background did not answer.'));
    render(<SyncStates archiveId="a1" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Retry sending to Perma' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('did not answer'));
  });

  it('sends our screenshot to Perma for a capture the server could not make', async () => {
    await setSyncState('a1', 'p', { state: 'failed', error: 'Capture failed.' });
    vi.mocked(sendMessage).mockResolvedValue({ queued: true });
    render(<SyncStates archiveId="a1" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Send our screenshot to Perma' }));
    expect(sendMessage).toHaveBeenCalledWith('uploadRendering', { archiveId: 'a1', serverId: 'p' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('queued'));
  });

  it('deletes the remote copy only after the user confirms, and says when the server refuses', async () => {
    await setSyncState('a1', 'p', {
      state: 'synced',
      remoteId: 'XY23-4567',
      remoteUrl: 'https://perma.cc/XY23-4567',
    });
    vi.mocked(sendMessage).mockReset();
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false);
    render(<SyncStates archiveId="a1" />);
    const button = await screen.findByRole('button', { name: 'Delete the copy on Perma' });
    fireEvent.click(button);
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(sendMessage).not.toHaveBeenCalled();

    confirm.mockReturnValueOnce(true);
    vi.mocked(sendMessage).mockResolvedValueOnce({
      deleted: false,
      code: 'window-passed',
      message: 'Perma only deletes within 24 hours of creation.',
    });
    fireEvent.click(button);
    expect(sendMessage).toHaveBeenCalledWith('deleteRemote', { archiveId: 'a1', serverId: 'p' });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('24 hours'));

    confirm.mockReturnValueOnce(true);
    vi.mocked(sendMessage).mockResolvedValueOnce({ deleted: true });
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Deleted on Perma.'));
    confirm.mockRestore();
  });
});
