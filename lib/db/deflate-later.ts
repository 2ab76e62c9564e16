import { deflateStoredMember } from '../warc/deflate-member';
import { clearDeflatePending } from '../storage/deflate-queue';
import { listDeflateLater, replaceMembers } from './repos/records';

/** Runs in progress, by archive: a second caller shares the first one's run. */
const running = new Map<string, Promise<DeflateResult>>();

/** What one run did: bytes of the archive's members before and after. */
export interface DeflateResult {
  records: number;
  before: number;
  after: number;
}

/**
 * Deflates the members a capture wrote stored to be deflated later (captureGzipPlan), then
 * swaps them in with one transaction (replaceMembers) and forgets the archive in the pending
 * list. Each member is deflated on its own, streamed, one after another, so the worker stays
 * responsive and the heap bounded. Readers see the archive before or after the swap, never a
 * mix; both are the same WARC records. Whoever is about to send the archive's bytes
 * elsewhere (sync) awaits this first, so a resumed upload never mixes the two forms.
 */
export function deflateArchive(
  archiveId: string,
  options: DeflateOptions = {},
): Promise<DeflateResult> {
  const current = running.get(archiveId);
  if (current) return current;
  const run = deflateNow(archiveId, options).finally(() => running.delete(archiveId));
  running.set(archiveId, run);
  return run;
}

/** Options of {@link deflateArchive}. */
export interface DeflateOptions {
  /** Awaited before each member: housekeeping steps aside while a capture runs. */
  beforeEach?: () => Promise<void>;
}

async function deflateNow(archiveId: string, options: DeflateOptions): Promise<DeflateResult> {
  const rows = await listDeflateLater(archiveId);
  const members = new Map<number, { was: Blob; now: Blob | undefined }>();
  const result: DeflateResult = { records: rows.length, before: 0, after: 0 };
  for (const row of rows) {
    await options.beforeEach?.();
    const now = await deflateStoredMember(row.blob);
    members.set(row.id!, { was: row.blob, now });
    result.before += row.blob.size;
    result.after += (now ?? row.blob).size;
  }
  if (members.size > 0) await replaceMembers(archiveId, members);
  await clearDeflatePending(archiveId);
  return result;
}
