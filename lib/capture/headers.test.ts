import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, cdpBytes, postDataBytes } from '../bytes';
import { getHeader, headerListFromObject, mediaType, parseResponseHead } from './headers';

describe('headers', () => {
  it('splits values CDP joined with newlines (Set-Cookie)', () => {
    expect(headerListFromObject({ 'Set-Cookie': 'a=1\nb=2', 'Content-Type': 'text/html' })).toEqual(
      [
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
        ['Content-Type', 'text/html'],
      ],
    );
  });

  it('parses a raw HTTP/1 head, keeping order, case and duplicates', () => {
    const head = parseResponseHead(
      'HTTP/1.1 404 Not Found\r\nX-B: 1\r\nset-cookie: a=1\r\nSet-Cookie: b=2\r\nX-Fold: one\r\n  two\r\n\r\n',
    );
    expect(head).toEqual({
      statusText: 'Not Found',
      headers: [
        ['X-B', '1'],
        ['set-cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
        ['X-Fold', 'one two'],
      ],
    });
    expect(parseResponseHead('garbage')).toBeUndefined();
    expect(parseResponseHead('HTTP/1.1 204\r\n\r\n')?.statusText).toBe('');
  });

  it('looks headers up case-insensitively; media type without parameters', () => {
    expect(getHeader([['Content-Type', 'Text/HTML; charset=utf-8']], 'content-type')).toBe(
      'Text/HTML; charset=utf-8',
    );
    expect(mediaType('Text/HTML; charset=utf-8')).toBe('text/html');
    expect(mediaType(undefined)).toBe('');
  });
});

describe('bytes', () => {
  it('round-trips base64 of any length', () => {
    for (const n of [0, 1, 2, 3, 24575, 24576, 24577, 100_000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31) & 0xff);
      const b64 = bytesToBase64(bytes);
      expect(b64).toBe(Buffer.from(bytes).toString('base64'));
      expect(Buffer.from(base64ToBytes(b64)).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('encodes a large body (a replayed response) without overflowing the stack', () => {
    const bytes = new Uint8Array(3_000_000).map((_, i) => i % 251);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('joins the base64 parts of a request body; none with bytes is no body', () => {
    const parts = [{ bytes: btoa('q=1') }, {}, { bytes: btoa('&r=2') }];
    expect(new TextDecoder().decode(postDataBytes(parts))).toBe('q=1&r=2');
    expect(postDataBytes([{}])).toBeUndefined();
    expect(postDataBytes(undefined)).toBeUndefined();
  });

  it('text bodies are UTF-8 encoded', () => {
    expect(Array.from(cdpBytes('é', false))).toEqual([0xc3, 0xa9]);
    expect(Array.from(cdpBytes('w6k=', true))).toEqual([0xc3, 0xa9]);
  });
});
