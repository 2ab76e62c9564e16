import { PNG } from 'pngjs';
import { vi } from 'vitest';
import type { ArchiveRow, FolderRow } from '../../lib/db/entities';
import { createArchive } from '../../lib/db/repos/archives';
import { appendRecords } from '../../lib/db/repos/records';
import type { CairnDb } from '../../lib/db/schema';
import { buildResourceRecord, buildWarcinfo } from '../../lib/warc';
import type { RequestTrace } from '../../lib/sync/http';
import { createSyncService, type SyncServiceOptions } from '../../lib/sync/sync-service';

/** A small real PNG (pngjs), as the screenshot resource Cairn stores. */
export function pngBytes(width = 4, height = 3): Uint8Array {
  const png = new PNG({ width, height });
  png.data.fill(200);
  return new Uint8Array(PNG.sync.write(png));
}

/** Adds a folder row (tests seed the tree directly). */
export async function addFolder(
  db: CairnDb,
  name: string,
  parentId: string | null = null,
): Promise<FolderRow> {
  const folder: FolderRow = {
    id: crypto.randomUUID(),
    parentId,
    name,
    createdAt: Date.now(),
    updatedAt: Date.now(),
  };
  await db.folders.add(folder);
  return folder;
}

/**
 * Creates a finished archive through the repositories, with a real WARC: warcinfo and a
 * screenshot resource record (`urn:view:`) holding a PNG.
 */
export async function addArchive(
  fields: Partial<ArchiveRow> & { folderId: string },
): Promise<ArchiveRow> {
  const now = Date.now();
  const url = fields.url ?? `https://example.test/page-${crypto.randomUUID().slice(0, 8)}`;
  const row: ArchiveRow = {
    id: crypto.randomUUID(),
    url,
    title: 'A page',
    notes: '',
    isPrivate: false,
    status: 'complete',
    trigger: 'action',
    createdAt: now,
    updatedAt: now,
    endedAt: now,
    size: 0,
    recordCount: 0,
    responseCount: 1,
    ...fields,
  };
  await createArchive(row);
  const warcinfo = await buildWarcinfo({
    filename: `${row.id}.warc.gz`,
    software: 'Cairn test',
    isPartOf: row.id,
    description: `Capture of ${url}`,
  });
  const shot = await buildResourceRecord({
    uri: `urn:view:${url}`,
    contentType: 'image/png',
    body: new Blob([pngBytes() as BlobPart], { type: 'image/png' }),
    createdAt: now,
  });
  await appendRecords(row.id, [warcinfo, shot]);
  return row;
}

/** Fast engine timing for tests: short polls, short backoff, short leases. */
export const FAST_ENGINE: NonNullable<SyncServiceOptions['engine']> = {
  timing: { pollIntervalMs: 15, pollBudgetMs: 3000, followUpMs: 30 },
  backoff: { baseMs: 20, maxMs: 400 },
  leaseMs: 5000,
  concurrency: 4,
  maxAttempts: 8,
};

/** A sync service wired for Node tests, recording every request it makes. */
export function testSyncService(overrides: Partial<SyncServiceOptions> = {}) {
  const traces: RequestTrace[] = [];
  const wakes = { count: 0 };
  const notices: Array<[string, string]> = [];
  const service = createSyncService({
    hasPermission: async () => true,
    onTrace: (trace) => traces.push(trace),
    notify: (title, message) => notices.push([title, message]),
    wake: () => void wakes.count++,
    timeoutMs: 3000,
    ...overrides,
    engine: { ...FAST_ENGINE, ...overrides.engine },
  });
  return { service, traces, wakes, notices };
}

/** Captures console output so tests can check no secret is ever printed. */
export function captureConsole(): { text: () => string } {
  const lines: string[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(
        args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '),
      );
    });
  }
  return { text: () => lines.join('\n') };
}

/**
 * Adds the Perma test server to a sync service as "Perma test" (its API key), and syncs the
 * local folder `rootId` and its subfolders to it.
 */
export async function configurePerma(
  perma: { origin: string; apiKey: string },
  rootId: string,
  harness = testSyncService(),
) {
  const { server: config, test } = await harness.service.saveServer({
    kind: 'perma',
    name: 'Perma test',
    baseUrl: perma.origin,
    credentials: { type: 'apiKey', apiKey: perma.apiKey },
  });
  await harness.service.setFolderSync({ folderId: rootId, serverIds: [config.id] });
  return { ...harness, serverId: config.id, test };
}
