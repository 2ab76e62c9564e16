import type { ArchiveRow } from '../db/entities';
import { activeFilterCount, archiveFilter, type ArchiveFilters } from '../db/archive-filters';
import {
  listFolders,
  openFolderPage,
  sortArchives,
  subtreeIds,
  type ArchiveSort,
} from '../db/repos/folders';
import { SEARCH_LIMIT, searchArchives, type SearchResult } from '../db/repos/search';
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
  /** Private, HTTP error, date range, and whether a search stays in the folder. */
  filters?: ArchiveFilters;
}

/**
 * Matches a filtered or re-ordered search reads before it filters and sorts them: the newest
 * this many, of which the first SEARCH_LIMIT passing the filters are shown.
 */
const FILTERED_SEARCH_READ = 1000;

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
  const filters = filtersKey(r);
  if (r.query.trim()) return `${filter}|q:${r.query}|${r.sort}|${filters}|${r.folderId}`;
  if (r.unsyncedOn) return `${filter}|${r.pageSize}|${filters}`;
  return `f:${r.folderId}:${r.pageSize}:${r.sort}:${r.failedOnly}:${filters}`;
}

function filtersKey(r: ListRequest): string {
  const f = r.filters ?? {};
  return activeFilterCount(f) ? JSON.stringify(f) : '';
}

/** Search hits filtered and put in the list's order, the first SEARCH_LIMIT of them. */
async function filteredSearch(r: ListRequest): Promise<SearchResult> {
  const f = r.filters ?? {};
  const reorder = r.sort !== 'newest';
  if (!activeFilterCount(f) && !reorder) return searchArchives(r.query);
  const search = await searchArchives(r.query, FILTERED_SEARCH_READ);
  const folderIds =
    f.inFolder && r.folderId ? new Set(subtreeIds(r.folderId, await listFolders())) : undefined;
  const test = archiveFilter(f, folderIds);
  const passing = test ? search.hits.filter((h) => test(h.archive)) : search.hits;
  const hitOf = new Map(passing.map((h) => [h.archive, h]));
  const hits = sortArchives([...hitOf.keys()], r.sort)
    .slice(0, SEARCH_LIMIT)
    .map((a) => hitOf.get(a)!);
  // Counted among what was read: when the search itself stopped early, say "N+".
  const more = search.more || search.hits.length >= FILTERED_SEARCH_READ;
  return more ? { hits, total: passing.length, more } : { hits, total: passing.length };
}

/**
 * Reads what a library browser lists: search results (narrowed by the "Not synced" filter
 * when on), else the filter's archives from every folder, else a folder's page in its order,
 * its failed captures left out unless only they are asked for. One more row than the page is
 * read to tell whether "Show more" is needed.
 */
export async function readArchiveList(r: ListRequest): Promise<ListAnswer> {
  const test = archiveFilter(r.filters ?? {});
  if (r.query.trim()) {
    const search = await filteredSearch(r);
    if (r.unsyncedOn) {
      const unsynced = new Set((await listUnsyncedArchives(r.unsyncedOn)).map((a) => a.id));
      const hits = search.hits.filter((h) => unsynced.has(h.archive.id));
      const filtered = { ...search, hits, total: hits.length, more: false };
      return {
        archives: hits.map((h) => h.archive),
        search: filtered,
        listKey: `uq:${r.query}:${r.sort}:${filtersKey(r)}`,
      };
    }
    return {
      archives: search.hits.map((h) => h.archive),
      search,
      listKey: `q:${r.query}:${r.sort}:${filtersKey(r)}`,
    };
  }
  if (r.unsyncedOn) {
    const all = await listUnsyncedArchives(r.unsyncedOn);
    const unsynced = test ? all.filter(test) : all;
    return {
      archives: unsynced.slice(0, r.pageSize),
      unsyncedTotal: unsynced.length,
      more: unsynced.length > r.pageSize,
      listKey: `u:${filtersKey(r)}`,
    };
  }
  const page = await openFolderPage(r.folderId, r.pageSize + 1, {
    sort: r.sort,
    failed: r.failedOnly ? 'only' : 'hide',
    filter: test,
  });
  const more = page.archives.length > r.pageSize;
  return {
    ...page,
    archives: more ? page.archives.slice(0, r.pageSize) : page.archives,
    more,
    listKey: `f:${page.folderId}:${r.sort}:${r.failedOnly}:${filtersKey(r)}`,
  };
}
