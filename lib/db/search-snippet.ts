import { foldText, matchesTerm, queryTerms } from './search-terms';

/** Where a search matched in a text: the matched word and some words around it. */
export interface Snippet {
  /** Text before the match (starts with "…" when the text goes on before it). */
  before: string;
  /** The matched word as written. */
  match: string;
  /** Text after the match (ends with "…" when the text goes on). */
  after: string;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The first word of `text` that a query word matches as the search does (a word of two or
 * more letters as a prefix, a single letter exactly), with about `radius` characters either
 * side cut at word boundaries; undefined when no word matches.
 */
export function findSnippet(text: string, query: string, radius = 70): Snippet | undefined {
  const terms = queryTerms(query);
  if (terms.length === 0 || !text) return undefined;
  for (const m of text.matchAll(WORD)) {
    const word = foldText(m[0]);
    const hit = terms.some((t) => matchesTerm(t, word));
    if (!hit) continue;
    const start = m.index;
    const end = start + m[0].length;
    let from = Math.max(0, start - radius);
    let to = Math.min(text.length, end + radius);
    // Cut at spaces, so no word is shown in part.
    if (from > 0) from = text.indexOf(' ', from) + 1 || start;
    if (to < text.length) to = Math.max(end, text.lastIndexOf(' ', to));
    const squash = (s: string) => s.replace(/\s+/g, ' ');
    return {
      before: (from > 0 ? '…' : '') + squash(text.slice(Math.min(from, start), start)).trimStart(),
      match: m[0],
      after: squash(text.slice(end, to)).trimEnd() + (to < text.length ? '…' : ''),
    };
  }
  return undefined;
}
