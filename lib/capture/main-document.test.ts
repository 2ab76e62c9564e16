import { describe, expect, it } from 'vitest';
import { MainDocument } from './main-document';
import { bodyExchange } from '../warc/test-utils';

describe('MainDocument', () => {
  it('follows the latest top document request and what was stored of it', () => {
    const doc = new MainDocument();
    doc.requested('1');
    doc.responseReceived('2');
    expect(doc.responded).toBe(false);
    doc.responseReceived('1');
    expect(doc.responded).toBe(true);
    // A new navigation: the old request is no longer the document's.
    doc.requested('3');
    expect(doc.is('1')).toBe(false);
    expect(doc.responded).toBe(false);
    expect(doc.stored).toBe(false);
    const pdf = bodyExchange('https://e.test/a.pdf', new Uint8Array(10), 'application/pdf');
    pdf.response.status = 404;
    pdf.response.body!.truncated = 'length';
    doc.storedAs(pdf);
    expect(doc).toMatchObject({ stored: true, status: 404, isPdf: true, cut: 'length', bytes: 10 });
  });
});
