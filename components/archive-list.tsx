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
    <ul class="archive-list" aria-label={props.label} aria-busy={props.busy || undefined}>
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
  );
}

/** Empty-list text for a folder. */
export function emptyFolderText(): string {
  return t('libraryEmptyFolder');
}
