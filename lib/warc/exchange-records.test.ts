import { describe, expect, it } from 'vitest';
import { CairnError } from '../errors';
import { payloadDigestOf } from './digest';
import { buildExchangeRecords } from './exchange-records';
import { gunzipRecord, parseWarc, sampleExchange, sha256 } from './test-utils';

const RECORD_ID =
  /^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$/;

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

describe('buildExchangeRecords: response + request', () => {
  it('round-trips through warcio with payload, digests, dates and the Concurrent-To link', async () => {
    const ex = sampleExchange({});
    const built = await buildExchangeRecords(ex);
    expect(built.map((r) => r.warcType)).toEqual(['response', 'request']);
    const [response, request] = built as [(typeof built)[0], (typeof built)[0]];

    const parsed = await parseWarc(new Blob(built.map((r) => r.blob)));
    expect(parsed).toHaveLength(2);
    const [res, req] = parsed as [(typeof parsed)[0], (typeof parsed)[0]];

    const body = await bytesOf(ex.response.body!.blob);
    expect(res.payload).toEqual(body);
    expect(res.record.warcType).toBe('response');
    expect(res.warc('WARC-Record-ID')).toEqual([response.recordId]);
    expect(response.recordId).toMatch(RECORD_ID);
    expect(request.recordId).toMatch(RECORD_ID);
    expect(request.recordId).not.toBe(response.recordId);
    expect(req.warc('WARC-Concurrent-To')).toEqual([response.recordId]);

    const date = new Date(ex.startedAt).toISOString();
    expect(res.warc('WARC-Date')).toEqual([date]);
    expect(req.warc('WARC-Date')).toEqual([date]);
    expect(response.date).toBe(date);
    expect(res.record.warcHeaders.statusline).toBe('WARC/1.1');

    const urlWithoutFragment = 'https://example.com/path/page.html?q=1&r=a%20b';
    expect(ex.request.url).toBe(`${urlWithoutFragment}#frag`);
    expect(res.warc('WARC-Target-URI')).toEqual([urlWithoutFragment]);
    expect(req.warc('WARC-Target-URI')).toEqual([urlWithoutFragment]);
    expect(response.url).toBe(urlWithoutFragment);
    expect(request.url).toBe(urlWithoutFragment);
    expect(res.warc('WARC-IP-Address')).toEqual(['93.184.216.34']);
    expect(res.warc('WARC-Protocol')).toEqual(['http/1.1']);
    expect(res.warc('WARC-Resource-Type')).toEqual(['document']);
    expect(res.warc('WARC-Truncated')).toEqual([]);
    expect(res.warc('Content-Type')).toEqual(['application/http; msgtype=response']);

    // Digests: recomputed here, compared with what was written and what was returned.
    expect(res.warc('WARC-Payload-Digest')).toEqual([sha256(body)]);
    expect(response.payloadDigest).toBe(sha256(body));
    const raw = await gunzipRecord(response.blob);
    expect(res.warc('WARC-Block-Digest')).toEqual([sha256(raw.block)]);
    expect(response).toMatchObject({ status: 200, mime: 'text/html', payloadLength: body.length });
    expect(response.truncated).toBeUndefined();

    expect(req.statusline).toBe('GET /path/page.html?q=1&r=a%20b HTTP/1.1');
    expect(req.payload).toHaveLength(0);
    expect(request.payloadLength).toBe(0);
    expect(req.warc('WARC-Payload-Digest')).toEqual([sha256(new Uint8Array())]);
    const rawReq = await gunzipRecord(request.blob);
    expect(req.warc('WARC-Block-Digest')).toEqual([sha256(rawReq.block)]);
  });

  it('fixes the stored HTTP headers for a decoded body, keeping order and duplicates', async () => {
    const ex = sampleExchange({});
    const [response] = await buildExchangeRecords(ex);
    const raw = await gunzipRecord(response!.blob);
    const length = ex.response.body!.blob.size;
    expect(raw.httpHeaderLines).toEqual([
      'HTTP/1.1 200 OK',
      'Content-Type: text/html; charset=utf-8',
      'X-Orig-Content-Encoding: gzip',
      'X-Orig-Content-Length: 42',
      `Content-Length: ${length}`,
      'Set-Cookie: a=1; Path=/',
      'Vary: Accept-Encoding',
      'Set-Cookie: b=2; Path=/',
    ]);
    expect(raw.trailer).toEqual(new Uint8Array([13, 10, 13, 10]));
  });

  it('writes h2 responses with an HTTP/1.1 status line, no pseudo-headers, and WARC-Protocol h2', async () => {
    const ex = sampleExchange({
      request: {
        httpVersion: 'h2',
        headers: [
          [':method', 'GET'],
          [':authority', 'example.com:8443'],
          [':scheme', 'https'],
          [':path', '/path/page.html?q=1'],
          ['accept', '*/*'],
        ],
      },
      response: {
        statusText: '',
        httpVersion: 'h2',
        protocol: 'h2',
        remoteIp: '[2001:db8::1]',
        headers: [
          [':status', '200'],
          ['content-type', 'text/html'],
          ['content-encoding', 'br'],
          ['transfer-encoding', 'chunked'],
        ],
      },
    });
    const [response, request] = await buildExchangeRecords(ex);
    const raw = await gunzipRecord(response!.blob);
    expect(raw.httpHeaderLines[0]).toBe('HTTP/1.1 200 OK');
    expect(raw.httpHeaderLines.some((l) => l.startsWith(':'))).toBe(false);
    expect(raw.httpHeaderLines).toContain('X-Orig-Content-Encoding: br');
    expect(raw.httpHeaderLines).toContain('X-Orig-Transfer-Encoding: chunked');
    expect(raw.warcHeaderLines).toContain('WARC-Protocol: h2');
    expect(raw.warcHeaderLines).toContain('WARC-IP-Address: 2001:db8::1');

    const rawReq = await gunzipRecord(request!.blob);
    expect(rawReq.httpHeaderLines).toEqual([
      'GET /path/page.html?q=1&r=a%20b HTTP/1.1',
      'Host: example.com:8443',
      'accept: */*',
    ]);
  });

  it('sanitizes CR/LF in header values so nothing can be injected', async () => {
    const ex = sampleExchange({
      response: {
        statusText: 'OK\r\nX-Injected: status',
        headers: [
          ['X-Evil', 'a\r\nX-Injected: yes'],
          ['Bad Name', 'dropped'],
          ['Content-Type', 'text/plain'],
        ],
      },
    });
    const [response] = await buildExchangeRecords(ex);
    const raw = await gunzipRecord(response!.blob);
    expect(raw.httpHeaderLines[0]).toBe('HTTP/1.1 200 OK X-Injected: status');
    expect(raw.httpHeaderLines).toContain('X-Evil: a X-Injected: yes');
    expect(raw.httpHeaderLines.filter((l) => l.startsWith('X-Injected'))).toEqual([]);
    expect(raw.httpHeaderLines.some((l) => l.startsWith('Bad Name'))).toBe(false);
    const [parsed] = await parseWarc(response!.blob);
    expect(parsed!.payload).toEqual(await bytesOf(ex.response.body!.blob));
  });

  it('stores a POST body in the request record with a matching Content-Length', async () => {
    const postBody = new TextEncoder().encode('{"q":"cairn","n":1}');
    const ex = sampleExchange({
      request: {
        method: 'post',
        body: postBody,
        headers: [
          ['Content-Type', 'application/json'],
          ['Transfer-Encoding', 'chunked'],
        ],
      },
    });
    const [, request] = await buildExchangeRecords(ex);
    const [req] = await parseWarc(request!.blob);
    expect(req!.statusline).toBe('POST /path/page.html?q=1&r=a%20b HTTP/1.1');
    expect(req!.payload).toEqual(postBody);
    expect(request!.payloadLength).toBe(postBody.length);
    expect(req!.warc('WARC-Payload-Digest')).toEqual([sha256(postBody)]);
    const raw = await gunzipRecord(request!.blob);
    expect(raw.httpHeaderLines).toEqual([
      'POST /path/page.html?q=1&r=a%20b HTTP/1.1',
      'Host: example.com',
      'Content-Type: application/json',
      'X-Orig-Transfer-Encoding: chunked',
      `Content-Length: ${postBody.length}`,
    ]);
  });

  it.each(['length', 'disconnect'] as const)(
    'marks a %s-truncated body with WARC-Truncated',
    async (why) => {
      const ex = sampleExchange({});
      ex.response.body!.truncated = why;
      const [response] = await buildExchangeRecords(ex);
      expect(response!.truncated).toBe(why);
      const [res] = await parseWarc(response!.blob);
      expect(res!.warc('WARC-Truncated')).toEqual([why]);
      expect(res!.payload).toEqual(await bytesOf(ex.response.body!.blob));
    },
  );

  it.each([
    { status: 301, statusText: 'Moved Permanently', expectLength: ['Content-Length: 0'] },
    { status: 204, statusText: 'No Content', expectLength: [] },
    { status: 304, statusText: 'Not Modified', expectLength: ['Content-Length: 42'] },
  ])('handles a bodiless $status response', async ({ status, statusText, expectLength }) => {
    const ex = sampleExchange({
      response: {
        status,
        statusText,
        body: undefined,
        headers: [
          ['Location', 'https://example.com/next'],
          ['Content-Length', '42'],
        ],
      },
    });
    const [response] = await buildExchangeRecords(ex);
    const raw = await gunzipRecord(response!.blob);
    expect(raw.httpHeaderLines[0]).toBe(`HTTP/1.1 ${status} ${statusText}`);
    expect(raw.httpHeaderLines.filter((l) => l.startsWith('Content-Length'))).toEqual(expectLength);
    expect(response).toMatchObject({ status, payloadLength: 0 });
    const [res] = await parseWarc(response!.blob);
    expect(res!.payload).toHaveLength(0);
    expect(res!.warc('WARC-Payload-Digest')).toEqual([sha256(new Uint8Array())]);
  });

  it('writes a caller-supplied payload digest as-is instead of hashing again', async () => {
    const ex = sampleExchange({});
    const other = await payloadDigestOf(new Blob(['something else']));
    const [response] = await buildExchangeRecords(ex, { payloadDigest: other });
    expect(response!.payloadDigest).toBe(other);
    const [res] = await parseWarc(response!.blob);
    expect(res!.warc('WARC-Payload-Digest')).toEqual([other]);
    // The block digest is still computed over the real block.
    const raw = await gunzipRecord(response!.blob);
    expect(res!.warc('WARC-Block-Digest')).toEqual([sha256(raw.block)]);
  });

  it('rejects a payload digest in another format', async () => {
    await expect(
      buildExchangeRecords(sampleExchange({}), { payloadDigest: 'sha1:ABCDEF' }),
    ).rejects.toBeInstanceOf(CairnError);
  });

  it('makes every record an independently decompressible gzip member', async () => {
    const built = await buildExchangeRecords(sampleExchange({}));
    for (const record of built) {
      const raw = await gunzipRecord(record.blob);
      expect(raw.warcHeaderLines[0]).toBe('WARC/1.1');
      expect(raw.warcHeaderLines).toContain(`WARC-Type: ${record.warcType}`);
      expect(raw.trailer).toEqual(new Uint8Array([13, 10, 13, 10]));
    }
  });

  it('never reads the body Blob whole, only in slices of at most 1 MiB', async () => {
    const reads: number[] = [];
    class GuardedBlob extends Blob {
      override slice(start?: number, end?: number, type?: string): Blob {
        reads.push((end ?? this.size) - (start ?? 0));
        return super.slice(start, end, type);
      }
      override arrayBuffer(): Promise<ArrayBuffer> {
        throw new Error('whole body read');
      }
      override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
        throw new Error('whole body streamed');
      }
      override text(): Promise<string> {
        throw new Error('whole body read as text');
      }
    }
    const part = new Uint8Array(1024 * 1024).fill(7);
    const blob = new GuardedBlob([part, part, part, new Uint8Array(12345)]);
    const ex = sampleExchange({ response: { body: { blob, length: blob.size } } });
    const [response] = await buildExchangeRecords(ex);
    expect(response!.payloadLength).toBe(blob.size);
    expect(reads.length).toBeGreaterThan(0);
    expect(Math.max(...reads)).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('buildExchangeRecords: revisit', () => {
  it('writes an identical-payload-digest revisit with HTTP headers and no payload', async () => {
    const ex = sampleExchange({});
    const revisitOf = {
      targetUri: 'https://example.com/first.html',
      date: '2024-05-17T10:00:00.000Z',
    };
    const [revisit, request] = await buildExchangeRecords(ex, { revisitOf });
    expect(revisit!.warcType).toBe('revisit');
    expect(request!.warcType).toBe('request');

    const [rev, req] = await parseWarc(new Blob([revisit!.blob, request!.blob]));
    const body = await bytesOf(ex.response.body!.blob);
    expect(rev!.record.warcType).toBe('revisit');
    expect(rev!.warc('WARC-Profile')).toEqual([
      'http://netpreserve.org/warc/1.1/revisit/identical-payload-digest',
    ]);
    expect(rev!.warc('WARC-Refers-To-Target-URI')).toEqual([revisitOf.targetUri]);
    expect(rev!.warc('WARC-Refers-To-Date')).toEqual([revisitOf.date]);
    expect(rev!.warc('WARC-Payload-Digest')).toEqual([sha256(body)]);
    expect(revisit!.payloadDigest).toBe(sha256(body));
    expect(revisit!.payloadLength).toBeUndefined();
    expect(revisit).toMatchObject({ status: 200, mime: 'text/html' });
    expect(rev!.statusline).toBe('HTTP/1.1 200 OK');
    expect(rev!.payload).toHaveLength(0);
    expect(req!.warc('WARC-Concurrent-To')).toEqual([revisit!.recordId]);

    const raw = await gunzipRecord(revisit!.blob);
    // The block is the HTTP header block only, and its digest covers exactly that.
    expect(new TextDecoder().decode(raw.block).endsWith('\r\n\r\n')).toBe(true);
    expect(raw.httpHeaderLines).toContain(`Content-Length: ${body.length}`);
    expect(rev!.warc('WARC-Block-Digest')).toEqual([sha256(raw.block)]);
  });

  it('uses the caller-supplied digest for the revisit', async () => {
    const digest = await payloadDigestOf(new Blob(['the stored payload']));
    const [revisit] = await buildExchangeRecords(sampleExchange({}), {
      revisitOf: { targetUri: 'https://example.com/', date: '2024-01-01T00:00:00Z' },
      payloadDigest: digest,
    });
    expect(revisit!.payloadDigest).toBe(digest);
  });
});

describe('bodies held in memory', () => {
  it('give the same record digests as the same body read from its Blob', async () => {
    const bytes = new TextEncoder().encode('same payload, two ways of reading it');
    const build = (withBytes: boolean) => {
      const ex = sampleExchange({});
      ex.response.body = {
        blob: new Blob([bytes]),
        length: bytes.length,
        ...(withBytes ? { bytes } : {}),
      };
      return buildExchangeRecords(ex);
    };
    const [fromBlob, fromBytes] = [await build(false), await build(true)];
    const response = (records: typeof fromBlob) => records.find((r) => r.warcType === 'response')!;
    expect(response(fromBytes).payloadDigest).toBe(response(fromBlob).payloadDigest);
    expect(response(fromBytes).payloadLength).toBe(bytes.length);
    expect(response(fromBytes).payloadDigest).toBe(sha256(bytes));
  });
});
