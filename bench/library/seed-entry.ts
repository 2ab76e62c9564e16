/**
 * Bundled by run.js (esbuild, IIFE) and evaluated inside one of the built extension's own
 * pages, so it writes the extension's real IndexedDB through the real repositories. It
 * installs `globalThis.cairnBench` with a seeder and timed reads.
 */
import { createArchive } from '../../lib/db/repos/archives';
import { appendRecords } from '../../lib/db/repos/records';
import { putPageText } from '../../lib/db/repos/texts';
import { createFolder } from '../../lib/db/repos/folder-ops';
import { ensureDefaultFolder, folderTree, DEFAULT_FOLDER_NAME } from '../../lib/db/repos/folders';
import { listFolderArchives } from '../../lib/db/repos/archives';
import { searchArchives } from '../../lib/db/repos/search';
import { purgeArchives, trashArchives } from '../../lib/db/repos/archive-ops';
import type { ArchiveRow } from '../../lib/db/entities';
import { getDb } from '../../lib/db/schema';
import { rng } from '../../lib/db/repos/library-test-utils';

const SYLLABLES =
  'ka lo mi ne ru sa ti vo be da fe gu hi jo pe qu ra se to ul ve wa xi yo ze an or in'.split(' ');

/** A vocabulary of pseudo-words; texts draw from it with a Zipf-like skew, as real text does. */
function vocabulary(size: number, random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

function zipfPick(words: string[], random: () => number): string {
  // Inverse-power sampling: low ranks (common words) far more often than high ranks.
  const rank = Math.floor(words.length * random() ** 3);
  return words[Math.min(rank, words.length - 1)]!;
}

const SEED = 20261202;

/** Words of the seeded vocabulary at three frequencies, for realistic queries. */
export interface QueryWords {
  commonWord: string;
  midWord: string;
  rareWord: string;
  host: string;
}

function queryWords(): QueryWords {
  const words = vocabulary(6000, rng(SEED));
  return {
    commonWord: words[0]!,
    midWord: words[300]!,
    rareWord: words[5000]!,
    host: 'site123.example',
  };
}

/** What seed() built. */
export interface SeedInfo {
  folders: number;
  archives: number;
  ms: number;
}

async function seed(opts: {
  folders: number;
  archives: number;
  textWords: number;
  batch: number;
}): Promise<SeedInfo> {
  const start = performance.now();
  const random = rng(SEED);
  const words = vocabulary(6000, random);
  const root = await ensureDefaultFolder(DEFAULT_FOLDER_NAME);
  const folderIds = [root.id];
  // A realistic shape: ~10% of the folders under the default one, the rest one level deeper.
  const tops = Math.max(1, Math.round((opts.folders - 1) / 10));
  for (let i = 0; i < tops && folderIds.length < opts.folders; i++) {
    folderIds.push((await createFolder(root.id, `Topic ${i + 1} ${words[i]}`)).id);
  }
  for (let i = 0; folderIds.length < opts.folders; i++) {
    const parent = folderIds[1 + (i % tops)]!;
    folderIds.push((await createFolder(parent, `Sub ${i + 1} ${words[100 + i]}`)).id);
  }
  const now = Date.now();
  const rows: { row: ArchiveRow; text: string }[] = [];
  for (let i = 0; i < opts.archives; i++) {
    const title = Array.from({ length: 4 + Math.floor(random() * 5) }, () =>
      zipfPick(words, random),
    ).join(' ');
    const createdAt = now - Math.floor(random() * 2 * 365 * 86_400_000);
    const host = `site${Math.floor(random() * 400)}.example`;
    const row: ArchiveRow = {
      id: crypto.randomUUID(),
      url: `https://${host}/${zipfPick(words, random)}/${i}`,
      title,
      notes: '',
      folderId: folderIds[Math.floor(random() * folderIds.length)]!,
      isPrivate: random() < 0.2,
      status: random() < 0.9 ? 'complete' : 'partial',
      trigger: 'action',
      createdAt,
      updatedAt: createdAt,
      endedAt: createdAt + 5000,
      size: 0,
      recordCount: 0,
      responseCount: 0,
    };
    const text = Array.from({ length: opts.textWords }, () => zipfPick(words, random)).join(' ');
    rows.push({ row, text });
  }
  // Each batch runs the repositories' own transactions nested in one outer transaction, so
  // seeding takes seconds rather than one IndexedDB commit per write.
  const db = getDb();
  for (let start = 0; start < rows.length; start += opts.batch) {
    const batch = rows.slice(start, start + opts.batch);
    await db.transaction(
      'rw',
      [db.archives, db.folders, db.records, db.texts, db.searchTerms],
      async () => {
        for (const { row, text } of batch) await seedOne(row, text);
      },
    );
  }
  return {
    folders: folderIds.length,
    archives: rows.length,
    ms: performance.now() - start,
  };
}

async function seedOne(row: ArchiveRow, text: string): Promise<void> {
  await createArchive(row);
  await appendRecords(
    row.id,
    [
      {
        warcType: 'response',
        recordId: `<urn:uuid:${crypto.randomUUID()}>`,
        url: row.url,
        date: new Date(row.createdAt).toISOString(),
        status: 200,
        mime: 'text/html',
        blob: new Blob([`record of ${row.url} `.repeat(20)]),
      },
    ],
    { responses: 1 },
  );
  await putPageText(row.id, text);
}

/** Runs `fn` `runs` times and returns each duration in ms. */
async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** A trash + purge of `n` archives (repository level), timed. */
async function trashAndPurge(n: number): Promise<{ trashMs: number; purgeMs: number }> {
  const tree = await folderTree();
  const ids: string[] = [];
  for (const node of tree) {
    for (const a of await listFolderArchives(node.folder.id, n)) ids.push(a.id);
    if (ids.length >= n) break;
  }
  const t0 = performance.now();
  await trashArchives(ids.slice(0, n));
  const t1 = performance.now();
  await purgeArchives(ids.slice(0, n));
  return { trashMs: t1 - t0, purgeMs: performance.now() - t1 };
}

Object.assign(globalThis, {
  cairnBench: {
    seed,
    queryWords,
    timeRuns,
    async librarySize() {
      const db = getDb();
      return { archives: await db.archives.count(), folders: await db.folders.count() };
    },
    trashAndPurge,
    ensureDefaultFolder: () => ensureDefaultFolder(DEFAULT_FOLDER_NAME),
    async timeFolderTree(runs: number) {
      return timeRuns(runs, () => folderTree());
    },
    async timeSearch(queries: string[], rounds: number) {
      const times: number[] = [];
      const totals: Record<string, string> = {};
      const byQuery: Record<string, number[]> = {};
      for (let r = 0; r < rounds; r++) {
        for (const q of queries) {
          const t0 = performance.now();
          const result = await searchArchives(q);
          const took = performance.now() - t0;
          times.push(took);
          (byQuery[q] ??= []).push(took);
          totals[q] = result.more ? `${result.total}+` : String(result.total);
        }
      }
      return { times, totals, byQuery };
    },
  },
});
