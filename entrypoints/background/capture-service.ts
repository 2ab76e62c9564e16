import type { CaptureOutcome, RecorderOptions } from '../../lib/capture';
import type { RecordedPage } from '../../lib/capture/types';
import type { TabRecorderOptions } from '../../lib/capture/tab-recorder';
import type { CaptureSink, CdpTransport } from '../../lib/capture/transport';
import type { ArchiveRow, CaptureTrigger } from '../../lib/db/entities';
import type { CaptureSettings } from '../../lib/storage/items';
import { CairnError, errorMessage } from '../../lib/errors';
import { captureKey, parseAddress } from '../../lib/capture/address';
import { recordableTab, stoppingSink, storeNewArchive } from './capture-start';
import { createTabRecordings } from './tab-recordings';

/** What a running recorder looks like to the service (lib/capture's Recorder). */
export interface RecorderHandle {
  start(): Promise<void>;
  stop(reason?: string): Promise<void>;
  readonly done: Promise<CaptureOutcome & { pages?: RecordedPage[] }>;
}

/** A debugger connection as the service needs it. */
export interface Connection extends CdpTransport {
  detach(): Promise<void>;
}

/** Everything the capture service needs from the outside, injectable for tests. */
export interface CaptureServiceDeps {
  attach(tabId: number): Promise<Connection>;
  getTab(
    tabId: number,
  ): Promise<{ id?: number; url?: string; pendingUrl?: string; title?: string } | undefined>;
  openBackgroundTab(openerTabId?: number): Promise<{ id?: number }>;
  closeTab(tabId: number): Promise<void>;
  hasFileAccess(): Promise<boolean>;
  /** Whether a connection to the address can be made (an https probe for typed hosts). */
  canConnect(url: string): Promise<boolean>;
  classifyUrl(
    url: string,
    opts: { fileAccess: boolean },
  ): { ok: true } | { ok: false; code: string; message: string };
  createRecorder(
    transport: CdpTransport,
    sink: CaptureSink,
    options: RecorderOptions,
  ): RecorderHandle;
  /** "Record this tab" (lib/capture's TabRecorder). */
  createTabRecorder(
    transport: CdpTransport,
    sink: CaptureSink,
    options: TabRecorderOptions,
  ): RecorderHandle;
  createSink(archiveId: string, tabId: number): CaptureSink;
  settings(): Promise<CaptureSettings>;
  environment(): RecorderOptions['environment'];
  /** Archive persistence. */
  archives: {
    defaultFolderId(): Promise<string>;
    create(row: ArchiveRow): Promise<void>;
    update(id: string, patch: Partial<ArchiveRow>): Promise<void>;
    /** Newest non-failed archive of the page `key` created since `since` (see findRecentCapture). */
    findRecent(key: string, since: number): Promise<ArchiveRow | undefined>;
    listCapturing(): Promise<ArchiveRow[]>;
    writeWarcinfo(archive: ArchiveRow): Promise<void>;
  };
  /** Reports the end of a capture to the user where no popup may be open. */
  report(
    archive: { id: string; title: string; url: string; trigger: CaptureTrigger; tabId: number },
    outcome: CaptureOutcome,
  ): void;
  /** Live badge on the recorded tab. */
  badge(tabId: number, state: 'recording' | CaptureOutcome['status']): void;
  now(): number;
  newId(): string;
}

/** Options of one capture request. */
export interface CaptureRequest {
  trigger: CaptureTrigger;
  folderId?: string;
  isPrivate?: boolean;
  /**
   * Archive the page even if it was archived minutes ago ("Archive again"). Without it, the
   * popup opening on such a page shows that archive instead of making another copy.
   */
  again?: boolean;
}

/** Options of a "Record this tab" request. */
export interface RecordRequest {
  /** Reload the page first so it is recorded too; otherwise record from now on. */
  reloadFirst: boolean;
  /**
   * The user agreed to reload although the page holds input they typed. Without it, such a
   * page is not reloaded: the request fails with 'unsaved-input' so the popup can ask.
   */
  reloadConfirmed?: boolean;
  folderId?: string;
  isPrivate?: boolean;
}

/** What a capture request led to. */
export interface CaptureStart {
  archiveId: string;
  /** False when this is a capture of the same page already running or made minutes ago. */
  started: boolean;
  /** Set when `archiveId` is an earlier archive of the page, not one running now. */
  recent?: boolean;
  /** Set when `archiveId` is the recording of this tab ("Record this tab") that runs now. */
  recording?: boolean;
}

/** A recorder that runs, and what the service knows of it. */
export interface Running {
  archiveId: string;
  tabId: number;
  /** The page's address without #fragment, to find a capture of the same page. */
  key: string;
  recorder: RecorderHandle;
  connection: Connection;
  /** A capture tab of Cairn's own; false for a tab the user is having recorded. */
  ownsTab: boolean;
}

/**
 * Starts, tracks and finishes captures. One capture per tab; each capture's state lives in
 * its archive row, so a worker restart can tell which ones were cut off (see `recover`).
 */
export function createCaptureService(deps: CaptureServiceDeps) {
  const running = new Map<string, Running>();
  // New captures wait for the recovery of orphaned ones, so recovery never mistakes a capture
  // that is just starting for one a previous worker left behind.
  let recovering: Promise<unknown> = Promise.resolve();
  const recordings = createTabRecordings({
    deps,
    running,
    recovered: () => recovering,
    finish: (archive, outcome) => finish(archive, outcome),
  });

  async function recorderOptions(navigateTo: string): Promise<RecorderOptions> {
    const s = await deps.settings();
    return {
      navigateTo,
      maxBodySize: s.maxBodySize,
      // Above this a body is streamed in chunks instead of read in one piece.
      streamThreshold: 4 * 1024 * 1024,
      maxDurationMs: s.maxDurationSec * 1000,
      idleMs: s.idleMs,
      autoScroll: s.autoScroll,
      screenshot: s.screenshot,
      environment: deps.environment(),
    };
  }

  /** Records `url` in `tabId`, a capture tab of Cairn's own, closed when the capture ends. */
  async function begin(
    tabId: number,
    url: string,
    request: CaptureRequest & { openerTabId?: number },
  ): Promise<string> {
    const key = captureKey(url);
    await recovering.catch(() => undefined);
    const connection = await deps.attach(tabId);
    const archive = await storeNewArchive(
      deps,
      {
        url,
        title: '',
        folderId: request.folderId,
        isPrivate: request.isPrivate,
        trigger: request.trigger,
        capture: {
          tabId,
          ownsTab: true,
          openerTabId: request.openerTabId,
          phase: 'starting',
          pending: 0,
          bytes: 0,
        },
      },
      () => connection.detach(),
    );
    // The badge belongs on the tab the user is looking at, not on the hidden capture tab.
    const badgeTab = request.openerTabId ?? tabId;
    const guarded = stoppingSink(
      deps.createSink(archive.id, badgeTab),
      () => void recorder.stop('storage-failed'),
    );
    const recorder = deps.createRecorder(connection, guarded.sink, await recorderOptions(url));
    running.set(archive.id, {
      archiveId: archive.id,
      tabId,
      key,
      recorder,
      connection,
      ownsTab: true,
    });
    deps.badge(badgeTab, 'recording');
    void recorder.done.then((outcome) => finish(archive, guarded.outcome(outcome)));
    // Errors of start() surface through `done` as a failed outcome.
    await recorder.start().catch(() => undefined);
    return archive.id;
  }

  async function finish(
    archive: ArchiveRow,
    outcome: CaptureOutcome & { pages?: RecordedPage[] },
  ): Promise<void> {
    const entry = running.get(archive.id);
    running.delete(archive.id);
    const tabId = archive.capture!.tabId;
    await entry?.connection.detach();
    try {
      await deps.archives.update(archive.id, {
        status: outcome.status,
        reasonCode: outcome.reasonCode,
        reason: outcome.reason,
        finalUrl: outcome.finalUrl || undefined,
        pageStatus: outcome.pageStatus,
        timings: outcome.timings,
        title: outcome.title || outcome.finalUrl || archive.url,
        endedAt: deps.now(),
        capture: undefined,
        ...(outcome.pages ? { pages: outcome.pages } : {}),
      });
    } catch (error) {
      console.error('[cairn] could not record the end of a capture', errorMessage(error));
    }
    if (archive.capture!.ownsTab) await deps.closeTab(tabId);
    deps.badge(archive.capture!.openerTabId ?? tabId, outcome.status);
    deps.report(
      {
        id: archive.id,
        title: outcome.title || archive.url,
        url: archive.url,
        trigger: archive.trigger,
        tabId,
      },
      outcome,
    );
  }

  // Requests for a page whose capture is being set up (settings read, tab opening): a second
  // trigger for the same page in that moment joins the first instead of starting another.
  const starting = new Map<string, Promise<CaptureStart>>();

  function runningFor(key: string): Running | undefined {
    return [...running.values()].find((r) => r.key === key);
  }

  /**
   * One capture per page at a time: a request for a page being captured joins that capture,
   * and the popup opening (trigger 'action') on a page archived less than the duplicate
   * window ago shows that archive, unless the user asked to archive it again.
   */
  function captureAddress(
    url: string,
    request: CaptureRequest & { openerTabId?: number },
  ): Promise<CaptureStart> {
    const key = captureKey(url);
    const joining = starting.get(key);
    if (joining) return joining.then((r) => ({ ...r, started: false }));
    const live = runningFor(key);
    if (live) return Promise.resolve({ archiveId: live.archiveId, started: false });
    const run = (async (): Promise<CaptureStart> => {
      if (request.trigger === 'action' && !request.again) {
        const { duplicateWindowMin } = await deps.settings();
        const since = deps.now() - duplicateWindowMin * 60_000;
        const recent =
          duplicateWindowMin > 0 ? await deps.archives.findRecent(key, since) : undefined;
        if (recent) return { archiveId: recent.id, started: false, recent: true };
      }
      const tab = await deps.openBackgroundTab(request.openerTabId);
      if (tab.id === undefined)
        throw new CairnError('tab-failed', 'Chrome could not open a tab for the capture.');
      try {
        return { archiveId: await begin(tab.id, url, request), started: true };
      } catch (error) {
        await deps.closeTab(tab.id);
        throw error;
      }
    })();
    starting.set(key, run);
    const forget = () => {
      if (starting.get(key) === run) starting.delete(key);
    };
    run.then(forget, forget);
    return run;
  }

  async function checkedAddress(url: string): Promise<string> {
    const parsed = parseAddress(url);
    if (!parsed.ok) throw new CairnError(parsed.code, parsed.message);
    const verdict = deps.classifyUrl(parsed.url, { fileAccess: await deps.hasFileAccess() });
    if (!verdict.ok) throw new CairnError(verdict.code, verdict.message);
    // Typed without a scheme: https first, http when https cannot connect at all.
    if (parsed.schemeGuessed && !(await deps.canConnect(parsed.url))) {
      return `http:${parsed.url.slice('https:'.length)}`;
    }
    return parsed.url;
  }

  const api = {
    /**
     * Archives the page an open tab shows (toolbar button, page menu, shortcut) without
     * touching that tab: its address is loaded in a background capture tab, recorded from the
     * first request with the user's cookies. The user's tab keeps its scroll, input, history
     * and state, and no dialog is answered for them.
     */
    async captureTab(tabId: number, request: CaptureRequest): Promise<CaptureStart> {
      // The capture tab itself (should the user bring it forward): that capture.
      const own = [...running.values()].find((r) => r.ownsTab && r.tabId === tabId);
      if (own) return { archiveId: own.archiveId, started: false };
      // The popup opening on a tab being recorded shows that recording.
      const recording = recordings.recordingOfTab(tabId);
      if (recording && request.trigger === 'action' && !request.again)
        return { archiveId: recording, started: false, recording: true };
      // The tab's own address is checked for what Chrome lets extensions record first, so a
      // settings page gets that explanation rather than "not a web address".
      const { url } = await recordableTab(deps, tabId);
      return captureAddress(await checkedAddress(url), { ...request, openerTabId: tabId });
    },

    /**
     * Captures an address the user typed or a link they chose, in a new background tab that
     * is recorded from its very first request and closed when the capture ends.
     */
    async captureUrl(
      url: string,
      request: CaptureRequest & { openerTabId?: number },
    ): Promise<CaptureStart> {
      return captureAddress(await checkedAddress(url), request);
    },

    /**
     * "Record this tab": records the user's own tab from now on (or from a reload the user
     * asked for) while they use it, page after page, into one archive, until they stop it.
     * See tab-recordings.ts.
     */
    recordTab(tabId: number, request: RecordRequest): Promise<CaptureStart> {
      return recordings.record(tabId, request);
    },

    /** A tab a recorded tab opened, recorded into the same archive (the user chose so). */
    recordOpenedTab(archiveId: string, tabId: number): Promise<boolean> {
      return recordings.addOpenedTab(archiveId, tabId);
    },

    /** The archive a tab is being recorded into ("Record this tab"), if any. */
    recordingOfTab(tabId: number): string | undefined {
      return recordings.recordingOfTab(tabId);
    },

    /** Finishes a running capture now; what was recorded is kept. */
    async stop(archiveId: string): Promise<boolean> {
      const entry = running.get(archiveId);
      if (!entry) return false;
      await entry.recorder.stop('stopped');
      return true;
    },

    /** Whether any capture runs in this worker instance. */
    isCapturing(): boolean {
      return running.size > 0;
    },

    /** Whether a tab is being captured by this worker instance. */
    isCapturingTab(tabId: number): boolean {
      return (
        [...running.values()].some((r) => r.tabId === tabId) ||
        recordings.recordingOfTab(tabId) !== undefined
      );
    },

    /**
     * Ends captures that a previous worker instance left behind: it was stopped mid-capture,
     * so its recorder is gone. Their records up to that moment are already stored; the debugger
     * is detached so the tab's paused requests are released, and the archive ends as partial.
     */
    recover(detachStale: (tabId: number) => Promise<void>): Promise<number> {
      const run = recoverOrphans(detachStale);
      recovering = run;
      return run;
    },
  };

  async function recoverOrphans(detachStale: (tabId: number) => Promise<void>): Promise<number> {
    const orphans = (await deps.archives.listCapturing()).filter((a) => !running.has(a.id));
    for (const archive of orphans) {
      const tabId = archive.capture?.tabId;
      if (tabId !== undefined) {
        await detachStale(tabId);
        if (archive.capture?.ownsTab) await deps.closeTab(tabId);
      }
      const kept = archive.responseCount;
      await deps.archives.update(archive.id, {
        status: kept > 0 ? 'partial' : 'failed',
        reasonCode: 'worker-restarted',
        reason:
          kept > 0
            ? `Chrome stopped Cairn's background worker during the capture. The ${kept} responses recorded before that were kept.`
            : "Chrome stopped Cairn's background worker before anything was recorded. Try again.",
        endedAt: deps.now(),
        capture: undefined,
        title: archive.title || archive.url,
      });
    }
    return orphans.length;
  }

  return api;
}

/** The capture service's public surface. */
export type CaptureService = ReturnType<typeof createCaptureService>;
