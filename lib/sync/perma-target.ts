import { linkedRemoteIds } from '../db/repos/sync-states';
import { t } from '../i18n';
import { errorBodyMessage } from './error-body';
import type { PermaArchive, PermaArchiveFields, PermaClient } from './perma-client';
import { ensurePermaFolder, forgetPermaFolders } from './perma-folders';
import { findRendering } from './rendering';
import { isSyncError, SyncError } from './sync-error';
import type { SyncContext, SyncOutcome, SyncTarget } from './sync-target';
import { serversOfFolder } from './folder-rules';
import type { FolderSyncRule } from '../storage/sync-types';
import { createLocks, type Locks } from './locks';

/** How far before the first create attempt a found archive may be dated (clock skew). */
const LOOKUP_SKEW_MS = 10 * 60_000;

/** The message of a failed capture job (a JSON-encoded error dict, A3). */
function jobMessage(message: string | null): string {
  if (!message) return 'unknown error';
  try {
    return errorBodyMessage(JSON.parse(message)) ?? message;
  } catch {
    return message;
  }
}

/**
 * Carries out outbox entries against a Perma server: folders mapped (created as needed),
 * archives created with every field and `is_private` in one request, capture jobs followed,
 * edits PATCHed, moves PUT, deletes within the 24-hour window, our rendering uploaded.
 */
export function createPermaTarget(
  client: PermaClient,
  rules: () => Promise<FolderSyncRule[]>,
  locks: Locks = createLocks(),
): SyncTarget {
  const serialised = <T>(serverId: string, fn: () => Promise<T>) =>
    locks.run(`adopt:${serverId}`, fn);
  async function fieldsOf(ctx: SyncContext): Promise<PermaArchiveFields & { url: string }> {
    const archive = ctx.archive!;
    const folder = await ensurePermaFolder(
      client,
      ctx.server,
      archive.folderId,
      ctx.folders,
      locks,
    );
    return {
      url: archive.url,
      title: archive.title || undefined,
      notes: archive.notes || undefined,
      folder,
      is_private: archive.isPrivate,
    };
  }

  /** Records a created (or found) archive at once, noting an organisation's forced privacy. */
  async function link(
    ctx: SyncContext,
    remote: PermaArchive,
    folder?: number,
  ): Promise<string | undefined> {
    const note =
      remote.is_private && !ctx.archive?.isPrivate ? t('syncOrgForcedPrivate') : undefined;
    await ctx.linkRemote({
      remoteId: remote.guid,
      remoteUrl: client.archiveLink(remote.guid),
      remoteCreatedAt: Date.parse(remote.creation_timestamp) || ctx.now(),
      remoteFolder: folder === undefined ? undefined : String(folder),
      note,
    });
    return note;
  }

  /**
   * Finds the archive an earlier attempt may have created (its answer was lost): same URL,
   * created since just before that attempt, same title and notes, not linked to another
   * local archive. Perma has no idempotency key, so this is what prevents duplicates.
   */
  async function lookup(
    ctx: SyncContext,
    fields: PermaArchiveFields & { url: string },
  ): Promise<PermaArchive | undefined> {
    const since = Number(ctx.entry.payload?.firstAttemptAt ?? ctx.entry.createdAt);
    const found = await client.findArchives(fields.url, new Date(since - LOOKUP_SKEW_MS));
    const taken = await linkedRemoteIds(ctx.server.id);
    const title = fields.title?.slice(0, 2100);
    return found
      .filter(
        (a) =>
          !a.user_deleted &&
          !taken.has(a.guid) &&
          (title === undefined || a.title === title) &&
          (fields.notes === undefined || a.notes === undefined || a.notes === fields.notes),
      )
      .sort((a, b) => Date.parse(a.creation_timestamp) - Date.parse(b.creation_timestamp))[0];
  }

  async function follow(ctx: SyncContext, guid: string, note?: string): Promise<SyncOutcome> {
    const deadline = ctx.now() + ctx.timing.pollBudgetMs;
    for (;;) {
      let job;
      try {
        job = await client.getCaptureJob(guid);
      } catch (error) {
        // Archives created from an upload have no capture job (404): nothing to wait for.
        if (isSyncError(error, 'not-found')) return { state: 'synced', note };
        throw error;
      }
      if (job.status === 'completed') return { state: 'synced', note };
      if (job.status === 'failed' || job.status === 'invalid' || job.status === 'deleted') {
        throw new SyncError(
          'validation',
          'capture-failed',
          t('syncPermaCaptureFailed', [jobMessage(job.message)]),
        );
      }
      if (ctx.now() + ctx.timing.pollIntervalMs > deadline) {
        return { state: 'syncing', note, followUpMs: ctx.timing.followUpMs };
      }
      await ctx.sleep(ctx.timing.pollIntervalMs);
    }
  }

  async function createOnce(ctx: SyncContext): Promise<SyncOutcome> {
    if (ctx.state?.remoteId) return follow(ctx, ctx.state.remoteId, ctx.state.note);
    const fields = await fieldsOf(ctx);
    return serialised(ctx.server.id, async () => {
      if (ctx.entry.outcomeUnknown) {
        const found = await lookup(ctx, fields);
        if (found) return follow(ctx, found.guid, await link(ctx, found, fields.folder));
      }
      await ctx.beforeCreate();
      let created: PermaArchive;
      try {
        created = await client.createArchive(fields);
      } catch (error) {
        if (isSyncError(error) && !error.details.outcomeUnknown) await ctx.createAnswered();
        throw error;
      }
      const note = await link(ctx, created, fields.folder);
      await ctx.createAnswered();
      return { note, ...(await follow(ctx, created.guid, note)) };
    });
  }

  /** A mapped folder deleted on Perma: forget the mapping and map again, once. */
  async function withFolderRetry<T>(ctx: SyncContext, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (!(isSyncError(error, 'validation') && /folder not found/i.test(error.message)))
        throw error;
      await forgetPermaFolders(ctx.server.id, ctx.archive!.folderId, ctx.folders);
      return fn();
    }
  }

  return {
    create: (ctx) => withFolderRetry(ctx, () => createOnce(ctx)),

    async update(ctx) {
      const guid = ctx.state?.remoteId;
      if (!guid) return this.create(ctx);
      const archive = ctx.archive!;
      return withFolderRetry(ctx, async () => {
        // Only a folder that syncs to this server has a Perma counterpart to move into.
        const syncsHere = serversOfFolder(archive.folderId, ctx.folders, await rules()).includes(
          ctx.server.id,
        );
        const folder = syncsHere
          ? await ensurePermaFolder(client, ctx.server, archive.folderId, ctx.folders, locks)
          : undefined;
        let remote: PermaArchive;
        try {
          remote = await client.updateArchive(guid, {
            title: archive.title || undefined,
            notes: archive.notes,
            is_private: archive.isPrivate,
          });
          if (folder !== undefined && String(folder) !== ctx.state?.remoteFolder) {
            remote = await client.moveArchive(guid, folder);
          }
        } catch (error) {
          if (isSyncError(error, 'not-found')) {
            throw new SyncError('validation', 'remote-missing', t('syncRemoteMissing'));
          }
          throw error;
        }
        const note =
          remote.is_private && !archive.isPrivate ? t('syncOrgForcedPrivate') : undefined;
        await ctx.linkRemote({
          remoteId: guid,
          remoteUrl: client.archiveLink(guid),
          remoteCreatedAt: ctx.state?.remoteCreatedAt,
          remoteFolder: folder === undefined ? ctx.state?.remoteFolder : String(folder),
          note,
        });
        return { state: 'synced', note };
      });
    },

    async remove(remote) {
      try {
        await client.deleteArchive(remote.remoteId);
      } catch (error) {
        if (isSyncError(error, 'not-found')) return;
        if (isSyncError(error, 'permission')) {
          throw new SyncError(
            'permission',
            'window-passed',
            t('syncDeleteWindowPassed'),
            error.details,
          );
        }
        throw error;
      }
    },

    async uploadRendering(ctx) {
      const rendering = await findRendering(ctx.archive!.id);
      const guid = ctx.state?.remoteId;
      if (guid) {
        const remote = await client.replaceArchiveFile(guid, rendering.file, rendering.fileName);
        await link(
          ctx,
          remote,
          ctx.state?.remoteFolder ? Number(ctx.state.remoteFolder) : undefined,
        );
        return { state: 'synced' };
      }
      return withFolderRetry(ctx, async () => {
        const fields = await fieldsOf(ctx);
        return serialised(ctx.server.id, async () => {
          if (ctx.entry.outcomeUnknown) {
            const found = await lookup(ctx, fields);
            if (found) return { state: 'synced', note: await link(ctx, found, fields.folder) };
          }
          await ctx.beforeCreate();
          const created = await client.createArchiveFromFile(
            fields,
            rendering.file,
            rendering.fileName,
          );
          const note = await link(ctx, created, fields.folder);
          await ctx.createAnswered();
          return { state: 'synced', note };
        });
      });
    },
  };
}
