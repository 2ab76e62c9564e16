import { describe, expect, it } from 'vitest';
import { searchTermsOf, tokenize } from './search-terms';

describe('search terms', () => {
  it('lower-cases, folds accents and splits on punctuation', () => {
    expect(tokenize('Élan—vital: São Paulo, 2024!')).toEqual([
      'elan',
      'vital',
      'sao',
      'paulo',
      '2024',
    ]);
  });

  it('keeps title and URL terms even when the text is over the cap', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `w${i}`).join(' ');
    const terms = searchTermsOf({ title: 'Zebra', url: 'https://host.test/path', text });
    expect(terms.slice(0, 5)).toEqual(['zebra', 'https', 'host', 'test', 'path']);
    expect(terms.length).toBe(4000);
  });
});
