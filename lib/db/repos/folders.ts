import { getDb } from '../schema';
import type { ArchiveRow, FolderRow } from '../entities';
import { archiveCountsOf } from './folder-counts';
import { listFolderArchives, newestFirst } from './archives';

/** Name of the top-level folder every new archive goes to by default (as in Perma). */
export const DEFAULT_FOLDER_NAME = 'Personal Links';

/**
 * Returns the default top-level folder, creating it on first use. Runs in a transaction so
 * two concurrent first captures cannot create two defaults. The default is the oldest
 * top-level folder; it can be renamed but never deleted or moved (folder-ops.ts), so it
 * stays the oldest.
 */
export async function ensureDefaultFolder(name = DEFAULT_FOLDER_NAME): Promise<FolderRow> {
  const db = getDb();
  return db.transaction('rw', db.folders, async () => {
    const existing = await defaultFolder();
    if (existing) return existing;
    const now = Date.now();
    const folder: FolderRow = {
      id: crypto.randomUUID(),
      parentId: null,
      name,
      createdAt: now,
      updatedAt: now,
      archiveCount: 0,
    };
    await db.folders.add(folder);
    return folder;
  });
}

/**
 * The default folder: the oldest top-level one. Read from the oldest folders up through the
 * createdAt index, a few rows at a time: it is almost always the very first row (a subfolder
 * is created after its parent, and the default can never be moved under another folder), so
 * this costs one short read where scanning every folder cost a popup 10-15 ms.
 */
export async function defaultFolder(): Promise<FolderRow | undefined> {
  const db = getDb();
  for (let size = 4; ; size *= 8) {
    const oldest = await db.folders.orderBy('createdAt').limit(size).toArray();
    const top = oldest.find((f) => f.parentId === null);
    if (top || oldest.length < size) return top;
  }
}

/** One folder by id, or undefined. */
export function getFolder(id: string): Promise<FolderRow | undefined> {
  return getDb().folders.get(id);
}

/** How a folder's list is ordered. */
export type ArchiveSort = 'newest' | 'oldest' | 'title' | 'size';

/**
 * What a folder's list shows: failed captures hidden (the default: they are kept, with their
 * reason, but clutter the list) or only them (the "Failed (N)" filter).
 */
export interface FolderListOptions {
  sort?: ArchiveSort;
  failed?: 'hide' | 'only';
  /** Only archives passing this test (archiveFilter): the folder is then read whole. */
  filter?: (archive: ArchiveRow) => boolean;
}

/** The archives of the folder a list opens on, and which folder that is. */
export interface FolderPage {
  /** The folder asked for, or the default one when none was asked for or it is gone. */
  folderId?: string;
  archives: ArchiveRow[];
}

/**
 * The first `limit` archives of a folder (newest first unless sorted otherwise, failed
 * captures hidden unless only they are asked for), or of the default folder when `folderId`
 * is undefined or no longer exists, in one read-only transaction: a page opens its list
 * without first waiting for the folder tree to find the default folder. Newest and oldest
 * read one index page (a longer one only when failed captures took places in it); title and
 * size read the whole folder.
 */
export async function openFolderPage(
  folderId: string | undefined,
  limit: number,
  options: FolderListOptions = {},
): Promise<FolderPage> {
  const db = getDb();
  const sort = options.sort ?? 'newest';
  return db.transaction('r', db.folders, db.archives, async () => {
    const asked = folderId ? await db.folders.get(folderId) : undefined;
    const id = asked?.id ?? (await defaultFolder())?.id;
    if (!id) return { folderId: id, archives: [] };
    let archives: ArchiveRow[];
    const { filter } = options;
    if (filter) {
      // Filtered: no index gives this order of these rows; a folder is thousands at most.
      const failed = options.failed === 'only';
      const rows = await listFolderArchives(id, Infinity);
      archives = sortArchives(
        rows.filter((a) => (a.status === 'failed') === failed && filter(a)),
        sort,
      ).slice(0, limit);
    } else if (options.failed === 'only') {
      archives = sortArchives(await failedIn(id).toArray(), sort).slice(0, limit);
    } else if (sort === 'newest' || sort === 'oldest') {
      // One index page; read longer only while failed captures took places in it.
      for (let n = limit; ; n *= 2) {
        const rows = await listFolderArchives(id, n, sort);
        archives = rows.filter((a) => a.status !== 'failed').slice(0, limit);
        if (archives.length >= limit || rows.length < n) break;
      }
    } else {
      const rows = await listFolderArchives(id, Infinity);
      archives = sortArchives(
        rows.filter((a) => a.status !== 'failed'),
        sort,
      ).slice(0, limit);
    }
    return { folderId: id, archives };
  });
}

/** A folder's failed captures: few, so the status index finds them without reading the folder. */
function failedIn(folderId: string) {
  return getDb()
    .archives.where('status')
    .equals('failed')
    .filter((a) => a.folderId === folderId);
}

/**
 * How many failed captures a folder holds (its list leaves them out, behind "Failed (N)").
 * Read apart from the list, so the list never waits for it.
 */
export function countFailedIn(folderId: string): Promise<number> {
  return failedIn(folderId).count();
}

/** Archives in a list's order (the index gives newest and oldest; these are for the rest). */
export function sortArchives(rows: ArchiveRow[], sort: ArchiveSort): ArchiveRow[] {
  const out = [...rows];
  switch (sort) {
    // The order the createdAt index gives, ties included (newestFirst).
    case 'newest':
      return out.sort(newestFirst);
    case 'oldest':
      return out.sort((a, b) => newestFirst(b, a));
    case 'title':
      return out.sort((a, b) =>
        (a.title || a.url).localeCompare(b.title || b.url, undefined, { sensitivity: 'base' }),
      );
    case 'size':
      return out.sort((a, b) => b.size - a.size);
  }
}

/** Every folder (the tree is small: hundreds, not millions). */
export function listFolders(): Promise<FolderRow[]> {
  return getDb().folders.toArray();
}

/** A folder in the tree with its archive counts. */
export interface FolderNode {
  folder: FolderRow;
  /** 0 for a top-level folder. */
  depth: number;
  /** Archives directly in this folder (trashed ones excluded). */
  count: number;
  /** Archives in this folder and all its descendants. */
  total: number;
  /** True for the default top folder (cannot be deleted or moved). */
  isDefault: boolean;
  /** Subfolders sorted by name (case-insensitive). */
  children: FolderNode[];
}

// One collator: localeCompare with options builds a new one per call, which made sorting a
// tree of hundreds of folders a visible part of opening the popup.
let collator: Intl.Collator | undefined;

/** Case-insensitive, accent-aware name order, the same on every page. */
export function compareFolderNames(a: FolderRow, b: FolderRow): number {
  collator ??= new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  return collator.compare(a.name, b.name);
}

/**
 * The whole folder tree with per-folder counts: top-level folders (the default first, then by
 * name), each with its subfolders by name. Counts come from the folder rows (one read of the
 * folders table; folder-counts.ts keeps them). Use it in liveQuery; it re-runs on any change
 * of folders or archives.
 */
export async function folderTree(): Promise<FolderNode[]> {
  const db = getDb();
  const { folders, counts } = await db.transaction('r', db.folders, db.archives, async () => {
    const folders = await db.folders.toArray();
    return { folders, counts: await archiveCountsOf(folders) };
  });
  return buildTree(folders, counts);
}

/** Assembles the tree from flat rows; a folder whose parent is missing is shown at the top. */
export function buildTree(folders: FolderRow[], counts: Map<string, number>): FolderNode[] {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const childrenOf = new Map<string | null, FolderRow[]>();
  for (const folder of folders) {
    const parent = folder.parentId !== null && byId.has(folder.parentId) ? folder.parentId : null;
    const list = childrenOf.get(parent) ?? [];
    list.push(folder);
    childrenOf.set(parent, list);
  }
  const defaultId = defaultFolderIdOf(folders);
  const build = (folder: FolderRow, depth: number, seen: Set<string>): FolderNode => {
    seen.add(folder.id);
    const children = (childrenOf.get(folder.id) ?? [])
      .filter((child) => !seen.has(child.id))
      .sort(compareFolderNames)
      .map((child) => build(child, depth + 1, seen));
    const count = counts.get(folder.id) ?? 0;
    return {
      folder,
      depth,
      count,
      total: children.reduce((sum, child) => sum + child.total, count),
      isDefault: folder.id === defaultId,
      children,
    };
  };
  const seen = new Set<string>();
  return (childrenOf.get(null) ?? [])
    .sort((a, b) => (a.id === defaultId ? -1 : b.id === defaultId ? 1 : compareFolderNames(a, b)))
    .map((top) => build(top, 0, seen));
}

/** Id of the default folder among these rows: the oldest top-level one. */
export function defaultFolderIdOf(folders: FolderRow[]): string | undefined {
  let oldest: FolderRow | undefined;
  for (const f of folders) {
    if (f.parentId === null && (!oldest || f.createdAt < oldest.createdAt)) oldest = f;
  }
  return oldest?.id;
}

/** Names from the top folder down to this one (e.g. ['Personal Links', 'News']). */
export function folderPathOf(folderId: string, byId: Map<string, FolderRow>): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  for (let f = byId.get(folderId); f && !seen.has(f.id); f = byId.get(f.parentId ?? '')) {
    seen.add(f.id);
    path.unshift(f.name);
  }
  return path;
}

/** The folder path of one folder (see folderPathOf). */
export async function folderPath(folderId: string): Promise<string[]> {
  const folders = await listFolders();
  return folderPathOf(folderId, new Map(folders.map((f) => [f.id, f])));
}

/** Ids of a folder and all its descendants. */
export function subtreeIds(folderId: string, folders: FolderRow[]): string[] {
  const childrenOf = new Map<string, string[]>();
  for (const f of folders) {
    if (f.parentId === null) continue;
    const list = childrenOf.get(f.parentId) ?? [];
    list.push(f.id);
    childrenOf.set(f.parentId, list);
  }
  const ids: string[] = [];
  const stack = [folderId];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    ids.push(id);
    stack.push(...(childrenOf.get(id) ?? []));
  }
  return ids;
}

/**
 * What deleting a folder would touch, for the confirmation: its direct archives and
 * subfolders, and the archives of the whole subtree.
 */
export async function folderContents(
  folderId: string,
): Promise<{ archives: number; subfolders: number; totalArchives: number }> {
  const db = getDb();
  return db.transaction('r', db.folders, db.archives, async () => {
    const folders = await db.folders.toArray();
    const ids = new Set(subtreeIds(folderId, folders));
    const counts = await archiveCountsOf(folders.filter((f) => ids.has(f.id)));
    let totalArchives = 0;
    for (const n of counts.values()) totalArchives += n;
    return {
      archives: counts.get(folderId) ?? 0,
      subfolders: folders.filter((f) => f.parentId === folderId).length,
      totalArchives,
    };
  });
}

/**
 * Every archive in a folder and its subfolders, trashed ones excluded (their folder keys
 * are trash keys), oldest first: what "Export as WACZ" on a folder packs.
 */
export async function archivesInSubtree(folderId: string): Promise<ArchiveRow[]> {
  const db = getDb();
  return db.transaction('r', db.folders, db.archives, async () => {
    const ids = subtreeIds(folderId, await db.folders.toArray());
    const rows = await db.archives.where('folderId').anyOf(ids).toArray();
    return rows.sort((a, b) => a.createdAt - b.createdAt);
  });
}
