import type { ArchiveRow } from '../lib/db/entities';
import type { Snippet } from '../lib/db/search-snippet';
import { t } from '../lib/i18n';
import { useProgressive } from '../lib/ui/use-progressive';
import { ArchiveItem, type ArchiveActions } from './archive-item';
import type { SyncStateRecord } from '../lib/db/repos/sync-states';
import type { SyncServerRef } from '../lib/ui/use-server-refs';

/**
 * Archives rendered by the first render (a tall library page's screenful) unless the caller
 * knows it shows fewer; the rest of the page follows in idle periods, so a page opens once
 * the first screenful is built.
 */
const FIRST_ITEMS = 8;
const CHUNK_ITEMS = 8;

/**
 * Archives, newest first (the repositories read them in that order), each with its status,
 * private marker and actions, and a checkbox for bulk actions.
 */
export function ArchiveList(
  props: ArchiveActions & {
    archives: ArchiveRow[];
    selectedIds: ReadonlySet<string>;
    currentId?: string;
    label: string;
    emptyText: string;
    /** Folder path per archive id (search results span folders). */
    folderPaths?: ReadonlyMap<string, string>;
    /** Where a search matched, per archive id. */
    snippets?: ReadonlyMap<string, Snippet>;
    /** Items built by the first render (the rest follow in idle periods). */
    firstItems?: number;
    /** A new answer (a search, another folder) is on its way: these are the last answer's. */
    busy?: boolean;
    /** Sync states per archive id, and the servers, for each row's sync marks. */
    syncStates?: ReadonlyMap<string, SyncStateRecord[]>;
    servers?: SyncServerRef[];
  },
) {
  const [shown] = useProgressive(
    props.archives.length,
    props.firstItems ?? FIRST_ITEMS,
    CHUNK_ITEMS,
  );
  if (props.archives.length === 0) {
    return (
      <p class="empty" aria-busy={props.busy || undefined}>
        {props.emptyText}
      </p>
    );
  }
  return (
    <>
      <p id="archive-list-keys" hidden>
        {t('libraryListKeys')}
      </p>
      <ul
        class="archive-list"
        aria-label={props.label}
        aria-describedby="archive-list-keys"
        aria-busy={props.busy || undefined}
        onKeyDown={(event) => onListKey(event, props.archives, props.onDelete)}
      >
        {props.archives.slice(0, shown).map((a) => (
          <ArchiveItem
            key={a.id}
            {...props}
            archive={a}
            selected={props.selectedIds.has(a.id)}
            current={props.currentId === a.id}
            folderPath={props.folderPaths?.get(a.id)}
            snippet={props.snippets?.get(a.id)}
            syncStates={props.syncStates?.get(a.id)}
          />
        ))}
      </ul>
    </>
  );
}

/** The controls of a row the arrow keys move between, in order. */
const ROW_CONTROLS = '.select-box, a.archive-title, .live-url a, .row-menu-button';

/**
 * The list's keys: Up and Down (Home, End) move between rows' titles, Left and Right between
 * a row's controls, Delete deletes the row's archive (single deletes can be undone), and the
 * context-menu key or Shift+F10 opens the row's menu. Keys inside an open menu are the menu's.
 */
function onListKey(
  event: KeyboardEvent,
  archives: ArchiveRow[],
  onDelete: (archive: ArchiveRow) => void,
): void {
  const target = event.target as HTMLElement;
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  if (target.closest('[role="menu"]')) return;
  const row = target.closest<HTMLElement>('li.archive-item');
  const list = event.currentTarget as HTMLElement;
  if (!row) return;
  const rows = [...list.querySelectorAll<HTMLElement>(':scope > li.archive-item')];
  const titleOf = (li: HTMLElement | undefined) =>
    li?.querySelector<HTMLElement>('a.archive-title');
  const controls = [...row.querySelectorAll<HTMLElement>(ROW_CONTROLS)];
  const at = controls.indexOf(target);
  const index = rows.indexOf(row);
  let next: HTMLElement | undefined | null;
  switch (event.key) {
    case 'ArrowDown':
      next = titleOf(rows[index + 1]);
      break;
    case 'ArrowUp':
      next = titleOf(rows[index - 1]);
      break;
    case 'Home':
      next = titleOf(rows[0]);
      break;
    case 'End':
      next = titleOf(rows.at(-1));
      break;
    case 'ArrowRight':
      next = controls[Math.min(at + 1, controls.length - 1)];
      break;
    case 'ArrowLeft':
      next = controls[Math.max(at - 1, 0)];
      break;
    case 'Delete': {
      const archive = archives.find((a) => a.id === row.dataset.archiveId);
      if (!archive || archive.status === 'capturing') return;
      event.preventDefault();
      onDelete(archive);
      return;
    }
    case 'ContextMenu':
    case 'F10':
      if (event.key === 'F10' && !event.shiftKey) return;
      row.querySelector<HTMLElement>('.row-menu-button')?.click();
      event.preventDefault();
      return;
    default:
      return;
  }
  event.preventDefault();
  next?.focus();
}

/** Empty-list text for a folder. */
export function emptyFolderText(): string {
  return t('libraryEmptyFolder');
}
