import { beforeEach, describe, expect, it } from 'vitest';
import { bodyExchange, parseWarc, pseudoRandomBytes } from '../warc/test-utils';
import { listDeflatePending } from '../storage/deflate-queue';
import { createArchiveSink } from './archive-sink';
import { deflateArchive } from './deflate-later';
import { createArchive, getArchive } from './repos/archives';
import { archiveRow } from './repos/library-test-utils';
import { listRecords, replaceMembers, warcBlob } from './repos/records';
import { useFreshDb } from './test-db';

const page = new TextEncoder().encode('<li>An item of a long list</li>\n'.repeat(10_000));
const noise = pseudoRandomBytes(100_000, 5);

async function capture(id: string) {
  await createArchive(archiveRow('f', { id, status: 'capturing' }));
  const sink = createArchiveSink(id);
  await sink.exchange(bodyExchange('https://e.test/list.html', page, 'text/html'));
  await sink.exchange(
    bodyExchange('https://e.test/small.js', page.subarray(0, 500), 'text/javascript'),
  );
  await sink.exchange(bodyExchange('https://e.test/data.bin', noise, 'application/octet-stream'));
  await sink.exchange(bodyExchange('https://e.test/list-2.html', page.subarray(1), 'text/html'));
}

const records = async (id: string) =>
  (await parseWarc(await warcBlob(id))).map((r) => ({
    type: r.record.warcType,
    uri: r.record.warcTargetURI,
    payload: Buffer.from(r.payload).toString('base64'),
  }));

describe('deflateArchive', () => {
  beforeEach(() => {
    useFreshDb();
  });

  it('deflates what the capture stored, keeps every record, and moves offsets and size', async () => {
    await capture('a');
    expect(await listDeflatePending()).toContain('a');
    const before = await records('a');
    const sizeBefore = (await getArchive('a'))!.size;
    expect((await listRecords('a')).filter((r) => r.deflateLater)).toHaveLength(3);

    const result = await deflateArchive('a');

    expect(result.records).toBe(3);
    expect(result.after).toBeLessThan(result.before);
    expect(await records('a')).toEqual(before);
    const rows = await listRecords('a');
    expect(rows.filter((r) => r.deflateLater)).toEqual([]);
    let offset = 0;
    for (const row of rows) {
      expect(row.offset).toBe(offset);
      expect(row.length).toBe(row.blob.size);
      offset += row.length;
    }
    const archive = (await getArchive('a'))!;
    expect(archive.size).toBe(offset);
    expect(sizeBefore - archive.size).toBe(result.before - result.after);
    expect(await listDeflatePending()).not.toContain('a');
    // The noise stayed stored: only the pages shrank.
    const data = rows.find((r) => r.url === 'https://e.test/data.bin')!;
    expect(data.length).toBeGreaterThan(noise.length);
  });

  it('runs once for callers that ask at the same time, and finds nothing the second time', async () => {
    await capture('b');
    const [first, second] = [deflateArchive('b'), deflateArchive('b')];
    expect(first).toBe(second);
    expect((await first).records).toBe(3);
    expect(await deflateArchive('b')).toEqual({ records: 0, before: 0, after: 0 });
  });

  it('steps aside before each member when asked (a capture waits for one member at most)', async () => {
    await capture('d');
    const order: string[] = [];
    const result = await deflateArchive('d', {
      beforeEach: async () => {
        order.push('wait');
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    });
    expect(order).toEqual(['wait', 'wait', 'wait']);
    expect(result.records).toBe(3);
  });

  it('leaves a member that changed since it was read', async () => {
    await capture('c');
    const [row] = (await listRecords('c')).filter((r) => r.deflateLater);
    await replaceMembers(
      'c',
      new Map([[row!.id!, { was: new Blob(['other']), now: new Blob(['x']) }]]),
    );
    const after = (await listRecords('c')).find((r) => r.id === row!.id)!;
    expect(after.deflateLater).toBe(true);
    expect(after.blob.size).toBe(row!.blob.size);
  });
});
