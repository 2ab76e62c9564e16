import { browser } from 'wxt/browser';
import { Recorder, TabRecorder, classifyUrl, isErrorPage } from '../../lib/capture';
import { attachDebugger, detachStale } from '../../lib/platform/debugger';
import { closeTab, getTab, hasFileAccess, openBackgroundTab } from '../../lib/platform/tabs';
import { setBadge } from '../../lib/platform/badge';
import { canConnect } from '../../lib/platform/reachable';
import { notify, onNotificationClicked } from '../../lib/platform/notifications';
import { createArchiveSink } from '../../lib/db/archive-sink';
import { ensureDefaultFolder } from '../../lib/db/repos/folders';
import {
  createArchive,
  findRecentCapture,
  listCapturing,
  updateArchive,
} from '../../lib/db/repos/archives';
import { appendRecords } from '../../lib/db/repos/records';
import { buildWarcinfo, warcFileName } from '../../lib/warc';
import { readCaptureSettings } from '../../lib/storage/items';
import { t } from '../../lib/i18n';
import { notifyArchiveChanged } from '../../lib/sync/archive-changes';
import { viewerHref } from '../../lib/ui/viewer-link';
import { createCaptureService, type CaptureService } from './capture-service';
import { browserEnvironment } from './environment';
import { scheduleDeflate, setupDeflate } from './deflate';

let service: CaptureService | undefined;

const isCapturing = () => captureService().isCapturing();

/** Badge text for a response count: the badge fits about four characters. */
function badgeCount(n: number): string {
  return n < 1000 ? String(n) : `${Math.floor(n / 1000)}k`;
}

/** The capture service of this worker instance. */
export function captureService(): CaptureService {
  service ??= createCaptureService({
    attach: attachDebugger,
    getTab,
    openBackgroundTab: (openerTabId) => openBackgroundTab(openerTabId),
    closeTab,
    hasFileAccess,
    canConnect,
    classifyUrl: (url, opts) =>
      classifyUrl(url, { ...opts, ownOrigin: browser.runtime.getURL('/') }),
    createRecorder: (transport, sink, options) => new Recorder(transport, sink, options),
    createTabRecorder: (transport, sink, options) => new TabRecorder(transport, sink, options),
    createSink: (archiveId, tabId) =>
      createArchiveSink(archiveId, {
        // The badge counts stored responses while the capture runs.
        onProgress: (p) => void setBadge(tabId, badgeCount(p.responses), 'busy'),
      }),
    settings: readCaptureSettings,
    environment: browserEnvironment,
    archives: {
      defaultFolderId: async () => (await ensureDefaultFolder(t('defaultFolderName'))).id,
      create: createArchive,
      update: updateArchive,
      findRecent: findRecentCapture,
      listCapturing,
      async writeWarcinfo(archive) {
        const env = browserEnvironment();
        const record = await buildWarcinfo({
          filename: warcFileName({ url: archive.url, date: new Date(archive.createdAt) }),
          software: env.software,
          isPartOf: archive.id,
          description: `Capture of ${archive.url}`,
          extra: { 'http-header-user-agent': env.userAgent, format: 'WARC File Format 1.1' },
        });
        await appendRecords(archive.id, [record]);
      },
    },
    report(archive, outcome) {
      scheduleDeflate(archive.id, isCapturing);
      if (outcome.status !== 'failed') notifyArchiveChanged(archive.id, 'captured');
      // Link, menu and shortcut captures have no popup watching them: tell the user.
      if (archive.trigger === 'action' || archive.trigger === 'url-box') return;
      const title = outcome.status === 'failed' ? t('notifyFailedTitle') : t('notifyDoneTitle');
      const message =
        outcome.status !== 'complete'
          ? `${archive.title}\n${outcome.reason ?? ''}`
          : isErrorPage(outcome.pageStatus)
            ? t('notifyErrorPageMessage', [archive.title, outcome.pageStatus])
            : t('notifyDoneMessage', [archive.title]);
      void notify(`${CAPTURE_NOTIFICATION}${archive.id}`, title, message);
    },
    badge(tabId, state) {
      const map = {
        recording: ['REC', 'busy'],
        complete: ['✓', 'done'],
        partial: ['!', 'warn'],
        failed: ['✗', 'error'],
      } as const;
      const [text, tone] = map[state];
      void setBadge(tabId, text, tone);
    },
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
  });
  return service;
}

/**
 * Capture wiring. Runs synchronously at worker start; the recovery of captures cut off by a
 * previous worker's end runs right after, in the background.
 */
/** Notifications of a finished capture are named after the archive: a click opens it. */
const CAPTURE_NOTIFICATION = 'cairn-archive-';

export function setupCapture(): void {
  onNotificationClicked((id) => {
    if (!id.startsWith(CAPTURE_NOTIFICATION)) return;
    const archiveId = id.slice(CAPTURE_NOTIFICATION.length);
    void browser.tabs.create({ url: browser.runtime.getURL(`/${viewerHref(archiveId)}`) });
  });
  void captureService()
    .recover(detachStale)
    .catch((error) => console.error('[cairn] recovery failed', error))
    .finally(() => setupDeflate(isCapturing));
  // A finished capture's mark belongs to that page: clear it when the tab goes elsewhere.
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url && !captureService().isCapturingTab(tabId)) void setBadge(tabId, '', 'done');
  });
}
