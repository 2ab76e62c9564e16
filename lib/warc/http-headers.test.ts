import { describe, expect, it } from 'vitest';
import type { HeaderList } from '../capture/types';
import {
  cleanHeaders,
  essenceOf,
  fixRequestHeaders,
  fixResponseHeaders,
  sanitizeHeaderValue,
} from './http-headers';
import { OrderedHeaders } from './ordered-headers';
import { requestLine, responseStatusLine } from './status-line';

describe('sanitizeHeaderValue', () => {
  it.each([
    ['plain', 'plain'],
    ['a\r\nb', 'a b'],
    ['a\nb\rc', 'a b c'],
    ['tab\tkept', 'tab\tkept'],
    ['nul\0byte', 'nul byte'],
    ['  padded  ', 'padded'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeHeaderValue(input)).toBe(expected);
  });
});

describe('cleanHeaders', () => {
  it('drops pseudo-headers and invalid names, keeps order and duplicates', () => {
    const input: HeaderList = [
      [':status', '200'],
      ['set-cookie', 'a=1'],
      ['Bad Name', 'x'],
      ['x-a', 'v'],
      ['Set-Cookie', 'b=2'],
      ['', 'empty name'],
    ];
    expect(cleanHeaders(input)).toEqual([
      ['set-cookie', 'a=1'],
      ['x-a', 'v'],
      ['Set-Cookie', 'b=2'],
    ]);
  });
});

describe('fixResponseHeaders', () => {
  it.each<{
    name: string;
    input: HeaderList;
    status: number;
    method?: string;
    length: number;
    expected: HeaderList;
  }>([
    {
      name: 'renames encodings and replaces a stale Content-Length in place',
      input: [
        ['Content-Encoding', 'gzip'],
        ['Content-Length', '10'],
        ['ETag', '"x"'],
      ],
      status: 200,
      length: 25,
      expected: [
        ['X-Orig-Content-Encoding', 'gzip'],
        ['X-Orig-Content-Length', '10'],
        ['Content-Length', '25'],
        ['ETag', '"x"'],
      ],
    },
    {
      name: 'keeps a correct Content-Length untouched',
      input: [['content-length', '25']],
      status: 200,
      length: 25,
      expected: [['content-length', '25']],
    },
    {
      name: 'adds Content-Length at the end when missing (chunked original)',
      input: [['transfer-encoding', 'chunked']],
      status: 200,
      length: 7,
      expected: [
        ['X-Orig-Transfer-Encoding', 'chunked'],
        ['Content-Length', '7'],
      ],
    },
    {
      name: 'renames duplicate Content-Length headers',
      input: [
        ['Content-Length', '7'],
        ['Content-Length', '7'],
      ],
      status: 200,
      length: 7,
      expected: [
        ['Content-Length', '7'],
        ['X-Orig-Content-Length', '7'],
      ],
    },
    {
      name: 'writes no Content-Length on 204',
      input: [['Content-Length', '0']],
      status: 204,
      length: 0,
      expected: [['X-Orig-Content-Length', '0']],
    },
    {
      name: 'keeps the representation length on 304',
      input: [['Content-Length', '500']],
      status: 304,
      length: 0,
      expected: [['Content-Length', '500']],
    },
    {
      name: 'keeps the representation length for HEAD',
      input: [['Content-Length', '500']],
      status: 200,
      method: 'head',
      length: 0,
      expected: [['Content-Length', '500']],
    },
  ])('$name', ({ input, status, method, length, expected }) => {
    expect(fixResponseHeaders(input, { payloadLength: length, status, method })).toEqual(expected);
  });
});

describe('fixRequestHeaders', () => {
  it('adds Host from :authority first, and drops pseudo-headers', () => {
    expect(
      fixRequestHeaders(
        [
          [':authority', 'h2.example:444'],
          [':path', '/'],
          ['accept', '*/*'],
        ],
        { url: 'https://h2.example:444/', bodyLength: 0 },
      ),
    ).toEqual([
      ['Host', 'h2.example:444'],
      ['accept', '*/*'],
    ]);
  });

  it('adds Host from the URL when there is no :authority', () => {
    expect(fixRequestHeaders([], { url: 'http://example.org:8080/a', bodyLength: 0 })).toEqual([
      ['Host', 'example.org:8080'],
    ]);
  });

  it('keeps an existing Host and fixes Content-Length for the stored body', () => {
    expect(
      fixRequestHeaders(
        [
          ['host', 'example.org'],
          ['content-length', '3'],
        ],
        { url: 'http://example.org/', bodyLength: 5 },
      ),
    ).toEqual([
      ['host', 'example.org'],
      ['X-Orig-Content-Length', '3'],
      ['Content-Length', '5'],
    ]);
  });

  it('replaces a Content-Length that promises a body that was not recorded', () => {
    expect(
      fixRequestHeaders([['Content-Length', '12']], { url: 'http://a/', bodyLength: 0 }),
    ).toEqual([
      ['Host', 'a'],
      ['X-Orig-Content-Length', '12'],
      ['Content-Length', '0'],
    ]);
  });

  it('adds no Content-Length to a bodiless request that had none', () => {
    expect(fixRequestHeaders([['Accept', '*/*']], { url: 'http://a/', bodyLength: 0 })).toEqual([
      ['Host', 'a'],
      ['Accept', '*/*'],
    ]);
  });
});

describe('essenceOf', () => {
  it.each([
    ['text/html; charset=UTF-8', 'text/html'],
    ['Image/PNG', 'image/png'],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (input, expected) => {
    expect(essenceOf(input)).toBe(expected);
  });
});

describe('status and request lines', () => {
  it.each([
    [200, 'OK', 'HTTP/1.1 200 OK'],
    [200, '', 'HTTP/1.1 200 OK'],
    [404, '', 'HTTP/1.1 404 Not Found'],
    [418, "I'm a teapot", "HTTP/1.1 418 I'm a teapot"],
    [599, '', 'HTTP/1.1 599 '],
  ])('status %i %j → %j', (status, text, expected) => {
    expect(responseStatusLine(status, text)).toBe(expected);
  });

  it.each([
    ['GET', 'https://example.com/a/b?x=1#frag', 'GET /a/b?x=1 HTTP/1.1'],
    ['post', 'https://example.com', 'POST / HTTP/1.1'],
    ['GET', 'https://example.com/sp ace', 'GET /sp%20ace HTTP/1.1'],
  ])('%s %s → %j', (method, url, expected) => {
    expect(requestLine(method, url)).toBe(expected);
  });
});

describe('OrderedHeaders', () => {
  it('iterates in the given order with duplicates, unlike HeadersMultiMap', () => {
    const list: HeaderList = [
      ['Set-Cookie', 'a=1'],
      ['X', 'y'],
      ['Set-Cookie', 'b=2'],
      ['X-Odd', 'has,,,marker'],
    ];
    const headers = new OrderedHeaders(list);
    expect([...headers]).toEqual(list);
    expect(headers.get('Set-Cookie')).toBe('a=1');
  });
});
