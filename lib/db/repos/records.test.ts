import { beforeEach, describe, expect, it } from 'vitest';
import { useFreshDb } from '../test-db';
import type { ArchiveRow } from '../entities';
import { createArchive, getArchive } from './archives';
import { archiveRow } from './library-test-utils';
import {
  appendRecords,
  findResponseByDigest,
  listRecords,
  warcBlob,
  type NewRecord,
} from './records';

/** A capture in progress, as the recorder starts one. */
function archive(id: string): ArchiveRow {
  return archiveRow('f', { id, status: 'capturing' });
}

function record(
  type: NewRecord['warcType'],
  bytes: string,
  extra: Partial<NewRecord> = {},
): NewRecord {
  return {
    warcType: type,
    recordId: `<urn:uuid:${crypto.randomUUID()}>`,
    date: '2026-01-01T00:00:00Z',
    blob: new Blob([bytes]),
    ...extra,
  };
}

describe('records repository', () => {
  beforeEach(() => {
    useFreshDb();
  });

  it('assigns sequence numbers and byte offsets, and moves the archive counters in step', async () => {
    await createArchive(archive('a'));
    await appendRecords('a', [record('warcinfo', 'xxxx')]);
    await appendRecords(
      'a',
      [record('response', 'yyyyyy', { url: 'https://e.test/1' }), record('request', 'zz')],
      { responses: 1 },
    );
    const rows = await listRecords('a');
    expect(rows.map((r) => [r.seq, r.offset, r.length, r.warcType])).toEqual([
      [0, 0, 4, 'warcinfo'],
      [1, 4, 6, 'response'],
      [2, 10, 2, 'request'],
    ]);
    expect(await getArchive('a')).toMatchObject({ size: 12, recordCount: 3, responseCount: 1 });
    expect(await (await warcBlob('a')).text()).toBe('xxxxyyyyyyzz');
  });

  it('keeps archives apart', async () => {
    await createArchive(archive('a'));
    await createArchive(archive('b'));
    await appendRecords('a', [record('warcinfo', 'A')]);
    await appendRecords('b', [record('warcinfo', 'BB')]);
    expect(await (await warcBlob('a')).text()).toBe('A');
    expect(await (await warcBlob('b')).text()).toBe('BB');
  });

  it('stores nothing when the archive does not exist (no orphan records)', async () => {
    await expect(appendRecords('missing', [record('warcinfo', 'x')])).rejects.toThrow(
      /does not exist/,
    );
    expect(await listRecords('missing')).toEqual([]);
  });

  it('finds the first complete response with a payload digest, ignoring truncated copies', async () => {
    await createArchive(archive('a'));
    await appendRecords('a', [
      record('response', '1', {
        url: 'https://e.test/cut',
        payloadDigest: 'sha256:aa',
        truncated: 'length',
      }),
      record('response', '2', { url: 'https://e.test/first', payloadDigest: 'sha256:aa' }),
      record('response', '3', { url: 'https://e.test/second', payloadDigest: 'sha256:aa' }),
    ]);
    expect((await findResponseByDigest('a', 'sha256:aa'))?.url).toBe('https://e.test/first');
    expect(await findResponseByDigest('a', 'sha256:bb')).toBeUndefined();
  });
});
