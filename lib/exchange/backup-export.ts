import type { ArchiveRow, RecordRow } from '../db/entities';
import { libraryForBackup } from '../db/repos/library-restore';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  LIBRARY_PATH,
  recordsPath,
  type BackupLibrary,
  type BackupRecord,
  type BackupServer,
} from './backup-format';
import { buildWacz, type PackageFile } from './wacz-export';

/**
 * The whole library as one WACZ that also carries Cairn's own metadata (see backup-format.ts):
 * every archive outside the Trash, every folder, and the archives' sync links with the
 * servers they point to (names and addresses; keys never leave chrome.storage.local).
 */
export async function buildBackup(
  about: { software: string; created: Date },
  servers: BackupServer[],
): Promise<{ response: Response; archives: number }> {
  const library = await libraryForBackup();
  /** An archive's record index, from the rows the export reads for its WARC. */
  const recordIndex = (archive: ArchiveRow, rows: RecordRow[]): PackageFile[] => {
    const lines = rows.map((row) => {
      const { id: _id, archiveId: _archiveId, blob: _blob, ...record } = row;
      return JSON.stringify(record satisfies BackupRecord);
    });
    return [{ path: recordsPath(archive.id), input: new Blob([`${lines.join('\n')}\n`]) }];
  };
  const manifest: BackupLibrary = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    created: about.created.toISOString(),
    software: about.software,
    folders: library.folders,
    archives: library.archives.map(({ capture: _capture, ...row }) => row),
    syncStates: library.syncStates,
    remoteFolders: library.remoteFolders,
    servers: servers.map(({ id, kind, name, baseUrl }) => ({ id, kind, name, baseUrl })),
  };
  const response = await buildWacz(
    library.archives,
    { title: `Cairn library backup (${library.archives.length} archives)`, ...about },
    {
      extra: [{ path: LIBRARY_PATH, input: new Blob([JSON.stringify(manifest)]) }],
      filesOf: recordIndex,
    },
  );
  return { response, archives: library.archives.length };
}
