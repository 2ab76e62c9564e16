/**
 * Byte helpers on web-standard APIs only (atob/btoa, TextEncoder), so the same code runs in
 * the extension's service worker and in Node tests.
 */

const encoder = new TextEncoder();

/** The engine's own base64 decoder, where it has one (Chrome 140+; not Node 20). */
const fromBase64 = (
  Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }
).fromBase64?.bind(Uint8Array);

/** Decodes base64 (as CDP sends bodies and stream chunks) into bytes. */
export function base64ToBytes(b64: string): Uint8Array {
  // Native where the engine has it (Chrome 140+): atob and the copy loop below cost the
  // service worker 0.3 s on bench/capture's heavy page (29 MB of bodies arrive as base64).
  if (fromBase64) return fromBase64(b64);
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Encodes bytes as base64, in slices so no argument list grows with the input. */
export function bytesToBase64(bytes: Uint8Array): string {
  // 3 * 8192: a multiple of 3, so the slices' base64 texts can simply be concatenated.
  const SLICE = 24576;
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += SLICE) {
    const slice = bytes.subarray(start, start + SLICE);
    parts.push(btoa(String.fromCharCode(...slice)));
  }
  return parts.join('');
}

/**
 * The body of a request as CDP reports it (`postDataEntries`, each part base64), joined; or
 * undefined when no part carries bytes (CDP then gives `postData` or nothing).
 */
export function postDataBytes(entries: { bytes?: string }[] | undefined): Uint8Array | undefined {
  const chunks = (entries ?? [])
    .filter((e) => e.bytes !== undefined)
    .map((e) => base64ToBytes(e.bytes!));
  if (chunks.length === 0) return undefined;
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

/** UTF-8 bytes of a text body (CDP returns text bodies unencoded when they are valid UTF-8). */
export function textToBytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A CDP `{ body | data, base64Encoded }` pair as bytes. */
export function cdpBytes(data: string, base64Encoded: boolean): Uint8Array {
  return base64Encoded ? base64ToBytes(data) : textToBytes(data);
}

/** Joins byte chunks into one array (no copy when there is only one). */
export function concatBytes(chunks: Uint8Array[], total?: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total ?? chunks.reduce((n, chunk) => n + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
