import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FolderNode } from '../lib/ui/folder-tree';
import { flattenTree, indexTree, subtreeOf } from '../lib/ui/folder-tree';
import { DRAG_ARCHIVES, DRAG_FOLDER, draggedArchives } from '../lib/ui/drag';
import { t } from '../lib/i18n';
import { useStableHandlers } from '../lib/ui/use-stable-handlers';
import { CountDescriptions, TreeRow } from './folder-tree-row';
import { useProgressive } from '../lib/ui/use-progressive';

export interface FolderTreeProps {
  tree: FolderNode[];
  selectedId?: string;
  /** Folders shown closed at first (where the user left the tree). */
  initialClosed?: string[];
  /** The closed folders after the user opened or closed one. */
  onClosedChange?(closedIds: string[]): void;
  onSelect(folderId: string): void;
  /** Folder being renamed inline (F2 or the Rename action), if any. */
  renamingId?: string;
  onRenameStart(folderId: string): void;
  onRenameEnd(): void;
  /** Renames; resolves to an error message to show, or undefined on success. */
  onRename(folderId: string, name: string): Promise<string | undefined>;
  /** Delete key on a folder. */
  onDeleteRequest(folderId: string): void;
  onDropArchives(archiveIds: string[], folderId: string): void;
  onDropFolder(folderId: string, targetId: string): void;
  /** Rows built by the first render (the rest follow in idle periods); default a page's worth. */
  firstRows?: number;
}

/**
 * Folders rendered by the first render (a tall library page's screenful) unless the caller
 * knows it shows fewer; the rest follow in idle periods. A library of hundreds of folders
 * otherwise spent most of the popup's opening building tree rows the popup cannot even show
 * without scrolling.
 */
const FIRST_ROWS = 30;
const CHUNK_ROWS = 25;

/**
 * The folder tree (WAI-ARIA tree pattern): one tab stop (roving tabindex), arrows move,
 * Right/Left open and close, Home/End jump, Enter or Space select, F2 renames, Delete deletes.
 * Each folder shows its archive count; archives and folders can be dropped onto folders.
 */
export function FolderTree(props: FolderTreeProps) {
  const [closed, setClosed] = useState<ReadonlySet<string>>(
    () => new Set(props.initialClosed ?? []),
  );
  const [focusedId, setFocusedId] = useState<string | undefined>(props.selectedId);
  const [dragFolder, setDragFolder] = useState<string>();
  const [dropTarget, setDropTarget] = useState<string>();
  const root = useRef<HTMLUListElement>(null);
  const visible = useMemo(
    () => flattenTree(props.tree, (id) => !closed.has(id)),
    [props.tree, closed],
  );
  const byId = useMemo(() => indexTree(props.tree), [props.tree]);
  // The roving tab stop must always be a visible folder.
  const tabStop = visible.some((r) => r.node.folder.id === focusedId)
    ? focusedId
    : visible.some((r) => r.node.folder.id === props.selectedId)
      ? props.selectedId
      : visible[0]?.node.folder.id;

  const [shown, showAll] = useProgressive(
    visible.length,
    props.firstRows ?? FIRST_ROWS,
    CHUNK_ROWS,
  );
  const rows = useMemo(
    () => (shown >= visible.length ? visible : visible.slice(0, shown)),
    [visible, shown],
  );

  // A key can move focus to a folder not rendered yet (End): render all, then focus it.
  const pendingFocus = useRef<string>();
  const itemOf = (id: string) =>
    root.current?.querySelector<HTMLElement>(`[data-folder-id="${CSS.escape(id)}"]`);
  useLayoutEffect(() => {
    const id = pendingFocus.current;
    const el = id ? itemOf(id) : undefined;
    if (!el) return;
    pendingFocus.current = undefined;
    el.focus();
  });
  const focusItem = (id: string | undefined) => {
    if (!id) return;
    setFocusedId(id);
    const el = itemOf(id);
    if (el) return el.focus();
    pendingFocus.current = id;
    showAll();
  };
  const setOpen = (id: string, open: boolean) => {
    if (open !== closed.has(id)) return;
    const next = new Set(closed);
    if (open) next.delete(id);
    else next.add(id);
    setClosed(next);
    props.onClosedChange?.([...next]);
  };

  // Dragging a folder: it cannot go into itself or below itself.
  const forbidden = useMemo(
    () => subtreeOf(dragFolder ? byId.get(dragFolder) : undefined),
    [dragFolder, byId],
  );

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.tagName === 'INPUT') return;
    // The key goes to the focused treeitem; the roving tab stop follows it.
    const id = target.closest<HTMLElement>('[role="treeitem"]')?.dataset.folderId ?? tabStop;
    const index = visible.findIndex((r) => r.node.folder.id === id);
    const current = visible[index]?.node;
    if (!current) return;
    const open = current.children.length > 0 && !closed.has(current.folder.id);
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        focusItem(visible[index + 1]?.node.folder.id);
        break;
      case 'ArrowUp':
        focusItem(visible[index - 1]?.node.folder.id);
        break;
      case 'Home':
        focusItem(visible[0]?.node.folder.id);
        break;
      case 'End':
        focusItem(visible[visible.length - 1]?.node.folder.id);
        break;
      case 'ArrowRight':
        if (current.children.length === 0) break;
        if (open) focusItem(current.children[0]?.folder.id);
        else setOpen(current.folder.id, true);
        break;
      case 'ArrowLeft':
        if (open) setOpen(current.folder.id, false);
        else focusItem(current.folder.parentId ?? undefined);
        break;
      case 'Enter':
      case ' ':
        props.onSelect(current.folder.id);
        break;
      case 'F2':
        props.onRenameStart(current.folder.id);
        break;
      case 'Delete':
        props.onDeleteRequest(current.folder.id);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  const canDrop = (event: DragEvent, targetId: string) => {
    const types = Array.from(event.dataTransfer?.types ?? []);
    if (types.includes(DRAG_ARCHIVES)) return true;
    return types.includes(DRAG_FOLDER) && !forbidden.has(targetId);
  };

  const handlers = useStableHandlers({
    focus: (id: string) => setFocusedId(id),
    dragStart(id: string, event: DragEvent) {
      event.dataTransfer?.setData(DRAG_FOLDER, id);
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
      setDragFolder(id);
    },
    dragEnd() {
      setDragFolder(undefined);
      setDropTarget(undefined);
    },
    click(id: string) {
      props.onSelect(id);
      focusItem(id);
    },
    dragOver(id: string, event: DragEvent) {
      if (!canDrop(event, id)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
      setDropTarget(id);
    },
    dragLeave: (id: string) => setDropTarget((target) => (target === id ? undefined : target)),
    drop(id: string, event: DragEvent) {
      event.preventDefault();
      setDropTarget(undefined);
      setDragFolder(undefined);
      const transfer = event.dataTransfer;
      if (!transfer) return;
      const archives = draggedArchives(transfer);
      if (archives.length > 0) return props.onDropArchives(archives, id);
      const folderId = transfer.getData(DRAG_FOLDER);
      if (folderId && folderId !== id && !forbidden.has(id)) props.onDropFolder(folderId, id);
    },
    toggle: (id: string, open: boolean) => setOpen(id, open),
    rename: (id: string, name: string) => props.onRename(id, name),
    renameDone(id: string) {
      props.onRenameEnd();
      focusItem(id);
    },
  });

  return (
    <>
      <ul
        ref={root}
        role="tree"
        aria-label={t('libraryFoldersHeading')}
        class="folder-tree"
        onKeyDown={onKeyDown}
      >
        {rows.map(({ node, depth }) => {
          const siblings = node.folder.parentId
            ? (byId.get(node.folder.parentId)?.children ?? props.tree)
            : props.tree;
          const hasChildren = node.children.length > 0;
          return (
            <TreeRow
              key={node.folder.id}
              node={node}
              depth={depth}
              setSize={siblings.length}
              posInSet={siblings.indexOf(node) + 1}
              open={hasChildren && !closed.has(node.folder.id)}
              selected={node.folder.id === props.selectedId}
              tabbable={node.folder.id === tabStop}
              dropTarget={dropTarget === node.folder.id}
              renaming={props.renamingId === node.folder.id}
              handlers={handlers}
            />
          );
        })}
      </ul>
      <CountDescriptions rows={rows} />
    </>
  );
}
