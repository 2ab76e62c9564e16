import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ArchiveRow } from '../db/entities';
import { getArchive } from '../db/repos/archives';
import { archivesInSubtree, type ArchiveSort } from '../db/repos/folders';
import {
  listRequestKey,
  readArchiveList,
  type ListAnswer,
  type ListRequest,
} from './archive-list-query';
import { sendMessage } from '../messaging/client';
import { errorMessage } from '../errors';
import { t, tCount } from '../i18n';
import { useLiveQuery, useLiveQueryState } from './use-live-query';
import { downloadArchive, downloadArchives, downloadWacz } from './download';
import { setDraggedArchives } from './drag';
import { indexTree, pathLabel, siblingNameTaken, type FolderNode } from './folder-tree';
import { useStorageUse } from './use-storage-use';
import { LibraryDialogs, type DialogState } from './library-dialogs';
import { ArchiveDetailPane } from './archive-detail-pane';
import { FolderTree } from '../../components/folder-tree';
import { FolderToolbar } from '../../components/folder-toolbar';
import { ArchiveList } from '../../components/archive-list';
import { activeFilterCount, type ArchiveFilters } from '../db/archive-filters';
import { BulkBar } from '../../components/bulk-bar';
import { SearchBox } from '../../components/search-box';
import { FilterToggle } from '../../components/filter-toggle';
import { ListOptions } from '../../components/list-options';
import { StorageMeter } from '../../components/storage-meter';
import { UndoToast } from '../../components/undo-toast';
import { TrashView } from '../../components/trash-view';
import { listTrash, type TrashContents } from '../db/repos/trash';
import { useServerRefs } from './use-server-refs';
import { useListExtras } from './use-list-extras';
import { saveUiState, type BrowserLayout, type BrowserUiState } from '../storage/ui-state';

/** Archives listed at first, and added by each "Show more". */
const PAGE_SIZE = 50;

/**
 * What the popup shows without scrolling (its tree box holds some ten rows, its list two or
 * three archives): its first render builds only that much. Every component runs cold in a
 * freshly opened popup, so each row built before the data shows costs its opening time.
 */
const POPUP_FIRST_ROWS = 12;
const POPUP_FIRST_ITEMS = 3;

/** Deleted archives that can still be brought back. */
interface Undo {
  message: string;
  archiveIds: string[];
  until: number;
}

/**
 * The folder browser the popup and the library page share: search, folder tree with its
 * actions, the selected folder's archives (or search results) with single and bulk actions,
 * an archive's detail, the storage meter, and the dialogs these open. Reads go through the
 * repositories (live queries); every change is a message to the background.
 */
export function LibraryBrowser(props: {
  layout: BrowserLayout;
  /** Where this browser was left on this device (folder, closed folders, filter). */
  ui?: BrowserUiState;
  /** The folder tree (the page reads it once for its capture controls and for this). */
  tree: FolderNode[];
  /** Whether `tree` holds the database's answer yet. */
  treeLoaded: boolean;
  /** Folder to open first (the last capture destination), if it still exists. */
  initialFolderId?: string;
  /**
   * Called once the tree and the first list show real data; the browser's root element then
   * also carries data-ready="true".
   */
  onReady?(): void;
  /** The capture card's "details" asks the browser to show an archive. */
  showArchiveId?: string;
  /** The popup shows the meter only when space is short; the page always does. */
  storageAlways?: boolean;
}) {
  const tree = props.tree;
  const byId = useMemo(() => indexTree(tree), [tree]);
  // undefined until the user picks one (or a last destination is known): the default folder.
  // Where the user left this browser, else the last capture destination.
  const [chosenFolder, setChosenFolder] = useState<string | undefined>(
    props.ui?.folderId ?? props.initialFolderId,
  );
  const [query, setQuery] = useState('');
  // "Not synced": only archives not yet on every server they go to, across all folders.
  const [notSynced, setNotSynced] = useState(props.ui?.notSynced ?? false);
  // Each row's sync marks, and the filter, need the configured servers.
  const servers = useServerRefs();
  const serverIds = servers.map((s) => s.id).join();
  const filtering = notSynced && servers.length > 0;
  // A folder's list: its order (remembered on this device), and whether it shows only the
  // failed captures it otherwise hides.
  const [sort, setSort] = useState<ArchiveSort>(props.ui?.sort ?? 'newest');
  const [failedOnly, setFailedOnly] = useState(false);
  // Private, HTTP error, date range, "this folder only": remembered on this device.
  const [filters, setFilters] = useState<ArchiveFilters>(props.ui?.filters ?? {});
  // Lists show the newest PAGE_SIZE archives first, so a folder of thousands opens at once.
  const [pageSize, setPageSize] = useState(PAGE_SIZE);
  const searching = query.trim().length > 0;

  // The list finds its folder itself (the chosen one, or the default one when there is none or
  // it is gone), so it loads alongside the tree rather than after it.
  const listRequest: ListRequest = {
    query,
    unsyncedOn: filtering ? serverIds.split(',') : undefined,
    folderId: chosenFolder,
    pageSize,
    sort,
    failedOnly,
    filters,
  };
  const listQuery = useLiveQueryState(
    () => readArchiveList(listRequest),
    [listRequestKey(listRequest)],
    { archives: [] } as ListAnswer,
  );
  // The same fallback as the list's: the default folder (first in the tree) once the tree is
  // read, before that the folder the list answered for.
  const fallbackFolder = props.treeLoaded ? tree[0]?.folder.id : listQuery.value.folderId;
  const folderId =
    chosenFolder && (!props.treeLoaded || byId.has(chosenFolder)) ? chosenFolder : fallbackFolder;
  const folder = folderId ? byId.get(folderId) : undefined;
  // Until a new answer arrives the list shows the last one as it was (the folder while a
  // search runs), so what it shows follows the answer, not the request.
  const { archives, more } = listQuery.value;
  const searchPending = searching && !listQuery.loaded;
  const folderPaths = useMemo(() => {
    const hits = listQuery.value.search?.hits;
    if (hits) return new Map(hits.map((h) => [h.archive.id, h.folderPath.join(' / ')]));
    // The filter lists archives of every folder: each row says where it is, as results do.
    if (listQuery.value.unsyncedTotal !== undefined)
      return new Map(listQuery.value.archives.map((a) => [a.id, pathLabel(byId, a.folderId)]));
    return undefined;
  }, [listQuery.value, byId]);

  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [detailId, setDetailId] = useState<string | undefined>();
  /** The details were opened from a row (focus goes into them, and back to the row after). */
  const openedByUser = useRef(false);
  const closeDetail = () => {
    const id = detailId;
    setDetailId(undefined);
    if (!id || !openedByUser.current) return;
    openedByUser.current = false;
    // After the pane is gone: the row's title, the row's one Tab stop.
    requestAnimationFrame(() => {
      const row = rootRef.current?.querySelector(`[data-archive-id="${CSS.escape(id)}"]`);
      row?.querySelector<HTMLElement>('a.archive-title')?.focus();
    });
  };
  const [renamingId, setRenamingId] = useState<string>();
  const [dialog, setDialog] = useState<DialogState>();
  const [undo, setUndo] = useState<Undo>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  // The Trash shows in place of the archive list (library page only: the popup opens fast
  // and reads nothing it does not show).
  const [trashOpen, setTrashOpen] = useState(false);
  const trashContents = useLiveQuery(
    (): Promise<TrashContents | undefined> =>
      props.layout === 'page' ? listTrash() : Promise.resolve(undefined),
    [props.layout],
    undefined,
  );
  const { syncStates, failedCount, snippets } = useListExtras(
    listQuery.value,
    query,
    servers.length,
  );
  const trashCount = trashContents
    ? trashContents.folders.length + trashContents.archives.length
    : 0;
  const [trashBusy, setTrashBusy] = useState(false);
  const restoreFromTrash = async (action: () => Promise<string | undefined>) => {
    setTrashBusy(true);
    const message = await run(action);
    setTrashBusy(false);
    if (message) setNotice(message);
  };
  const storage = useStorageUse(`${archives.length}:${tree.length}:${undo?.until ?? 0}`);

  useEffect(() => {
    if (props.showArchiveId) setDetailId(props.showArchiveId);
  }, [props.showArchiveId]);

  // The selection only ever holds archives on screen.
  useEffect(() => {
    setSelected((prev) => {
      const visible = new Set(archives.map((a) => a.id));
      const kept = [...prev].filter((id) => visible.has(id));
      return kept.length === prev.size ? prev : new Set(kept);
    });
  }, [archives]);

  // A fresh profile has no folder until the first capture makes the default one; create it
  // now (through the background, the only writer) so the tree is never empty. A concurrent
  // first capture is harmless: sibling names are unique, and the oldest top folder wins.
  useEffect(() => {
    if (props.treeLoaded && tree.length === 0) {
      sendMessage('createFolder', { parentId: null, name: t('defaultFolderName') }).catch(
        (e: unknown) => console.warn('[cairn] default folder', e),
      );
    }
  }, [props.treeLoaded, tree.length]);

  // Layout effects: the marks and the ready signal belong to the render that shows the data,
  // not to a frame later.
  useLayoutEffect(() => {
    if (props.treeLoaded) performance.mark('cairn:tree');
  }, [props.treeLoaded]);
  useLayoutEffect(() => {
    if (listQuery.loaded) performance.mark('cairn:list');
  }, [listQuery.loaded]);

  // Ready is said once, on the element itself: a state change here would render the whole
  // page again just to add an attribute nothing else reads.
  const rootRef = useRef<HTMLDivElement>(null);
  const announcedReady = useRef(false);
  useLayoutEffect(() => {
    if (!announcedReady.current && props.treeLoaded && listQuery.loaded && tree.length > 0) {
      announcedReady.current = true;
      rootRef.current?.setAttribute('data-ready', 'true');
      // Marks for the library benchmark's time-to-interactive breakdown (DevTools shows them).
      performance.mark('cairn:ready');
      props.onReady?.();
    }
  }, [props.treeLoaded, listQuery.loaded, tree.length]);

  /** Runs a background request; a failure is shown and nothing else changes. */
  const run = async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setError(undefined);
    try {
      return await action();
    } catch (e) {
      setError(errorMessage(e));
      return undefined;
    }
  };
  /** Like run, but hands the failure back to a dialog that keeps what the user typed. */
  const tryAction = async (action: () => Promise<unknown>): Promise<string | undefined> => {
    try {
      await action();
      return undefined;
    } catch (e) {
      return errorMessage(e);
    }
  };

  const selectFolder = (id: string) => {
    setTrashOpen(false);
    setChosenFolder(id);
    setPageSize(PAGE_SIZE);
    setQuery('');
    setNotSynced(false);
    setFailedOnly(false);
    void saveUiState(props.layout, { folderId: id, notSynced: false });
    setSelected(new Set());
    if (props.layout === 'popup') setDetailId(undefined);
  };
  const validateName = (parentId: string | null, name: string, exceptId?: string) => {
    if (!name.trim()) return t('libraryNameEmpty');
    if (siblingNameTaken(byId, parentId, name, exceptId))
      return t('libraryNameTaken', [name.trim()]);
    return undefined;
  };
  const archivesById = (ids: Iterable<string>) => {
    const wanted = new Set(ids);
    return archives.filter((a) => wanted.has(a.id));
  };

  /**
   * Moves archives to the Trash. One pattern, never both: a single archive goes at once with
   * Undo; several went through one confirmation, so they get a notice (the Trash has them).
   */
  const trash = async (ids: string[]) => {
    const reply = await run(() => sendMessage('trashArchives', { archiveIds: ids }));
    if (!reply) return;
    setSelected(new Set());
    if (detailId && ids.includes(detailId)) setDetailId(undefined);
    if (ids.length > 1) {
      setNotice(tCount(reply.count, 'libraryMovedToTrash'));
      return;
    }
    setUndo({
      message: tCount(reply.count, 'libraryDeletedCount'),
      archiveIds: ids,
      until: reply.undoUntil,
    });
  };

  /** A single archive's Delete: asks only when it has copies on a server to decide about. */
  const deleteOne = async (a: ArchiveRow) => {
    const reply = await run(() => sendMessage('listRemoteCopies', { archiveId: a.id }));
    if (!reply) return;
    if (reply.copies.length > 0) setDialog({ kind: 'delete-archives', archives: [a] });
    else await trash([a.id]);
  };

  const listActions = {
    onOpen: (a: ArchiveRow) => {
      openedByUser.current = true;
      setDetailId(a.id);
    },
    onSelect: (a: ArchiveRow, on: boolean) =>
      setSelected((prev) => {
        const next = new Set(prev);
        if (on) next.add(a.id);
        else next.delete(a.id);
        return next;
      }),
    onSetPrivate: (a: ArchiveRow, isPrivate: boolean) =>
      void run(() => sendMessage('editArchive', { archiveId: a.id, isPrivate })),
    onDownload: (a: ArchiveRow) => void run(() => downloadArchive(a)),
    onEdit: (a: ArchiveRow) => setDialog({ kind: 'edit-archive', archive: a }),
    onMove: (a: ArchiveRow) => setDialog({ kind: 'move-archives', archives: [a] }),
    onDelete: (a: ArchiveRow) => void deleteOne(a),
    onDragStart: (a: ArchiveRow, event: DragEvent) => {
      if (!event.dataTransfer) return;
      setDraggedArchives(event.dataTransfer, selected.has(a.id) ? [...selected] : [a.id]);
    },
  };

  const showDetail = detailId !== undefined;
  const popup = props.layout === 'popup';
  const search = listQuery.value.search;
  const unsyncedTotal = listQuery.value.unsyncedTotal;
  const listHeading = searchPending
    ? t('librarySearchPending', [query.trim()])
    : !searching
      ? unsyncedTotal !== undefined
        ? tCount(unsyncedTotal, 'libraryNotSyncedHeading')
        : (folder?.folder.name ?? '')
      : search?.more
        ? t('librarySearchResultsMore', [search.total, query.trim()])
        : tCount(search?.total ?? 0, 'librarySearchResults', [query.trim()]);

  return (
    <div
      ref={rootRef}
      class={`library-browser layout-${props.layout}${showDetail ? ' with-detail' : ''}`}
    >
      <div class="browser-top">
        <div class="search-row">
          <SearchBox value={query} onSearch={(q) => setQuery(q)} />
          {servers.length > 0 && (
            <FilterToggle
              pressed={filtering}
              label={t('libraryNotSyncedFilter')}
              title={t('libraryNotSyncedTitle')}
              onToggle={(on) => {
                setNotSynced(on);
                void saveUiState(props.layout, { notSynced: on });
                setPageSize(PAGE_SIZE);
                setSelected(new Set());
                setTrashOpen(false);
              }}
            />
          )}
        </div>
        {storage.use && (props.storageAlways || storage.use.warning) && (
          <StorageMeter
            use={storage.use}
            onPersist={() => void storage.persist()}
            persistRefused={storage.persistRefused}
          />
        )}
      </div>
      {error && (
        <div class="notice error" role="alert">
          <p>{error}</p>
          <button type="button" class="small secondary" onClick={() => setError(undefined)}>
            {t('libraryDismiss')}
          </button>
        </div>
      )}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <nav class="folders-pane" aria-labelledby="folders-heading">
        <div class="pane-head">
          <h2 id="folders-heading">{t('libraryFoldersHeading')}</h2>
          <button
            type="button"
            class="small secondary"
            onClick={() => setDialog({ kind: 'new-folder', parentId: null })}
          >
            {t('libraryNewFolder')}
          </button>
        </div>
        <FolderToolbar
          folderName={folder?.folder.name}
          isDefault={folder?.isDefault ?? true}
          onNewSubfolder={() =>
            folder && setDialog({ kind: 'new-folder', parentId: folder.folder.id })
          }
          onRename={() => folder && setRenamingId(folder.folder.id)}
          onMove={() => folder && setDialog({ kind: 'move-folder', folder })}
          onExport={() =>
            folder &&
            void run(async () => {
              const count = await downloadWacz(await archivesInSubtree(folder.folder.id), {
                title: folder.folder.name,
              });
              setNotice(
                count === 0
                  ? t('libraryExportFolderEmpty', [folder.folder.name])
                  : tCount(count, 'libraryExportedWaczCount'),
              );
            })
          }
          onDelete={() => folder && setDialog({ kind: 'delete-folder', folder })}
        />
        {trashContents && (
          <button
            type="button"
            class={`small secondary trash-button${trashOpen ? ' current' : ''}`}
            aria-pressed={trashOpen}
            onClick={() => setTrashOpen((open) => !open)}
          >
            {t('trashOpen', [trashCount])}
          </button>
        )}
        <div class="tree-scroll">
          <FolderTree
            tree={tree}
            firstRows={popup ? POPUP_FIRST_ROWS : undefined}
            initialClosed={props.ui?.closedFolders}
            onClosedChange={(ids) => void saveUiState(props.layout, { closedFolders: ids })}
            selectedId={searching || filtering ? undefined : folderId}
            onSelect={selectFolder}
            renamingId={renamingId}
            onRenameStart={setRenamingId}
            onRenameEnd={() => setRenamingId(undefined)}
            onRename={(id, name) => {
              const node = byId.get(id);
              const problem = validateName(node?.folder.parentId ?? null, name, id);
              if (problem) return Promise.resolve(problem);
              return tryAction(() => sendMessage('renameFolder', { folderId: id, name }));
            }}
            onDeleteRequest={(id) => {
              const node = byId.get(id);
              if (node && !node.isDefault) setDialog({ kind: 'delete-folder', folder: node });
            }}
            onDropArchives={(ids, target) =>
              void run(() => sendMessage('moveArchives', { archiveIds: ids, folderId: target }))
            }
            onDropFolder={(id, target) =>
              void run(() => sendMessage('moveFolder', { folderId: id, parentId: target }))
            }
          />
        </div>
      </nav>
      {trashOpen && trashContents && (
        <TrashView
          contents={trashContents}
          busy={trashBusy}
          onClose={() => setTrashOpen(false)}
          onEmpty={() => setDialog({ kind: 'empty-trash' })}
          onRestoreFolder={(folderId) =>
            void restoreFromTrash(async () => {
              const reply = await sendMessage('restoreFolder', { folderId });
              return tCount(reply.archives, 'trashFolderRestored');
            })
          }
          onRestoreArchive={(archiveId) =>
            void restoreFromTrash(async () => {
              const reply = await sendMessage('restoreArchives', { archiveIds: [archiveId] });
              return tCount(reply.count, 'libraryRestoredCount');
            })
          }
        />
      )}
      {!(popup && showDetail) && !trashOpen && (
        <section class="archives-pane" aria-labelledby="archives-heading">
          <h2 id="archives-heading" class="pane-title">
            {listHeading}
          </h2>
          <ListOptions
            sortable={!filtering}
            filters={filters}
            onFilters={(next) => {
              setFilters(next);
              setPageSize(PAGE_SIZE);
              setSelected(new Set());
              void saveUiState(props.layout, { filters: next });
            }}
            searchFolderName={searching && folder ? folder.folder.name : undefined}
            sort={sort}
            onSort={(next) => {
              setSort(next);
              setPageSize(PAGE_SIZE);
              void saveUiState(props.layout, { sort: next });
            }}
            failedCount={searching || filtering ? 0 : failedCount}
            failedOnly={!searching && !filtering && failedOnly}
            onFailedOnly={(on) => {
              setFailedOnly(on);
              setPageSize(PAGE_SIZE);
              setSelected(new Set());
            }}
          />
          <BulkBar
            selectedCount={selected.size}
            totalCount={archives.length}
            onSelectAll={(on) => setSelected(new Set(on ? archives.map((a) => a.id) : []))}
            onMove={() => setDialog({ kind: 'move-archives', archives: archivesById(selected) })}
            onSetPrivate={(isPrivate) =>
              void run(() =>
                sendMessage('setArchivesPrivate', { archiveIds: [...selected], isPrivate }),
              )
            }
            onDownload={() =>
              void run(async () => {
                const count = await downloadArchives(archivesById(selected));
                setNotice(tCount(count, 'libraryDownloadedCount'));
              })
            }
            onExportWacz={() =>
              void run(async () => {
                const count = await downloadWacz(archivesById(selected));
                setNotice(tCount(count, 'libraryExportedWaczCount'));
              })
            }
            onDelete={() =>
              setDialog({ kind: 'delete-archives', archives: archivesById(selected) })
            }
          />
          {/* Keyed by what its answer lists: another folder or query starts again from a
              first screenful, rather than building every row the last list had grown to at
              once. The key follows the answer, not the request: keyed by the query, the old
              list was built again from scratch while the search ran, slowing it. */}
          <ArchiveList
            key={listQuery.value.listKey}
            {...listActions}
            archives={archives}
            selectedIds={selected}
            currentId={detailId}
            label={listHeading}
            emptyText={
              listQuery.value.listKey === undefined
                ? t('libraryLoading')
                : activeFilterCount(filters) > 0
                  ? t('libraryFilterNothing')
                  : search
                    ? t('librarySearchNothing')
                    : unsyncedTotal !== undefined
                      ? t('libraryNotSyncedNothing')
                      : t('libraryEmptyFolder')
            }
            busy={!listQuery.loaded}
            folderPaths={folderPaths}
            snippets={snippets}
            syncStates={syncStates}
            servers={servers}
            firstItems={popup ? POPUP_FIRST_ITEMS : undefined}
          />
          {more && (
            <button
              type="button"
              class="secondary show-more"
              onClick={() => setPageSize((n) => n + PAGE_SIZE)}
            >
              {t('libraryShowMore')}
            </button>
          )}
        </section>
      )}
      {showDetail && detailId && (
        <section
          class="detail-pane"
          aria-label={t('libraryDetailHeading')}
          onKeyDown={(e) => {
            if (e.key !== 'Escape' || e.defaultPrevented) return;
            e.preventDefault();
            closeDetail();
          }}
        >
          <ArchiveDetailPane
            archiveId={detailId}
            focusOnOpen={openedByUser.current}
            onClose={closeDetail}
            onShowArchive={setDetailId}
            onDownload={() =>
              void run(async () => {
                const a = await getArchive(detailId);
                if (a) await downloadArchive(a);
              })
            }
          />
        </section>
      )}
      <LibraryDialogs
        dialog={dialog}
        tree={tree}
        byId={byId}
        close={() => setDialog(undefined)}
        validateName={validateName}
        tryAction={tryAction}
        run={run}
        onFolderCreated={(id) => selectFolder(id)}
        onTrash={(ids) => void trash(ids)}
        onError={setError}
        onNotice={setNotice}
        targetNameOf={(node) =>
          node.folder.parentId
            ? pathLabel(byId, node.folder.parentId)
            : (tree.find((n) => n.isDefault)?.folder.name ?? '')
        }
      />
      {undo && (
        <UndoToast
          key={undo.until}
          message={undo.message}
          until={undo.until}
          onExpire={() => setUndo(undefined)}
          onUndo={() => {
            const ids = undo.archiveIds;
            setUndo(undefined);
            void run(() => sendMessage('restoreArchives', { archiveIds: ids }));
          }}
        />
      )}
    </div>
  );
}
