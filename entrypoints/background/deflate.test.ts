import { beforeEach, describe, expect, it } from 'vitest';
import { createArchiveSink } from '../../lib/db/archive-sink';
import { createArchive } from '../../lib/db/repos/archives';
import { archiveRow } from '../../lib/db/repos/library-test-utils';
import { listRecords } from '../../lib/db/repos/records';
import { useFreshDb } from '../../lib/db/test-db';
import { listDeflatePending } from '../../lib/storage/deflate-queue';
import { bodyExchange } from '../../lib/warc/test-utils';
import { setupDeflate } from './deflate';

const page = new TextEncoder().encode('<p>Words of the page.</p>\n'.repeat(4000));

async function capturedArchive(id: string) {
  await createArchive(archiveRow('f', { id, status: 'complete' }));
  await createArchiveSink(id).exchange(bodyExchange(`https://e.test/${id}`, page, 'text/html'));
}

const waitingMembers = async (id: string) =>
  (await listRecords(id)).filter((r) => r.deflateLater).length;

describe('deferred deflates at worker start', () => {
  beforeEach(() => {
    useFreshDb();
  });

  it('resumes what a stopped worker left, once no capture runs', async () => {
    await capturedArchive('left-1');
    await capturedArchive('left-2');
    expect(await listDeflatePending()).toEqual(['left-1', 'left-2']);
    let capturing = true;
    setupDeflate(() => capturing);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await waitingMembers('left-1')).toBe(1);
    capturing = false;
    await expect.poll(listDeflatePending, { timeout: 5000 }).toEqual([]);
    expect(await waitingMembers('left-1')).toBe(0);
    expect(await waitingMembers('left-2')).toBe(0);
  });
});
