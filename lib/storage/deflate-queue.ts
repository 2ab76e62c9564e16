import { createStore, get, update, type UseStore } from 'idb-keyval';

/**
 * Archives whose capture left members to deflate (captureGzipPlan's `later`): small
 * per-device work state, kept with idb-keyval so a worker that stops before the deflate ran
 * finds them again at its next start.
 */
const KEY = 'deflate';

let store: UseStore | undefined;
const workStore = () => (store ??= createStore('cairn-work', 'state'));

/** Notes that an archive has members awaiting their deflate. */
export async function markDeflatePending(archiveId: string): Promise<void> {
  await update<string[]>(
    KEY,
    (ids = []) => (ids.includes(archiveId) ? ids : [...ids, archiveId]),
    workStore(),
  );
}

/** Forgets an archive whose deflate has run. */
export async function clearDeflatePending(archiveId: string): Promise<void> {
  await update<string[]>(KEY, (ids = []) => ids.filter((id) => id !== archiveId), workStore());
}

/** The archives noted as awaiting their deflate, oldest first. */
export async function listDeflatePending(): Promise<string[]> {
  return (await get<string[]>(KEY, workStore())) ?? [];
}
