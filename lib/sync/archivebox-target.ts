import { t } from '../i18n';
import type { ServerCapabilities } from '../storage/sync-types';
import type { ArchiveBoxClient, ArchiveBoxSnapshot } from './archivebox-client';
import { addInOwnCrawl, assertPrivate } from './archivebox-private';
import { folderPath } from './folder-rules';
import { isSyncError, SyncError } from './sync-error';
import type { SyncContext, SyncOutcome, SyncTarget } from './sync-target';
import { uploadWarc } from './warc-upload';

/**
 * The tag a local folder maps to (B7: ArchiveBox has no folders): its path from the top,
 * joined by '/'. Commas are the 0.8 tag separator, so they become spaces.
 */
export function folderTag(ctx: Pick<SyncContext, 'folders'>, folderId: string): string | undefined {
  const names = folderPath(folderId, ctx.folders).map((f) => f.name.replace(/,/g, ' ').trim());
  return names.length ? names.join('/') : undefined;
}

export interface ArchiveBoxTargetDeps {
  /** The server's detected capabilities (detected once, then stored). */
  capabilities(): Promise<ServerCapabilities>;
  /** The archive's .warc.gz. */
  warcOf(archiveId: string): Promise<Blob>;
  chunkSize?: number;
  /**
   * Runs a 0.8 `cli/add` alone. 0.8 names each add's source file after the current second,
   * so two adds in the same second mix their URLs and one add's tags land on the other's
   * snapshot (seen on a real 0.8.5rc51). The service serialises them per server and spaces
   * them more than a second apart.
   */
  serialiseAdd?: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** How long Cairn follows a snapshot the server has not sealed before calling it sent. */
export const SEAL_WAIT_MS = 60 * 60_000;

/**
 * A tag as 0.9.73 compares and keeps it: markup stripped and `&` escaped (it sanitises HTML),
 * trimmed, case-insensitive.
 */
export function tagKey(tag: string): string {
  return tag
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .trim()
    .toLowerCase();
}

/** Private archives go only to servers the user confirmed do not publish snapshots (B7). */
function assertMaySend(ctx: SyncContext, code: 'private-not-confirmed' | 'private-after-sync') {
  if (ctx.archive?.isPrivate && !ctx.server.confirmedPrivate) {
    throw new SyncError(
      'permission',
      code,
      code === 'private-not-confirmed' ? t('syncPrivateNotConfirmed') : t('syncPrivateAfterSync'),
    );
  }
}

/**
 * Carries out outbox entries against an ArchiveBox server: the URL added with the folder's
 * tag (0.8: a long `cli/add`; 0.9: a queued add, then title and tags set on the snapshot and
 * its status followed), our WARC uploaded in resumable chunks where the server offers
 * ArchiveResult uploads, and an existing snapshot of the URL reused instead of adding again.
 */
export function createArchiveBoxTarget(
  client: ArchiveBoxClient,
  deps: ArchiveBoxTargetDeps,
): SyncTarget {
  async function existingSnapshot(url: string): Promise<ArchiveBoxSnapshot | undefined> {
    // A deleted snapshot stays listed as 'deleting' for a while (B9b): never take it.
    return (await client.findSnapshots(url)).find((s) => s.url === url && s.status !== 'deleting');
  }

  async function addUrl(ctx: SyncContext, caps: ServerCapabilities, tags: string[]) {
    const archive = ctx.archive!;
    await ctx.beforeCreate();
    let snapshot: ArchiveBoxSnapshot | undefined;
    if (caps.queuedAdd) {
      // With core writes the tags go on the snapshot only: cli/add's tag becomes the crawl's
      // tags, which 0.9.73 adds back on every save, so a later move could not drop it (B9b).
      const added = await client.add(archive.url, caps.coreWrites ? [] : tags, true);
      if (caps.coreWrites && added.crawl_id) {
        snapshot = await client.upsertSnapshot({
          url: archive.url,
          crawl_id: added.crawl_id,
          title: archive.title || undefined,
          tags,
        });
      } else if (added.snapshot_ids?.[0]) {
        snapshot = await client.getSnapshot(added.snapshot_ids[0]);
      }
    } else {
      const alone = deps.serialiseAdd ?? ((fn) => fn());
      snapshot = await alone(async () => {
        if (archive.title) {
          await client.importWithTitle(archive.url, archive.title, tags);
          const found = await existingSnapshot(archive.url);
          if (found) return found;
          // A server whose parser did not take the import added nothing: add the bare URL.
        }
        await client.add(archive.url, tags, false);
        return undefined;
      });
    }
    snapshot ??= await existingSnapshot(archive.url);
    await ctx.afterCreate(true);
    if (!snapshot) throw new SyncError('transient', 'snapshot-missing', t('syncSnapshotMissing'));
    return snapshot;
  }

  /** 0.9: sets title and tags on a snapshot that already existed (same crawl: idempotent). */
  async function describe(
    ctx: SyncContext,
    snapshot: ArchiveBoxSnapshot,
    tags: string[],
    oldTag?: string,
  ) {
    const archive = ctx.archive!;
    // The server hands tags back sanitised, trimmed and merged case-insensitively (B9b), so
    // they are compared in that form: `travel` sent is `Travel` kept.
    const old = oldTag === undefined ? undefined : tagKey(oldTag);
    const kept = snapshot.tags.filter((x) => tagKey(x) !== old);
    const wanted = [...kept, ...tags.filter((x) => !kept.some((k) => tagKey(k) === tagKey(x)))];
    if (snapshot.crawl_id && archive.title && archive.title !== snapshot.title) {
      snapshot = await client.upsertSnapshot({
        url: snapshot.url,
        crawl_id: snapshot.crawl_id,
        title: archive.title,
        tags: wanted,
      });
    }
    const have = new Set(snapshot.tags.map(tagKey));
    const same = wanted.length === have.size && wanted.every((x) => have.has(tagKey(x)));
    if (!same) snapshot = await client.setSnapshotTags(snapshot.id, wanted);
    return snapshot;
  }

  async function follow(
    ctx: SyncContext,
    snapshotId: string,
    caps: ServerCapabilities,
  ): Promise<SyncOutcome> {
    if (!caps.queuedAdd) return { state: 'synced' };
    const deadline = ctx.now() + ctx.timing.pollBudgetMs;
    for (;;) {
      const snapshot = await client.getSnapshot(snapshotId);
      if (!snapshot.status || snapshot.status === 'sealed') return { state: 'synced' };
      // Everything of ours is on the server; only its own archiving has not finished. A stuck
      // extractor must not keep the archive "syncing" forever.
      if (ctx.now() - ctx.entry.createdAt > SEAL_WAIT_MS) {
        return { state: 'synced', note: t('syncArchiveBoxNotSealed', [snapshot.status]) };
      }
      if (ctx.now() + ctx.timing.pollIntervalMs > deadline) {
        return { state: 'syncing', followUpMs: ctx.timing.followUpMs };
      }
      await ctx.sleep(ctx.timing.pollIntervalMs);
    }
  }

  return {
    async create(ctx) {
      const archive = ctx.archive!;
      const caps = await deps.capabilities();
      // Newest 0.9 keeps a snapshot private by itself, and says so: no server-wide promise is
      // needed, and each send is checked. Elsewhere only the user's confirmation lets it go.
      const ownCrawl = caps.privateSnapshots === true;
      const privately = archive.isPrivate && ownCrawl;
      if (!privately) assertMaySend(ctx, 'private-not-confirmed');
      const tag = folderTag(ctx, archive.folderId);
      const tags = tag ? [tag] : [];
      let snapshotId = ctx.state?.remoteId;
      if (privately && snapshotId) {
        await assertPrivate(client, await client.getSnapshot(snapshotId), 'private-not-kept');
      }
      if (ownCrawl && !snapshotId) {
        const added = await addInOwnCrawl(client, ctx, tags);
        const snapshot = added.found ? await describe(ctx, added.snapshot, tags) : added.snapshot;
        snapshotId = snapshot.id;
        await ctx.linkRemote({
          remoteId: snapshot.id,
          remoteUrl: client.snapshotLink(snapshot),
          remoteFolder: tag,
        });
      }
      if (!snapshotId) {
        // Looked up first every time: the URL may already be there (an earlier attempt whose
        // answer was lost, or another capture of the same page), and adding it again would
        // make a second snapshot on 0.9.
        const found = await existingSnapshot(archive.url);
        const snapshot = found
          ? caps.coreWrites
            ? await describe(ctx, found, tags)
            : found
          : await addUrl(ctx, caps, tags);
        snapshotId = snapshot.id;
        await ctx.linkRemote({
          remoteId: snapshot.id,
          remoteUrl: client.snapshotLink(snapshot),
          remoteFolder: tag,
        });
      }
      if (caps.archiveResultUpload) {
        await uploadWarc(client, {
          snapshotId,
          archiveId: archive.id,
          warc: await deps.warcOf(archive.id),
          chunkSize: deps.chunkSize,
        });
      }
      return follow(ctx, snapshotId, caps);
    },

    async update(ctx) {
      if (!ctx.state?.remoteId) return this.create(ctx);
      const caps = await deps.capabilities();
      const privately = ctx.archive!.isPrivate && caps.privateSnapshots === true;
      if (!privately) assertMaySend(ctx, 'private-after-sync');
      if (!caps.coreWrites) return { state: 'synced', note: t('syncArchiveBoxNoEdits') };
      const tag = folderTag(ctx, ctx.archive!.folderId);
      let snapshot: ArchiveBoxSnapshot;
      try {
        snapshot = await client.getSnapshot(ctx.state.remoteId);
      } catch (error) {
        if (isSyncError(error, 'not-found')) {
          throw new SyncError('validation', 'remote-missing', t('syncRemoteMissing'));
        }
        throw error;
      }
      // Made private after it was sent: the API cannot change a snapshot's permission (B9b).
      if (privately) await assertPrivate(client, snapshot, 'private-after-sync');
      snapshot = await describe(ctx, snapshot, tag ? [tag] : [], ctx.state.remoteFolder);
      await ctx.linkRemote({
        remoteId: snapshot.id,
        remoteUrl: client.snapshotLink(snapshot),
        remoteFolder: tag,
      });
      return { state: 'synced' };
    },

    async remove(remote) {
      const caps = await deps.capabilities();
      // 0.8 removes by URL: without one there is nothing safe to match (never a blank pattern).
      if (!caps.coreWrites && !remote.url) {
        throw new SyncError('validation', 'no-url', t('syncNotSynced'));
      }
      try {
        if (caps.coreWrites) await client.deleteSnapshot(remote.remoteId);
        else await client.removeUrl(remote.url);
      } catch (error) {
        if (isSyncError(error, 'not-found')) return;
        // 0.8 deletes and then fails to serialise its answer (a 503): check what happened.
        if (!isSyncError(error, 'transient')) throw error;
        const still = caps.coreWrites
          ? await client.getSnapshot(remote.remoteId).then(
              () => true,
              (e: unknown) => (isSyncError(e, 'not-found') ? false : Promise.reject(e)),
            )
          : (await client.findSnapshots(remote.url)).some((s) => s.id === remote.remoteId);
        if (still) throw error;
      }
    },
  };
}
