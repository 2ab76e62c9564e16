import { buildBackup } from '../exchange/backup-export';
import { restoreBackup, type RestoreResult } from '../exchange/backup-restore';
import { listServerConfigs } from '../storage/sync-servers';
import { saveBlob } from './download';

/**
 * Saves the whole library as one backup WACZ (see lib/exchange/backup-export.ts) through the
 * page's download. Returns the archive count and the file name, or 0 archives (nothing saved).
 */
export async function downloadBackup(): Promise<{ archives: number; fileName: string }> {
  const created = new Date();
  const software = `Cairn/${chrome.runtime.getManifest().version} (Chrome extension)`;
  const { response, archives } = await buildBackup(
    { software, created },
    await listServerConfigs(),
  );
  const fileName = `cairn-backup-${created.toISOString().slice(0, 10)}.wacz`;
  if (archives > 0) saveBlob(await response.blob(), fileName);
  return { archives, fileName };
}

/** Restores a backup file the user picked, linking sync states to the servers set up here. */
export async function restoreFromFile(
  file: File,
  onProgress: (done: number, total: number) => void,
): Promise<RestoreResult> {
  return restoreBackup(file, file.name, { servers: await listServerConfigs(), onProgress });
}
