import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ArchiveRow } from '../../lib/db/entities';
import { getArchive } from '../../lib/db/repos/archives';
import { folderTree } from '../../lib/db/repos/folders';
import { sendMessage } from '../../lib/messaging/client';
import { lastDestinationItem, type CaptureDestination } from '../../lib/storage/items';
import type { BrowserUiState } from '../../lib/storage/ui-state';
import { useLiveQuery, useLiveQueryState } from '../../lib/ui/use-live-query';
import { downloadArchive } from '../../lib/ui/download';
import { indexTree, pathLabel, type FolderNode } from '../../lib/ui/folder-tree';
import { LibraryBrowser } from '../../lib/ui/library-browser';
import { CairnError, errorMessage } from '../../lib/errors';
import { t } from '../../lib/i18n';
import { CaptureCard } from '../../components/capture-card';
import { CaptureControls } from '../../components/capture-controls';
import { OptionsLink } from '../../components/options-link';

/** Refusals that only mean the active tab shows no web page. */
const QUIET_CODES = new Set(['browser-page', 'blank-page', 'own-page', 'devtools-page']);

/**
 * The tab the popup acts on. Opened from the toolbar it is the active tab; tests (and a popup
 * opened in a tab) pass ?tabId= because there the "active tab" is the popup's own tab.
 */
async function targetTabId(): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tabId');
  if (param) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id;
}

/**
 * The popup: opening it archives the current tab's page (one click) in a background capture
 * tab, leaving the user's tab alone, and shows that capture's live progress, folder and
 * private flag; on a page archived minutes ago it shows that archive with "Archive again".
 * Below, the capture controls and the folder browser.
 * `?noCapture` opens it without capturing (tests, and the library's own use). `destination` is
 * the last capture destination, read as the page started.
 */
export function App(props: {
  destination: Promise<CaptureDestination>;
  ui: Promise<BrowserUiState>;
}) {
  const [currentId, setCurrentId] = useState<string>();
  // How the shown archive came: for this tab's page (the reply says whether it was started
  // now, was already running, or was made minutes ago), or from the URL box.
  const [origin, setOrigin] = useState<{
    fromTab: boolean;
    started: boolean;
    recent?: boolean;
    recording?: boolean;
  }>();
  /** The active tab shows a page that can be archived (and so recorded). */
  const [tabId, setTabId] = useState<number>();
  const [error, setError] = useState<string>();
  /** Why the active tab has nothing to archive (not an error). */
  const [quiet, setQuiet] = useState<string>();
  const [destination, setDestination] = useState<CaptureDestination>();
  const [ui, setUi] = useState<BrowserUiState>();
  const [showId, setShowId] = useState<string>();
  const current = useLiveQuery(
    () => (currentId ? getArchive(currentId) : Promise.resolve(undefined)),
    [currentId],
    undefined as ArchiveRow | undefined,
  );
  const treeQuery = useLiveQueryState(() => folderTree(), [], [] as FolderNode[]);
  const tree = treeQuery.value;
  const byId = useMemo(() => indexTree(tree), [tree]);

  const captureTab = async (dest: CaptureDestination, again: boolean) => {
    setError(undefined);
    const tabId = await targetTabId();
    if (tabId === undefined) return;
    try {
      const reply = await sendMessage('captureTab', {
        tabId,
        trigger: 'action',
        again,
        ...dest,
      });
      setCurrentId(reply.archiveId);
      setOrigin({
        fromTab: true,
        started: reply.started,
        recent: reply.recent,
        recording: reply.recording,
      });
      setTabId(tabId);
    } catch (e) {
      // A tab with no web page (new tab, settings, Cairn's own pages) is not a failure: the
      // popup still offers the URL box and the library, so it says so calmly.
      if (e instanceof CairnError && QUIET_CODES.has(e.code)) setQuiet(e.message);
      else setError(errorMessage(e));
    }
  };

  // A layout effect takes the destination in the first render's task (a plain effect waits a
  // frame), and the folder browser waits for it.
  useLayoutEffect(() => {
    void props.ui.then(setUi);
    void (async () => {
      const dest = await props.destination;
      performance.mark('cairn:destination');
      setDestination(dest);
      if (new URLSearchParams(location.search).has('noCapture')) return;
      await captureTab(dest, false);
    })();
  }, []);

  // A change to the current capture's folder or privacy shows at once, before the
  // background has stored it (the archive row is what the controls otherwise reflect).
  const [pending, setPending] = useState<{ folderId?: string; isPrivate?: boolean }>({});
  useEffect(() => setPending({}), [currentId]);
  useEffect(() => {
    if (!current) return;
    setPending((p) => {
      const next = { ...p };
      if (p.folderId === current.folderId) delete next.folderId;
      if (p.isPrivate === current.isPrivate) delete next.isPrivate;
      return next.folderId === p.folderId && next.isPrivate === p.isPrivate ? p : next;
    });
  }, [current?.folderId, current?.isPrivate]);

  // Keyboard users start where the popup's point is: the capture card when one is shown,
  // else the search box. Focus moves only while the user has not put it somewhere else.
  const autoFocused = useRef<HTMLElement | null>(null);
  const focusOnOpen = (el: HTMLElement | null | undefined) => {
    const active = document.activeElement;
    if (!el || (active && active !== document.body && active !== autoFocused.current)) return;
    el.focus();
    autoFocused.current = el;
  };
  useLayoutEffect(() => {
    if (current) focusOnOpen(document.querySelector<HTMLElement>('.capture-card'));
  }, [current?.id]);

  const dest = destination ?? { isPrivate: false };
  const folderId =
    pending.folderId ??
    current?.folderId ??
    (dest.folderId && byId.has(dest.folderId) ? dest.folderId : tree[0]?.folder.id);

  const changeDestination = async (change: { folderId?: string; isPrivate?: boolean }) => {
    const next = { ...dest, ...change };
    setDestination(next);
    if (currentId) setPending((p) => ({ ...p, ...change }));
    try {
      // After (or during) a capture the choice applies to it; the background also remembers
      // it for the next capture. Before one, it is only remembered.
      if (currentId) await sendMessage('updateArchive', { archiveId: currentId, ...change });
      else await lastDestinationItem.setValue(next);
    } catch (e) {
      setPending({});
      setError(errorMessage(e));
    }
  };

  const recordTab = async (reloadFirst: boolean, reloadConfirmed: boolean) => {
    if (tabId === undefined) return undefined;
    setError(undefined);
    try {
      const reply = await sendMessage('recordTab', {
        tabId,
        reloadFirst,
        reloadConfirmed,
        ...dest,
      });
      setCurrentId(reply.archiveId);
      setOrigin({ fromTab: true, started: reply.started, recording: true });
      return undefined;
    } catch (e) {
      if (e instanceof CairnError && e.code === 'unsaved-input') return 'unsaved-input' as const;
      setError(errorMessage(e));
      return undefined;
    }
  };

  const archiveUrl = async (url: string): Promise<string | undefined> => {
    setError(undefined);
    try {
      const { archiveId } = await sendMessage('captureUrl', { url, trigger: 'url-box', ...dest });
      setCurrentId(archiveId);
      setOrigin({ fromTab: false, started: true });
      return undefined;
    } catch (e) {
      return errorMessage(e);
    }
  };

  const libraryUrl = browser.runtime.getURL('/library.html');
  return (
    <main class="popup">
      <header class="app-head">
        <h1>{t('popupTitle')}</h1>
        <span class="head-actions">
          <a class="button-link" href={libraryUrl} target="_blank" rel="noreferrer">
            {t('libraryOpenFull')}
          </a>
          <OptionsLink />
        </span>
      </header>
      {quiet && !error && (
        <section class="notice" role="status">
          <h2>{t('nothingToArchiveHeading')}</h2>
          <p>{quiet}</p>
        </section>
      )}
      {error && (
        <section class="notice error" role="alert">
          <h2>{t('cannotCaptureHeading')}</h2>
          <p>{error}</p>
        </section>
      )}
      {current && (
        <CaptureCard
          archive={current}
          folderPath={pathLabel(byId, current.folderId)}
          onStop={() => void sendMessage('stopCapture', { archiveId: current.id })}
          onDownload={() => void downloadArchive(current)}
          onOpen={() => setShowId(current.id)}
          recent={origin?.recent === true}
          alreadyRunning={origin?.started === false && !origin.recent}
          onArchiveAgain={
            origin?.fromTab && !origin.recording ? () => void captureTab(dest, true) : undefined
          }
        />
      )}
      <CaptureControls
        tree={tree}
        folderId={folderId}
        isPrivate={pending.isPrivate ?? current?.isPrivate ?? dest.isPrivate}
        onDestinationChange={(change) => void changeDestination(change)}
        // With the page's capture shown, its card offers "Archive again" instead.
        onArchivePage={current && origin?.fromTab ? undefined : () => void captureTab(dest, true)}
        onArchiveUrl={archiveUrl}
        // Offered for a tab with a web page, unless that tab is being recorded now.
        onRecordTab={
          tabId !== undefined && !(origin?.recording && current?.status === 'capturing')
            ? recordTab
            : undefined
        }
      />
      {destination && ui && (
        <LibraryBrowser
          layout="popup"
          ui={ui}
          tree={tree}
          treeLoaded={treeQuery.loaded}
          initialFolderId={destination.folderId}
          showArchiveId={showId}
          onReady={() => {
            if (!document.querySelector('.capture-card'))
              focusOnOpen(document.querySelector<HTMLElement>('.search-box input'));
          }}
        />
      )}
    </main>
  );
}
