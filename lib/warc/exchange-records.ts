import { StatusAndHeaders, WARCRecord, WARC_1_1 } from 'warcio';
import { CairnError } from '../errors';
import type { Exchange } from '../capture/types';
import { BlobSerializerBuffer } from './blob-buffer';
import { readBodyChunks } from './blob-chunks';
import type { BuiltRecord } from './built-record';
import { PAYLOAD_DIGEST_PATTERN, payloadDigestOf } from './digest';
import {
  essenceOf,
  fixRequestHeaders,
  fixResponseHeaders,
  headerValue,
  sanitizeHeaderValue,
} from './http-headers';
import { captureGzipPlan, gzipModeFor } from './gzip-member';
import { OrderedHeaders } from './ordered-headers';
import { describeRecord, newRecordId, serializeRecord, warcDate } from './record-serializer';
import { requestLine, responseStatusLine } from './status-line';
import { serializeStoredRecord } from './stored-record';

/** Options of {@link buildExchangeRecords}. */
export interface ExchangeRecordOptions {
  /**
   * Write a revisit (identical-payload-digest profile) instead of a response: the payload is
   * the same as the one stored at this earlier capture.
   */
  revisitOf?: { targetUri: string; date: string };
  /**
   * The payload digest, when the caller already computed it with `payloadDigestOf` (to look
   * up a revisit): it is written as-is and the payload is not hashed again for it.
   */
  payloadDigest?: string;
  /**
   * Capture mode: a payload that might compress is written with stored blocks and its record
   * marked `deflateLater` (captureGzipPlan), so the capture does not wait for zlib.
   */
  deflateLater?: boolean;
}

/**
 * The records of one HTTP exchange: `[response, request]`, or `[revisit, request]` when
 * `opts.revisitOf` is given. Both share the exchange's start time as WARC-Date, and the
 * request carries WARC-Concurrent-To = the response/revisit record id.
 */
export async function buildExchangeRecords(
  ex: Exchange,
  opts: ExchangeRecordOptions = {},
): Promise<BuiltRecord[]> {
  if (opts.payloadDigest !== undefined && !PAYLOAD_DIGEST_PATTERN.test(opts.payloadDigest)) {
    throw new CairnError(
      'invalid-digest',
      `warc: expected a payload digest like sha256:<64 hex>, got ${JSON.stringify(opts.payloadDigest)}`,
    );
  }
  const date = warcDate(ex.startedAt);
  // The fragment never reaches the server (CDP normally strips it already); keeping it would
  // make replay lookups by URL miss the record.
  const url = ex.request.url.split('#', 1)[0] ?? ex.request.url;
  ex = { ...ex, request: { ...ex.request, url } };
  const main = opts.revisitOf
    ? await buildRevisit(ex, date, opts.revisitOf, opts.payloadDigest)
    : await buildResponse(ex, date, opts.payloadDigest, opts.deflateLater);
  const request = await buildRequest(ex, date, main.recordId);
  return [main, request];
}

/** WARC headers shared by response and revisit records, in the order they are written. */
function responseWarcHeaders(ex: Exchange, type: string, date: string): [string, string][] {
  const headers: [string, string][] = [
    ['WARC-Type', type],
    ['WARC-Record-ID', newRecordId()],
    ['WARC-Date', date],
    ['WARC-Target-URI', sanitizeHeaderValue(ex.request.url)],
  ];
  const ip = ex.response.remoteIp?.trim().replace(/^\[(.*)\]$/, '$1');
  if (ip) headers.push(['WARC-IP-Address', sanitizeHeaderValue(ip)]);
  const protocol = ex.response.protocol ?? ex.response.httpVersion;
  if (protocol) headers.push(['WARC-Protocol', sanitizeHeaderValue(protocol).toLowerCase()]);
  // Not in WARC/1.1 but written by Browsertrix; lets replay tell documents from subresources.
  if (ex.resourceType) {
    headers.push(['WARC-Resource-Type', sanitizeHeaderValue(ex.resourceType).toLowerCase()]);
  }
  return headers;
}

function responseMime(ex: Exchange): string | undefined {
  return (
    essenceOf(ex.response.mimeType) ?? essenceOf(headerValue(ex.response.headers, 'content-type'))
  );
}

function responseHttpHeaders(ex: Exchange, payloadLength: number): StatusAndHeaders {
  const headers = fixResponseHeaders(ex.response.headers, {
    payloadLength,
    status: ex.response.status,
    method: ex.request.method,
  });
  return new StatusAndHeaders({
    statusline: responseStatusLine(ex.response.status, ex.response.statusText),
    headers: new OrderedHeaders(headers),
  });
}

async function buildResponse(
  ex: Exchange,
  date: string,
  payloadDigest?: string,
  deflateLater = false,
): Promise<BuiltRecord> {
  const body = ex.response.body;
  // `length`, not `blob.size`: a small body's Blob is only made when something reads it.
  const length = body?.length ?? 0;
  const warcHeaders = responseWarcHeaders(ex, 'response', date);
  if (body?.truncated) warcHeaders.push(['WARC-Truncated', body.truncated]);
  // A pre-set payload digest makes warcio skip its payload hasher (block digest is still made).
  if (payloadDigest) warcHeaders.push(['WARC-Payload-Digest', payloadDigest]);

  const mime = responseMime(ex);
  const plan = deflateLater
    ? captureGzipPlan(mime, length)
    : await gzipModeFor(mime, length, async (n) =>
        body?.bytes
          ? body.bytes.subarray(0, n)
          : new Uint8Array(await body!.blob.slice(0, n).arrayBuffer()),
      );
  const facts = {
    status: ex.response.status,
    mime,
    payloadLength: length,
    ...(body?.truncated ? { truncated: body.truncated } : {}),
    ...(plan === 'later' ? { deflateLater: true as const } : {}),
  };
  if (plan !== 'deflate') {
    // Stored blocks: the member refers to the payload instead of copying it.
    const record = WARCRecord.create({
      type: 'response',
      url: ex.request.url,
      date,
      warcVersion: WARC_1_1,
      warcHeaders,
    });
    record.httpHeaders = responseHttpHeaders(ex, length);
    const payload = body?.bytes ? { bytes: body.bytes } : { blob: body?.blob };
    const out = await serializeStoredRecord(record, payload, payloadDigest);
    return describeRecord(record, out, facts);
  }
  const blob = body?.bytes ? undefined : body?.blob;
  const record = WARCRecord.create(
    { type: 'response', url: ex.request.url, date, warcVersion: WARC_1_1, warcHeaders },
    readBodyChunks(blob ?? new Blob([]), body?.bytes),
  );
  record.httpHeaders = responseHttpHeaders(ex, length);
  const buffer = new BlobSerializerBuffer(blob, body?.bytes);
  const out = await serializeRecord(record, buffer, plan);
  return describeRecord(record, out, facts);
}

async function buildRevisit(
  ex: Exchange,
  date: string,
  revisitOf: { targetUri: string; date: string },
  payloadDigest?: string,
): Promise<BuiltRecord> {
  const body = ex.response.body;
  const digest =
    payloadDigest ?? (await payloadDigestOf(body?.bytes ?? body?.blob ?? new Blob([])));
  const warcHeaders = responseWarcHeaders(ex, 'revisit', date);
  warcHeaders.push(['WARC-Payload-Digest', digest]);

  const record = WARCRecord.create({
    type: 'revisit',
    url: ex.request.url,
    date,
    warcVersion: WARC_1_1,
    warcHeaders,
    refersToUrl: sanitizeHeaderValue(revisitOf.targetUri),
    refersToDate: sanitizeHeaderValue(revisitOf.date),
  });
  // The HTTP headers are kept (as the profile recommends) and still describe the full payload
  // stored in the referred record, so Content-Length is that payload's length.
  record.httpHeaders = responseHttpHeaders(ex, body?.length ?? 0);
  const out = await serializeRecord(record, new BlobSerializerBuffer());
  return describeRecord(record, out, { status: ex.response.status, mime: responseMime(ex) });
}

async function buildRequest(
  ex: Exchange,
  date: string,
  concurrentTo: string,
): Promise<BuiltRecord> {
  const body = ex.request.body;
  const bodyLength = body?.byteLength ?? 0;
  const warcHeaders: [string, string][] = [
    ['WARC-Type', 'request'],
    ['WARC-Record-ID', newRecordId()],
    ['WARC-Date', date],
    ['WARC-Target-URI', sanitizeHeaderValue(ex.request.url)],
    ['WARC-Concurrent-To', concurrentTo],
  ];
  const record = WARCRecord.create(
    { type: 'request', url: ex.request.url, date, warcVersion: WARC_1_1, warcHeaders },
    bodyLength > 0 && body ? [body] : undefined,
  );
  record.httpHeaders = new StatusAndHeaders({
    statusline: requestLine(ex.request.method, ex.request.url),
    headers: new OrderedHeaders(
      fixRequestHeaders(ex.request.headers, { url: ex.request.url, bodyLength }),
    ),
  });
  const buffer = new BlobSerializerBuffer();
  const out = await serializeRecord(record, buffer);
  return describeRecord(record, out, { payloadLength: buffer.length });
}
