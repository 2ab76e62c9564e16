import type { ArchiveRow } from '../db/entities';
import { remoteNotes } from './remote-notes';
import { getArchive } from '../db/repos/archives';
import { listUnknownCreates } from '../db/repos/outbox';
import { linkedRemoteIds, reviewedRemoteIds } from '../db/repos/sync-states';
import { t, tCount } from '../i18n';
import { attemptWindows } from './outbox-engine';
import {
  matchRemoteCopies,
  windowSpan,
  type AttemptWindow,
  type LocalSide,
  type Recovery,
  type Rival,
} from './perma-recovery';
import { deleteSpares } from './perma-spares';
import { errorBodyMessage } from './error-body';
import type { PermaArchive, PermaArchiveFields, PermaClient } from './perma-client';
import { ensurePermaFolder, forgetPermaFolders } from './perma-folders';
import { findRendering } from './rendering';
import { isSyncError, SyncError } from './sync-error';
import type { SyncContext, SyncOutcome, SyncTarget } from './sync-target';
import { serversOfFolder } from './folder-rules';
import type { FolderSyncRule } from '../storage/sync-types';
import { createLocks, type Locks } from './locks';

/** The message of a failed capture job (a JSON-encoded error dict, A3). */
function jobMessage(message: string | null): string {
  if (!message) return 'unknown error';
  try {
    return errorBodyMessage(JSON.parse(message)) ?? message;
  } catch {
    return message;
  }
}

/** Slack around a resent request's window: the server's whole-second rounding and so on. */
const TWIN_MARGIN_MS = 2000;

/** Runs a read up to three times while it fails transiently (a lost answer, a 5xx). */
async function withRetries<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= 3 || !(isSyncError(error) && error.retryable)) throw error;
    }
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
      notes: remoteNotes(archive) || undefined,
      folder,
      is_private: archive.isPrivate,
    };
  }

  /** Records a created (or found) archive at once, noting an organisation's forced privacy. */
  async function link(
    ctx: SyncContext,
    remote: PermaArchive,
    folder?: number,
    spares: string[] = [],
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
    if (spares.length > 0) await ctx.updateState({ spares });
    return note;
  }

  /** The local side of recovery: what the archive sent, and when its entry's creates ran. */
  function sideOf(archive: ArchiveRow, windows: AttemptWindow[]): LocalSide {
    return {
      url: archive.url,
      isPrivate: archive.isPrivate,
      title: archive.title || undefined,
      notes: remoteNotes(archive) || undefined,
      windows,
    };
  }

  /** Other archives of the same URL and folder whose creates here have unknown outcomes. */
  async function rivalsOf(ctx: SyncContext): Promise<Rival[]> {
    const archive = ctx.archive!;
    const rivals: Rival[] = [];
    for (const row of await listUnknownCreates(ctx.server.id)) {
      if (row.archiveId === archive.id) continue;
      const other = await getArchive(row.archiveId);
      if (other && other.url === archive.url && other.folderId === archive.folderId) {
        rivals.push(sideOf(other, attemptWindows(row)));
      }
    }
    return rivals;
  }

  /**
   * Finds the copies the archive's own creates made (answers lost, or the browser resent a
   * request): listed in its Perma folder, matched by URL, privacy, title, notes and attempt
   * time (`side`), never a copy another archive has or may have (server-apis.md A9).
   */
  async function recover(ctx: SyncContext, folder: number, side: LocalSide): Promise<Recovery> {
    if (side.windows.length === 0) return { kind: 'none' };
    const span = windowSpan(side);
    const found = await client.findArchives(ctx.archive!.url, {
      folder,
      min: new Date(span.min),
      max: new Date(span.max),
    });
    return matchRemoteCopies({
      found,
      local: side,
      taken: await linkedRemoteIds(ctx.server.id),
      rivals: await rivalsOf(ctx),
      inReview: await reviewedRemoteIds(ctx.server.id, ctx.archive!.id),
    });
  }

  /** Several archives may own the copies found: the user decides, nothing is guessed. */
  function needsReview(candidates: PermaArchive[]): SyncError {
    return new SyncError(
      'validation',
      'needs-review',
      tCount(candidates.length, 'syncNeedsReview'),
      {
        candidates: candidates.map((a) => ({
          remoteId: a.guid,
          remoteUrl: client.archiveLink(a.guid),
          createdAt: Date.parse(a.creation_timestamp),
          isPrivate: a.is_private === true,
          title: a.title,
        })),
      },
    );
  }

  /**
   * After a create was answered: copies made by the same attempt that nobody else can own are
   * twins of a request the browser resent on a reused connection, which Cairn never saw. A
   * resent request reaches the server just before or after the one answered, so the window is
   * the attempt's length around the answered copy's own time, in the server's clock: an older
   * copy the user kept on the server is never taken for a twin. Best effort: the look is tried
   * three times, and a failure must not fail an archive that was created and linked.
   */
  async function twinsOf(
    ctx: SyncContext,
    folder: number,
    created: PermaArchive,
  ): Promise<string[]> {
    const attempt = attemptWindows(ctx.entry).at(-1);
    const at = Date.parse(created.creation_timestamp);
    if (!attempt || Number.isNaN(at)) return [];
    const length = (attempt.to ?? ctx.now()) - attempt.from;
    const window = { from: at - length - TWIN_MARGIN_MS, to: at + length + TWIN_MARGIN_MS };
    try {
      const side = { ...sideOf(ctx.archive!, [window]), skewMs: 0 };
      const recovery = await withRetries(() => recover(ctx, folder, side));
      return recovery.kind === 'found'
        ? [recovery.keep, ...recovery.spares].map((a) => a.guid)
        : [];
    } catch {
      return [];
    }
  }

  /**
   * Once the archive's own copy is done: deletes its spares (Perma refuses while their
   * capture runs, so busy ones are tried again on the next follow-up) and says what happened.
   */
  async function withSpares(ctx: SyncContext, outcome: SyncOutcome): Promise<SyncOutcome> {
    const state = ctx.state;
    let deleted = state?.sparesDeleted ?? 0;
    let kept = state?.sparesKept ?? [];
    let busy: string[] = [];
    if (outcome.state === 'synced' && state?.spares?.length) {
      const result = await deleteSpares(client, state.spares);
      deleted += result.deleted.length;
      kept = [...kept, ...result.kept];
      busy = result.busy;
      await ctx.updateState({ spares: busy, sparesDeleted: deleted, sparesKept: kept });
    }
    const notes = outcome.note ? [outcome.note] : [];
    // A follow-up starts from the stored note, which may say this already.
    const add = (text: string) => notes.some((n) => n.includes(text)) || notes.push(text);
    if (deleted > 0) add(tCount(deleted, 'syncSparesDeleted'));
    if (kept.length > 0) add(tCount(kept.length, 'syncSparesKept', [kept.join(', ')]));
    const note = notes.join(' ') || undefined;
    if (busy.length > 0) return { state: 'syncing', note, followUpMs: ctx.timing.followUpMs };
    return { ...outcome, note };
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

  /**
   * Creates the remote archive once: an earlier attempt whose answer was lost is looked up
   * first; after an answered create, twins of a resent request are collected as spares.
   */
  async function createWith(
    ctx: SyncContext,
    send: (fields: PermaArchiveFields & { url: string }) => Promise<PermaArchive>,
    then: (ctx: SyncContext, remote: PermaArchive, note?: string) => Promise<SyncOutcome>,
  ): Promise<SyncOutcome> {
    const fields = await fieldsOf(ctx);
    const folder = fields.folder!;
    return serialised(ctx.server.id, async () => {
      if (ctx.entry.outcomeUnknown) {
        const side = sideOf(ctx.archive!, attemptWindows(ctx.entry));
        const recovery = await recover(ctx, folder, side);
        if (recovery.kind === 'ambiguous') throw needsReview(recovery.candidates);
        if (recovery.kind === 'found') {
          const spares = recovery.spares.map((a) => a.guid);
          const note = await link(ctx, recovery.keep, folder, spares);
          return then(ctx, recovery.keep, note);
        }
      }
      await ctx.beforeCreate();
      let created: PermaArchive;
      try {
        created = await send(fields);
      } catch (error) {
        await ctx.afterCreate(isSyncError(error) && !error.details.outcomeUnknown, error);
        throw error;
      }
      await ctx.afterCreate(true);
      const note = await link(ctx, created, folder);
      const twins = await twinsOf(ctx, folder, created); // after link: the copy made is taken
      if (twins.length > 0) await ctx.updateState({ spares: twins });
      return { note, ...(await then(ctx, created, note)) };
    });
  }

  async function createOnce(ctx: SyncContext): Promise<SyncOutcome> {
    if (ctx.state?.remoteId) {
      return withSpares(ctx, await follow(ctx, ctx.state.remoteId, ctx.state.note));
    }
    return createWith(
      ctx,
      (fields) => client.createArchive(fields),
      async (ctx, remote, note) => withSpares(ctx, await follow(ctx, remote.guid, note)),
    );
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
            notes: remoteNotes(archive),
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
      return withFolderRetry(ctx, () =>
        createWith(
          ctx,
          (fields) => client.createArchiveFromFile(fields, rendering.file, rendering.fileName),
          async (ctx, _remote, note) => withSpares(ctx, { state: 'synced', note }),
        ),
      );
    },
  };
}
