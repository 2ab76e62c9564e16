/** Longest term kept: longer tokens are hashes or base64 and nobody searches them. */
const MAX_TERM_LENGTH = 32;
/** Cap on terms per archive, so a huge page cannot bloat the index. */
const MAX_TERMS = 4000;

/**
 * Splits text into normalized search terms: lower case, accents removed, split on anything
 * that is not a letter or digit. Used for both indexing and queries, so they always agree.
 */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
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
