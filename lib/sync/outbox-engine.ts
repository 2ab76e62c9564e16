import { isLocalFile } from '../capture/address';
import type { ArchiveRow, OutboxRow } from '../db/entities';
import { getArchive } from '../db/repos/archives';
import { listFolders } from '../db/repos/folders';
import {
  claimOutbox,
  countOutbox,
  nextOutboxDue,
  patchOutbox,
  removeOutbox,
  renewOutboxLease,
  rescheduleOutbox,
  type ClaimedEntry,
} from '../db/repos/outbox';
import { deleteSyncState, getSyncState, setSyncState } from '../db/repos/sync-states';
import { errorMessage } from '../errors';
import { t } from '../i18n';
import type { ServerConfig } from '../storage/sync-types';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import type { AttemptWindow } from './perma-recovery';
import { SyncError } from './sync-error';
import {
  DEFAULT_FOLLOW,
  type FollowTiming,
  type SyncContext,
  type SyncTarget,
} from './sync-target';

/** What the engine needs from the rest of Cairn (injected, so tests run it in Node). */
export interface OutboxEngineDeps {
  /** Servers sync may use now (enabled, with credentials, not stopped). */
  activeServers(): Promise<ServerConfig[]>;
  /** The target for a server (a client built with its secret). */
  targetFor(server: ServerConfig): Promise<SyncTarget>;
  /** Stops a server after a credentials or configuration failure and tells the user. */
  stopServer(serverId: string, message: string): Promise<void>;
  /**
   * Pauses creates to a server after a quota refusal (the server's message) and tells the
   * user; returns when creates are tried again. Called again while paused, it keeps the pause.
   */
  pauseCreates(serverId: string, message: string): Promise<{ until: number }>;
  /** The pause of creates to a server, read fresh (the user may have lifted it). */
  createsPaused(serverId: string): Promise<{ message: string; until: number } | undefined>;
  /** Entries run in parallel at most (default 4). */
  concurrency?: number;
  /** Lease of a claimed entry, ms (default 2 minutes; renewed while the entry runs). */
  leaseMs?: number;
  backoff?: BackoffOptions;
  /** Transient failures of one entry before it is failed for good (default 10). */
  maxAttempts?: number;
  timing?: FollowTiming;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Called before the engine waits for the next due entry, with its due time: the background
   * arms a wake-up alarm there, in case Chrome stops the idle worker during the wait.
   */
  onWait?: (dueAt: number) => void;
  /** Observes retries (the benchmark counts them). */
  onRetry?: (entry: ClaimedEntry, error: SyncError, delayMs: number) => void;
}

/** Result of one drain. */
export interface DrainResult {
  /** Entries carried out (successfully or not). */
  attempted: number;
  /** Entries left in the queue for the servers drained. */
  remaining: number;
}

/**
 * The create attempts of an entry (a copy). Entries queued before attempts were recorded
 * have only their first attempt's start.
 */
export function attemptWindows(entry: Pick<OutboxRow, 'payload'>): AttemptWindow[] {
  const attempts = entry.payload?.attempts;
  if (Array.isArray(attempts)) return attempts.map((w: AttemptWindow) => ({ ...w }));
  const first = entry.payload?.firstAttemptAt;
  return typeof first === 'number' ? [{ from: first }] : [];
}

/**
 * Archives that are sent: a failed capture has nothing worth archiving remotely, and a local
 * file (file://) never leaves the machine, whatever its folder's sync rule says.
 */
export function isSyncable(archive: ArchiveRow | undefined): archive is ArchiveRow {
  return (
    !!archive &&
    !archive.trashedAt &&
    !isLocalFile(archive.url) &&
    (archive.status === 'complete' || archive.status === 'partial')
  );
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The outbox engine: claims due entries under a lease (so a worker that dies mid-send hands
 * them over when the lease runs out), runs at most `concurrency` at once, and acts on each
 * failure by its class: transient ones back off exponentially with jitter (Retry-After as a
 * floor), credentials or configuration problems stop the server, anything else fails that
 * archive with the server's message.
 */
export function createOutboxEngine(deps: OutboxEngineDeps) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const concurrency = deps.concurrency ?? 4;
  const leaseMs = deps.leaseMs ?? 120_000;
  const maxAttempts = deps.maxAttempts ?? 10;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const timing = deps.timing ?? DEFAULT_FOLLOW;

  async function fail(entry: ClaimedEntry, error: SyncError): Promise<void> {
    await removeOutbox(entry.id);
    await setSyncState(entry.archiveId, entry.serverId, {
      state: 'failed',
      error: error.message,
      errorCode: error.code,
      candidates: error.details.candidates,
      ...(error.code === 'remote-missing' ? { remoteId: undefined, remoteUrl: undefined } : {}),
    });
  }

  async function handleFailure(entry: ClaimedEntry, thrown: unknown): Promise<void> {
    const error =
      thrown instanceof SyncError
        ? thrown
        : new SyncError('transient', 'internal', errorMessage(thrown), { cause: thrown });
    if (error.stopsServer) {
      await deps.stopServer(entry.serverId, error.message);
      await rescheduleOutbox(entry.id, { dueAt: now(), lastError: error.message });
      await setSyncState(entry.archiveId, entry.serverId, {
        state: 'pending',
        error: error.message,
        errorCode: error.code,
      });
      return;
    }
    if (error.kind === 'quota' && entry.op === 'create') {
      // Quota is per account: the entry waits with the others instead of failing, and no
      // other create is sent until the pause ends.
      const paused =
        error.code === 'creates-paused'
          ? await deps.createsPaused(entry.serverId)
          : { ...(await deps.pauseCreates(entry.serverId, error.message)), message: error.message };
      const until = paused?.until ?? now();
      await rescheduleOutbox(entry.id, { dueAt: until, lastError: error.message });
      await setSyncState(entry.archiveId, entry.serverId, {
        state: 'pending',
        error: t('syncQuotaWaiting', [paused?.message ?? error.message]),
        errorCode: 'quota-paused',
        retryAt: until,
      });
      return;
    }
    if (!error.retryable) return fail(entry, error);
    const attempts = entry.attempts + 1;
    if (attempts >= maxAttempts) return fail(entry, error);
    const delay = backoffDelay(attempts, backoff, error.details.retryAfterMs);
    deps.onRetry?.(entry, error, delay);
    await rescheduleOutbox(entry.id, {
      dueAt: now() + delay,
      attempts,
      lastError: error.message,
    });
    if (entry.op !== 'delete') {
      await setSyncState(entry.archiveId, entry.serverId, {
        state: 'pending',
        error: error.message,
        errorCode: error.code,
        retryAt: now() + delay,
      });
    }
  }

  async function run(entry: ClaimedEntry, server: ServerConfig): Promise<void> {
    const renew = setInterval(
      () => void renewOutboxLease(entry.id, now() + leaseMs).catch(() => undefined),
      Math.max(1000, leaseMs / 3),
    );
    try {
      const archive = await getArchive(entry.archiveId);
      if (entry.op !== 'delete' && !isSyncable(archive)) {
        // Purged, trashed or failed meanwhile: nothing to send.
        await removeOutbox(entry.id);
        return;
      }
      const state = await getSyncState(entry.archiveId, entry.serverId);
      if (entry.op !== 'delete') {
        await setSyncState(entry.archiveId, entry.serverId, {
          state: 'syncing',
          retryAt: undefined,
        });
      }
      const target = await deps.targetFor(server);
      const ctx: SyncContext = {
        server,
        entry,
        archive,
        state,
        folders: new Map((await listFolders()).map((f) => [f.id, f])),
        timing,
        now,
        sleep,
        async beforeCreate() {
          // Checked here, right before the request and inside the target's own ordering, so
          // entries claimed before a quota refusal do not each get refused once more.
          const paused = await deps.createsPaused(entry.serverId);
          if (paused) throw new SyncError('quota', 'creates-paused', paused.message);
          const at = now();
          const payload = {
            ...entry.payload,
            firstAttemptAt: entry.payload?.firstAttemptAt ?? at,
            attempts: [...attemptWindows(entry), { from: at }],
          };
          entry.payload = payload;
          entry.outcomeUnknown = true;
          await patchOutbox(entry.id, { outcomeUnknown: true, payload });
        },
        async afterCreate(answered, error) {
          if (error instanceof SyncError && error.kind === 'quota') {
            await deps.pauseCreates(entry.serverId, error.message);
          }
          const windows = attemptWindows(entry);
          const last = windows.at(-1);
          if (last && last.to === undefined) last.to = now();
          entry.payload = { ...entry.payload, attempts: windows };
          if (answered) entry.outcomeUnknown = false;
          await patchOutbox(entry.id, {
            payload: entry.payload,
            ...(answered ? { outcomeUnknown: false } : {}),
          });
        },
        async linkRemote(link) {
          ctx.state = await setSyncState(entry.archiveId, entry.serverId, {
            state: 'syncing',
            remoteId: link.remoteId,
            remoteUrl: link.remoteUrl,
            remoteCreatedAt: link.remoteCreatedAt,
            note: link.note,
            ...(link.remoteFolder ? { remoteFolder: link.remoteFolder } : {}),
          });
        },
        async updateState(patch) {
          ctx.state = await setSyncState(entry.archiveId, entry.serverId, patch);
        },
      };
      if (entry.op === 'delete') {
        const remoteId = String(entry.payload?.remoteId ?? state?.remoteId ?? '');
        if (remoteId) {
          await target.remove({
            remoteId,
            url: String(entry.payload?.url ?? archive?.url ?? ''),
          });
        }
        await removeOutbox(entry.id);
        await deleteSyncState(entry.archiveId, entry.serverId);
        return;
      }
      const outcome = entry.payload?.rendering
        ? await (target.uploadRendering ?? target.create)(ctx)
        : entry.op === 'update'
          ? await target.update(ctx)
          : await target.create(ctx);
      if (outcome.followUpMs !== undefined) {
        await rescheduleOutbox(entry.id, { dueAt: now() + outcome.followUpMs });
        await setSyncState(entry.archiveId, entry.serverId, {
          state: 'syncing',
          error: undefined,
          errorCode: undefined,
        });
        return;
      }
      await removeOutbox(entry.id);
      await setSyncState(entry.archiveId, entry.serverId, {
        state: 'synced',
        error: undefined,
        errorCode: undefined,
        candidates: undefined,
        note: outcome.note,
        // Read before sending: an edit made meanwhile is newer and gets sent later.
        archiveVersion: archive?.updatedAt,
      });
    } catch (error) {
      await handleFailure(entry, error);
    } finally {
      clearInterval(renew);
    }
  }

  async function loop(serverId: string | undefined, waitMs: number): Promise<DrainResult> {
    let attempted = 0;
    const active = new Set<Promise<void>>();
    let ids: string[] = [];
    for (;;) {
      const servers = (await deps.activeServers()).filter((s) => !serverId || s.id === serverId);
      const byId = new Map(servers.map((s) => [s.id, s]));
      ids = [...byId.keys()];
      const free = concurrency - active.size;
      const claimed =
        free > 0 ? await claimOutbox({ now: now(), limit: free, leaseMs, serverIds: ids }) : [];
      for (const entry of claimed) {
        attempted++;
        const task: Promise<void> = run(entry, byId.get(entry.serverId)!).finally(() =>
          active.delete(task),
        );
        active.add(task);
      }
      if (active.size === 0) {
        const next = await nextOutboxDue(ids);
        if (next === undefined || next - now() > waitMs) break;
        deps.onWait?.(next);
        await sleep(Math.max(5, next - now()));
        continue;
      }
      if (claimed.length === 0 || active.size >= concurrency) await Promise.race(active);
    }
    const remaining = (await Promise.all(ids.map((id) => countOutbox(id)))).reduce(
      (a, b) => a + b,
      0,
    );
    return { attempted, remaining };
  }

  let running: Promise<DrainResult> | undefined;
  let again = false;

  return {
    /**
     * Sends everything due now, then keeps going while the next due entry is at most
     * `waitMs` away (short backoffs finish in the same round). One drain runs at a time per
     * worker; a call during a drain makes it go round once more.
     */
    drain(options: { serverId?: string; waitMs?: number } = {}): Promise<DrainResult> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        let total: DrainResult = { attempted: 0, remaining: 0 };
        do {
          again = false;
          const result = await loop(options.serverId, options.waitMs ?? 0);
          total = { attempted: total.attempted + result.attempted, remaining: result.remaining };
        } while (again);
        return total;
      })().finally(() => {
        running = undefined;
      });
      return running;
    },
    /** When the next entry is due (for the wake-up alarm), among active servers. */
    async nextDue(): Promise<number | undefined> {
      return nextOutboxDue((await deps.activeServers()).map((s) => s.id));
    },
  };
}

/** An outbox engine instance. */
export type OutboxEngine = ReturnType<typeof createOutboxEngine>;
