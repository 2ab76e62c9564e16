import { concatBytes } from '../bytes';
import { BlobBuilder } from './blob-builder';
import { GZIP_PROBE_BYTES, deflateGains, gzipMember } from './gzip-member';

/**
 * Bytes of a member's start skipped before the probe sample: its WARC and HTTP headers, which
 * are text and would make any payload look compressible.
 */
const HEADER_ALLOWANCE = 4 * 1024;

/**
 * Deflates a gzip member that was written with stored blocks (captureGzipPlan's `later`):
 * the member is inflated (cheap: stored blocks are a copy) and compressed again, streamed,
 * so neither copy is ever whole in the heap. Returns the deflated member, or undefined when
 * deflating would not pay: the payload's start does not compress (probed first, so a large
 * incompressible payload is not compressed in vain) or the result is not smaller.
 *
 * The member's uncompressed bytes, and so the record, are unchanged: any gzip reader gets
 * the same WARC record from either member.
 */
export async function deflateStoredMember(member: Blob): Promise<Blob | undefined> {
  const reader = member.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < HEADER_ALLOWANCE + GZIP_PROBE_BYTES) {
    const next = await reader.read();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const start = concatBytes(head, headBytes);
  const sample = start.length > HEADER_ALLOWANCE + 1024 ? start.subarray(HEADER_ALLOWANCE) : start;
  if (!deflateGains(sample)) {
    await reader.cancel();
    return undefined;
  }
  async function* plain(): AsyncGenerator<Uint8Array> {
    yield start;
    while (!done) {
      const next = await reader.read();
      if (next.done) return;
      yield next.value;
    }
  }
  const out = new BlobBuilder();
  for await (const chunk of gzipMember(plain(), 'deflate')) out.append(chunk);
  const deflated = out.toBlob();
  return deflated.size < member.size ? deflated : undefined;
}
