import { gzipSync } from 'fflate';
import { payloadDigestOf } from '../warc';

/** Lines per compressed block, as py-wacz and Browsertrix write them. */
export const CDXJ_LINES_PER_BLOCK = 3000;

/**
 * The compressed, block-indexed form of a sorted CDXJ index (WACZ 1.1.1 "cdxj-gzip-1.0",
 * the ZipNum layout): the lines cut into blocks, each block its own gzip member in
 * `index.cdx.gz`, and `index.idx` giving each block's first key, offset, length and SHA-256.
 * A replay tool then reads the small .idx and only the blocks a lookup needs, instead of an
 * index that grows with the collection.
 */
export async function blockIndexed(
  sortedLines: string[],
  linesPerBlock = CDXJ_LINES_PER_BLOCK,
): Promise<{ cdxGz: Blob; idx: string }> {
  const blocks: Uint8Array[] = [];
  const idx = ['!meta 0 {"format":"cdxj-gzip-1.0","filename":"index.cdx.gz"}'];
  let offset = 0;
  const encoder = new TextEncoder();
  for (let at = 0; at < sortedLines.length; at += linesPerBlock) {
    const lines = sortedLines.slice(at, at + linesPerBlock);
    const block = gzipSync(encoder.encode(`${lines.join('\n')}\n`));
    const first = lines[0]!;
    // "<surt> <timestamp>" of the block's first line is its key.
    const key = first.slice(0, first.indexOf(' ', first.indexOf(' ') + 1));
    const digest = await payloadDigestOf(new Blob([block]));
    idx.push(`${key} ${JSON.stringify({ offset, length: block.length, digest })}`);
    blocks.push(block);
    offset += block.length;
  }
  return { cdxGz: new Blob(blocks as BlobPart[]), idx: `${idx.join('\n')}\n` };
}
