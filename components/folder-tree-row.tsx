import { memo } from '../lib/ui/memo';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FolderNode, FolderRowView } from '../lib/ui/folder-tree';
import { t, tCount } from '../lib/i18n';

/** What a row does; the tree passes one stable object (useStableHandlers). */
export interface TreeRowHandlers {
  focus(folderId: string): void;
  dragStart(folderId: string, event: DragEvent): void;
  dragEnd(): void;
  click(folderId: string): void;
  dragOver(folderId: string, event: DragEvent): void;
  dragLeave(folderId: string): void;
  drop(folderId: string, event: DragEvent): void;
  toggle(folderId: string, open: boolean): void;
  rename(folderId: string, name: string): Promise<string | undefined>;
  renameDone(folderId: string): void;
}

export interface TreeRowProps {
  node: FolderNode;
  depth: number;
  /** Position among its siblings, for aria-setsize/aria-posinset. */
  setSize: number;
  posInSet: number;
  open: boolean;
  selected: boolean;
  /** The roving tab stop. */
  tabbable: boolean;
  dropTarget: boolean;
  renaming: boolean;
  handlers: TreeRowHandlers;
}

/**
 * One folder of the tree: a treeitem in a flat list, with aria-level/setsize/posinset (which
 * the tree pattern allows), so each item's name comes from its own row only. Memoized: a row
 * whose folder and state did not change is not rendered again when the page re-renders (a
 * selection, a keystroke in search, a capture's progress), which for hundreds of folders was
 * most of such a render.
 */
export const TreeRow = memo(function TreeRow(props: TreeRowProps) {
  const { node, handlers } = props;
  const id = node.folder.id;
  const hasChildren = node.children.length > 0;
  return (
    <li
      role="treeitem"
      data-folder-id={id}
      aria-level={props.depth + 1}
      aria-setsize={props.setSize}
      aria-posinset={props.posInSet}
      aria-expanded={hasChildren ? props.open : undefined}
      aria-selected={props.selected}
      aria-describedby={`folder-count-${id}`}
      tabIndex={props.tabbable ? 0 : -1}
      class="tree-item"
      draggable={!props.renaming}
      onFocus={(event) => {
        if (event.target === event.currentTarget) handlers.focus(id);
      }}
      onDragStart={(event) => handlers.dragStart(id, event)}
      onDragEnd={() => handlers.dragEnd()}
    >
      <div
        class={`tree-row${props.selected ? ' selected' : ''}${props.dropTarget ? ' drop-target' : ''}`}
        style={{ paddingInlineStart: `${props.depth * 16 + 4}px` }}
        onClick={() => handlers.click(id)}
        onDragOver={(event) => handlers.dragOver(id, event)}
        onDragLeave={() => handlers.dragLeave(id)}
        onDrop={(event) => handlers.drop(id, event)}
      >
        <span
          class={`twisty${hasChildren ? '' : ' leaf'}`}
          aria-hidden="true"
          onClick={(event) => {
            if (!hasChildren) return;
            event.stopPropagation();
            handlers.toggle(id, !props.open);
          }}
        >
          {hasChildren ? (props.open ? '▾' : '▸') : ''}
        </span>
        {props.renaming ? (
          <RenameInput
            node={node}
            onRename={handlers.rename}
            onDone={() => handlers.renameDone(id)}
          />
        ) : (
          <span class="folder-name">{node.folder.name}</span>
        )}
        <span class="folder-count" aria-hidden="true">
          {node.count}
        </span>
      </div>
    </li>
  );
});

/** Descriptions of the treeitems (their archive counts), outside their names. */
export const CountDescriptions = memo(function CountDescriptions(props: { rows: FolderRowView[] }) {
  return (
    <div hidden>
      {props.rows.map(({ node }) => (
        <span key={node.folder.id} id={`folder-count-${node.folder.id}`}>
          {tCount(node.count, 'libraryArchiveCount')}
        </span>
      ))}
    </div>
  );
});

/** Inline rename field: Enter saves, Escape cancels; a refused name keeps the field open. */
function RenameInput(props: {
  node: FolderNode;
  onRename(folderId: string, name: string): Promise<string | undefined>;
  onDone(): void;
}) {
  const [value, setValue] = useState(props.node.folder.name);
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  // Focus in the render's own task: a plain effect runs a frame later, and keys typed right
  // after F2 went to the tree (its type-ahead) instead of the field.
  useLayoutEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const commit = async () => {
    if (value.trim() === props.node.folder.name) return props.onDone();
    const failure = await props.onRename(props.node.folder.id, value);
    if (failure) setError(failure);
    else props.onDone();
  };
  return (
    <span class="rename">
      <input
        ref={input}
        type="text"
        class="rename-input"
        aria-label={t('libraryRenameFolderLabel', [props.node.folder.name])}
        aria-invalid={error ? 'true' : undefined}
        value={value}
        onClick={(event) => event.stopPropagation()}
        onInput={(event) => {
          setValue((event.target as HTMLInputElement).value);
          setError(undefined);
        }}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Enter') {
            event.preventDefault();
            void commit();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            props.onDone();
          }
        }}
        onBlur={() => {
          if (!error && value.trim() === props.node.folder.name) props.onDone();
        }}
      />
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
