import type { CaptureOutcome } from '../../lib/capture';
import type { CaptureSink } from '../../lib/capture/transport';
import type { RecordedPage } from '../../lib/capture/types';
import { hasUnsavedInput } from '../../lib/capture/unsaved-input';
import type { ArchiveRow } from '../../lib/db/entities';
import { CairnError } from '../../lib/errors';
import type { CaptureSettings } from '../../lib/storage/items';
import type {
  CaptureServiceDeps,
  CaptureStart,
  Connection,
  RecordRequest,
  RecorderHandle,
  Running,
} from './capture-service';
import { recordableTab, stoppingSink, storeNewArchive } from './capture-start';

/** What the recordings share with the capture service. */
export interface RecordingContext {
  deps: CaptureServiceDeps;
  /** Every recorder that runs, captures and recordings alike, by archive id (children apart). */
  running: Map<string, Running>;
  /** Resolves once the recovery of a previous worker's captures is over. */
  recovered(): Promise<unknown>;
  /** Ends an archive's capture: its row, the tab's badge, the report. */
  finish(archive: ArchiveRow, outcome: CaptureOutcome & { pages?: RecordedPage[] }): Promise<void>;
}

/** One recording: the user's tab, and the tabs it opened that the user added. */
interface Recording {
  archive: ArchiveRow;
  /** One sink for every tab of the recording: the archive's records stay in one order. */
  sink: CaptureSink;
  settings: CaptureSettings;
  /** Each tab's pages; the archive lists them all, in the order they were opened. */
  pages: Map<number, RecordedPage[]>;
  /** Recorders of opened tabs, by tab id. */
  children: Map<number, { recorder: RecorderHandle; connection: Connection }>;
  ending: boolean;
}

const STREAM_THRESHOLD = 4 * 1024 * 1024;

/**
 * "Record this tab": a recording of the user's own tab, page after page, into one archive,
 * joined by the tabs it opens when the user says so. The recording ends with its first tab
 * (Stop, the tab closed, idle); tabs it opened end with it, or earlier when they close.
 */
export function createTabRecordings(ctx: RecordingContext) {
  const { deps, running } = ctx;
  const recordings = new Map<string, Recording>();

  function pagesOf(recording: Recording): RecordedPage[] {
    return [...recording.pages.values()].flat().sort((a, b) => a.ts - b.ts);
  }

  function pagesChanged(recording: Recording, tabId: number, pages: RecordedPage[]): void {
    recording.pages.set(tabId, pages);
    const first = recording.pages.get(recording.archive.capture!.tabId)?.[0];
    // The popup lists the pages as they come.
    void deps.archives
      .update(recording.archive.id, {
        pages: pagesOf(recording),
        title: first?.title || recording.archive.title,
      })
      .catch(() => undefined);
  }

  function recorderFor(
    recording: Recording,
    tabId: number,
    connection: Connection,
    reloadFirst: boolean,
  ): RecorderHandle {
    const s = recording.settings;
    return deps.createTabRecorder(connection, recording.sink, {
      reloadFirst,
      maxBodySize: s.maxBodySize,
      streamThreshold: STREAM_THRESHOLD,
      screenshot: s.screenshot,
      idleStopMs: s.recordIdleMin * 60_000,
      environment: deps.environment(),
      onPages: (pages) => pagesChanged(recording, tabId, pages),
    });
  }

  /** The recording a tab belongs to: its first tab, or one it opened. */
  function recordingOfTab(tabId: number): string | undefined {
    for (const recording of recordings.values()) {
      if (recording.ending) continue;
      if (recording.archive.capture!.tabId === tabId || recording.children.has(tabId))
        return recording.archive.id;
    }
    return undefined;
  }

  async function begin(
    tabId: number,
    url: string,
    title: string,
    request: RecordRequest,
  ): Promise<string> {
    await ctx.recovered().catch(() => undefined);
    const settings = await deps.settings();
    const connection = await deps.attach(tabId);
    if (request.reloadFirst && !request.reloadConfirmed) {
      if (
        await hasUnsavedInput((method, params, sessionId) =>
          connection.send(method, params, sessionId),
        )
      ) {
        await connection.detach();
        throw new CairnError(
          'unsaved-input',
          'This page holds text or choices you entered that reloading would lose.',
        );
      }
    }
    const archive = await storeNewArchive(
      deps,
      {
        url,
        title,
        folderId: request.folderId,
        isPrivate: request.isPrivate,
        trigger: 'record',
        capture: { tabId, ownsTab: false, phase: 'recording', pending: 0, bytes: 0 },
      },
      () => connection.detach(),
    );
    const guarded = stoppingSink(
      deps.createSink(archive.id, tabId),
      () => void recorder.stop('storage-failed'),
    );
    const recording: Recording = {
      archive,
      sink: guarded.sink,
      settings,
      pages: new Map(),
      children: new Map(),
      ending: false,
    };
    recordings.set(archive.id, recording);
    const recorder = recorderFor(recording, tabId, connection, request.reloadFirst);
    running.set(archive.id, {
      archiveId: archive.id,
      tabId,
      key: `record:${tabId}`,
      recorder,
      connection,
      ownsTab: false,
    });
    deps.badge(tabId, 'recording');
    void recorder.done.then(async (outcome) => {
      // The tabs it opened end with it; their pages are the archive's too.
      recording.ending = true;
      await Promise.all([...recording.children.values()].map((c) => c.recorder.stop()));
      recordings.delete(archive.id);
      await ctx.finish(archive, guarded.outcome({ ...outcome, pages: pagesOf(recording) }));
    });
    await recorder.start().catch(() => undefined);
    return archive.id;
  }

  return {
    recordingOfTab,

    /** Starts recording a tab, or returns the recording it is part of. */
    async record(tabId: number, request: RecordRequest): Promise<CaptureStart> {
      const live = recordingOfTab(tabId);
      if (live) return { archiveId: live, started: false, recording: true };
      const { url, title } = await recordableTab(deps, tabId);
      return {
        archiveId: await begin(tabId, url, title, request),
        started: true,
        recording: true,
      };
    },

    /**
     * Adds a tab the recording's tabs opened (target=_blank, window.open) to the recording.
     * The tab is reloaded first: it opened before it could be attached, and a tab that just
     * opened holds nothing of the user's yet. False when the recording has ended meanwhile
     * or the tab shows nothing that can be recorded.
     */
    async addOpenedTab(archiveId: string, tabId: number): Promise<boolean> {
      const recording = recordings.get(archiveId);
      if (!recording || recording.ending || recording.children.has(tabId)) return false;
      if (
        !(await recordableTab(deps, tabId).then(
          () => true,
          () => false,
        ))
      )
        return false;
      const connection = await deps.attach(tabId);
      if (recording.ending) {
        await connection.detach();
        return false;
      }
      const recorder = recorderFor(recording, tabId, connection, true);
      recording.children.set(tabId, { recorder, connection });
      deps.badge(tabId, 'recording');
      void recorder.done.then(async (outcome) => {
        recording.children.delete(tabId);
        if (outcome.pages) recording.pages.set(tabId, outcome.pages);
        await connection.detach();
        deps.badge(tabId, outcome.status);
      });
      await recorder.start().catch(() => undefined);
      return true;
    },
  };
}
