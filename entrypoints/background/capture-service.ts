import type { CaptureOutcome, RecorderOptions } from '../../lib/capture';
import type { CaptureSink, CdpTransport } from '../../lib/capture/transport';
import type { ArchiveRow, CaptureTrigger } from '../../lib/db/entities';
import type { CaptureSettings } from '../../lib/storage/items';
import { CairnError, errorMessage, isQuotaError } from '../../lib/errors';

/** What a running recorder looks like to the service (lib/capture's Recorder). */
export interface RecorderHandle {
  start(): Promise<void>;
  stop(reason?: string): Promise<void>;
  readonly done: Promise<CaptureOutcome>;
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
  classifyUrl(
    url: string,
    opts: { fileAccess: boolean },
  ): { ok: true } | { ok: false; code: string; message: string };
  createRecorder(
    transport: CdpTransport,
    sink: CaptureSink,
    options: RecorderOptions,
  ): RecorderHandle;
  createSink(archiveId: string, tabId: number): CaptureSink;
  settings(): Promise<CaptureSettings>;
  environment(): RecorderOptions['environment'];
  /** Archive persistence. */
  archives: {
    defaultFolderId(): Promise<string>;
    create(row: ArchiveRow): Promise<void>;
    update(id: string, patch: Partial<ArchiveRow>): Promise<void>;
    findCapturingInTab(tabId: number): Promise<ArchiveRow | undefined>;
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
}

interface Running {
  archiveId: string;
  tabId: number;
  recorder: RecorderHandle;
  connection: Connection;
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

  async function recorderOptions(navigateTo?: string): Promise<RecorderOptions> {
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

  async function begin(
    tabId: number,
    url: string,
    request: CaptureRequest,
    ownsTab: boolean,
    navigateTo?: string,
  ): Promise<string> {
    await recovering.catch(() => undefined);
    const connection = await deps.attach(tabId);
    const now = deps.now();
    const archive: ArchiveRow = {
      id: deps.newId(),
      url,
      title: '',
      notes: '',
      folderId: request.folderId ?? (await deps.archives.defaultFolderId()),
      isPrivate: request.isPrivate ?? false,
      status: 'capturing',
      trigger: request.trigger,
      createdAt: now,
      updatedAt: now,
      size: 0,
      recordCount: 0,
      responseCount: 0,
      capture: { tabId, ownsTab, phase: 'starting', pending: 0, bytes: 0 },
    };
    try {
      await deps.archives.create(archive);
      await deps.archives.writeWarcinfo(archive);
    } catch (error) {
      await connection.detach();
      throw storageError(error, 'before');
    }
    // A write that fails (full disk) ends the capture: what was stored stays, nothing is
    // half-written (each append is one transaction), and the user is told why.
    let writeFailure: CairnError | undefined;
    const sink = guardSink(deps.createSink(archive.id, tabId), (error) => {
      if (writeFailure) return;
      writeFailure = storageError(error, 'during');
      void recorder.stop('storage-failed');
    });
    const recorder = deps.createRecorder(connection, sink, await recorderOptions(navigateTo));
    running.set(archive.id, { archiveId: archive.id, tabId, recorder, connection });
    deps.badge(tabId, 'recording');
    void recorder.done.then((outcome) =>
      finish(
        archive,
        writeFailure
          ? {
              ...outcome,
              status: 'partial',
              reasonCode: writeFailure.code,
              reason: writeFailure.message,
            }
          : outcome,
      ),
    );
    // Errors of start() surface through `done` as a failed outcome.
    await recorder.start().catch(() => undefined);
    return archive.id;
  }

  async function finish(archive: ArchiveRow, outcome: CaptureOutcome): Promise<void> {
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
        title: outcome.title || outcome.finalUrl || archive.url,
        endedAt: deps.now(),
        capture: undefined,
      });
    } catch (error) {
      console.error('[cairn] could not record the end of a capture', errorMessage(error));
    }
    if (archive.capture!.ownsTab) await deps.closeTab(tabId);
    else deps.badge(tabId, outcome.status);
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

  const api = {
    /**
     * Captures an open tab by reloading it under the recorder. If the tab is already being
     * captured, returns that capture instead of starting a second one.
     */
    async captureTab(
      tabId: number,
      request: CaptureRequest,
    ): Promise<{ archiveId: string; started: boolean }> {
      const existing = [...running.values()].find((r) => r.tabId === tabId);
      if (existing) return { archiveId: existing.archiveId, started: false };
      const tab = await deps.getTab(tabId);
      if (!tab) throw new CairnError('tab-closed', 'That tab no longer exists.');
      const url = tab.url || tab.pendingUrl || '';
      const verdict = deps.classifyUrl(url, { fileAccess: await deps.hasFileAccess() });
      if (!verdict.ok) throw new CairnError(verdict.code, verdict.message);
      const archiveId = await begin(tabId, url, request, false);
      return { archiveId, started: true };
    },

    /**
     * Captures a URL in a new background tab, recorded from its very first request and closed
     * when the capture ends; the user's own tab is not touched.
     */
    async captureUrl(
      url: string,
      request: CaptureRequest & { openerTabId?: number },
    ): Promise<{ archiveId: string }> {
      const normalized = normalizeUrl(url);
      const verdict = deps.classifyUrl(normalized, { fileAccess: await deps.hasFileAccess() });
      if (!verdict.ok) throw new CairnError(verdict.code, verdict.message);
      const tab = await deps.openBackgroundTab(request.openerTabId);
      if (tab.id === undefined)
        throw new CairnError('tab-failed', 'Chrome could not open a tab for the capture.');
      try {
        return { archiveId: await begin(tab.id, normalized, request, true, normalized) };
      } catch (error) {
        await deps.closeTab(tab.id);
        throw error;
      }
    },

    /** Finishes a running capture now; what was recorded is kept. */
    async stop(archiveId: string): Promise<boolean> {
      const entry = running.get(archiveId);
      if (!entry) return false;
      await entry.recorder.stop('stopped');
      return true;
    },

    /** Whether a tab is being captured by this worker instance. */
    isCapturingTab(tabId: number): boolean {
      return [...running.values()].some((r) => r.tabId === tabId);
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

/** Accepts what people type in a URL box: a bare host gets https://. */
export function normalizeUrl(input: string): string {
  const text = input.trim();
  if (!text) throw new CairnError('empty-url', 'Type or paste the address of a page to archive.');
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^:]+:\d+(\/|$)/.test(text)) return text;
  try {
    return new URL(`https://${text}`).href;
  } catch {
    throw new CairnError('invalid-url', `"${text}" is not a web address.`);
  }
}

/** Wraps a sink so that its first write failure is reported once and writing stops. */
function guardSink(sink: CaptureSink, onFailure: (error: unknown) => void): CaptureSink {
  let failed = false;
  const guard =
    <A extends unknown[]>(write: (...args: A) => Promise<void>) =>
    async (...args: A) => {
      if (failed) return;
      try {
        await write(...args);
      } catch (error) {
        failed = true;
        onFailure(error);
      }
    };
  return {
    exchange: guard(sink.exchange.bind(sink)),
    resource: guard(sink.resource.bind(sink)),
    metadata: guard(sink.metadata.bind(sink)),
    progress: (p) => sink.progress(p),
  };
}

function storageError(error: unknown, when: 'before' | 'during'): CairnError {
  if (isQuotaError(error)) {
    return new CairnError(
      'storage-full',
      when === 'before'
        ? 'There is no space left to store a new archive. Free some disk space or delete archives you no longer need; your earlier archives are intact.'
        : 'Storage ran out during the capture: there is no space left for more records. Everything recorded before that was kept. Free some disk space or delete archives you no longer need.',
      { cause: error },
    );
  }
  return new CairnError('storage-failed', `Could not store the archive: ${errorMessage(error)}`, {
    cause: error,
  });
}
