import { useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { folderTree } from '../../lib/db/repos/folders';
import { sendMessage } from '../../lib/messaging/client';
import { lastDestinationItem, type CaptureDestination } from '../../lib/storage/items';
import type { BrowserUiState } from '../../lib/storage/ui-state';
import { useLiveQueryState } from '../../lib/ui/use-live-query';
import { indexTree, type FolderNode } from '../../lib/ui/folder-tree';
import { LibraryBrowser } from '../../lib/ui/library-browser';
import { errorMessage } from '../../lib/errors';
import { t } from '../../lib/i18n';
import { CaptureControls } from '../../components/capture-controls';
import { OptionsLink } from '../../components/options-link';
import { LibraryBackup } from '../../components/library-backup';
import { LibraryImport } from '../../components/library-import';

/**
 * The full-page library: the popup's components with more room (folders on the left, the
 * archive list and an archive's detail on the right), and the "URL to archive" box.
 * `destination` is the last capture destination, read as the page started.
 */
export function App(props: {
  destination: Promise<CaptureDestination>;
  ui: Promise<BrowserUiState>;
}) {
  const [destination, setDestination] = useState<CaptureDestination>();
  const [ui, setUi] = useState<BrowserUiState>();
  const [showId, setShowId] = useState<string>();
  const treeQuery = useLiveQueryState(() => folderTree(), [], [] as FolderNode[]);
  const tree = treeQuery.value;
  const byId = useMemo(() => indexTree(tree), [tree]);

  // A layout effect takes the destination (read as the page started) in the first render's
  // task (a plain effect waits a frame), and the folder browser waits for it.
  useLayoutEffect(() => {
    document.title = t('libraryPageTitle');
    void props.destination.then(setDestination);
    void props.ui.then(setUi);
  }, []);

  const dest = destination ?? { isPrivate: false };
  const folderId = dest.folderId && byId.has(dest.folderId) ? dest.folderId : tree[0]?.folder.id;

  return (
    <main class="library-page">
      <header class="app-head">
        <span class="head-actions">
          <h1>{t('libraryPageTitle')}</h1>
          <OptionsLink />
        </span>
        <CaptureControls
          tree={tree}
          folderId={folderId}
          isPrivate={dest.isPrivate}
          onDestinationChange={(change) => {
            const next = { ...dest, ...change };
            setDestination(next);
            void lastDestinationItem.setValue(next);
          }}
          onArchiveUrl={async (url) => {
            try {
              const { archiveId } = await sendMessage('captureUrl', {
                url,
                trigger: 'url-box',
                ...dest,
              });
              setShowId(archiveId);
              return undefined;
            } catch (e) {
              return errorMessage(e);
            }
          }}
        />
      </header>
      {destination && ui && (
        <LibraryBrowser
          layout="page"
          ui={ui}
          tree={tree}
          treeLoaded={treeQuery.loaded}
          storageAlways
          initialFolderId={destination.folderId}
          showArchiveId={showId}
        />
      )}
      <LibraryImport tree={tree} defaultFolderId={folderId} />
      <LibraryBackup />
    </main>
  );
}
