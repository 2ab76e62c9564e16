import type { ArchiveRow } from '../entities';
import { getDb } from '../schema';
import { tokenize } from '../search-terms';
import { isTrashed } from './archives';
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
}

/** Newest-first walk when all words are common: largest step, and most archives checked. */
const WALK_STEP_MAX = 800;
const WALK_MAX = 5000;
/** Up to this many candidates are all checked against the common words (exact total). */
const VERIFY_ALL = 200;

/** A query token and how it matches indexed terms. */
interface QueryTerm {
  token: string;
  /** Prefix match (every token but a 1-character one, which would scan half the index). */
  prefix: boolean;
}

/**
 * Finds archives whose title, URL or page text contain every query word (AND). Words match
 * as prefixes, so typing "arch" finds "archive"; a one-letter word must match exactly. Each
 * word reads at most TERM_CAP index entries; the rarest complete word gives the candidates
 * and the others narrow them (by set or by the candidates' stored terms). When every word is
 * common, archives are checked newest first until `limit` hits are found. Newest first,
 * trashed archives skipped, each hit with its folder path.
 */
export async function searchArchives(
  query: string,
  limit = SEARCH_LIMIT,
  tuning: SearchTuning = {},
): Promise<SearchResult> {
  const terms = queryTerms(query);
  if (terms.length === 0) return { hits: [], total: 0 };
  const db = getDb();
  return db.transaction('r', db.searchTerms, db.archives, db.folders, async () => {
    const cap = tuning.termCap ?? TERM_CAP;
    const sets = await Promise.all(terms.map((term) => termKeys(term, cap)));
    const complete = sets.filter((s) => s.complete).sort((a, b) => a.ids.size - b.ids.size);
    let archives: ArchiveRow[];
    let total: number;
    let more = false;
    let candidates: Set<string> | undefined;
    for (const set of complete) {
      candidates = candidates ? new Set([...candidates].filter((id) => set.ids.has(id))) : set.ids;
    }
    const capped = sets.filter((s) => !s.complete);
    if (
      candidates &&
      (capped.length === 0 || candidates.size <= (tuning.verifyAll ?? VERIFY_ALL))
    ) {
      // Small or exact: check every candidate, so the total is exact.
      if (capped.length > 0 && candidates.size > 0) {
        candidates = await verify(
          candidates,
          capped.map((s) => s.term),
        );
      }
      total = candidates.size;
      archives = await newestOf(candidates, limit);
    } else {
      // Common words left: check candidates newest first, only until there are enough.
      let found: number;
      ({ archives, found, more } = await walkNewest(capped, candidates, limit));
      total = found;
    }
    const folders = new Map((await db.folders.toArray()).map((f) => [f.id, f]));
    const hits = archives.map((archive) => ({
      archive,
      folderId: archive.folderId,
      folderPath: folderPathOf(archive.folderId, folders),
    }));
    return more ? { hits, total, more } : { hits, total };
  });
}
/**
 * The query's distinct tokens; a prefix token that is a prefix of another token adds nothing
 * and goes.
 */
export function queryTerms(query: string): QueryTerm[] {
  const tokens = [...new Set(tokenize(query))];
  const kept = tokens.filter(
    (token) =>
      token.length === 1 || !tokens.some((other) => other !== token && other.startsWith(token)),
  );
  return kept.map((token) => ({ token, prefix: token.length > 1 }));
}

function rangeOf(term: QueryTerm) {
  const index = getDb().searchTerms.where('terms');
  return term.prefix ? index.startsWith(term.token) : index.equals(term.token);
}

function termMatches(term: QueryTerm, terms: string[]): boolean {
  return term.prefix ? terms.some((t) => t.startsWith(term.token)) : terms.includes(term.token);
}

/** Archive ids of one term's index range, read up to TERM_CAP entries. */
async function termKeys(term: QueryTerm, cap: number) {
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

/** Archive ids newest first, one step of the createdAt index at a time (keys only). */
async function newestIds(offset: number, count: number): Promise<string[]> {
  return (await getDb()
    .archives.orderBy('createdAt')
    .reverse()
    .offset(offset)
    .limit(count)
    .primaryKeys()) as string[];
}

/**
 * Every word is common: check archives newest first until enough hit. An archive already seen
 * in a word's (capped) index read matches that word; only the other words are checked against
 * its stored terms. Steps start at about `limit` archives and double.
 */
async function walkNewest(
  sets: { term: QueryTerm; ids: Set<string> }[],
  candidates: Set<string> | undefined,
  limit: number,
): Promise<{ archives: ArchiveRow[]; found: number; more: boolean }> {
  const found: string[] = [];
  let step = candidates ? WALK_STEP_MAX : limit + 10;
  let checked = 0;
  for (
    let offset = 0;
    checked < WALK_MAX;
    offset += step, step = Math.min(step * 2, WALK_STEP_MAX)
  ) {
    const page = await newestIds(offset, step);
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
    if (page.length < step) {
      return { archives: await rowsOf(found, limit), found: found.length, more: false };
    }
    if (found.length >= limit + 10) break;
  }
  return { archives: await rowsOf(found, limit), found: found.length, more: true };
}

/** The rows of these ids in this order, trashed ones skipped, at most `limit`. */
async function rowsOf(ids: string[], limit: number): Promise<ArchiveRow[]> {
  const rows = await getDb().archives.bulkGet(ids);
  return rows
    .filter((row): row is ArchiveRow => !!row && !isTrashed(row))
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, limit);
}

/** The newest `limit` non-trashed archives among these ids. */
async function newestOf(ids: Set<string>, limit: number): Promise<ArchiveRow[]> {
  if (ids.size <= limit * 6) return rowsOf([...ids], limit);
  // Many matches: walk the createdAt index newest first (keys only) and keep the matching ones.
  const wanted: string[] = [];
  for (let offset = 0; wanted.length < limit + 10; offset += WALK_STEP_MAX) {
    const step = await newestIds(offset, WALK_STEP_MAX);
    for (const id of step) if (ids.has(id)) wanted.push(id);
    if (step.length < WALK_STEP_MAX) break;
  }
  return rowsOf(wanted, limit);
}
