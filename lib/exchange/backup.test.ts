import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArchiveSink } from '../db/archive-sink';
import type { FolderRow } from '../db/entities';
import { createArchive, getArchive } from '../db/repos/archives';
import { createFolder } from '../db/repos/folder-ops';
import { ensureDefaultFolder, folderPath, listFolders } from '../db/repos/folders';
import { archiveRow } from '../db/repos/library-test-utils';
import { listRecords } from '../db/repos/records';
import { setRemoteFolder } from '../db/repos/remote-folders';
import { searchArchives } from '../db/repos/search';
import { listSyncStatesOfArchive, setSyncState } from '../db/repos/sync-states';
import { getPageText } from '../db/repos/texts';
import { getDb } from '../db/schema';
import { useFreshDb } from '../db/test-db';
import { sampleExchange } from '../warc/test-utils';
import { buildBackup } from './backup-export';
import { restoreBackup } from './backup-restore';
import { buildWacz } from './wacz-export';

const venv = resolve(__dirname, '../../.venv/bin');
const hasWacz = existsSync(join(venv, 'wacz'));
const inCi = process.env.CI === 'true';
const PERMA = {
  id: 'perma-old',
  kind: 'perma',
  name: 'My Perma',
  baseUrl: 'https://api.perma.test',
};
const ABOUT = { software: 'Cairn test', created: new Date(Date.UTC(2026, 11, 7)) };

/** An archive in `folder` with a page, an image of noise (stored, not deflated) and text. */
async function storeArchive(
  folder: FolderRow,
  title: string,
  extra: { notes?: string; isPrivate?: boolean } = {},
) {
  const url = `https://example.com/${encodeURIComponent(title)}`;
  const archive = archiveRow(folder.id, { url, title, ...extra });
  await createArchive(archive);
  const sink = createArchiveSink(archive.id);
  const html = new TextEncoder().encode(`<!doctype html><title>${title}</title><img src=i.jpg>`);
  const image = crypto.getRandomValues(new Uint8Array(20_000));
  for (const [path, type, body] of [
    ['', 'text/html', html],
    ['i.jpg', 'image/jpeg', image],
  ] as const) {
    await sink.exchange(
      sampleExchange({
        request: { url: url + (path ? `/${path}` : '') },
        response: {
          headers: [['Content-Type', type]],
          body: { blob: new Blob([body]), length: body.length },
        },
      }),
    );
  }
  await sink.resource({
    uri: `urn:text:${url}`,
    contentType: 'text/plain; charset=utf-8',
    body: new Blob([`${title} words for search`]),
    createdAt: Date.UTC(2026, 0, 1),
  });
  return (await getArchive(archive.id))!;
}

/** Everything a restore must bring back, keyed by archive id, with folder paths for folders. */
async function snapshot() {
  const archives = await getDb().archives.toArray();
  const out: Record<string, unknown> = {};
  for (const a of archives) {
    const records = await listRecords(a.id);
    out[a.id] = {
      row: { ...a, folderId: (await folderPath(a.folderId)).join(' / ') },
      records: await Promise.all(
        records.map(async ({ id: _id, blob, ...r }) => ({
          ...r,
          bytes: Buffer.from(await blob.arrayBuffer()).toString('base64'),
        })),
      ),
      text: await getPageText(a.id),
      sync: (await listSyncStatesOfArchive(a.id)).map((s) => [s.serverId, s.state, s.remoteId]),
    };
  }
  const folders = await listFolders();
  return {
    archives: out,
    folders: (await Promise.all(folders.map((f) => folderPath(f.id))))
      .map((p) => p.join(' / '))
      .sort(),
  };
}

describe('library backup and restore', () => {
  let dir: string;
  beforeEach(async () => {
    useFreshDb();
    dir = await mkdtemp(join(tmpdir(), 'cairn-backup-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A library of three nested folders with notes, a private flag and a sync link. */
  async function library() {
    const home = await ensureDefaultFolder();
    await getDb().folders.update(home.id, { name: 'Home' });
    const research = await createFolder(null, 'Research');
    const papers = await createFolder(research.id, 'Papers');
    const drafts = await createFolder(papers.id, 'Drafts');
    const a = await storeArchive(home, 'Home page', { notes: 'my note' });
    const b = await storeArchive(papers, 'A paper', { isPrivate: true, notes: 'private one' });
    await storeArchive(drafts, 'A draft');
    await setSyncState(a.id, PERMA.id, { state: 'synced', remoteId: 'ABCD-1234' });
    await setRemoteFolder(PERMA.id, research.id, '42');
    // Trashed archives stay out of a backup.
    const gone = await storeArchive(home, 'Deleted one');
    await getDb().archives.update(gone.id, { trashedAt: Date.now(), folderId: `trash:${home.id}` });
    return { a, b };
  }

  async function backupFile(): Promise<Blob> {
    const { response } = await buildBackup(ABOUT, [PERMA]);
    return new Blob([await response.arrayBuffer()]);
  }

  it('a fresh profile restored from a backup has the same folders, metadata, text, sync links and record bytes', async () => {
    await library();
    const before = await snapshot();
    const file = await backupFile();

    useFreshDb();
    await ensureDefaultFolder(); // what a fresh profile starts with
    const progress: number[] = [];
    const result = await restoreBackup(file, 'backup.wacz', {
      servers: [{ id: 'perma-new', kind: 'perma', baseUrl: PERMA.baseUrl }],
      onProgress: (done) => progress.push(done),
    });
    expect(result).toEqual({ restored: 3, alreadyHere: 0, syncLinks: 1, missingServers: [] });
    expect(progress).toEqual([0, 1, 2, 3]);
    const after = await snapshot();
    expect(after.folders).toEqual(before.folders.filter((f) => f !== 'Personal Links'));
    expect(after.folders).toEqual([
      'Home',
      'Research',
      'Research / Papers',
      'Research / Papers / Drafts',
    ]);
    const renamed = (x: typeof before.archives) =>
      JSON.parse(JSON.stringify(x).replaceAll('"perma-old"', '"perma-new"')) as unknown;
    const kept = Object.fromEntries(
      Object.entries(before.archives).filter(
        ([, v]) => !(v as { row: { trashedAt?: number } }).row.trashedAt,
      ),
    );
    expect(after.archives).toEqual(renamed(kept));
    // Searchable by the page text, and the server link maps to the server set up here.
    expect((await searchArchives('words')).total).toBe(3);
    expect(await getDb().remoteFolders.toArray()).toMatchObject([
      { serverId: 'perma-new', remoteId: '42' },
    ]);

    // The same backup again makes no copies.
    const again = await restoreBackup(file, 'backup.wacz', { servers: [] });
    expect(again).toMatchObject({ restored: 0, alreadyHere: 3, missingServers: ['My Perma'] });
    expect(await getDb().archives.count()).toBe(3);
  });

  it.runIf(hasWacz || inCi)('a backup is a WACZ that py-wacz validates', async () => {
    await library();
    const path = join(dir, 'backup.wacz');
    await writeFile(path, Buffer.from(await (await backupFile()).arrayBuffer()));
    const result = spawnSync(join(venv, 'wacz'), ['validate', '-f', path], { encoding: 'utf8' });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  });

  it('refuses an altered backup, a plain WACZ and a file that is not a zip, restoring nothing', async () => {
    const { a } = await library();
    const bytes = new Uint8Array(await (await backupFile()).arrayBuffer());
    const plain = await (await buildWacz([a], { title: 't', ...ABOUT })).arrayBuffer();
    // Flip a byte in the middle of the file: inside a stored WARC, not the zip's directory.
    const altered = bytes.slice();
    altered[Math.floor(altered.length / 2)]! ^= 0xff;

    useFreshDb();
    const opts = { servers: [] };
    await expect(restoreBackup(new Blob([altered]), 'b.wacz', opts)).rejects.toThrow(
      /b\.wacz was altered after it was made: .* (does not match its SHA-256|has \d+ bytes)/,
    );
    await expect(restoreBackup(new Blob([plain]), 'p.wacz', opts)).rejects.toThrow(
      'p.wacz is a WACZ file but not a Cairn backup',
    );
    await expect(restoreBackup(new Blob(['hello']), 'notes.txt', opts)).rejects.toThrow(
      /notes\.txt is not a WACZ file or is damaged/,
    );
    expect(await getDb().archives.count()).toBe(0);
    expect(await getDb().folders.count()).toBe(0);
  });
});
