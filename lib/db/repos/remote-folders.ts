import { getDb } from '../schema';

/** The remote counterpart (Perma folder id, ArchiveBox tag) of a local folder on a server. */
export async function getRemoteFolder(
  serverId: string,
  folderId: string,
): Promise<string | undefined> {
  return (await getDb().remoteFolders.get([serverId, folderId]))?.remoteId;
}

/** Records a local folder's remote counterpart. */
export async function setRemoteFolder(
  serverId: string,
  folderId: string,
  remoteId: string,
): Promise<void> {
  await getDb().remoteFolders.put({ serverId, folderId, remoteId });
}

/** Forgets one mapping (the remote folder vanished). */
export async function deleteRemoteFolder(serverId: string, folderId: string): Promise<void> {
  await getDb().remoteFolders.delete([serverId, folderId]);
}

/** Forgets every mapping of a server (it was removed, or its remote parent changed). */
export async function deleteRemoteFoldersOfServer(serverId: string): Promise<void> {
  await getDb().remoteFolders.where('serverId').equals(serverId).delete();
}

/** The local folders mapped to one remote folder (a Perma folder id) on a server. */
export async function localFoldersOf(serverId: string, remoteId: string): Promise<string[]> {
  const rows = await getDb().remoteFolders.where('serverId').equals(serverId).toArray();
  return rows.filter((r) => r.remoteId === remoteId).map((r) => r.folderId);
}
