/**
 * The most body bytes one answer to the replay frame carries. Answers cross to the browser as
 * one DevTools message, base64-encoded, and Chromium refuses messages of about 128 MB and more.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** The most bytes of one range answer: a player asks for the next part as it plays. */
export const RANGE_PART_BYTES = 8 * 1024 * 1024;

/**
 * Fits an answer into one DevTools message. A range answer (`206`, what video and audio
 * elements ask for) is cut to its first RANGE_PART_BYTES with a Content-Range saying so, and
 * the player asks for the rest; a whole answer over MAX_ANSWER_BYTES cannot be replayed here
 * and becomes a 500 that says why, rather than a request that never ends.
 */
export function fitAnswer(
  status: number,
  headers: Headers,
  body: Uint8Array,
): { status: number; headers: Headers; body: Uint8Array } {
  const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(headers.get('content-range') ?? '');
  if (status === 206 && range && body.length > RANGE_PART_BYTES) {
    const start = Number(range[1]);
    const cut = new Headers(headers);
    cut.set('content-range', `bytes ${start}-${start + RANGE_PART_BYTES - 1}/${range[3]}`);
    cut.set('content-length', String(RANGE_PART_BYTES));
    return { status, headers: cut, body: body.subarray(0, RANGE_PART_BYTES) };
  }
  if (body.length <= MAX_ANSWER_BYTES) return { status, headers, body };
  const text = `This response (${Math.round(body.length / 1048576)} MB) is too large to replay in Cairn's viewer. Download the WARC to open it with another tool.`;
  return {
    status: 500,
    headers: new Headers({ 'content-type': 'text/plain; charset=utf-8' }),
    body: new TextEncoder().encode(text),
  };
}
