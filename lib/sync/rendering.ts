import { listRecords } from '../db/repos/records';
import { CairnError } from '../errors';
import { t } from '../i18n';

/** Our own rendering of a capture, ready to upload. */
export interface Rendering {
  file: Blob;
  fileName: string;
}

const CRLF2 = new Uint8Array([13, 10, 13, 10]);

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * The block of one stored WARC record (a gzip member): gunzipped, the WARC header cut off.
 * For a resource record the block is the resource itself (the PNG).
 */
export async function recordBlock(gzipMember: Blob): Promise<Uint8Array> {
  const stream = gzipMember.stream().pipeThrough(new DecompressionStream('gzip'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const end = indexOf(bytes, CRLF2);
  if (end < 0) throw new CairnError('bad-record', 'A stored WARC record has no header end.');
  const header = new TextDecoder().decode(bytes.subarray(0, end));
  const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(header)?.[1]);
  const start = end + 4;
  return bytes.subarray(start, Number.isFinite(length) ? start + length : undefined);
}

/**
 * The full-page screenshot Cairn stored in the archive's WARC (the `urn:view:` resource), as
 * a PNG file for Perma's upload. Throws a CairnError when the capture has none.
 */
export async function findRendering(archiveId: string): Promise<Rendering> {
  const records = await listRecords(archiveId);
  const shot = records.find(
    (r) => r.warcType === 'resource' && r.url?.startsWith('urn:view:') && r.mime === 'image/png',
  );
  if (!shot) throw new CairnError('no-rendering', t('syncNoRendering'));
  const png = await recordBlock(shot.blob);
  return {
    file: new Blob([png as BlobPart], { type: 'image/png' }),
    fileName: 'cairn-rendering.png',
  };
}
