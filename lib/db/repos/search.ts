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
  /** Archives matching every term (may count a few trashed ones), to say "50 of 812". */
  total: number;
}

/** Default cap on hits returned. */
export const SEARCH_LIMIT = 50;

/**
 * A candidate set this small is checked against the stored terms of each candidate instead of
 * reading the next term's whole index range.
 */
const VERIFY_BELOW = 300;

/** A query token and how it matches indexed terms. */
interface QueryTerm {
  token: string;
  /** Prefix match (every token but a 1-character one, which would scan half the index). */
  prefix: boolean;
}

/**
 * Finds archives whose title, URL or page text contain every query word (AND). Words match
 * as prefixes, so typing "arch" finds "archive"; a one-letter word must match exactly. The
 * rarest word is looked up first and the others narrow its set. Newest first, trashed
 * archives skipped, at most `limit` hits, each with its folder path.
 */
export async function searchArchives(query: string, limit = SEARCH_LIMIT): Promise<SearchResult> {
  const terms = queryTerms(query);
  if (terms.length === 0) return { hits: [], total: 0 };
  const db = getDb();
  return db.transaction('r', db.searchTerms, db.archives, db.folders, async () => {
    const ids = await matchingIds(terms);
    if (ids.size === 0) return { hits: [], total: 0 };
    const archives = await newestOf(ids, limit);
    const folders = new Map((await db.folders.toArray()).map((f) => [f.id, f]));
    return {
      hits: archives.map((archive) => ({
        archive,
        folderId: archive.folderId,
        folderPath: folderPathOf(archive.folderId, folders),
      })),
      total: ids.size,
    };
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

/** Ids of archives matching every term, starting from the rarest term. */
async function matchingIds(terms: QueryTerm[]): Promise<Set<string>> {
  const sizes = await Promise.all(terms.map((term) => rangeOf(term).count()));
  const order = terms.map((term, i) => ({ term, size: sizes[i] ?? 0 }));
  order.sort((a, b) => a.size - b.size);
  if (order[0]!.size === 0) return new Set();
  let ids = new Set((await rangeOf(order[0]!.term).primaryKeys()) as string[]);
  for (let i = 1; i < order.length && ids.size > 0; i++) {
    const rest = order.slice(i).map((o) => o.term);
    if (ids.size < VERIFY_BELOW) return verify(ids, rest);
    const next = new Set((await rangeOf(order[i]!.term).primaryKeys()) as string[]);
    ids = new Set([...ids].filter((id) => next.has(id)));
  }
  return ids;
}

/** Keeps the candidates whose stored terms match every remaining term. */
async function verify(ids: Set<string>, terms: QueryTerm[]): Promise<Set<string>> {
  const rows = await getDb().searchTerms.bulkGet([...ids]);
  const out = new Set<string>();
  for (const row of rows) {
    if (row && terms.every((term) => termMatches(term, row.terms))) out.add(row.archiveId);
  }
  return out;
}

/** The newest `limit` non-trashed archives among these ids. */
async function newestOf(ids: Set<string>, limit: number): Promise<ArchiveRow[]> {
  const db = getDb();
  let wanted: string[];
  if (ids.size <= limit * 4) {
    wanted = [...ids];
  } else {
    // Many matches: walk the createdAt index (keys only) and take the first ones that match.
    const ordered = (await db.archives.orderBy('createdAt').reverse().primaryKeys()) as string[];
    wanted = [];
    for (const id of ordered) {
      if (!ids.has(id)) continue;
      wanted.push(id);
      if (wanted.length >= limit * 2) break;
    }
  }
  const rows = await db.archives.bulkGet(wanted);
  return rows
    .filter((row): row is ArchiveRow => !!row && !isTrashed(row))
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, limit);
}
