/** Longest term kept: longer tokens are hashes or base64 and nobody searches them. */
const MAX_TERM_LENGTH = 32;
/** Cap on terms per archive, so a huge page cannot bloat the index. */
const MAX_TERMS = 4000;

/** Text as the search index compares it: accents removed, lower case. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Splits text into normalized search terms: lower case, accents removed, split on anything
 * that is not a letter or digit. Used for both indexing and queries, so they always agree.
 */
export function tokenize(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0 && token.length <= MAX_TERM_LENGTH);
}

/**
 * The distinct terms of an archive for the multiEntry index: title, URL and the user's notes
 * first (they always fit), then page text terms up to the cap.
 */
export function searchTermsOf(fields: {
  title: string;
  url: string;
  notes?: string;
  text?: string;
}): string[] {
  const terms = new Set<string>();
  for (const token of tokenize(`${fields.title} ${fields.url} ${fields.notes ?? ''}`)) {
    terms.add(token);
  }
  for (const token of tokenize(fields.text ?? '')) {
    if (terms.size >= MAX_TERMS) break;
    terms.add(token);
  }
  return [...terms];
}

/** A query token and how it matches indexed terms. */
export interface QueryTerm {
  token: string;
  /** Prefix match (every token but a 1-character one, which would scan half the index). */
  prefix: boolean;
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

/** Whether a folded word matches a query term as the search matches it. */
export function matchesTerm(term: QueryTerm, word: string): boolean {
  return term.prefix ? word.startsWith(term.token) : word === term.token;
}
