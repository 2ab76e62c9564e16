import type { RecordRow, RemoteFolderRow, SyncStateRow } from '../db/entities';
import { restoreArchive, restoreFolders, restoreRemoteFolders } from '../db/repos/library-restore';
import { CairnError } from '../errors';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  LIBRARY_PATH,
  recordsPath,
  warcPath,
  type BackupLibrary,
  type BackupRecord,
  type BackupServer,
} from './backup-format';
import { readListedPages, readWacz } from './wacz-reader';

/** What a restore did, for the message the user reads. */
export interface RestoreResult {
  /** Archives added. */
  restored: number;
  /** Archives already in this library (same id), left as they are. */
  alreadyHere: number;
  /** Sync links restored to servers set up here with the same address. */
  syncLinks: number;
  /** Names of servers in the backup that are not set up here (their links were left out). */
  missingServers: string[];
}

/** A server set up in this browser. */
export interface LocalServer {
  id: string;
  kind: string;
  baseUrl: string;
}

/**
 * Restores a backup made by "Back up library" into this library: folders with their nesting,
 * archives with their records byte for byte, titles, notes, private flags, capture metadata,
 * page text, and the sync links of servers set up here with the same address.
 *
 * Every file is checked against datapackage.json before anything is written, so an altered
 * backup changes nothing. Each archive is stored in one transaction; an archive already here
 * is skipped, so running it again (or after an interruption) makes no copies.
 */
export async function restoreBackup(
  file: Blob,
  fileName: string,
  opts: { servers: LocalServer[]; onProgress?: (done: number, total: number) => void },
): Promise<RestoreResult> {
  const files = await readWacz(file, fileName);
  const libraryFile = files.get(LIBRARY_PATH);
  if (!libraryFile) {
    throw new CairnError(
      'not-a-backup',
      `${fileName} is a WACZ file but not a Cairn backup (it has no ${LIBRARY_PATH}).`,
    );
  }
  const library = parseLibrary(await libraryFile.text(), fileName);
  // Cairn's page ids are archive ids, `<archive id>/<n>` for the further pages of an archive
  // of several; the archive is searched by all of their texts.
  const texts = new Map<string, string>();
  for (const page of await readListedPages(files)) {
    if (!page.id || typeof page.text !== 'string') continue;
    const archiveId = page.id.split('/')[0]!;
    const before = texts.get(archiveId);
    texts.set(archiveId, before === undefined ? page.text : `${before}\n\n${page.text}`);
  }

  const serverIds = matchServers(library.servers, opts.servers);
  const folderIds = await restoreFolders(library.folders);
  const fallbackFolder = folderIds.values().next().value;
  const result: RestoreResult = {
    restored: 0,
    alreadyHere: 0,
    syncLinks: 0,
    missingServers: library.servers.filter((s) => !serverIds.has(s.id)).map((s) => s.name),
  };
  const statesOf = new Map<string, SyncStateRow[]>();
  for (const state of library.syncStates) {
    const serverId = serverIds.get(state.serverId);
    // Only finished links come back: a waiting or failed state would have no outbox entry
    // here, and the folder's sync rule queues such archives again anyway.
    if (!serverId || state.state !== 'synced') continue;
    const list = statesOf.get(state.archiveId) ?? [];
    list.push({ ...state, serverId });
    statesOf.set(state.archiveId, list);
  }

  const total = library.archives.length;
  opts.onProgress?.(0, total);
  for (const [i, row] of library.archives.entries()) {
    const warc = files.get(warcPath(row.id));
    const index = files.get(recordsPath(row.id));
    if (!warc || !index) {
      throw new CairnError(
        'backup-incomplete',
        `${fileName} lacks the files of the archive "${row.title || row.url}" (${warcPath(row.id)}).`,
      );
    }
    const records = recordsOf(await index.text(), row.id, warc, fileName);
    const folderId = folderIds.get(row.folderId) ?? fallbackFolder;
    if (!folderId) throw new CairnError('backup-incomplete', `${fileName} holds no folders.`);
    const syncStates = statesOf.get(row.id) ?? [];
    const added = await restoreArchive({
      row: { ...row, folderId },
      records,
      text: texts.get(row.id),
      syncStates,
    });
    if (added) {
      result.restored++;
      result.syncLinks += syncStates.length;
    } else {
      result.alreadyHere++;
    }
    opts.onProgress?.(i + 1, total);
  }
  const remoteFolders: RemoteFolderRow[] = [];
  for (const link of library.remoteFolders) {
    const serverId = serverIds.get(link.serverId);
    const folderId = folderIds.get(link.folderId);
    if (serverId && folderId) remoteFolders.push({ ...link, serverId, folderId });
  }
  await restoreRemoteFolders(remoteFolders);
  return result;
}

function parseLibrary(json: string, fileName: string): BackupLibrary {
  let library: Partial<BackupLibrary>;
  try {
    library = JSON.parse(json) as Partial<BackupLibrary>;
  } catch {
    throw new CairnError('not-a-backup', `${fileName} has an unreadable ${LIBRARY_PATH}.`);
  }
  if (library.format !== BACKUP_FORMAT || typeof library.version !== 'number') {
    throw new CairnError('not-a-backup', `${fileName} is not a Cairn backup.`);
  }
  if (library.version > BACKUP_VERSION) {
    throw new CairnError(
      'backup-too-new',
      `${fileName} was made by a newer Cairn (backup format ${library.version}); update Cairn to restore it.`,
    );
  }
  return {
    ...library,
    folders: library.folders ?? [],
    archives: library.archives ?? [],
    syncStates: library.syncStates ?? [],
    remoteFolders: library.remoteFolders ?? [],
    servers: library.servers ?? [],
  } as BackupLibrary;
}

/** The archive's record rows, their Blobs sliced from its WARC at the stored offsets. */
function recordsOf(
  jsonl: string,
  archiveId: string,
  warc: Blob,
  fileName: string,
): Omit<RecordRow, 'id'>[] {
  const rows: Omit<RecordRow, 'id'>[] = [];
  let end = 0;
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as BackupRecord;
    if (record.offset !== end) break;
    end = record.offset + record.length;
    rows.push({ ...record, archiveId, blob: warc.slice(record.offset, end) });
  }
  if (end !== warc.size) {
    throw new CairnError(
      'backup-incomplete',
      `${fileName}: the record index of ${warcPath(archiveId)} does not match the file.`,
    );
  }
  return rows;
}

/** Backup server id → the id of the server set up here with the same kind and address. */
function matchServers(backup: BackupServer[], local: LocalServer[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const server of backup) {
    const same = local.find((l) => l.kind === server.kind && l.baseUrl === server.baseUrl);
    if (same) map.set(server.id, same.id);
  }
  return map;
}
