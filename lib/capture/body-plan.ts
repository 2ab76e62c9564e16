/**
 * How the body of a paused response is read: decided once, from the response head, before
 * the response is let through. Pure.
 */
import { getHeader, mediaType } from './headers';
import type { HeaderList } from './types';
import { skipReason } from './url-policy';

/**
 * - `skip`: the response is not stored (event streams, preflights, partial 206, non-web URLs);
 *   continue it untouched.
 * - `empty`: stored without a body (HEAD, 1xx/204/205/304, redirects).
 * - `fetch`: read whole with Fetch.getResponseBody while paused.
 * - `stream`: Network.streamResourceContent on the request's own session, then continue.
 * - `document-stream`: a navigation (Document). Its renderer only learns about it when the
 *   response commits, so streaming starts at its first Network.dataReceived.
 * - `take-stream`: Fetch.takeResponseBodyAsStream + IO.read, then Fetch.fulfillRequest with
 *   the whole body (only up to `fulfilLimit`, since fulfilling needs it in one piece).
 * - `take-download`: a file download in a capture tab of Cairn's own (which denies downloads):
 *   Fetch.takeResponseBodyAsStream + IO.read into the stored copy only, any size up to the
 *   size cap, then the request is ended; nobody else needs the bytes.
 * - `too-large`: cannot be read with bounded memory; continued and listed in the notes.
 */
export type BodyPlan =
  | { kind: 'skip'; note?: string }
  | { kind: 'empty' }
  | { kind: 'fetch' }
  | { kind: 'stream' }
  | { kind: 'document-stream' }
  | { kind: 'take-stream' }
  | { kind: 'take-download' }
  | { kind: 'too-large'; length: number };

/** What `planBody` looks at. */
export interface PlanInput {
  url: string;
  method: string;
  status: number;
  headers: HeaderList;
  resourceType?: string;
  streamThreshold: number;
  fulfilLimit: number;
  /**
   * The tab is Cairn's own capture tab, where file downloads are denied: a top-level file
   * can be read for the archive alone, whatever its size.
   */
  ownTab?: boolean;
}

/** Whether a status never carries a body worth storing. */
export function isBodiless(status: number, method: string): boolean {
  return (
    method === 'HEAD' ||
    status < 200 ||
    status === 204 ||
    status === 205 ||
    status === 304 ||
    (status >= 300 && status < 400)
  );
}

/**
 * A 206 whose Content-Range covers the whole resource ("bytes 0-(n-1)/n"), so it can be
 * stored as the full 200 response. Returns the total length, or undefined.
 */
export function fullRangeLength(headers: HeaderList): number | undefined {
  const match = /^bytes\s+0-(\d+)\/(\d+)$/i.exec(getHeader(headers, 'content-range')?.trim() ?? '');
  if (!match) return undefined;
  const end = Number(match[1]);
  const total = Number(match[2]);
  return end === total - 1 ? total : undefined;
}

/** Types whose bodies are needed whole even when their length is unknown (small and vital). */
function isEssentialType(type: string): boolean {
  return (
    type === 'text/html' ||
    type === 'application/xhtml+xml' ||
    type === 'text/css' ||
    type.includes('javascript') ||
    type.includes('ecmascript') ||
    type.includes('json')
  );
}

/** Types a renderer displays itself (so a navigation to them has a renderer-side stream). */
export function isRenderedType(type: string): boolean {
  return (
    isEssentialType(type) ||
    type.startsWith('text/') ||
    type.startsWith('image/') ||
    type.startsWith('video/') ||
    type.startsWith('audio/') ||
    type.endsWith('+xml') ||
    type === 'application/xml'
  );
}

/**
 * Whether a top-level response is a file Chrome downloads rather than shows: an attachment,
 * or a type it cannot render (PDFs have their viewer).
 */
export function isDownload(headers: HeaderList, type: string): boolean {
  if (/^\s*attachment/i.test(getHeader(headers, 'content-disposition') ?? '')) return true;
  return type !== '' && !isRenderedType(type) && type !== 'application/pdf';
}

/** Decides how to read one paused response's body. */
export function planBody(input: PlanInput): BodyPlan {
  const { url, method, status, headers, resourceType } = input;
  const skip = skipReason({ url, method, resourceType, headers });
  if (skip !== undefined) return skip ? { kind: 'skip', note: skip } : { kind: 'skip' };
  const type = mediaType(getHeader(headers, 'content-type'));
  if (type === 'text/event-stream')
    return { kind: 'skip', note: `live event stream not recorded: ${url}` };
  if (status === 206 && fullRangeLength(headers) === undefined) {
    const range = getHeader(headers, 'content-range') ?? 'no Content-Range';
    return { kind: 'skip', note: `partial response (206, ${range}) not stored: ${url}` };
  }
  if (isBodiless(status, method)) return { kind: 'empty' };
  if (input.ownTab && resourceType === 'Document' && isDownload(headers, type))
    return { kind: 'take-download' };

  const length = declaredLength(headers);
  // Error pages, scripts and stylesheets of unknown length are read whole: they are small, and
  // a renderer may cancel them on sight (a script served as text/plain), taking a streamed
  // body with it.
  const essential =
    isEssentialType(type) ||
    status >= 400 ||
    resourceType === 'Script' ||
    resourceType === 'Stylesheet';
  // A page of unknown length is streamed from where its renderer receives it rather than
  // read whole at the pause: a read at the pause holds the page until its last byte, and a
  // document that never ends (a server that keeps the connection open) would show nothing
  // and be lost, where a stream keeps what arrived when the capture ends.
  if (resourceType === 'Document' && length === undefined && isRenderedType(type) && status < 400)
    return { kind: 'document-stream' };
  const big = length !== undefined ? length > input.streamThreshold : !essential;
  if (!big) return { kind: 'fetch' };

  if (resourceType === 'Document') {
    // Streaming at the pause would deadlock: DevTools holds commands for a navigating frame's
    // renderer until the navigation commits, and it cannot commit while paused.
    if (isRenderedType(type)) return { kind: 'document-stream' };
    // PDFs and downloads never reach the renderer: Fetch is the only way to their bytes.
    if (length === undefined) return { kind: 'fetch' };
    return length <= input.fulfilLimit ? { kind: 'take-stream' } : { kind: 'too-large', length };
  }
  return { kind: 'stream' };
}

/**
 * Whether a paused response may be let through at once, its body read later from the
 * renderer (Network.getResponseBody, after the page's load) instead of while the page
 * waits. Only for bodies a renderer surely receives whole and keeps: successful images of an
 * image type (opaque-response blocking never empties those), scripts and stylesheets of the
 * right type (a renderer cancels a failed one, and its body goes with it). Not documents
 * (PDFs and downloads never reach a renderer), fonts (CORS may fail them), fetch/XHR (a page
 * may never read a body; Chrome keeps no part of a transfer that broke off, while a read at
 * the pause gets what arrived).
 *
 * The price: such a body cut off mid-transfer is lost rather than kept as 'disconnect'.
 */
export function canReadLater(
  resourceType: string | undefined,
  status: number,
  type: string,
): boolean {
  if (status < 200 || status >= 300 || status === 206) return false;
  switch (resourceType) {
    case 'Image':
      return type.startsWith('image/');
    case 'Script':
      return type.includes('javascript') || type.includes('ecmascript');
    case 'Stylesheet':
      return type === 'text/css';
    default:
      return false;
  }
}

/** The declared Content-Length, if any. */
export function declaredLength(headers: HeaderList): number | undefined {
  const text = getHeader(headers, 'content-length')?.trim();
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}
