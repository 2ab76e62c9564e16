import { t } from '../i18n';
import type { ArchiveBoxClient, ArchiveBoxSnapshot } from './archivebox-client';
import { isSyncError, SyncError } from './sync-error';
import type { SyncContext } from './sync-target';

/**
 * Whether a snapshot is private on the server, from two independent answers: its crawl's
 * PERMISSIONS as the API reports it, and what a stranger gets when opening it (B9b). A
 * server that stores the setting but does not act on it fails the second.
 */
export async function isPrivateSnapshot(
  client: ArchiveBoxClient,
  snapshot: Pick<ArchiveBoxSnapshot, 'id' | 'crawl_id'>,
): Promise<boolean> {
  if (!snapshot.crawl_id) return false;
  const crawl = await client.getCrawl(snapshot.crawl_id);
  if (String(crawl.config?.PERMISSIONS ?? '').toLowerCase() !== 'private') return false;
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
 * Sends a private archive's URL to newest ArchiveBox as a snapshot only the server's users
 * can see: its own crawl with PERMISSIONS private (and ONLY_NEW off, or the server would
 * hand back another crawl's public snapshot of the same URL), then the snapshot in that
 * crawl, then a check that it really is private. A check that fails deletes the crawl (and
 * with it any snapshot made in it) and fails the archive: nothing else is uploaded.
 */
export async function addPrivately(
  client: ArchiveBoxClient,
  ctx: SyncContext,
  tags: string[],
): Promise<ArchiveBoxSnapshot> {
  const archive = ctx.archive!;
  // An earlier attempt whose answer was lost may have made it: only a snapshot that is
  // private now is taken.
  for (const found of await client.findSnapshots(archive.url)) {
    if (found.url === archive.url && (await isPrivateSnapshot(client, found))) return found;
  }
  await ctx.beforeCreate();
  const crawl = await client.createCrawl({
    url: archive.url,
    tags,
    label: t('syncArchiveBoxPrivateCrawl'),
    config: { PERMISSIONS: 'private', ONLY_NEW: false },
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
  if (!ours || !(await isPrivateSnapshot(client, snapshot))) {
    await client.deleteCrawl(crawl.id).catch((error: unknown) => {
      if (!isSyncError(error, 'not-found')) throw error;
    });
    throw new SyncError('permission', 'private-not-kept', t('syncArchiveBoxNotPrivate'));
  }
  return snapshot;
}
