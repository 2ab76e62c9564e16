// The sync benchmark: 1,000 archives synced to the Perma test server while it injects a
// failure into 10% of all requests (dropped connections, 500, 503, 429 with Retry-After,
// responses lost after the server acted, 502 pages after the server acted, requests the
// browser resent). Archives come in same-URL pairs, one public and one private, in different
// folders: the case where a lookup that matched on URL and title alone crossed them. Prints
// the time, the remote archives (must be exactly 1,000: none lost, no duplicate left),
// crossed privacy and folders (must be 0), spare copies cleaned, archives left for review,
// and the retries. Run with `npm run bench:sync`.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPermaServer, type PermaServer } from '../../test/servers/perma-server.js';
import { useFreshDb } from '../../lib/db/test-db';
import { listSyncStatesOfServer } from '../../lib/db/repos/sync-states';
import { listOutbox } from '../../lib/db/repos/outbox';
import { createSyncService } from '../../lib/sync/sync-service';
import { addArchive, addFolder } from '../../test/sync/support';

const ARCHIVES = Number(process.env.BENCH_ARCHIVES ?? 1000);
const FAILURE_RATE = Number(process.env.BENCH_FAILURE_RATE ?? 0.1);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const SEED = Number(process.env.BENCH_SEED ?? 7);

let server: PermaServer;

beforeAll(async () => {
  server = await startPermaServer({ capture: { pendingMs: 5, inProgressMs: 5 } });
});
afterAll(async () => {
  await server.close();
});

it(`syncs ${ARCHIVES} archives with ${FAILURE_RATE * 100}% injected failures`, async () => {
  const db = useFreshDb();
  const root = await addFolder(db, 'Personal Links');
  const folders = [root];
  for (let i = 0; i < 9; i++) folders.push(await addFolder(db, `Topic ${i}`, root.id));
  const archives = [];
  for (let i = 0; i < ARCHIVES; i++) {
    // Pairs: the same page public in one folder and private in the next.
    const pair = Math.floor(i / 2);
    archives.push(
      await addArchive({
        folderId: folders[(pair + (i % 2)) % folders.length]!.id,
        url: `https://bench.example/page/${pair}`,
        title: `Bench page ${pair}`,
        isPrivate: i % 2 === 1,
      }),
    );
  }

  const retries = new Map<string, number>();
  const service = createSyncService({
    hasPermission: async () => true,
    timeoutMs: 2000,
    syncNowWaitMs: 60_000,
    engine: {
      concurrency: CONCURRENCY,
      timing: { pollIntervalMs: 10, pollBudgetMs: 5000, followUpMs: 20 },
      backoff: { baseMs: 50, maxMs: 2000 },
      maxAttempts: 30,
      onRetry: (_entry, error) => retries.set(error.code, (retries.get(error.code) ?? 0) + 1),
    },
  });
  const { server: config } = await service.saveServer({
    kind: 'perma',
    name: 'Bench',
    baseUrl: server.origin,
    credentials: { type: 'apiKey', apiKey: server.apiKey },
  });
  // Faults start after configuration, and hit every route the sync uses.
  server.faults.setFailureRate({
    rate: FAILURE_RATE,
    seed: SEED,
    kinds: [
      { kind: 'drop' },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
      { kind: 'status', status: 429, retryAfter: 1 },
      { kind: 'lose-response' },
      { kind: 'html', status: 502, afterHandler: true },
      { kind: 'resend' },
    ],
  });
  const started = performance.now();
  await service.setFolderSync({ folderId: root.id, serverIds: [config.id] });
  let rounds = 0;
  while ((await listOutbox()).length > 0 && rounds < 20) {
    await service.syncNow();
    rounds++;
  }
  const seconds = (performance.now() - started) / 1000;

  const states = await listSyncStatesOfServer(config.id);
  const synced = states.filter((s) => s.state === 'synced');
  const remote = [...server.state.archives.values()].filter((a) => !a.userDeleted);
  const linked = new Set(synced.map((s) => s.remoteId));
  const faults = server.faults.hits.length;
  const byKind = new Map<string, number>();
  for (const hit of server.faults.hits) {
    const key = hit.kind === 'status' ? String(hit.status) : hit.kind;
    byKind.set(key, (byKind.get(key) ?? 0) + 1);
  }
  const totalRetries = [...retries.values()].reduce((a, b) => a + b, 0);
  const byId = new Map(archives.map((a) => [a.id, a]));
  const folderName = new Map(folders.map((f) => [f.id, f.name]));
  let crossedPrivacy = 0;
  let crossedFolders = 0;
  for (const state of synced) {
    const local = byId.get(state.archiveId)!;
    const copy = server.state.archives.get(state.remoteId!);
    if (!copy || copy.isPrivate !== local.isPrivate) crossedPrivacy++;
    if (!copy || server.state.folders.get(copy.folderId)?.name !== folderName.get(local.folderId))
      crossedFolders++;
  }
  const unowned = remote.filter((a) => !linked.has(a.guid)).length;
  const sparesCleaned = states.reduce((n, s) => n + (s.sparesDeleted ?? 0), 0);
  const review = states.filter((s) => s.errorCode === 'needs-review').length;
  const lines = [
    '',
    `sync bench: ${ARCHIVES} archives → Perma test server, ${FAILURE_RATE * 100}% of requests faulted (seed ${SEED}), concurrency ${CONCURRENCY}`,
    `  time:                    ${seconds.toFixed(1)} s (${(ARCHIVES / seconds).toFixed(1)} archives/s, ${rounds} Sync-now round(s))`,
    `  requests:                ${server.requests.length} (${(server.requests.length / ARCHIVES).toFixed(2)} per archive)`,
    `  faults injected:         ${faults} (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')})`,
    `  retries:                 ${totalRetries} (${[...retries].map(([k, n]) => `${k} ${n}`).join(', ')})`,
    `  synced locally:          ${synced.length} / ${ARCHIVES}`,
    `  remote archives created: ${remote.length} (distinct links ${linked.size})`,
    `  private on the server:   ${remote.filter((a) => a.isPrivate).length} (expected ${archives.filter((a) => a.isPrivate).length})`,
    `  duplicates left:         ${unowned} (copies no local archive owns)`,
    `  crossed privacy:         ${crossedPrivacy} (must be 0)`,
    `  crossed folders:         ${crossedFolders} (must be 0)`,
    `  spare copies cleaned:    ${sparesCleaned}`,
    `  left for review:         ${review}`,
    `  verdict:                 ${remote.length === ARCHIVES && synced.length === ARCHIVES && crossedPrivacy === 0 && crossedFolders === 0 ? 'OK: none lost, no duplicate, nothing crossed' : 'MISMATCH'}`,
    '',
  ];
  console.log(lines.join('\n'));
  expect(remote.length).toBe(ARCHIVES);
  expect(synced.length).toBe(ARCHIVES);
  expect(linked.size).toBe(ARCHIVES);
  expect(crossedPrivacy).toBe(0);
  expect(crossedFolders).toBe(0);
});
