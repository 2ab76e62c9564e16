import type { FolderRow } from '../db/entities';
import { deleteRemoteFolder, getRemoteFolder, setRemoteFolder } from '../db/repos/remote-folders';
import type { ServerConfig } from '../storage/sync-types';
import { folderPath } from './folder-rules';
import type { PermaClient, PermaFolder } from './perma-client';
import { isSyncError, SyncError } from './sync-error';
import type { Locks } from './locks';
import { t } from '../i18n';

/** The remote folder under which local folders are created: the chosen one, else Personal Links. */
export async function permaParentFolder(
  client: PermaClient,
  server: ServerConfig,
): Promise<{ id: number; name: string }> {
  if (server.remoteParentId) {
    const folder = await client.getFolder(Number(server.remoteParentId));
    return { id: folder.id, name: folder.name };
  }
  const user = await client.getUser();
  const personal = personalFolderOf(user.top_level_folders);
  if (!personal) throw new SyncError('config', 'no-perma-folder', t('syncNoPermaFolder'));
  return { id: personal.id, name: personal.name };
}

/** The user's own "Personal Links" among their top-level folders (not an org's, not sponsored). */
export function personalFolderOf(tops: PermaFolder[]): PermaFolder | undefined {
  return tops.find((f) => f.organization === null && !f.is_sponsored_root_folder) ?? tops[0];
}

/** How deep a walk of the user's Perma folders goes below a top-level folder. */
const MAX_FOLDER_DEPTH = 6;

/**
 * Visits the user's Perma folders depth first from `tops`, each with the names from its
 * top-level folder down and that top-level folder. Subfolders are listed only for folders
 * that have some, down to MAX_FOLDER_DEPTH levels, and not for a folder whose visit returns
 * false. The folder picker and "Import from Perma" walk the tree alike.
 */
export async function walkPermaFolders(
  client: PermaClient,
  tops: PermaFolder[],
  visit: (folder: PermaFolder, path: string[], top: PermaFolder) => Promise<boolean | void>,
): Promise<void> {
  const walk = async (folder: PermaFolder, path: string[], top: PermaFolder, depth: number) => {
    const names = [...path, folder.name];
    if ((await visit(folder, names, top)) === false) return;
    if (!folder.has_children || depth >= MAX_FOLDER_DEPTH) return;
    for (const child of await client.listSubfolders(folder.id))
      await walk(child, names, top, depth + 1);
  };
  for (const top of tops) await walk(top, [], top, 0);
}

/**
 * The Perma folder id for a local folder, creating missing folders (names kept) under the
 * chosen remote parent. A local top-level folder named like that parent (the default
 * "Personal Links") is the parent itself, so it is not nested in a copy of itself. Existing
 * folders of the same name are reused, so a retried or concurrent run creates nothing twice.
 */
export function ensurePermaFolder(
  client: PermaClient,
  server: ServerConfig,
  localFolderId: string,
  folders: Map<string, FolderRow>,
  locks: Locks,
): Promise<number> {
  return locks.run(`folders:${server.id}`, async () => {
    const chain = folderPath(localFolderId, folders);
    let parent: { id: number; name: string } | undefined;
    let parentId: number | undefined;
    for (const [index, folder] of chain.entries()) {
      const mapped = await getRemoteFolder(server.id, folder.id);
      if (mapped) {
        parentId = Number(mapped);
        continue;
      }
      if (parentId === undefined) {
        parent ??= await permaParentFolder(client, server);
        parentId = parent.id;
        if (index === 0 && folder.name === parent.name) {
          await setRemoteFolder(server.id, folder.id, String(parent.id));
          continue;
        }
      }
      const id = await findOrCreate(client, parentId, folder.name);
      await setRemoteFolder(server.id, folder.id, String(id));
      parentId = id;
    }
    if (parentId === undefined) parentId = (await permaParentFolder(client, server)).id;
    return parentId;
  });
}

async function findOrCreate(client: PermaClient, parentId: number, name: string): Promise<number> {
  const existing = (await client.listSubfolders(parentId)).find((f) => f.name === name);
  if (existing) return existing.id;
  try {
    return (await client.createFolder(parentId, name)).id;
  } catch (error) {
    // "A folder with that name already exists": someone else made it meanwhile; use theirs.
    if (!isSyncError(error, 'validation')) throw error;
    const made = (await client.listSubfolders(parentId)).find((f) => f.name === name);
    if (!made) throw error;
    return made.id;
  }
}

/** Forgets the mappings of a folder chain after Perma said a mapped folder is gone. */
export async function forgetPermaFolders(
  serverId: string,
  localFolderId: string,
  folders: Map<string, FolderRow>,
): Promise<void> {
  for (const folder of folderPath(localFolderId, folders)) {
    await deleteRemoteFolder(serverId, folder.id);
  }
}
