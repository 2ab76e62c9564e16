import { describe, expect, it } from 'vitest';
import type { CaptureOutcome } from '../../lib/capture';
import type { CaptureSink } from '../../lib/capture/transport';
import type { ArchiveRow } from '../../lib/db/entities';
import { DEFAULT_CAPTURE_SETTINGS } from '../../lib/storage/items';
import { CairnError } from '../../lib/errors';
import {
  createCaptureService,
  normalizeUrl,
  type CaptureServiceDeps,
  type Connection,
  type RecorderHandle,
} from './capture-service';

/** A recorder whose outcome the test decides. */
class FakeRecorder implements RecorderHandle {
  finish!: (outcome: CaptureOutcome) => void;
  readonly done = new Promise<CaptureOutcome>((resolve) => (this.finish = resolve));
  stopped?: string;
  constructor(readonly sink: CaptureSink) {}
  async start() {}
  async stop(reason?: string) {
    this.stopped = reason;
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
  const deps: CaptureServiceDeps = {
    attach: async (tabId) => connection(tabId),
    getTab: async (tabId) => ({ id: tabId, url: 'https://example.test/page' }),
    openBackgroundTab: async () => ({ id: 99 }),
    closeTab: async (tabId) => void closed.push(tabId),
    hasFileAccess: async () => false,
    classifyUrl: (url) =>
      url.startsWith('chrome://')
        ? { ok: false, code: 'browser-page', message: 'Chrome pages cannot be archived.' }
        : { ok: true },
    createRecorder: (_t, sink) => {
      const r = new FakeRecorder(sink);
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
      findCapturingInTab: async (tabId) =>
        [...rows.values()].find((r) => r.status === 'capturing' && r.capture?.tabId === tabId),
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
  return { service: createCaptureService(deps), rows, recorders, detached, closed, reports };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('capture service', () => {
  it('captures a tab into a new archive in the default folder and records the outcome', async () => {
    const { service, rows, recorders, detached } = setup();
    const { archiveId, started } = await service.captureTab(7, { trigger: 'action' });
    expect(started).toBe(true);
    expect(rows.get(archiveId)).toMatchObject({
      status: 'capturing',
      folderId: 'folder-1',
      url: 'https://example.test/page',
    });
    recorders[0]!.finish(outcome('complete'));
    await settle();
    expect(rows.get(archiveId)).toMatchObject({
      status: 'complete',
      title: 'Example',
      capture: undefined,
    });
    expect(detached).toEqual([7]);
  });

  it("keeps the page's HTTP status on the archive, so an archived error page shows as one", async () => {
    const { service, rows, recorders } = setup();
    const { archiveId } = await service.captureTab(7, { trigger: 'action' });
    expect(rows.get(archiveId)!.pageStatus).toBeUndefined();
    recorders[0]!.finish(outcome('complete', { pageStatus: 404 }));
    await settle();
    expect(rows.get(archiveId)).toMatchObject({ status: 'complete', pageStatus: 404 });
  });

  it('returns the running capture when the same tab is captured twice', async () => {
    const { service, recorders } = setup();
    const first = await service.captureTab(7, { trigger: 'action' });
    const second = await service.captureTab(7, { trigger: 'command' });
    expect(second).toEqual({ archiveId: first.archiveId, started: false });
    expect(recorders).toHaveLength(1);
  });

  it('refuses pages Chrome does not let extensions record, with the specific reason', async () => {
    const { service, rows } = setup({ getTab: async (id) => ({ id, url: 'chrome://settings' }) });
    await expect(service.captureTab(7, { trigger: 'action' })).rejects.toMatchObject({
      code: 'browser-page',
      message: 'Chrome pages cannot be archived.',
    });
    expect(rows.size).toBe(0);
  });

  it('passes attach errors through (DevTools already open) and creates nothing', async () => {
    const { service, rows } = setup({
      attach: async () => {
        throw new CairnError('already-debugged', 'DevTools is already debugging this tab.');
      },
    });
    await expect(service.captureTab(7, { trigger: 'action' })).rejects.toMatchObject({
      code: 'already-debugged',
    });
    expect(rows.size).toBe(0);
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

describe('normalizeUrl', () => {
  it.each([
    ['example.org', 'https://example.org/'],
    ['  https://example.org/a?b=c ', 'https://example.org/a?b=c'],
    ['localhost:8080/x', 'https://localhost:8080/x'],
    ['http://127.0.0.1:9000/', 'http://127.0.0.1:9000/'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  it('rejects empty input with a clear message', () => {
    expect(() => normalizeUrl('  ')).toThrow(/Type or paste/);
  });
});
