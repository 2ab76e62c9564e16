/**
 * The Fetch-domain way to a large body: Fetch.takeResponseBodyAsStream, IO.read in 64 KiB
 * chunks, then Fetch.fulfillRequest (or, for a file download in a capture tab, nothing).
 * Once taken, a response can no longer be continued: the page only gets its body back
 * through fulfillRequest, as one base64 string. So this is only
 * the fallback where Network streaming is unavailable, for bodies up to the fulfil limit.
 */
import { BodyAccumulator } from './body-buffer';
import { bytesToBase64, cdpBytes } from '../bytes';
import type { RequestPaused } from './cdp-types';
import { messageOf } from './clock';
import type { BodyOutcome } from './request-state';
import type { HeaderList } from './types';

/** IO.read chunk size. */
export const READ_CHUNK = 64 * 1024;
/**
 * Per IO.read: generous, since answers can queue behind other streams' events and a timeout
 * here costs the page its response (a taken stream cannot be continued, only failed).
 */
export const READ_TIMEOUT_MS = 30_000;

/** Commands with (`command`) and without (`send`) the reader's timeout. */
export interface StreamIo {
  command<T>(
    method: string,
    params: object,
    sessionId: string | undefined,
    timeoutMs?: number,
  ): Promise<T>;
  send<T>(method: string, params: object, sessionId: string | undefined): Promise<T>;
}

/**
 * Takes the paused response's body as a stream, reads it all and fulfils the request with
 * it (the stored copy stops at `maxBytes`; the page always gets everything). `taken: false`
 * means Chrome refused the stream and the request can still be continued.
 */
export async function takeAndFulfil(
  io: StreamIo,
  p: RequestPaused,
  sessionId: string | undefined,
  headers: HeaderList,
  maxBytes: number,
  contentType: string,
  /**
   * 'fulfil' hands the whole body back to the page (so it must fit in one string); 'discard'
   * is for a file download in Cairn's own capture tab, where downloads are denied: only the
   * stored copy is kept (bounded by `maxBytes`), whatever the file's size, and the request
   * is ended once it is read.
   */
  mode: 'fulfil' | 'discard' = 'fulfil',
): Promise<{ taken: false } | { taken: true; outcome: BodyOutcome }> {
  let handle: string;
  try {
    const r = await io.command<{ stream: string }>(
      'Fetch.takeResponseBodyAsStream',
      { requestId: p.requestId },
      sessionId,
    );
    handle = r.stream;
  } catch {
    return { taken: false };
  }
  const fail = () =>
    io
      .send('Fetch.failRequest', { requestId: p.requestId, errorReason: 'Failed' }, sessionId)
      .catch(() => undefined);
  const stored = new BodyAccumulator(maxBytes);
  const whole: string[] = [];
  let carry: Uint8Array = new Uint8Array(0);
  try {
    for (;;) {
      const r = await io.command<{ data: string; base64Encoded?: boolean; eof: boolean }>(
        'IO.read',
        { handle, size: READ_CHUNK },
        sessionId,
        READ_TIMEOUT_MS,
      );
      const bytes = cdpBytes(r.data, r.base64Encoded ?? false);
      stored.append(bytes);
      if (mode === 'fulfil') {
        // Base64 of 3-byte multiples, so the pieces join into one valid string.
        const joined = concat(carry, bytes);
        const cut = joined.length - (joined.length % 3);
        whole.push(bytesToBase64(joined.subarray(0, cut)));
        carry = joined.slice(cut);
      }
      if (r.eof) break;
    }
    whole.push(bytesToBase64(carry));
  } catch (error) {
    void io.send('IO.close', { handle }, sessionId).catch(() => undefined);
    // The stream is gone and continuing is impossible now: fail it like a broken connection.
    await fail();
    stored.markDisconnected();
    return {
      taken: true,
      outcome:
        stored.length > 0
          ? { ok: true, body: stored.finish(contentType) }
          : { ok: false, reason: messageOf(error) },
    };
  }
  void io.send('IO.close', { handle }, sessionId).catch(() => undefined);
  if (mode === 'discard') {
    // Nobody waits for the file: the capture tab denies downloads.
    void io
      .send('Fetch.failRequest', { requestId: p.requestId, errorReason: 'Aborted' }, sessionId)
      .catch(() => undefined);
    return { taken: true, outcome: { ok: true, body: stored.finish(contentType) } };
  }
  try {
    await io.command(
      'Fetch.fulfillRequest',
      {
        requestId: p.requestId,
        responseCode: p.responseStatusCode,
        // The bytes are decoded already: announcing an encoding or the wire length would
        // make Chrome decode twice or cut the body.
        responseHeaders: headers
          .filter(([n]) => !/^(content-encoding|content-length|transfer-encoding)$/i.test(n))
          .map(([name, value]) => ({ name, value })),
        body: whole.join(''),
        ...(p.responseStatusText ? { responsePhrase: p.responseStatusText } : {}),
      },
      sessionId,
    );
  } catch {
    await fail();
  }
  return { taken: true, outcome: { ok: true, body: stored.finish(contentType) } };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
