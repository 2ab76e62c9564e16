/**
 * Test-only helpers for lib/warc round-trip tests (imported by *.test.ts only, never by the
 * module itself): parse records back with warcio, split gzip members with Node's zlib, and make
 * sample exchanges.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { WARCParser, type WARCRecord } from 'warcio';
import type { CaptureMetadata, Exchange } from '../capture/types';
import { readBlobChunks } from './blob-chunks';

/** Hex SHA-256 of bytes, with Cairn's digest prefix. */
export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A record read back by warcio.js's WARCParser. */
export interface ParsedRecord {
  record: WARCRecord;
  /** A WARC header's values in file order (case-sensitive name, as Cairn writes them). */
  warc(name: string): string[];
  statusline?: string;
  /** HTTP headers as parsed (duplicates as separate entries). */
  http: [string, string][];
  /** Raw payload after the HTTP headers (no content decoding). */
  payload: Uint8Array;
}

/** Parses every record of a (multi-member) .warc.gz Blob with warcio.js. */
export async function parseWarc(blob: Blob): Promise<ParsedRecord[]> {
  const out: ParsedRecord[] = [];
  for await (const record of WARCParser.iterRecords(readBlobChunks(blob), {
    keepHeadersCase: true,
  })) {
    const payload = await record.readFully(false);
    const headers = record.warcHeaders.headers;
    out.push({
      record,
      warc: (name) => {
        const all: string[] = [];
        for (const [n, v] of headers) if (n === name) all.push(v);
        return all;
      },
      statusline: record.httpHeaders?.statusline,
      http: record.httpHeaders ? [...record.httpHeaders.headers] : [],
      payload: new Uint8Array(payload),
    });
  }
  return out;
}

/** One gunzipped member, split by hand (independently of warcio) into its parts. */
export interface RawRecord {
  warcHeaderLines: string[];
  /** The block: Content-Length bytes after the WARC headers. */
  block: Uint8Array;
  /** HTTP header lines of the block (for application/http records), raw and in order. */
  httpHeaderLines: string[];
  /** Bytes after the block; must be exactly CRLF CRLF. */
  trailer: Uint8Array;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

/** Gunzips ONE record Blob on its own (proves it is a complete member) and splits it. */
export async function gunzipRecord(blob: Blob): Promise<RawRecord> {
  const bytes = gunzipSync(Buffer.from(await blob.arrayBuffer()));
  const headerEnd = bytes.indexOf(CRLFCRLF);
  if (headerEnd < 0) throw new Error('no end of WARC headers');
  const warcHeaderLines = bytes.subarray(0, headerEnd).toString('utf8').split('\r\n');
  const lengthLine = warcHeaderLines.find((l) => l.startsWith('Content-Length:'));
  const length = Number(lengthLine?.slice('Content-Length:'.length).trim());
  const blockStart = headerEnd + 4;
  const block = bytes.subarray(blockStart, blockStart + length);
  const trailer = bytes.subarray(blockStart + length);
  let httpHeaderLines: string[] = [];
  const type = warcHeaderLines.find((l) => l.startsWith('Content-Type:')) ?? '';
  if (type.includes('application/http')) {
    const httpEnd = block.indexOf(CRLFCRLF);
    httpHeaderLines = block.subarray(0, httpEnd).toString('utf8').split('\r\n');
  }
  return {
    warcHeaderLines,
    block: new Uint8Array(block),
    httpHeaderLines,
    trailer: new Uint8Array(trailer),
  };
}

/** Deterministic pseudo-random bytes (xorshift32), so payloads are incompressible but stable. */
export function pseudoRandomBytes(length: number, seed = 0x9e3779b9): Uint8Array<ArrayBuffer> {
  const words = new Uint32Array(Math.ceil(length / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return new Uint8Array(words.buffer, 0, length);
}

/** A plain HTTP/1.1 GET exchange with a gzip-encoded HTML response; override what a test needs. */
export function sampleExchange(overrides: {
  request?: Partial<Exchange['request']>;
  response?: Partial<Exchange['response']>;
  startedAt?: number;
  id?: string;
  resourceType?: string;
}): Exchange {
  const body = new TextEncoder().encode('<!doctype html><title>Hello</title><p>Héllo, wörld</p>');
  return {
    id: overrides.id ?? 'req-1',
    resourceType: overrides.resourceType ?? 'Document',
    startedAt: overrides.startedAt ?? Date.UTC(2024, 4, 17, 10, 20, 30, 456),
    request: {
      method: 'GET',
      url: 'https://example.com/path/page.html?q=1&r=a%20b#frag',
      httpVersion: 'HTTP/1.1',
      headers: [
        ['Host', 'example.com'],
        ['User-Agent', 'Mozilla/5.0 Test'],
        ['Accept', 'text/html'],
      ],
      ...overrides.request,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: [
        ['Content-Type', 'text/html; charset=utf-8'],
        ['Content-Encoding', 'gzip'],
        ['Content-Length', '42'],
        ['Set-Cookie', 'a=1; Path=/'],
        ['Vary', 'Accept-Encoding'],
        ['Set-Cookie', 'b=2; Path=/'],
      ],
      body: { blob: new Blob([body]), length: body.byteLength },
      mimeType: 'text/html',
      remoteIp: '93.184.216.34',
      protocol: 'http/1.1',
      ...overrides.response,
    },
  };
}

/** A GET of `url` answered 200 with `body` as `mimeType`, the body's bytes kept beside it. */
export function bodyExchange(url: string, body: Uint8Array, mimeType: string): Exchange {
  return {
    id: url,
    resourceType: 'Other',
    startedAt: Date.UTC(2026, 11, 7),
    request: { method: 'GET', url, headers: [] },
    response: {
      status: 200,
      statusText: 'OK',
      headers: [['Content-Type', mimeType]],
      mimeType,
      body: { blob: new Blob([body as BlobPart]), bytes: body, length: body.length },
    },
  };
}

/**
 * True when two byte arrays are identical. Use instead of `toEqual` for large payloads:
 * Vitest's deep equality walks typed arrays element by element and takes seconds per MiB.
 */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

/** Metadata of a finished capture of https://example.com/page. */
export const sampleMetadata: CaptureMetadata = {
  software: 'Cairn 0.1.0',
  browserVersion: 'Chrome/126.0.0.0',
  userAgent: 'Mozilla/5.0 Test',
  viewport: { width: 1280, height: 800, deviceScaleFactor: 2 },
  requestedUrl: 'https://example.com/page',
  finalUrl: 'https://example.com/page/final',
  title: 'Héllo',
  startedAt: Date.UTC(2024, 4, 17, 10, 20, 30, 0),
  endedAt: Date.UTC(2024, 4, 17, 10, 20, 45, 0),
  timings: { load: 812, networkIdle: 1500 },
  endReason: 'idle',
  responseCount: 12,
  notes: ['skipped data: URL'],
};
