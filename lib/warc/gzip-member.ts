import { Gzip, deflateSync } from 'fflate';

/**
 * How a record's gzip member is made: `deflate` compresses (CompressionStream, native zlib),
 * `store` writes deflate's stored blocks, which is still a gzip member every reader accepts.
 */
export type GzipMode = 'deflate' | 'store';

/** Payloads smaller than this are always deflated: too small for the choice to matter. */
const MIN_STORE_BYTES = 4 * 1024;
/** Bytes of the payload compressed as a probe when its type does not tell. */
export const GZIP_PROBE_BYTES = 32 * 1024;
/** A probe that shrinks by less than this share says the payload is already compressed. */
const MIN_GAIN = 0.05;

/** Media types whose payloads are compressed already (deflate would gain nothing). */
const COMPRESSED_TYPES =
  /^(image\/(jpeg|png|gif|webp|avif|heic|heif|jxl|apng)|video\/.*|audio\/(mpeg|mp4|aac|ogg|opus|webm|flac|x-m4a)|font\/woff2?|application\/(font-woff2?|zip|gzip|x-gzip|zstd|x-7z-compressed|x-rar-compressed|x-xz|x-bzip2|vnd\.rar))$/;

/**
 * Whether to deflate a payload or store it.
 *
 * Why: on the two-core machine of bench/capture, deflating 30 MB of already compressed media
 * took the service worker 2.3 s, as long as everything else it did after the page loaded, and
 * saved nothing. Stored blocks cost a copy and a CRC. The type decides when it is a known
 * compressed format; otherwise deflating `sample` (the payload's first bytes, read by `readSample`) decides.
 * Text and images that do compress (BMP, SVG) keep being compressed.
 */
export async function gzipModeFor(
  mime: string | undefined,
  payloadLength: number,
  readSample: (bytes: number) => Promise<Uint8Array>,
): Promise<GzipMode> {
  if (payloadLength < MIN_STORE_BYTES) return 'deflate';
  if (mime && COMPRESSED_TYPES.test(mime.toLowerCase())) return 'store';
  const sample = await readSample(GZIP_PROBE_BYTES);
  return deflateGains(sample) ? 'deflate' : 'store';
}

/**
 * Whether deflating `sample` (a payload's first bytes) shrinks it enough to be worth
 * deflating the whole payload. Samples too small to tell say yes.
 */
export function deflateGains(sample: Uint8Array): boolean {
  if (sample.length < MIN_STORE_BYTES) return true;
  const probe = deflateSync(sample, { level: 1 });
  return probe.length < sample.length * (1 - MIN_GAIN);
}

/**
 * How a capture writes a payload's member: as gzipModeFor would, except that a payload which
 * might compress is written stored now (`later`) and deflated once the capture has ended
 * (lib/warc/deflate-member.ts).
 *
 * Why: deflating while the page loads kept the service worker busy for seconds after the
 * page was done (bench/capture: 30 MB of BMPs took 5.6 s of "last writes", most of it zlib and
 * Blob copies on the one worker thread). Stored blocks cost a copy and a CRC, so the archive
 * is complete as soon as the page is; the deflate then runs when nobody waits for it.
 */
export function captureGzipPlan(
  mime: string | undefined,
  payloadLength: number,
): GzipMode | 'later' {
  if (payloadLength < MIN_STORE_BYTES) return 'deflate';
  if (mime && COMPRESSED_TYPES.test(mime.toLowerCase())) return 'store';
  return 'later';
}

/** Turns a record's bytes into one gzip member, streamed chunk by chunk. */
export async function* gzipMember(
  chunks: AsyncIterable<Uint8Array>,
  mode: GzipMode,
): AsyncGenerator<Uint8Array, void, unknown> {
  if (mode === 'store') {
    yield* storedMember(chunks);
    return;
  }
  const source = chunks[Symbol.asyncIterator]();
  const input = new ReadableStream<BufferSource>({
    async pull(controller) {
      const next = await source.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value as Uint8Array<ArrayBuffer>);
    },
  });
  const reader = input.pipeThrough(new CompressionStream('gzip')).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

async function* storedMember(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array, void, unknown> {
  const gzip = new Gzip({ level: 0 });
  let out: Uint8Array[] = [];
  gzip.ondata = (data) => out.push(data);
  for await (const chunk of chunks) {
    gzip.push(chunk, false);
    yield* out;
    out = [];
  }
  gzip.push(new Uint8Array(0), true);
  yield* out;
}
