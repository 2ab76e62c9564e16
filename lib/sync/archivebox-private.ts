import { t } from '../i18n';
import { remoteNotes } from './remote-notes';
import type { ArchiveBoxClient, ArchiveBoxSnapshot } from './archivebox-client';
import { isSyncError, SyncError } from './sync-error';
import type { SyncContext } from './sync-target';

/** The PERMISSIONS of a snapshot's crawl as the API reports it ('public' when unknown). */
async function crawlPermission(
  client: ArchiveBoxClient,
  snapshot: Pick<ArchiveBoxSnapshot, 'crawl_id'>,
): Promise<string> {
  if (!snapshot.crawl_id) return 'public';
  const crawl = await client.getCrawl(snapshot.crawl_id);
  return String(crawl.config?.PERMISSIONS ?? 'public').toLowerCase();
}

/**
 * Whether a snapshot is private on the server, from two independent answers: its crawl's
 * PERMISSIONS as the API reports it, and what a stranger gets when opening it (B9b). A
 * server that stores the setting but does not act on it fails the second.
 */
export async function isPrivateSnapshot(
  client: ArchiveBoxClient,
  snapshot: Pick<ArchiveBoxSnapshot, 'id' | 'crawl_id'>,
): Promise<boolean> {
  if ((await crawlPermission(client, snapshot)) !== 'private') return false;
  return (await client.anonymousAccess(snapshot.id)) === 'login';
}

/** Refuses to go on with a snapshot that is not private: nothing of the archive is uploaded. */
export async function assertPrivate(
  client: ArchiveBoxClient,
  snapshot: Pick<ArchiveBoxSnapshot, 'id' | 'crawl_id'>,
  code: 'private-not-kept' | 'private-after-sync',
): Promise<void> {
  if (await isPrivateSnapshot(client, snapshot)) return;
  throw new SyncError(
    'permission',
    code,
    code === 'private-not-kept' ? t('syncArchiveBoxNotPrivate') : t('syncPrivateAfterSync'),
  );
}

/**
 * Sends an archive's URL to newest ArchiveBox as a snapshot in a crawl of its own, created
 * with ONLY_NEW off: otherwise the server hands back another crawl's snapshot of the same
 * URL unchanged, a public one for a private archive, or one it is deleting (B9b). A private
 * archive's crawl has PERMISSIONS private, and the snapshot is then checked to be private; a
 * check that fails deletes the crawl (and any snapshot made in it) and fails the archive, so
 * nothing else is uploaded. A snapshot an earlier attempt made (its answer lost) is taken
 * instead when it has the archive's privacy; `found` then says the caller should describe it.
 */
export async function addInOwnCrawl(
  client: ArchiveBoxClient,
  ctx: SyncContext,
  tags: string[],
): Promise<{ snapshot: ArchiveBoxSnapshot; found: boolean }> {
  const archive = ctx.archive!;
  for (const found of await client.findSnapshots(archive.url)) {
    if (found.url !== archive.url || found.status === 'deleting') continue;
    const fits = archive.isPrivate
      ? await isPrivateSnapshot(client, found)
      : (await crawlPermission(client, found)) !== 'private';
    if (fits) return { snapshot: found, found: true };
  }
  await ctx.beforeCreate();
  const crawl = await client.createCrawl({
    url: archive.url,
    // Tags go on the snapshot: a crawl's tags come back on every save and could not be moved.
    tags: [],
    label: t(archive.isPrivate ? 'syncArchiveBoxPrivateCrawl' : 'syncArchiveBoxCrawl'),
    notes: remoteNotes(archive) || undefined,
    config: archive.isPrivate ? { PERMISSIONS: 'private', ONLY_NEW: false } : { ONLY_NEW: false },
  });
  let snapshot: ArchiveBoxSnapshot;
  try {
    snapshot = await client.upsertSnapshot({
      url: archive.url,
      crawl_id: crawl.id,
      title: archive.title || undefined,
      tags,
    });
  } finally {
    await ctx.afterCreate(true);
  }
  const ours = snapshot.crawl_id === crawl.id;
  if (ours && !(archive.isPrivate && !(await isPrivateSnapshot(client, snapshot)))) {
    return { snapshot, found: false };
  }
  await client.deleteCrawl(crawl.id).catch((error: unknown) => {
    if (!isSyncError(error, 'not-found')) throw error;
  });
  if (archive.isPrivate) {
    throw new SyncError('permission', 'private-not-kept', t('syncArchiveBoxNotPrivate'));
  }
  throw new SyncError('transient', 'snapshot-elsewhere', t('syncSnapshotMissing'));
}
