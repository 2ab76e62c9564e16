import { describe, expect, it } from 'vitest';
import { findSnippet } from './search-snippet';

describe('findSnippet', () => {
  it('marks the first word the query matches as a prefix, with whole words around it', () => {
    const text = `${'lorem ipsum '.repeat(20)}the Archiving of pages ${'dolor sit '.repeat(20)}`;
    const s = findSnippet(text, 'archiv', 30)!;
    expect(s.match).toBe('Archiving');
    expect(s.before.startsWith('…')).toBe(true);
    expect(s.before.endsWith('the ')).toBe(true);
    expect(s.after.startsWith(' of pages')).toBe(true);
    expect(s.after.endsWith('…')).toBe(true);
    // Never a part of a word at either end.
    expect(s.before.slice(1)).toMatch(/^(lorem|ipsum) /);
    expect(s.after.slice(0, -1)).toMatch(/ (dolor|sit)$/);
  });

  it('matches accents and case as the index does, a single letter only as a whole word', () => {
    expect(findSnippet('Un café crème', 'CAFE')?.match).toBe('café');
    expect(findSnippet('a b c', 'b')).toEqual({ before: 'a ', match: 'b', after: ' c' });
    expect(findSnippet('banana', 'b')).toBeUndefined();
    expect(findSnippet('short text', 'nothing')).toBeUndefined();
    expect(findSnippet('', 'x')).toBeUndefined();
  });

  it('collapses runs of white space from page text', () => {
    expect(findSnippet('one\n\n   two\tthree', 'two')).toEqual({
      before: 'one ',
      match: 'two',
      after: ' three',
    });
  });
});
