// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { DeleteFolderDialog } from './delete-folder-dialog';
import { NameDialog } from './name-dialog';
import { ConfirmDialog } from './confirm-dialog';
import { FolderToolbar } from './folder-toolbar';

afterEach(cleanup);

describe('DeleteFolderDialog', () => {
  it('an empty folder is simply confirmed', () => {
    const onConfirm = vi.fn();
    render(
      <DeleteFolderDialog
        folderName="Old"
        archiveCount={0}
        subfolderCount={0}
        targetName="Personal Links"
        onConfirm={onConfirm}
        onCancel={vi.fn()}
      />,
    );
    expect(screen.getByRole('dialog', { name: 'Delete the folder “Old”?' })).toBeTruthy();
    expect(screen.queryByRole('radio')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Delete folder' }));
    expect(onConfirm).toHaveBeenCalledWith('delete-all');
  });

  it('a folder with contents asks: move them up (the default) or delete them too', () => {
    const onConfirm = vi.fn();
    render(
      <DeleteFolderDialog
        folderName="News"
        archiveCount={4}
        subfolderCount={2}
        targetName="Personal Links"
        onConfirm={onConfirm}
        onCancel={vi.fn()}
      />,
    );
    expect(screen.getByRole('group').textContent).toContain('4 archives and 2 subfolders');
    const up = screen.getByRole('radio', { name: 'Move them up to “Personal Links”' });
    const all = screen.getByRole('radio', {
      name: 'Move its archives and subfolders to the Trash too (restorable for 30 days)',
    });
    expect((up as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Delete folder' }));
    expect(onConfirm).toHaveBeenLastCalledWith('move-up');
    fireEvent.click(all);
    fireEvent.click(screen.getByRole('button', { name: 'Delete folder' }));
    expect(onConfirm).toHaveBeenLastCalledWith('delete-all');
  });

  it('Cancel deletes nothing', () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(
      <DeleteFolderDialog
        folderName="News"
        archiveCount={1}
        subfolderCount={0}
        targetName="Personal Links"
        onConfirm={onConfirm}
        onCancel={onCancel}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalled();
    expect(onConfirm).not.toHaveBeenCalled();
  });
});

describe('NameDialog', () => {
  it('refuses a name the validator rejects, keeping what was typed', async () => {
    const onSubmit = vi.fn();
    render(
      <NameDialog
        title="New folder"
        confirmLabel="Create"
        validate={(name) => (name.trim() ? undefined : 'A folder needs a name.')}
        onSubmit={onSubmit}
        onCancel={vi.fn()}
      />,
    );
    const box = screen.getByRole('textbox', { name: 'Folder name' }) as HTMLInputElement;
    fireEvent.input(box, { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect((await screen.findByRole('alert')).textContent).toBe('A folder needs a name.');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('shows the background refusal and submits the trimmed name', async () => {
    const onSubmit = vi
      .fn()
      .mockResolvedValueOnce('There is already a folder named "News" here.')
      .mockResolvedValueOnce(undefined);
    render(
      <NameDialog
        title="New folder"
        confirmLabel="Create"
        validate={() => undefined}
        onSubmit={onSubmit}
        onCancel={vi.fn()}
      />,
    );
    const box = screen.getByRole('textbox', { name: 'Folder name' }) as HTMLInputElement;
    fireEvent.input(box, { target: { value: ' News ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await screen.findByRole('alert');
    expect(onSubmit).toHaveBeenCalledWith('News');
    expect(box.value).toBe(' News ');
    fireEvent.input(box, { target: { value: 'News 2' } });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onSubmit).toHaveBeenLastCalledWith('News 2'));
  });
});

describe('ConfirmDialog', () => {
  it('confirms or cancels', () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(
      <ConfirmDialog
        title="Delete “X”?"
        confirmLabel="Delete"
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <p>Body</p>
      </ConfirmDialog>,
    );
    expect(screen.getByRole('dialog', { name: 'Delete “X”?' }).textContent).toContain('Body');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onCancel).toHaveBeenCalledTimes(1);
  });
});

describe('FolderToolbar', () => {
  it('offers the folder actions, but never moving or deleting the default folder', () => {
    const handlers = {
      onNewSubfolder: vi.fn(),
      onRename: vi.fn(),
      onMove: vi.fn(),
      onExport: vi.fn(),
      onDelete: vi.fn(),
    };
    const { rerender } = render(
      <FolderToolbar folderName="Personal Links" isDefault {...handlers} />,
    );
    const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;
    expect(screen.getByRole('toolbar', { name: 'Folder actions' })).toBeTruthy();
    expect(button('Move to…').disabled).toBe(true);
    expect(button('Delete').disabled).toBe(true);
    fireEvent.click(button('New subfolder'));
    fireEvent.click(button('Rename'));
    expect(handlers.onNewSubfolder).toHaveBeenCalled();
    expect(handlers.onRename).toHaveBeenCalled();
    // Even the default folder can be exported, with its subfolders.
    fireEvent.click(button('Export as WACZ'));
    expect(handlers.onExport).toHaveBeenCalled();
    rerender(<FolderToolbar folderName="News" isDefault={false} {...handlers} />);
    fireEvent.click(button('Move to…'));
    fireEvent.click(button('Delete'));
    expect(handlers.onMove).toHaveBeenCalled();
    expect(handlers.onDelete).toHaveBeenCalled();
  });
});
