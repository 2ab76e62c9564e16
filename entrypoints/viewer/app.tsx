import { useEffect, useRef, useState } from 'preact/hooks';
import { CapturesOfUrl } from '../../components/captures-of-url';
import { ViewerBanner, type ViewerPane } from '../../components/viewer-banner';
import { ViewerRecords } from '../../components/viewer-records';
import { getArchiveDetail } from '../../lib/db/repos/archive-detail';
import { errorMessage } from '../../lib/errors';
import { t } from '../../lib/i18n';
import { startReplay } from '../../lib/replay/replay-session';
import { REPLAY_ORIGIN, replayUrl } from '../../lib/replay/replay-url';
import { downloadArchive, downloadWacz } from '../../lib/ui/download';
import { useLiveQueryState } from '../../lib/ui/use-live-query';
import { ScreenshotPane, TextPane } from './panes';

type ReplayState =
  | { state: 'starting' }
  | { state: 'ready' }
  | { state: 'failed'; message: string }
  | { state: 'ended'; message: string };

/**
 * Cairn's viewer: one archive replayed offline in a frame of its own origin, under a banner
 * that names it. `?archive=<id>` picks the archive, `&url=` an address inside it.
 */
export function App() {
  const params = new URLSearchParams(location.search);
  const [archiveId, setArchiveId] = useState(params.get('archive') ?? '');
  const [pane, setPane] = useState<ViewerPane>(
    params.get('pane') === 'screenshot' ? 'screenshot' : 'page',
  );
  const [replay, setReplay] = useState<ReplayState>({ state: 'starting' });
  const [blocked, setBlocked] = useState(0);
  const [frameUrl, setFrameUrl] = useState<string>();
  const [shownUrl, setShownUrl] = useState<string>();
  const frame = useRef<HTMLIFrameElement>(null);
  // The archive on show, for the replay's callbacks (which outlive renders).
  const shownArchive = useRef(archiveId);
  shownArchive.current = archiveId;
  const { value: detail, loaded } = useLiveQueryState(
    () => getArchiveDetail(archiveId),
    [archiveId],
    undefined,
  );

  useEffect(() => {
    let stop: (() => Promise<void>) | undefined;
    let gone = false;
    void (async () => {
      const tab = await chrome.tabs.getCurrent();
      if (tab?.id === undefined) throw new Error(t('viewerNoTab'));
      stop = await startReplay(tab.id, {
        onBlocked: () => setBlocked((n) => n + 1),
        // A link led to a page archived on its own: the banner names that archive.
        onArchiveShown: (id) => {
          if (id === shownArchive.current) return;
          shownArchive.current = id;
          history.replaceState(null, '', `?archive=${encodeURIComponent(id)}`);
          setArchiveId(id);
        },
        onEnded: (reason) => {
          if (gone) return;
          setReplay({
            state: 'ended',
            message: reason === 'canceled_by_user' ? t('viewerEndedByUser') : t('viewerEnded'),
          });
        },
      });
      setReplay({ state: 'ready' });
    })().catch((error: unknown) => setReplay({ state: 'failed', message: errorMessage(error) }));
    const onHide = () => {
      gone = true;
      void stop?.();
    };
    addEventListener('pagehide', onHide);
    return () => {
      removeEventListener('pagehide', onHide);
      onHide();
    };
  }, []);

  // The first page shown: the address asked for, else the page the capture ended on.
  const archive = detail?.archive;
  useEffect(() => {
    if (!archive || replay.state !== 'ready' || frameUrl) return;
    const start = params.get('url') ?? archive.finalUrl ?? archive.url;
    setFrameUrl(replayUrl(archive.id, start, archive.createdAt));
  }, [archive, replay.state]);

  useEffect(() => {
    if (archive) document.title = t('viewerDocumentTitle', [archive.title || archive.url]);
  }, [archive?.title, archive?.url]);

  // wombat.js in the replay frame reports each page it shows. The frame is untrusted: only
  // its own messages are read, and only as text to display.
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== REPLAY_ORIGIN || event.source !== frame.current?.contentWindow) return;
      const data = event.data as { wb_type?: unknown; url?: unknown } | null;
      if (data && (data.wb_type === 'load' || data.wb_type === 'replace-url')) {
        if (typeof data.url === 'string') setShownUrl(data.url.slice(0, 2048));
      }
    };
    addEventListener('message', onMessage);
    return () => removeEventListener('message', onMessage);
  }, []);

  if (loaded && !detail) {
    return (
      <main class="viewer-missing">
        <h1>{t('viewerMissingTitle')}</h1>
        <p>{t('viewerMissingBody')}</p>
        <a href={chrome.runtime.getURL('/library.html')}>{t('libraryOpenFull')}</a>
      </main>
    );
  }
  if (!detail || !archive) return <p class="viewer-loading">{t('libraryLoading')}</p>;

  const openInFrame = (url: string, target: { id: string; createdAt: number } = archive) => {
    setFrameUrl(replayUrl(target.id, url, target.createdAt));
    setPane('page');
  };
  const showArchive = (id: string) => {
    const capture = detail.capturesOfUrl.find((c) => c.id === id);
    if (!capture) return;
    history.replaceState(null, '', `?archive=${encodeURIComponent(id)}`);
    setArchiveId(id);
    setShownUrl(undefined);
    openInFrame(archive.finalUrl ?? archive.url, {
      id,
      createdAt: capture.createdAt,
    });
  };

  const status =
    replay.state === 'starting'
      ? t('viewerStarting')
      : replay.state === 'ready'
        ? undefined
        : replay.message;

  return (
    <div class="viewer">
      <ViewerBanner
        detail={detail}
        pane={pane}
        shownUrl={shownUrl}
        blocked={blocked}
        status={status}
        onPane={setPane}
        onDownload={() => void downloadArchive(archive)}
        onDownloadWacz={() => void downloadWacz([archive])}
      />
      <main class="viewer-main">
        <iframe
          ref={frame}
          class="replay-frame"
          hidden={pane !== 'page'}
          title={t('viewerFrameTitle', [archive.title || archive.url])}
          src={frameUrl}
          // The archived page may not navigate the viewer away or open unsandboxed windows
          // of the replay origin; its own scripts, forms and dialogs run as they did live.
          sandbox="allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-downloads"
        />
        {pane === 'page' && replay.state === 'failed' && (
          <p class="viewer-failed">{t('viewerFailed', [replay.message])}</p>
        )}
        {pane === 'screenshot' && (
          <ScreenshotPane archiveId={archive.id} title={archive.title || archive.url} />
        )}
        {pane === 'text' && <TextPane archiveId={archive.id} />}
        {pane === 'records' && (
          <ViewerRecords records={detail.records} onOpen={(url) => openInFrame(url)} />
        )}
        {pane === 'captures' && (
          <CapturesOfUrl
            captures={detail.capturesOfUrl}
            total={detail.capturesOfUrlTotal}
            currentId={archive.id}
            onShow={showArchive}
          />
        )}
      </main>
    </div>
  );
}
