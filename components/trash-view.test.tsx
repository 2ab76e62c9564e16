// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { TrashView } from './trash-view';
import type { TrashContents } from '../lib/db/repos/trash';
import type { ArchiveRow } from '../lib/db/entities';

afterEach(cleanup);

const archive = (id: string, title: string): ArchiveRow => ({
  id,
  url: `https://example.test/${id}`,
  title,
  notes: '',
  isPrivate: false,
  status: 'complete',
  trigger: 'action',
  createdAt: 1,
  updatedAt: 1,
  size: 2048,
  recordCount: 3,
  responseCount: 1,
  folderId: 'trash:f',
  trashedAt: Date.UTC(2026, 11, 6),
});

function renderTrash(contents: TrashContents) {
  const handlers = {
    onRestoreFolder: vi.fn(),
    onRestoreArchive: vi.fn(),
    onEmpty: vi.fn(),
    onClose: vi.fn(),
  };
  render(<TrashView contents={contents} busy={false} {...handlers} />);
  return handlers;
}

describe('TrashView', () => {
  it('lists deleted folders with what they hold and deleted archives, each with Restore', () => {
    const handlers = renderTrash({
      folders: [
        {
          folder: {
            id: 'f1',
            parentId: null,
            name: 'News',
            createdAt: 1,
            updatedAt: 1,
            trashedAt: Date.UTC(2026, 11, 6),
            trashRootId: 'f1',
          },
          archives: 3,
          subfolders: 1,
        },
      ],
      archives: [archive('a1', 'A page')],
      bytes: 2048,
    });
    expect(screen.getByRole('region', { name: 'Trash' })).toBeTruthy();
    expect(screen.getByText(/3 archives, 1 subfolder · deleted/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Restore “News”' }));
    expect(handlers.onRestoreFolder).toHaveBeenCalledWith('f1');
    fireEvent.click(screen.getByRole('button', { name: 'Restore “A page”' }));
    expect(handlers.onRestoreArchive).toHaveBeenCalledWith('a1');
    expect(
      screen.getByText('The Trash holds 2.0 KB (counted in the storage used above).'),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Empty the Trash' }));
    expect(handlers.onEmpty).toHaveBeenCalled();
  });

  it('says when it is empty, and offers no Empty button then', () => {
    renderTrash({ folders: [], archives: [], bytes: 0 });
    expect(screen.getByText('The Trash is empty.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Empty the Trash' })).toBeNull();
  });
});
