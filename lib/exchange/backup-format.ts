import type {
  ArchiveRow,
  FolderRow,
  RecordRow,
  RemoteFolderRow,
  SyncStateRow,
} from '../db/entities';

/**
 * What a Cairn backup adds to a WACZ: `cairn/library.json` (folders, archive rows, sync
 * links, the servers they point to) and, per archive, `cairn/<id>.records.jsonl` (its record
 * index: the stored rows without their Blobs, which are slices of `archive/<id>.warc.gz`).
 * Any WACZ reader still sees a plain WACZ; datapackage.json hashes these files too.
 */
export const BACKUP_FORMAT = 'cairn-library-backup';
export const BACKUP_VERSION = 1;
export const LIBRARY_PATH = 'cairn/library.json';

/** Path of an archive's record index in a backup. */
export function recordsPath(archiveId: string): string {
  return `cairn/${archiveId}.records.jsonl`;
}

/** Path of an archive's WARC in a WACZ written by Cairn. */
export function warcPath(archiveId: string): string {
  return `archive/${archiveId}.warc.gz`;
}

/** A server as a backup names it: never its key. */
export interface BackupServer {
  id: string;
  kind: string;
  name: string;
  baseUrl: string;
}

/** cairn/library.json. */
export interface BackupLibrary {
  format: typeof BACKUP_FORMAT;
  version: number;
  created: string;
  software: string;
  folders: FolderRow[];
  archives: ArchiveRow[];
  syncStates: SyncStateRow[];
  remoteFolders: RemoteFolderRow[];
  servers: BackupServer[];
}

/** One line of cairn/<id>.records.jsonl. */
export type BackupRecord = Omit<RecordRow, 'id' | 'archiveId' | 'blob'>;
