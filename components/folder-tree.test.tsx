// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { options, type VNode } from 'preact';
import { FolderTree, type FolderTreeProps } from './folder-tree';
import { testFolderId, testTree } from '../lib/ui/test-tree';
import { DRAG_ARCHIVES, DRAG_FOLDER } from '../lib/ui/drag';

// happy-dom lacks the ondragover/ondragleave properties, so Preact would listen for
// "DragOver"; with them present it listens for "dragover", as it does in Chromium.
for (const name of ['ondragover', 'ondragleave', 'ondragstart', 'ondragend', 'ondrop']) {
  if (!(name in HTMLElement.prototype)) {
    Object.defineProperty(HTMLElement.prototype, name, { value: null, writable: true });
  }
}

const tree = testTree({
  'Personal Links': 2,
  'Personal Links/News': 5,
  'Personal Links/News/Science': 1,
  'Personal Links/Blogs': 0,
  Research: 3,
});

function setup(overrides: Partial<FolderTreeProps> = {}) {
  const props: FolderTreeProps = {
    tree,
    selectedId: testFolderId('Personal Links'),
    onSelect: vi.fn(),
    onRenameStart: vi.fn(),
    onRenameEnd: vi.fn(),
    onRename: vi.fn(async () => undefined),
    onDeleteRequest: vi.fn(),
    onDropArchives: vi.fn(),
    onDropFolder: vi.fn(),
    ...overrides,
  };
  const view = render(<FolderTree {...props} />);
  return { props, view };
}

const item = (name: string) => screen.getByRole('treeitem', { name });
/** A DataTransfer stand-in (happy-dom's drag events carry none). */
function transfer(data: Record<string, string>) {
  return {
    types: Object.keys(data),
    getData: (type: string) => data[type] ?? '',
    setData: vi.fn(),
    dropEffect: 'none',
    effectAllowed: 'all',
  };
}

/** Fires a cancelable dragover; true when the tree accepted it (called preventDefault). */
function dragOverAccepted(target: Element, dataTransfer: ReturnType<typeof transfer>): boolean {
  const event = new Event('dragover', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
  target.dispatchEvent(event);
  return event.defaultPrevented;
}

afterEach(cleanup);

describe('FolderTree', () => {
  it('is a tree of treeitems with levels, expansion, selection and per-folder counts', () => {
    setup();
    expect(screen.getByRole('tree', { name: 'Folders' })).toBeTruthy();
    const links = item('Personal Links');
    expect(links.getAttribute('aria-level')).toBe('1');
    expect(links.getAttribute('aria-expanded')).toBe('true');
    expect(links.getAttribute('aria-selected')).toBe('true');
    expect(item('Science').getAttribute('aria-level')).toBe('3');
    expect(item('Research').getAttribute('aria-expanded')).toBeNull();
    expect(item('Research').getAttribute('aria-selected')).toBe('false');
    // The count is the treeitem's description, so the name stays the folder name.
    const described = document.getElementById(item('News').getAttribute('aria-describedby')!);
    expect(described?.textContent).toBe('5 archives');
    // Default folder first, then by name; subfolders by name.
    expect(screen.getAllByRole('treeitem').map((el) => el.dataset.folderId)).toEqual([
      testFolderId('Personal Links'),
      testFolderId('Personal Links/Blogs'),
      testFolderId('Personal Links/News'),
      testFolderId('Personal Links/News/Science'),
      testFolderId('Research'),
    ]);
  });

  it('has one tab stop (the selected folder) and moves it with the arrow keys, Home and End', () => {
    setup();
    const tabStops = screen.getAllByRole('treeitem').filter((el) => el.tabIndex === 0);
    expect(tabStops).toEqual([item('Personal Links')]);
    item('Personal Links').focus();
    fireEvent.keyDown(item('Personal Links'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(item('Blogs'));
    expect(item('Blogs').tabIndex).toBe(0);
    expect(item('Personal Links').tabIndex).toBe(-1);
    fireEvent.keyDown(item('Blogs'), { key: 'End' });
    expect(document.activeElement).toBe(item('Research'));
    fireEvent.keyDown(item('Research'), { key: 'ArrowUp' });
    expect(document.activeElement).toBe(item('Science'));
    fireEvent.keyDown(item('Science'), { key: 'Home' });
    expect(document.activeElement).toBe(item('Personal Links'));
  });

  it('renders again only the rows whose folder or state changed', async () => {
    const spec: Record<string, number> = { 'Personal Links': 0 };
    for (let i = 0; i < 20; i++) spec[`Personal Links/Sub ${String(i).padStart(2, '0')}`] = i;
    const big = testTree(spec);
    const rendered: string[] = [];
    // The row component itself (the bundler may suffix its name), not its memo wrapper.
    const previous = options.diffed;
    options.diffed = (vnode: VNode) => {
      if (typeof vnode.type === 'function' && /^TreeRow\d*$/.test(vnode.type.name))
        rendered.push(
          (vnode.props as unknown as { node: { folder: { name: string } } }).node.folder.name,
        );
      previous?.(vnode);
    };
    try {
      const { props, view } = setup({ tree: big });
      await waitFor(() => expect(screen.getAllByRole('treeitem')).toHaveLength(21));
      expect(rendered).toHaveLength(21);
      rendered.length = 0;
      // New callbacks (every parent render makes them) and the same data: no row renders.
      view.rerender(<FolderTree {...props} onSelect={vi.fn()} onRename={vi.fn()} />);
      expect(rendered).toEqual([]);
      // Another selection: the rows that were and are selected, nothing else.
      view.rerender(<FolderTree {...props} selectedId={testFolderId('Personal Links/Sub 07')} />);
      expect(rendered.sort()).toEqual(['Personal Links', 'Sub 07']);
      expect(item('Sub 07').getAttribute('aria-selected')).toBe('true');
    } finally {
      options.diffed = previous;
    }
  });

  it('renders a big tree in chunks, and End reaches a folder not rendered yet', async () => {
    const spec: Record<string, number> = { 'Personal Links': 0 };
    for (let i = 0; i < 250; i++) spec[`Personal Links/Sub ${String(i).padStart(3, '0')}`] = i;
    setup({ tree: testTree(spec) });
    const rendered = () => screen.getAllByRole('treeitem').length;
    expect(rendered()).toBeLessThan(251);
    fireEvent.keyDown(item('Personal Links'), { key: 'End' });
    await waitFor(() => expect(document.activeElement).toBe(item('Sub 249')));
    expect(rendered()).toBe(251);
  });

  it('renders the rest of a big tree without being asked', async () => {
    const spec: Record<string, number> = { 'Personal Links': 0 };
    for (let i = 0; i < 250; i++) spec[`Personal Links/Sub ${String(i).padStart(3, '0')}`] = i;
    setup({ tree: testTree(spec) });
    await waitFor(() => expect(screen.getAllByRole('treeitem')).toHaveLength(251));
    expect(
      document.getElementById(`folder-count-${testFolderId('Personal Links/Sub 249')}`),
    ).toBeTruthy();
  });

  it('closes and opens folders with Left and Right, and Left on a child goes to its parent', async () => {
    setup();
    item('News').focus();
    fireEvent.keyDown(item('News'), { key: 'ArrowLeft' });
    await waitFor(() => expect(item('News').getAttribute('aria-expanded')).toBe('false'));
    expect(screen.queryByRole('treeitem', { name: 'Science' })).toBeNull();
    // Down skips the hidden subfolder.
    fireEvent.keyDown(item('News'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(item('Research'));
    fireEvent.keyDown(item('Research'), { key: 'ArrowUp' });
    fireEvent.keyDown(item('News'), { key: 'ArrowRight' });
    await waitFor(() => expect(item('News').getAttribute('aria-expanded')).toBe('true'));
    fireEvent.keyDown(item('News'), { key: 'ArrowRight' });
    expect(document.activeElement).toBe(item('Science'));
    fireEvent.keyDown(item('Science'), { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(item('News'));
  });

  it('selects with Enter and a click, starts a rename with F2, asks to delete with Delete', () => {
    const { props } = setup();
    item('Research').focus();
    fireEvent.keyDown(item('Research'), { key: 'Enter' });
    expect(props.onSelect).toHaveBeenLastCalledWith(testFolderId('Research'));
    fireEvent.keyDown(item('Research'), { key: 'F2' });
    expect(props.onRenameStart).toHaveBeenCalledWith(testFolderId('Research'));
    fireEvent.keyDown(item('Research'), { key: 'Delete' });
    expect(props.onDeleteRequest).toHaveBeenCalledWith(testFolderId('Research'));
    fireEvent.click(screen.getByText('Blogs'));
    expect(props.onSelect).toHaveBeenLastCalledWith(testFolderId('Personal Links/Blogs'));
  });

  it('renames inline: Enter saves, a refused name stays in the field with the reason', async () => {
    const onRename = vi
      .fn<FolderTreeProps['onRename']>()
      .mockResolvedValueOnce('There is already a folder named "Blogs" here.')
      .mockResolvedValueOnce(undefined);
    const { props } = setup({ renamingId: testFolderId('Personal Links/News'), onRename });
    const input = screen.getByRole('textbox', { name: 'New name for “News”' }) as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(input));
    fireEvent.input(input, { target: { value: 'blogs' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      'There is already a folder named "Blogs" here.',
    );
    expect(input.value).toBe('blogs');
    expect(props.onRenameEnd).not.toHaveBeenCalled();
    fireEvent.input(input, { target: { value: 'World news' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(props.onRenameEnd).toHaveBeenCalled());
    expect(onRename).toHaveBeenLastCalledWith(testFolderId('Personal Links/News'), 'World news');
  });

  it('Escape cancels a rename without saving', () => {
    const { props } = setup({ renamingId: testFolderId('Research') });
    const input = screen.getByRole('textbox', { name: 'New name for “Research”' });
    fireEvent.input(input, { target: { value: 'Other' } });
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(props.onRenameEnd).toHaveBeenCalled();
    expect(props.onRename).not.toHaveBeenCalled();
  });

  it('takes dropped archives, and dropped folders except onto themselves or their descendants', () => {
    const { props } = setup();
    const row = (name: string) => item(name).querySelector('.tree-row')!;
    fireEvent.drop(row('Research'), {
      dataTransfer: transfer({ [DRAG_ARCHIVES]: JSON.stringify(['a1', 'a2']) }),
    });
    expect(props.onDropArchives).toHaveBeenCalledWith(['a1', 'a2'], testFolderId('Research'));

    // Drag News: it may go to Research, never into Science (below itself) or itself.
    fireEvent.dragStart(item('News'), { dataTransfer: transfer({}) });
    const newsDrag = transfer({ [DRAG_FOLDER]: testFolderId('Personal Links/News') });
    expect(dragOverAccepted(row('Science'), newsDrag)).toBe(false);
    fireEvent.drop(row('Science'), { dataTransfer: newsDrag });
    fireEvent.drop(row('News'), { dataTransfer: newsDrag });
    expect(props.onDropFolder).not.toHaveBeenCalled();
    fireEvent.dragStart(item('News'), { dataTransfer: transfer({}) });
    expect(dragOverAccepted(row('Research'), newsDrag)).toBe(true);
    fireEvent.drop(row('Research'), { dataTransfer: newsDrag });
    expect(props.onDropFolder).toHaveBeenCalledWith(
      testFolderId('Personal Links/News'),
      testFolderId('Research'),
    );
  });

  it('ignores drags that are neither archives nor folders (links, text)', () => {
    const { props } = setup();
    const row = item('Research').querySelector('.tree-row')!;
    const text = transfer({ 'text/plain': 'hello' });
    expect(dragOverAccepted(row, text)).toBe(false);
    expect(dragOverAccepted(row, transfer({ [DRAG_ARCHIVES]: '[]' }))).toBe(true);
    fireEvent.drop(row, { dataTransfer: text });
    expect(props.onDropArchives).not.toHaveBeenCalled();
    expect(props.onDropFolder).not.toHaveBeenCalled();
  });
});
