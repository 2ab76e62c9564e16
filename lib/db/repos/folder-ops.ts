import { CairnError } from '../../errors';
import type { FolderRow } from '../entities';
import { getDb } from '../schema';
import { TRASH_KEY_PREFIX } from './archives';
import { childrenOf, freeName, nameKey } from './folder-siblings';
import { FolderCountChanges } from './folder-counts';
import { defaultFolder, defaultFolderIdOf, getFolder } from './folders';
import { trashFolderTree } from './trash';

/** Longest folder name accepted (Perma's limit is in the same range). */
export const MAX_FOLDER_NAME_LENGTH = 200;

/** How deleteFolder treats a folder's contents (see protocol-library.ts). */
export type DeleteFolderMode = 'move-up' | 'delete-all';

/** What a folder deletion did. */
export interface DeleteFolderResult {
  movedArchives: number;
  deletedArchives: number;
  deletedFolders: number;
}

/** Trims a folder name and rejects an empty or over-long one with a specific error. */
export function cleanFolderName(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (clean.length === 0) throw new CairnError('name-empty', 'A folder needs a name.');
  if (clean.length > MAX_FOLDER_NAME_LENGTH) {
    throw new CairnError(
      'name-too-long',
      `A folder name can have at most ${MAX_FOLDER_NAME_LENGTH} characters.`,
    );
  }
  return clean;
}

async function assertNameFree(parentId: string | null, name: string, exceptId?: string) {
  const key = nameKey(name);
  const clash = (await childrenOf(parentId)).find(
    (f) => f.id !== exceptId && nameKey(f.name) === key,
  );
  if (clash) {
    throw new CairnError('name-taken', `There is already a folder named "${clash.name}" here.`);
  }
}

async function requireFolder(id: string): Promise<FolderRow> {
  const folder = await getFolder(id);
  if (!folder) throw new CairnError('folder-not-found', 'That folder no longer exists.');
  return folder;
}

/** Creates a folder under `parentId` (null: top level); sibling names stay unique. */
export async function createFolder(parentId: string | null, name: string): Promise<FolderRow> {
  const clean = cleanFolderName(name);
  const db = getDb();
  return db.transaction('rw', db.folders, async () => {
    if (parentId !== null) await requireFolder(parentId);
    await assertNameFree(parentId, clean);
    const now = Date.now();
    // The default folder is the oldest top-level one, so every other folder must be strictly
    // newer: one created in the same millisecond (or after the clock was set back) would
    // otherwise tie or win and, at the top level or once moved there, become the default.
    const oldest = await defaultFolder();
    const createdAt = oldest ? Math.max(now, oldest.createdAt + 1) : now;
    const folder: FolderRow = {
      id: crypto.randomUUID(),
      parentId,
      name: clean,
      createdAt,
      updatedAt: now,
      archiveCount: 0,
    };
    await db.folders.add(folder);
    return folder;
  });
}

/**
 * The folder at a path of names below `parentId` (null: from the top level down), each found
 * by name (any case) or created: where a pull from a server puts an archive of a remote
 * folder. Returns its id (`parentId` itself for no names).
 */
export async function ensureFolderPath(
  names: string[],
  parentId: string | null = null,
): Promise<string> {
  if (names.length === 0 && parentId === null)
    throw new CairnError('name-empty', 'A folder needs a name.');
  for (const name of names) {
    const clean = cleanFolderName(name);
    const found = (await childrenOf(parentId)).find((f) => nameKey(f.name) === nameKey(clean));
    parentId = found ? found.id : (await createFolder(parentId, clean)).id;
  }
  return parentId!;
}

/** Renames a folder; another sibling with the same name (any case) is refused. */
export async function renameFolder(folderId: string, name: string): Promise<void> {
  const clean = cleanFolderName(name);
  const db = getDb();
  await db.transaction('rw', db.folders, async () => {
    const folder = await requireFolder(folderId);
    if (folder.name === clean) return;
    await assertNameFree(folder.parentId, clean, folderId);
    await db.folders.update(folderId, { name: clean, updatedAt: Date.now() });
  });
}

/**
 * Moves a folder under another one (null: top level). Refuses the default folder, a move into
 * itself or one of its descendants ('folder-cycle') and a name clash in the destination.
 */
export async function moveFolder(folderId: string, parentId: string | null): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.folders, async () => {
    const folder = await requireFolder(folderId);
    if (folder.parentId === parentId) return;
    if (folderId === (await defaultFolder())?.id) {
      throw new CairnError('default-folder', 'The default folder cannot be moved.');
    }
    if (parentId !== null) {
      await requireFolder(parentId);
      // Walk up from the destination: meeting the folder means it would contain itself.
      const seen = new Set<string>();
      for (let id: string | null = parentId; id !== null && !seen.has(id);) {
        if (id === folderId) {
          throw new CairnError(
            'folder-cycle',
            'A folder cannot be moved into itself or one of its subfolders.',
          );
        }
        seen.add(id);
        id = (await getFolder(id))?.parentId ?? null;
      }
    }
    await assertNameFree(parentId, folder.name, folderId);
    await db.folders.update(folderId, { parentId, updatedAt: Date.now() });
  });
}

/**
 * Deletes a folder in one transaction. 'move-up': its archives (trashed ones too, so an
 * undo finds a folder) and subfolders go to its parent, or to the default folder for a
 * top-level folder; a clashing subfolder name gets " (2)". 'delete-all': the folder, its
 * descendants and all their archives go to the Trash, where they can be restored with their
 * nesting until they are purged (trash.ts).
 * The default folder cannot be deleted.
 */
export async function deleteFolder(
  folderId: string,
  mode: DeleteFolderMode,
): Promise<DeleteFolderResult> {
  const db = getDb();
  return db.transaction('rw', [db.folders, db.archives, db.trashedFolders], async () => {
    await requireFolder(folderId);
    const folders = await db.folders.toArray();
    const defaultId = defaultFolderIdOf(folders);
    if (folderId === defaultId) {
      throw new CairnError('default-folder', 'The default folder cannot be deleted.');
    }
    return mode === 'delete-all'
      ? deleteSubtree(folderId, folders)
      : moveContentsUp(folderId, folders, defaultId!);
  });
}

async function moveContentsUp(
  folderId: string,
  folders: FolderRow[],
  defaultId: string,
): Promise<DeleteFolderResult> {
  const db = getDb();
  const folder = folders.find((f) => f.id === folderId)!;
  const target = folder.parentId ?? defaultId;
  const now = Date.now();
  const movedArchives = await db.archives
    .where('folderId')
    .equals(folderId)
    .modify({ folderId: target, updatedAt: now });
  const counts = new FolderCountChanges();
  counts.move(folderId, target, movedArchives);
  await counts.apply();
  await db.archives
    .where('folderId')
    .equals(TRASH_KEY_PREFIX + folderId)
    .modify({ folderId: TRASH_KEY_PREFIX + target });
  const taken = new Set(
    folders.filter((f) => f.parentId === target && f.id !== folderId).map((f) => nameKey(f.name)),
  );
  for (const child of folders.filter((f) => f.parentId === folderId)) {
    const name = freeName(child.name, taken);
    taken.add(nameKey(name));
    await db.folders.update(child.id, { parentId: target, name, updatedAt: now });
  }
  await db.folders.delete(folderId);
  return { movedArchives, deletedArchives: 0, deletedFolders: 1 };
}

async function deleteSubtree(folderId: string, folders: FolderRow[]): Promise<DeleteFolderResult> {
  const { archives, folders: count } = await trashFolderTree(folderId, folders, Date.now());
  return { movedArchives: 0, deletedArchives: archives, deletedFolders: count };
}
