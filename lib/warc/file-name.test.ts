import { describe, expect, it } from 'vitest';
import { CairnError } from '../errors';
import { warcFileName } from './file-name';

const date = new Date(Date.UTC(2024, 0, 5, 7, 8, 9, 999));

describe('warcFileName', () => {
  it.each([
    ['https://www.example.com/a?b#c', 'cairn-example.com-20240105-070809.warc.gz'],
    ['http://Sub.Example.ORG:8080/', 'cairn-sub.example.org-20240105-070809.warc.gz'],
    ['http://[2001:db8::1]/', 'cairn-2001-db8-1-20240105-070809.warc.gz'],
    ['https://bücher.example/', 'cairn-xn--bcher-kva.example-20240105-070809.warc.gz'],
    ['http://127.0.0.1:3000/x', 'cairn-127.0.0.1-20240105-070809.warc.gz'],
    ['file:///home/me/page.html', 'cairn-page-20240105-070809.warc.gz'],
    ['about:blank', 'cairn-page-20240105-070809.warc.gz'],
    ['not a url', 'cairn-page-20240105-070809.warc.gz'],
  ])('%s → %s', (url, expected) => {
    expect(warcFileName({ url, date })).toBe(expected);
  });

  it('uses only safe characters and bounds the length', () => {
    const name = warcFileName({ url: `https://${'a'.repeat(63)}.${'b'.repeat(63)}.com/`, date });
    expect(name).toMatch(/^cairn-[a-z0-9.-]+-\d{8}-\d{6}\.warc\.gz$/);
    expect(name.length).toBeLessThanOrEqual(100);
  });

  it('rejects an invalid date', () => {
    expect(() => warcFileName({ url: 'https://a.b/', date: new Date(NaN) })).toThrow(CairnError);
  });
});
