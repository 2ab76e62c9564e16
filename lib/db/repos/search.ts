import type { ArchiveRow } from '../entities';
import { getDb } from '../schema';
import { matchesTerm, queryTerms, type QueryTerm } from '../search-terms';
import { isTrashed, newestFirst } from './archives';
import { folderPathOf } from './folders';

/** One search result: the archive and the folder it lives in. */
export interface SearchHit {
  archive: ArchiveRow;
  /** Folder names from the top down, e.g. ['Personal Links', 'News']. */
  folderPath: string[];
  folderId: string;
}

/** Results of a search, newest first. */
export interface SearchResult {
  hits: SearchHit[];
  /** Archives matching every word (may count a few trashed ones), to say "50 of 812". */
  total: number;
  /**
   * True when every word was so common that the search stopped once it had enough hits:
   * `total` then only counts the matches found so far (show it as "60+").
   */
  more?: boolean;
}

/** Default cap on hits returned. */
export const SEARCH_LIMIT = 50;

/**
 * Index entries read per word at most. A short prefix of a common word spans a large part of
 * the index; reading it whole (or even counting it) costs more than the whole search should.
 */
const TERM_CAP = 2000;
/** Overrides of the search's internal limits; tests use them to drive every path. */
export interface SearchTuning {
  termCap?: number;
  verifyAll?: number;
  /** First newest-first read when some words narrowed the candidates. */
  firstRead?: number;
  /** Index entries of the first, short read of every word. */
  firstCap?: number;
}

/** Newest-first reads: the first read when some words narrowed the candidates (it doubles). */
const NARROWED_FIRST_READ = 800;
/** Most archives checked by a newest-first walk when all words are common. */
const WALK_MAX = 5000;
/** Up to this many candidates are all checked against the common words (exact total). */
const VERIFY_ALL = 200;

/**
 * Finds archives whose title, URL or page text contain every query word (AND). Words match
 * as prefixes, so typing "arch" finds "archive"; a one-letter word must match exactly. With
 * several words, each is first read up to VERIFY_ALL index entries: a rarer word gives all
 * candidates, the others are checked on their stored terms. Otherwise words are read up to
 * TERM_CAP entries, the rarest complete word gives the candidates and the others narrow them;
 * when every word is common, archives are checked newest first until `limit` hits are found
 * (the total then says "N+"). Newest first, trashed archives skipped, each hit with its
 * folder path.
 */
export async function searchArchives(
  query: string,
  limit = SEARCH_LIMIT,
  tuning: SearchTuning = {},
): Promise<SearchResult> {
  const terms = queryTerms(query);
  if (terms.length === 0) return { hits: [], total: 0 };
  const db = getDb();
  // No enclosing transaction: inside a live query (the library's list) Dexie may answer a
  // read again from its cache without any IndexedDB request, and a transaction with no
  // request pending commits, failing the next read ("Transaction committed too early"), as
  // when a word is read again further. A live query re-runs on any write to what it read,
  // so reads in separate transactions lose nothing there.
  const cap = tuning.termCap ?? TERM_CAP;
  // First a short read of every word: a rare word (under VERIFY_ALL archives) is enough to
  // find every match, without reading thousands of entries of the common words beside it
  // (some 10 µs per entry on a busy machine: 2,000 entries cost 20-30 ms).
  // A one-word query has no other word to spare reading: it reads its word once, in full.
  const firstCap = terms.length > 1 ? Math.min(tuning.firstCap ?? VERIFY_ALL, cap) : cap;
  // Every hit needs its folder path: read the folders alongside the search, not after it.
  const foldersRead = db.folders.toArray();
  const short = await Promise.all(terms.map((term) => termKeys(term, firstCap)));
  const result = await matchSets(
    short.some((s) => s.complete) || firstCap === cap ? short : await readFurther(short, cap),
    limit,
    tuning,
  );
  const { archives, total, more } = result;
  // One read of every folder (started above): fewer round trips than fetching the hits'
  // folders and then their parents level by level.
  const folders = new Map((await foldersRead).map((f) => [f.id, f]));
  const hits = archives.map((archive) => ({
    archive,
    folderId: archive.folderId,
    folderPath: folderPathOf(archive.folderId, folders),
  }));
  return more ? { hits, total, more } : { hits, total };
}

/** Matching archives found so far: the newest `limit` rows, how many matched, whether more. */
interface Matches {
  archives: ArchiveRow[];
  total: number;
  more: boolean;
}

/** Archive ids read from one word's index range, and whether that was all of them. */
interface TermKeys {
  term: QueryTerm;
  ids: Set<string>;
  complete: boolean;
}

/**
 * Every word had more than the short read: reads them up to `cap` entries one at a time,
 * longest word first (a longer word is usually the rarer), and stops once one word is read
 * whole: its archives are the candidates, and the rest are checked on the candidates' stored
 * terms more cheaply than by reading thousands of their index entries.
 */
async function readFurther(short: TermKeys[], cap: number): Promise<TermKeys[]> {
  const order = [...short].sort((a, b) => b.term.token.length - a.term.token.length);
  const out: TermKeys[] = [];
  for (const [i, set] of order.entries()) {
    const full = await termKeys(set.term, cap);
    out.push(full);
    if (full.complete) return [...out, ...order.slice(i + 1)];
  }
  return out;
}

/**
 * The matches given each word's (possibly capped) index read: the rarest complete words give
 * the candidates, the others narrow them by their stored terms, all of them when few (exact
 * total) or newest first until enough otherwise.
 */
async function matchSets(sets: TermKeys[], limit: number, tuning: SearchTuning): Promise<Matches> {
  const complete = sets.filter((s) => s.complete).sort((a, b) => a.ids.size - b.ids.size);
  let candidates: Set<string> | undefined;
  for (const set of complete) {
    candidates = candidates ? new Set([...candidates].filter((id) => set.ids.has(id))) : set.ids;
  }
  const capped = sets.filter((s) => !s.complete);
  const firstRead = tuning.firstRead ?? NARROWED_FIRST_READ;
  if (candidates && (capped.length === 0 || candidates.size <= (tuning.verifyAll ?? VERIFY_ALL))) {
    // Small or exact: check every candidate, so the total is exact.
    if (capped.length > 0 && candidates.size > 0) {
      candidates = await verify(
        candidates,
        capped.map((s) => s.term),
      );
    }
    return {
      archives: await newestOf(candidates, limit, firstRead),
      total: candidates.size,
      more: false,
    };
  }
  // Common words left: check candidates newest first, only until there are enough.
  return walkNewest(capped, candidates, limit, candidates ? firstRead : limit + 10, WALK_MAX);
}

function rangeOf(term: QueryTerm) {
  const index = getDb().searchTerms.where('terms');
  return term.prefix ? index.startsWith(term.token) : index.equals(term.token);
}

/** matchesTerm over an archive's stored terms (includes is the native loop for exact ones). */
function termMatches(term: QueryTerm, terms: string[]): boolean {
  return term.prefix ? terms.some((t) => matchesTerm(term, t)) : terms.includes(term.token);
}

/** Archive ids of one term's index range, read up to TERM_CAP entries. */
async function termKeys(term: QueryTerm, cap: number): Promise<TermKeys> {
  const keys = (await rangeOf(term).limit(cap).primaryKeys()) as string[];
  return { term, ids: new Set(keys), complete: keys.length < cap };
}

/** Keeps the candidates whose stored terms match every given term. */
async function verify(ids: Set<string>, terms: QueryTerm[]): Promise<Set<string>> {
  const rows = await getDb().searchTerms.bulkGet([...ids]);
  const out = new Set<string>();
  for (const row of rows) {
    if (row && terms.every((term) => termMatches(term, row.terms))) out.add(row.archiveId);
  }
  return out;
}

/**
 * The newest `count` archive ids, newest first. A plain keys-only read of the createdAt index
 * is one getAllKeys; skipping rows with an offset would walk a cursor entry by entry, which
 * cost several times more per id. Longer walks read a longer prefix again instead.
 */
async function newestIds(count: number): Promise<string[]> {
  return (await getDb()
    .archives.orderBy('createdAt')
    .reverse()
    .limit(count)
    .primaryKeys()) as string[];
}

/**
 * Every word is common: check archives newest first until enough hit, or `maxChecked`
 * archives were checked. An archive already seen
 * in a word's (capped) index read matches that word; only the other words are checked against
 * its stored terms. The first read is `firstRead` archives (candidates only are checked when
 * given); each further read doubles.
 */
async function walkNewest(
  sets: TermKeys[],
  candidates: Set<string> | undefined,
  limit: number,
  firstRead: number,
  maxChecked: number,
): Promise<Matches> {
  const found: string[] = [];
  let checked = 0;
  let read = 0;
  for (let step = firstRead; checked < maxChecked; step *= 2) {
    const size = read + step;
    const newest = await newestIds(size);
    const page = newest.slice(read);
    read = newest.length;
    const ids = candidates ? page.filter((id) => candidates.has(id)) : page;
    checked += ids.length;
    const unsure = ids.filter((id) => sets.some((s) => !s.ids.has(id)));
    const rows = new Map(
      (await getDb().searchTerms.bulkGet(unsure)).map((row, i) => [unsure[i]!, row?.terms]),
    );
    for (const id of ids) {
      const terms = rows.get(id);
      const matches = sets.every(
        (s) => s.ids.has(id) || (terms !== undefined && termMatches(s.term, terms)),
      );
      if (matches) found.push(id);
    }
    if (newest.length < size) {
      const archives = await rowsOf(found, limit, true);
      return { archives, total: found.length, more: false };
    }
    if (found.length >= limit + 10) {
      const archives = await rowsOf(found, limit, true);
      return { archives, total: found.length, more: true };
    }
  }
  const archives = await rowsOf(found, limit, true);
  return { archives, total: found.length, more: true };
}

/**
 * The newest `limit` non-trashed rows of these ids. Ids already newest first (`ordered`) are
 * read only as far as needed: `limit` rows, more only to replace trashed ones.
 */
async function rowsOf(ids: string[], limit: number, ordered = false): Promise<ArchiveRow[]> {
  const live = (row: ArchiveRow | undefined): row is ArchiveRow => !!row && !isTrashed(row);
  if (!ordered) {
    const rows = await getDb().archives.bulkGet(ids);
    return rows.filter(live).sort(newestFirst).slice(0, limit);
  }
  const out: ArchiveRow[] = [];
  for (let i = 0; i < ids.length && out.length < limit;) {
    const chunk = ids.slice(i, i + limit - out.length);
    i += chunk.length;
    out.push(...(await getDb().archives.bulkGet(chunk)).filter(live));
  }
  return out;
}

/** The newest `limit` non-trashed archives among these ids. */
async function newestOf(ids: Set<string>, limit: number, firstRead: number): Promise<ArchiveRow[]> {
  if (ids.size <= limit * 6) return rowsOf([...ids], limit);
  // Many matches: read the createdAt index newest first (keys only) until enough of them show.
  const wanted: string[] = [];
  let read = 0;
  for (let step = firstRead; wanted.length < limit + 10; step *= 2) {
    const size = read + step;
    const newest = await newestIds(size);
    for (const id of newest.slice(read)) if (ids.has(id)) wanted.push(id);
    read = newest.length;
    if (newest.length < size) break;
  }
  return rowsOf(wanted, limit, true);
}
