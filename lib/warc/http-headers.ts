import type { HeaderList } from '../capture/types';

/** RFC 9110 token: what a header field name may consist of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** True for a header name that can be written as-is (not an h2 pseudo-header, no odd bytes). */
export function isValidHeaderName(name: string): boolean {
  return TOKEN.test(name);
}

/**
 * Makes a header value safe to write on one line: CR, LF and other control characters (except
 * tab) become spaces, so a hostile or broken value cannot inject headers or end the block early.
 */
export function sanitizeHeaderValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we strip
  return value.replace(/[\x00-\x08\x0a-\x1f\x7f]+/g, ' ').trim();
}

/**
 * Drops what must not be written as a header (h2 pseudo-headers such as `:status`, names with
 * invalid characters) and sanitizes values. Order and duplicates are kept.
 */
export function cleanHeaders(headers: HeaderList): HeaderList {
  const out: HeaderList = [];
  for (const [name, value] of headers) {
    const trimmed = name.trim();
    if (!isValidHeaderName(trimmed)) continue;
    out.push([trimmed, sanitizeHeaderValue(value)]);
  }
  return out;
}

/** Renames every header called `from` (any case) to `to`, keeping its value and position. */
function renameHeader(headers: HeaderList, from: string, to: string): HeaderList {
  const lower = from.toLowerCase();
  return headers.map(([name, value]) => [name.toLowerCase() === lower ? to : name, value]);
}

/**
 * Makes Content-Length agree with the stored body: a Content-Length with another value (or a
 * duplicate) is renamed X-Orig-Content-Length, and a correct one is put where the first old one
 * was (or at the end, when `addIfMissing` and there was none).
 */
function fixContentLength(headers: HeaderList, length: number, addIfMissing: boolean): HeaderList {
  const expected = String(length);
  const out: HeaderList = [];
  let written = false;
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'content-length') {
      out.push([name, value]);
    } else if (value === expected && !written) {
      out.push([name, value]);
      written = true;
    } else {
      out.push(['X-Orig-Content-Length', value]);
      if (!written) {
        out.push(['Content-Length', expected]);
        written = true;
      }
    }
  }
  if (!written && addIfMissing) out.push(['Content-Length', expected]);
  return out;
}

/** Renames every Content-Length to X-Orig-Content-Length (for messages that must not have one). */
function dropContentLength(headers: HeaderList): HeaderList {
  return renameHeader(headers, 'Content-Length', 'X-Orig-Content-Length');
}

/**
 * Response headers as they must be stored next to a decoded body.
 *
 * CDP hands over bodies with gzip/brotli and chunking already undone, so the recorded
 * Content-Encoding / Transfer-Encoding would make readers decode the payload a second time and
 * fail; they are kept for the record as X-Orig-*. Content-Length is set to the stored length,
 * except for responses that never have a body (1xx, 204: none written) or whose Content-Length
 * describes a body that was not sent (304, responses to HEAD: kept as received).
 */
export function fixResponseHeaders(
  headers: HeaderList,
  opts: { payloadLength: number; status: number; method?: string },
): HeaderList {
  let out = cleanHeaders(headers);
  out = renameHeader(out, 'Content-Encoding', 'X-Orig-Content-Encoding');
  out = renameHeader(out, 'Transfer-Encoding', 'X-Orig-Transfer-Encoding');
  const { status, payloadLength } = opts;
  if ((status >= 100 && status < 200) || status === 204) {
    return dropContentLength(out);
  }
  if (status === 304 || opts.method?.toUpperCase() === 'HEAD') {
    return out;
  }
  return fixContentLength(out, payloadLength, true);
}

/**
 * Request headers as they must be stored next to the recorded request body.
 *
 * Host is added (first) when missing: HTTP/2 requests carry it as the `:authority`
 * pseudo-header, which is not written, and HTTP/1.1 readers expect Host. The body is stored
 * unchunked, so Transfer-Encoding becomes X-Orig-Transfer-Encoding and Content-Length is made
 * to match the stored body.
 */
export function fixRequestHeaders(
  headers: HeaderList,
  opts: { url: string; bodyLength: number },
): HeaderList {
  const authority = headers.find(([name]) => name.toLowerCase() === ':authority')?.[1];
  let out = cleanHeaders(headers);
  out = renameHeader(out, 'Transfer-Encoding', 'X-Orig-Transfer-Encoding');
  if (opts.bodyLength > 0) {
    out = fixContentLength(out, opts.bodyLength, true);
  } else {
    // No stored body: a non-zero Content-Length would promise bytes that are not there.
    out = fixContentLength(out, 0, false);
  }
  if (!out.some(([name]) => name.toLowerCase() === 'host')) {
    const host = authority ? sanitizeHeaderValue(authority) : hostOf(opts.url);
    if (host) out.unshift(['Host', host]);
  }
  return out;
}

/** `host[:port]` of a URL as a Host header would carry it, or '' when the URL has none. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** The header's first value (case-insensitive name), or undefined. */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** A MIME type without parameters, lower-cased: `text/html; charset=utf-8` → `text/html`. */
export function essenceOf(contentType: string | undefined): string | undefined {
  const essence = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return essence ? essence : undefined;
}
