import type { ArchiveRow } from './entities';

/**
 * The library list's filters beyond a folder's failed captures: the private flag, an HTTP
 * error page, a capture date range (whole local days, both ends included) and, for a search,
 * whether it stays in the chosen folder (with its subfolders).
 */
export interface ArchiveFilters {
  privacy?: 'private' | 'public';
  httpError?: boolean;
  /** First day, `YYYY-MM-DD` (as a date input gives it), in local time. */
  from?: string;
  /** Last day, `YYYY-MM-DD`, in local time. */
  to?: string;
  /** A search looks in the chosen folder and its subfolders only. */
  inFolder?: boolean;
}

/** How many of the filters are set (the "Filters (N)" button). */
export function activeFilterCount(f: ArchiveFilters): number {
  return [f.privacy, f.httpError, f.from, f.to, f.inFolder].filter(Boolean).length;
}

/** Local midnight at the start of a `YYYY-MM-DD` day; undefined for anything else. */
function dayStart(day: string | undefined): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
}

/**
 * The filters as one test of an archive, or undefined when none is set (lists then keep their
 * fast index reads). `folderIds` are the folders a search may look in when `inFolder` is set.
 * A range whose ends are swapped is read the right way round.
 */
export function archiveFilter(
  f: ArchiveFilters,
  folderIds?: ReadonlySet<string>,
): ((archive: ArchiveRow) => boolean) | undefined {
  let from = dayStart(f.from);
  let to = dayStart(f.to);
  if (from !== undefined && to !== undefined && from > to) [from, to] = [to, from];
  // The end day is included: up to the next day's midnight.
  const end = to === undefined ? undefined : new Date(to).setDate(new Date(to).getDate() + 1);
  const tests: Array<(a: ArchiveRow) => boolean> = [];
  if (f.privacy) tests.push((a) => a.isPrivate === (f.privacy === 'private'));
  if (f.httpError) tests.push((a) => a.pageStatus !== undefined && a.pageStatus >= 400);
  if (from !== undefined) tests.push((a) => a.createdAt >= from);
  if (end !== undefined) tests.push((a) => a.createdAt < end);
  if (f.inFolder && folderIds) tests.push((a) => folderIds.has(a.folderId));
  if (tests.length === 0) return undefined;
  return (a) => tests.every((test) => test(a));
}
