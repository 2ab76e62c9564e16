import type { ArchiveRow } from '../db/entities';
import { openFolderPage, type ArchiveSort } from '../db/repos/folders';
import { searchArchives, type SearchResult } from '../db/repos/search';
import { listUnsyncedArchives } from '../db/repos/unsynced';

/** What a library browser's list asks for. */
export interface ListRequest {
  /** Search text; blank lists a folder (or the filter). */
  query: string;
  /** The "Not synced" filter, over these servers; undefined when off. */
  unsyncedOn?: string[];
  /** The chosen folder; undefined or gone: the default one. */
  folderId?: string;
  pageSize: number;
  sort: ArchiveSort;
  failedOnly: boolean;
}

/** What the list shows. */
export interface ListAnswer {
  archives: ArchiveRow[];
  folderId?: string;
  search?: SearchResult;
  /** What the answer lists: the list's key (a new one starts the list from its top). */
  listKey?: string;
  /** A folder's answer holds more archives than it lists ("Show more"). */
  more?: boolean;
  /** How many archives the "Not synced" filter found in all. */
  unsyncedTotal?: number;
}

/** The request's identity, for the live query's dependencies. */
export function listRequestKey(r: ListRequest): string {
  const filter = r.unsyncedOn ? `u:${r.unsyncedOn.join()}` : '';
  if (r.query.trim()) return `${filter}|q:${r.query}`;
  if (r.unsyncedOn) return `${filter}|${r.pageSize}`;
  return `f:${r.folderId}:${r.pageSize}:${r.sort}:${r.failedOnly}`;
}

/**
 * Reads what a library browser lists: search results (narrowed by the "Not synced" filter
 * when on), else the filter's archives from every folder, else a folder's page in its order,
 * its failed captures left out unless only they are asked for. One more row than the page is
 * read to tell whether "Show more" is needed.
 */
export async function readArchiveList(r: ListRequest): Promise<ListAnswer> {
  if (r.query.trim()) {
    const search = await searchArchives(r.query);
    if (r.unsyncedOn) {
      const unsynced = new Set((await listUnsyncedArchives(r.unsyncedOn)).map((a) => a.id));
      const hits = search.hits.filter((h) => unsynced.has(h.archive.id));
      const filtered = { ...search, hits, total: hits.length, more: false };
      return { archives: hits.map((h) => h.archive), search: filtered, listKey: `uq:${r.query}` };
    }
    return { archives: search.hits.map((h) => h.archive), search, listKey: `q:${r.query}` };
  }
  if (r.unsyncedOn) {
    const unsynced = await listUnsyncedArchives(r.unsyncedOn);
    return {
      archives: unsynced.slice(0, r.pageSize),
      unsyncedTotal: unsynced.length,
      more: unsynced.length > r.pageSize,
      listKey: 'u',
    };
  }
  const page = await openFolderPage(r.folderId, r.pageSize + 1, {
    sort: r.sort,
    failed: r.failedOnly ? 'only' : 'hide',
  });
  const more = page.archives.length > r.pageSize;
  return {
    ...page,
    archives: more ? page.archives.slice(0, r.pageSize) : page.archives,
    more,
    listKey: `f:${page.folderId}:${r.sort}:${r.failedOnly}`,
  };
}
