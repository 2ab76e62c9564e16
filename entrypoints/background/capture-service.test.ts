import { describe, expect, it } from 'vitest';
import type { CaptureOutcome } from '../../lib/capture';
import type { CaptureSink } from '../../lib/capture/transport';
import type { RecordingOutcome, TabRecorderOptions } from '../../lib/capture/tab-recorder';
import type { ArchiveRow } from '../../lib/db/entities';
import { DEFAULT_CAPTURE_SETTINGS } from '../../lib/storage/items';
import { CairnError } from '../../lib/errors';
import {
  createCaptureService,
  type CaptureServiceDeps,
  type Connection,
  type RecorderHandle,
} from './capture-service';

/** A recorder whose outcome the test decides. */
class FakeRecorder implements RecorderHandle {
  finish!: (outcome: RecordingOutcome | CaptureOutcome) => void;
  readonly done = new Promise<RecordingOutcome | CaptureOutcome>(
    (resolve) => (this.finish = resolve),
  );
  stopped?: string;
  options?: TabRecorderOptions;
  constructor(readonly sink: CaptureSink) {}
  async start() {}
  async stop(reason?: string) {
    this.stopped = reason ?? 'stopped';
    this.finish(outcome('complete'));
  }
}

function outcome(
  status: CaptureOutcome['status'],
  extra: Partial<CaptureOutcome> = {},
): CaptureOutcome {
  return {
    status,
    finalUrl: 'https://example.test/',
    title: 'Example',
    responses: 3,
    bytes: 10,
    endReason: 'idle',
    ...extra,
  };
}

function setup(overrides: Partial<CaptureServiceDeps> = {}) {
  const rows = new Map<string, ArchiveRow>();
  const recorders: FakeRecorder[] = [];
  const detached: number[] = [];
  const closed: number[] = [];
  const reports: Array<[string, CaptureOutcome]> = [];
  const connection = (tabId: number): Connection => ({
    send: async () => ({}) as never,
    onEvent: () => () => undefined,
    onDetach: () => () => undefined,
    detach: async () => void detached.push(tabId),
  });
  const attached: number[] = [];
  const deps: CaptureServiceDeps = {
    attach: async (tabId) => {
      attached.push(tabId);
      return connection(tabId);
    },
    getTab: async (tabId) => ({ id: tabId, url: 'https://example.test/page' }),
    openBackgroundTab: async () => ({ id: 99 }),
    closeTab: async (tabId) => void closed.push(tabId),
    hasFileAccess: async () => false,
    canConnect: async () => true,
    classifyUrl: (url) =>
      url.startsWith('chrome://')
        ? { ok: false, code: 'browser-page', message: 'Chrome pages cannot be archived.' }
        : { ok: true },
    createRecorder: (_t, sink) => {
      const r = new FakeRecorder(sink);
      recorders.push(r);
      return r;
    },
    createTabRecorder: (_t, sink, options) => {
      const r = new FakeRecorder(sink);
      r.options = options;
      recorders.push(r);
      return r;
    },
    createSink: () => ({
      exchange: async () => undefined,
      resource: async () => undefined,
      metadata: async () => undefined,
      progress: () => undefined,
    }),
    settings: async () => DEFAULT_CAPTURE_SETTINGS,
    environment: () => ({ software: 'Cairn/test', browserVersion: 'Chromium 1', userAgent: 'UA' }),
    archives: {
      defaultFolderId: async () => 'folder-1',
      create: async (row) => void rows.set(row.id, structuredClone(row)),
      update: async (id, patch) => void rows.set(id, { ...rows.get(id)!, ...patch }),
      findRecent: async (key, since) =>
        [...rows.values()].find(
          (r) => r.url.split('#')[0] === key && r.createdAt >= since && r.status !== 'failed',
        ),
      listCapturing: async () => [...rows.values()].filter((r) => r.status === 'capturing'),
      writeWarcinfo: async () => undefined,
    },
    report: (archive, o) => void reports.push([archive.id, o]),
    badge: () => undefined,
    now: () => 1_700_000_000_000,
    newId: (() => {
      let n = 0;
      return () => `archive-${++n}`;
    })(),
    ...overrides,
  };
  return {
    service: createCaptureService(deps),
    rows,
    recorders,
    attached,
    detached,
    closed,
    reports,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('capture service: record this tab', () => {
  it("records the user's own tab, lists its pages as they come, and leaves the tab open", async () => {
    const { service, rows, recorders, attached, closed, detached } = setup();
    const { archiveId, started } = await service.recordTab(7, { reloadFirst: false });
    expect(started).toBe(true);
    expect(attached).toEqual([7]);
    expect(rows.get(archiveId)).toMatchObject({
      trigger: 'record',
      status: 'capturing',
      url: 'https://example.test/page',
      capture: { tabId: 7, ownsTab: false, phase: 'recording' },
    });
    const recorder = recorders[0]!;
    expect(recorder.options).toMatchObject({ reloadFirst: false, idleStopMs: 30 * 60_000 });
    const pages = [
      { url: 'https://example.test/page', title: 'First', ts: 1 },
      { url: 'https://example.test/next', title: 'Next', ts: 2 },
    ];
    recorder.options!.onPages!(pages);
    await settle();
    expect(rows.get(archiveId)).toMatchObject({ pages, title: 'First' });
    // A second request for the same tab shows the recording that runs.
    expect(await service.recordTab(7, { reloadFirst: true })).toEqual({
      archiveId,
      started: false,
      recording: true,
    });
    // "Archive this page" on the recorded tab is still a capture of its own.
    const capture = await service.captureTab(7, { trigger: 'action', again: true });
    expect(capture.started).toBe(true);
    expect(capture.archiveId).not.toBe(archiveId);

    recorder.finish({ ...outcome('complete', { endReason: 'stopped' }), pages });
    await settle();
    await settle();
    expect(rows.get(archiveId)).toMatchObject({ status: 'complete', pages, capture: undefined });
    expect(detached).toContain(7);
    expect(closed).not.toContain(7);
  });

  it('asks before "Reload first" would lose typed input, and shows the recording when the popup opens', async () => {
    const sent: string[] = [];
    const { service, rows, detached } = setup({
      attach: async (tabId) => ({
        send: async (method: string) => {
          sent.push(method);
          return { result: { value: true } } as never;
        },
        onEvent: () => () => undefined,
        onDetach: () => () => undefined,
        detach: async () => void detached.push(tabId),
      }),
    });
    await expect(service.recordTab(7, { reloadFirst: true })).rejects.toMatchObject({
      code: 'unsaved-input',
    });
    expect(sent).toEqual(['Runtime.evaluate']);
    expect(detached).toEqual([7]);
    expect(rows.size).toBe(0);
    const { archiveId } = await service.recordTab(7, { reloadFirst: true, reloadConfirmed: true });
    expect(rows.get(archiveId)?.trigger).toBe('record');
    expect(await service.captureTab(7, { trigger: 'action' })).toEqual({
      archiveId,
      started: false,
      recording: true,
    });
  });

  it('adds a tab the recorded tab opened to the same archive, and ends it with the recording', async () => {
    const { service, rows, recorders, attached, detached, closed } = setup();
    const { archiveId } = await service.recordTab(7, { reloadFirst: false });
    expect(await service.recordOpenedTab(archiveId, 8)).toBe(true);
    expect(attached).toEqual([7, 8]);
    const [main, child] = recorders;
    // The opened tab is reloaded: it loaded before it could be attached.
    expect(child!.options).toMatchObject({ reloadFirst: true });
    expect(child!.sink).toBe(main!.sink);
    expect(service.recordingOfTab(8)).toBe(archiveId);
    expect(await service.recordTab(8, { reloadFirst: false })).toMatchObject({
      archiveId,
      started: false,
    });
    main!.options!.onPages!([{ url: 'https://example.test/page', title: 'First', ts: 1 }]);
    child!.options!.onPages!([{ url: 'https://example.test/opened', title: 'Opened', ts: 2 }]);
    main!.options!.onPages!([
      { url: 'https://example.test/page', title: 'First', ts: 1 },
      { url: 'https://example.test/next', title: 'Next', ts: 3 },
    ]);
    await settle();
    expect(rows.get(archiveId)!.pages!.map((p) => p.title)).toEqual(['First', 'Opened', 'Next']);

    main!.finish(outcome('complete', { endReason: 'stopped' }));
    await settle();
    await settle();
    expect(child!.stopped).toBe('stopped');
    expect(rows.get(archiveId)).toMatchObject({ status: 'complete', capture: undefined });
    expect(rows.get(archiveId)!.pages).toHaveLength(3);
    expect(detached).toEqual(expect.arrayContaining([7, 8]));
    expect(closed).toEqual([]);
    // Once the recording ended, a late opened tab is not added.
    expect(await service.recordOpenedTab(archiveId, 9)).toBe(false);
  });

  it('refuses a page Chrome does not let extensions record', async () => {
    const { service, rows } = setup({
      getTab: async (id) => ({ id, url: 'chrome://settings/' }),
    });
    await expect(service.recordTab(7, { reloadFirst: false })).rejects.toMatchObject({
      code: 'browser-page',
    });
    expect(rows.size).toBe(0);
  });
});

describe('capture service', () => {
  it("captures a tab's page in a background tab of its own, never attaching to the user's tab", async () => {
    const opened: Array<number | undefined> = [];
    const { service, rows, recorders, attached, detached, closed } = setup({
      openBackgroundTab: async (opener) => {
        opened.push(opener);
        return { id: 99 };
      },
    });
    const { archiveId, started } = await service.captureTab(7, { trigger: 'action' });
    expect(started).toBe(true);
    expect(opened).toEqual([7]);
    expect(attached).toEqual([99]);
    expect(rows.get(archiveId)).toMatchObject({
      status: 'capturing',
      folderId: 'folder-1',
      url: 'https://example.test/page',
      capture: { tabId: 99, ownsTab: true, openerTabId: 7 },
    });
    recorders[0]!.finish(outcome('complete'));
    await settle();
    expect(rows.get(archiveId)).toMatchObject({
      status: 'complete',
      title: 'Example',
      capture: undefined,
    });
    expect(detached).toEqual([99]);
    expect(closed).toEqual([99]);
  });

  it("keeps the page's HTTP status on the archive, so an archived error page shows as one", async () => {
    const { service, rows, recorders } = setup();
    const { archiveId } = await service.captureTab(7, { trigger: 'action' });
    expect(rows.get(archiveId)!.pageStatus).toBeUndefined();
    recorders[0]!.finish(outcome('complete', { pageStatus: 404 }));
    await settle();
    expect(rows.get(archiveId)).toMatchObject({ status: 'complete', pageStatus: 404 });
  });

  it('returns the running capture when the same page is captured twice', async () => {
    const { service, recorders } = setup();
    const first = await service.captureTab(7, { trigger: 'action' });
    const second = await service.captureTab(7, { trigger: 'command' });
    const third = await service.captureUrl('https://example.test/page#comments', {
      trigger: 'link-menu',
    });
    expect(second).toEqual({ archiveId: first.archiveId, started: false });
    expect(third).toEqual({ archiveId: first.archiveId, started: false });
    expect(recorders).toHaveLength(1);
  });

  it('gives one capture for two triggers at the same moment (double click, two menu clicks)', async () => {
    const { service, recorders, rows } = setup();
    const [a, b, c] = await Promise.all([
      service.captureTab(7, { trigger: 'action' }),
      service.captureTab(7, { trigger: 'action', again: true }),
      service.captureUrl('example.test/page', { trigger: 'link-menu' }),
    ]);
    expect(new Set([a.archiveId, b.archiveId, c.archiveId]).size).toBe(1);
    expect([a.started, b.started, c.started].filter(Boolean)).toHaveLength(1);
    expect(recorders).toHaveLength(1);
    expect(rows.size).toBe(1);
  });

  it('shows the archive of minutes ago when the popup opens on the same page, until "Archive again"', async () => {
    let now = 1_700_000_000_000;
    const { service, recorders, rows } = setup({ now: () => now });
    const first = await service.captureTab(7, { trigger: 'action' });
    recorders[0]!.finish(outcome('complete'));
    await settle();
    now += 9 * 60_000;
    expect(await service.captureTab(7, { trigger: 'action' })).toEqual({
      archiveId: first.archiveId,
      started: false,
      recent: true,
    });
    expect(recorders).toHaveLength(1);
    const again = await service.captureTab(7, { trigger: 'action', again: true });
    expect(again.started).toBe(true);
    expect(rows.size).toBe(2);
    recorders[1]!.finish(outcome('complete'));
    await settle();
    // A shortcut or menu click is an explicit request: it archives again.
    expect((await service.captureTab(7, { trigger: 'command' })).started).toBe(true);
    // Past the window (11 minutes after the latest), the popup archives again by itself.
    recorders[2]!.finish(outcome('complete'));
    await settle();
    now += 11 * 60_000;
    expect((await service.captureTab(7, { trigger: 'action' })).started).toBe(true);
  });

  it('does not count a failed capture as a recent copy', async () => {
    const { service, recorders } = setup();
    await service.captureTab(7, { trigger: 'action' });
    recorders[0]!.finish(outcome('failed', { responses: 0 }));
    await settle();
    expect((await service.captureTab(7, { trigger: 'action' })).started).toBe(true);
  });

  it('refuses pages Chrome does not let extensions record, with the specific reason', async () => {
    const { service, rows } = setup({ getTab: async (id) => ({ id, url: 'chrome://settings' }) });
    await expect(service.captureTab(7, { trigger: 'action' })).rejects.toMatchObject({
      code: 'browser-page',
      message: 'Chrome pages cannot be archived.',
    });
    expect(rows.size).toBe(0);
  });

  it('passes attach errors through and creates nothing, closing the capture tab', async () => {
    const { service, rows, closed } = setup({
      attach: async () => {
        throw new CairnError('already-debugged', 'DevTools is already debugging this tab.');
      },
    });
    await expect(service.captureTab(7, { trigger: 'action' })).rejects.toMatchObject({
      code: 'already-debugged',
    });
    expect(rows.size).toBe(0);
    expect(closed).toEqual([99]);
  });

  it('records a link in its own background tab and closes that tab at the end', async () => {
    const { service, rows, recorders, closed, reports } = setup();
    const { archiveId } = await service.captureUrl('example.test/article', {
      trigger: 'link-menu',
      openerTabId: 3,
    });
    expect(rows.get(archiveId)).toMatchObject({
      url: 'https://example.test/article',
      capture: { tabId: 99, ownsTab: true },
    });
    recorders[0]!.finish(outcome('partial', { reason: 'You cancelled the debugging bar.' }));
    await settle();
    expect(closed).toEqual([99]);
    expect(rows.get(archiveId)).toMatchObject({
      status: 'partial',
      reason: 'You cancelled the debugging bar.',
    });
    expect(reports[0]![1].status).toBe('partial');
  });

  it('ends the capture as partial with a storage message when a write fails for lack of space', async () => {
    const quota = Object.assign(new Error('The quota has been exceeded.'), {
      name: 'QuotaExceededError',
    });
    let writes = 0;
    const { service, rows, recorders } = setup({
      createSink: () => ({
        exchange: async () => {
          writes++;
          throw quota;
        },
        resource: async () => undefined,
        metadata: async () => undefined,
        progress: () => undefined,
      }),
    });
    const { archiveId } = await service.captureTab(7, { trigger: 'action' });
    const sink = recorders[0]!.sink;
    await sink.exchange({} as never);
    await sink.exchange({} as never); // after the failure nothing more is attempted
    await settle();
    expect(writes).toBe(1);
    expect(recorders[0]!.stopped).toBe('storage-failed');
    expect(rows.get(archiveId)).toMatchObject({ status: 'partial', reasonCode: 'storage-full' });
    expect(rows.get(archiveId)!.reason).toMatch(/no space left/i);
  });

  it('stops a running capture on request and keeps what was recorded', async () => {
    const { service, rows, recorders } = setup();
    const { archiveId } = await service.captureTab(7, { trigger: 'action' });
    expect(await service.stop(archiveId)).toBe(true);
    await settle();
    expect(recorders[0]!.stopped).toBe('stopped');
    expect(rows.get(archiveId)!.status).toBe('complete');
    expect(await service.stop('unknown')).toBe(false);
  });

  it('recovers captures a stopped worker left behind: detaches, closes owned tabs, ends them clearly', async () => {
    const { service, rows, closed } = setup();
    const base = {
      title: '',
      notes: '',
      folderId: 'f',
      isPrivate: false,
      trigger: 'action',
      createdAt: 1,
      updatedAt: 1,
      size: 100,
      recordCount: 4,
    } as const;
    rows.set('kept', {
      ...base,
      id: 'kept',
      url: 'https://a.test/',
      status: 'capturing',
      responseCount: 3,
      capture: { tabId: 5, ownsTab: false, phase: 'loading', pending: 2, bytes: 5 },
    });
    rows.set('empty', {
      ...base,
      id: 'empty',
      url: 'https://b.test/',
      status: 'capturing',
      responseCount: 0,
      capture: { tabId: 6, ownsTab: true, phase: 'starting', pending: 0, bytes: 0 },
    });
    const stale: number[] = [];
    expect(await service.recover(async (tabId) => void stale.push(tabId))).toBe(2);
    expect(stale.sort()).toEqual([5, 6]);
    expect(closed).toEqual([6]);
    expect(rows.get('kept')).toMatchObject({
      status: 'partial',
      reasonCode: 'worker-restarted',
      capture: undefined,
    });
    expect(rows.get('kept')!.reason).toMatch(/3 responses recorded before that were kept/);
    expect(rows.get('empty')).toMatchObject({ status: 'failed', reasonCode: 'worker-restarted' });
  });
});

describe('typed addresses', () => {
  it('tries https for a host typed without a scheme, and http when https cannot connect', async () => {
    const probed: string[] = [];
    const reachable = new Set(['https://secure.test/']);
    const { service, rows } = setup({
      canConnect: async (url) => {
        probed.push(url);
        return reachable.has(url);
      },
    });
    const a = await service.captureUrl('secure.test', { trigger: 'url-box' });
    const b = await service.captureUrl('plain.test/page', { trigger: 'url-box' });
    const c = await service.captureUrl('https://typed.test/', { trigger: 'url-box' });
    expect(rows.get(a.archiveId)!.url).toBe('https://secure.test/');
    expect(rows.get(b.archiveId)!.url).toBe('http://plain.test/page');
    expect(rows.get(c.archiveId)!.url).toBe('https://typed.test/');
    // An address typed with its scheme is taken as it is.
    expect(probed).toEqual(['https://secure.test/', 'https://plain.test/page']);
  });
});

describe('bad input', () => {
  it.each([
    ['not a url', 'invalid-url', /cannot contain spaces/],
    ['http://exa mple.com', 'invalid-url', /cannot contain spaces/],
    ['https://exa%20mple.com', 'invalid-url', /not a web address/],
    ['   ', 'empty-url', /Type or paste/],
    ['http://', 'invalid-url', /not a web address/],
    ['http://user:secret@example.test/', 'credentials-in-url', /password/],
    ['https://user@example.test/', 'credentials-in-url', /user name/],
    ['chrome://settings', 'browser-page', /cannot be archived/],
  ])('%j is refused (%s) and creates no archive and no tab', async (input, code, message) => {
    const opened: number[] = [];
    const { service, rows, recorders } = setup({
      openBackgroundTab: async () => {
        opened.push(1);
        return { id: 99 };
      },
    });
    const attempt = service.captureUrl(input, { trigger: 'url-box' });
    await expect(attempt).rejects.toMatchObject({ code });
    await expect(attempt).rejects.toThrow(message);
    expect(rows.size).toBe(0);
    expect(opened).toHaveLength(0);
    expect(recorders).toHaveLength(0);
  });

  it('refuses a tab whose address carries a password, and the secret appears in no message', async () => {
    const { service, rows } = setup({
      getTab: async (id) => ({ id, url: 'https://user:hunter2@example.test/' }),
    });
    const attempt = service.captureTab(7, { trigger: 'action' });
    await expect(attempt).rejects.toMatchObject({ code: 'credentials-in-url' });
    await expect(attempt).rejects.not.toThrow(/hunter2/);
    expect(rows.size).toBe(0);
  });

  it('captures a local file only with file access', async () => {
    const { service, rows } = setup({
      classifyUrl: (url, { fileAccess }) =>
        url.startsWith('file:') && !fileAccess
          ? { ok: false, code: 'file-access', message: 'Allow access to file URLs.' }
          : { ok: true },
    });
    await expect(
      service.captureUrl('file:///etc/passwd', { trigger: 'url-box' }),
    ).rejects.toMatchObject({ code: 'file-access' });
    expect(rows.size).toBe(0);
  });
});
