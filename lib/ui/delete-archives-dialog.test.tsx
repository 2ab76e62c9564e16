// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { DeleteArchivesDialog } from './delete-archives-dialog';
import { sendMessage } from '../messaging/client';
import type { ArchiveRow } from '../db/entities';

vi.mock('../messaging/client', () => ({ sendMessage: vi.fn() }));

afterEach(() => {
  cleanup();
  vi.mocked(sendMessage).mockReset();
});

const archive = { id: 'a1', title: 'A page', url: 'https://example.org/' } as ArchiveRow;

/** A copy as listRemoteCopies reports it: on Perma and still deletable, unless told otherwise. */
const copy = (over: Record<string, unknown> = {}) => ({
  serverId: 'p',
  serverName: 'Perma',
  kind: 'perma',
  remoteId: 'AB12-CD34',
  deletable: true,
  ...over,
});

/** The dialog for `archive`, as the library opens it. */
const renderDialog = (onTrash: (ids: string[]) => void, onError: (message: string) => void) =>
  render(
    <DeleteArchivesDialog
      archives={[archive]}
      close={() => {}}
      onTrash={onTrash}
      onError={onError}
    />,
  );

describe('DeleteArchivesDialog', () => {
  it('offers to delete copies still deletable on the server, and deletes them before the local trash', async () => {
    const order: string[] = [];
    vi.mocked(sendMessage).mockImplementation((async (name: string) => {
      order.push(name);
      if (name === 'listRemoteCopies') {
        return {
          copies: [
            copy(),
            copy({
              serverId: 'q',
              serverName: 'Old Perma',
              remoteId: 'ZZ99-YY88',
              deletable: false,
              reason: 'Perma only deletes within 24 hours of creation.',
            }),
          ],
        };
      }
      return { deleted: true };
    }) as typeof sendMessage);
    const onTrash = vi.fn(() => order.push('trash'));
    const onError = vi.fn();
    renderDialog(onTrash, onError);
    const box = await screen.findByRole('checkbox', {
      name: 'Also delete the copy on Perma (AB12-CD34)',
    });
    expect(
      screen.getByText(/Old Perma \(ZZ99-YY88\) stays: Perma only deletes within 24 hours/),
    ).toBeTruthy();
    fireEvent.click(box);
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(onTrash).toHaveBeenCalledWith(['a1']));
    expect(sendMessage).toHaveBeenCalledWith('deleteRemote', { archiveId: 'a1', serverId: 'p' });
    expect(order).toEqual(['listRemoteCopies', 'deleteRemote', 'trash']);
    expect(onError).not.toHaveBeenCalled();
  });

  it('leaves remote copies alone unless asked, and reports a refused remote delete', async () => {
    vi.mocked(sendMessage).mockImplementation((async (name: string) =>
      name === 'listRemoteCopies'
        ? { copies: [copy()] }
        : { deleted: false, code: 'window-passed', message: 'Too late.' }) as typeof sendMessage);
    const onTrash = vi.fn();
    const onError = vi.fn();
    const { unmount } = renderDialog(onTrash, onError);
    await screen.findByRole('checkbox');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(onTrash).toHaveBeenCalled());
    expect(sendMessage).not.toHaveBeenCalledWith('deleteRemote', expect.anything());
    unmount();

    renderDialog(onTrash, onError);
    fireEvent.click(await screen.findByRole('checkbox'));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() =>
      expect(onError).toHaveBeenCalledWith(expect.stringContaining('Perma: Too late.')),
    );
    expect(onTrash).toHaveBeenCalledTimes(2);
  });
});
