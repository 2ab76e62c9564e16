import type { ArchiveRow, FolderRow } from '../db/entities';
import type { ClaimedEntry } from '../db/repos/outbox';
import type { SyncStateRecord } from '../db/repos/sync-states';
import type { ServerConfig } from '../storage/sync-types';

/** Timing of follow-ups (capture jobs, snapshot status); tests and the bench shorten them. */
export interface FollowTiming {
  /** Pause between two status polls within one attempt, ms. */
  pollIntervalMs: number;
  /** How long one attempt follows a job before handing the entry back to the queue, ms. */
  pollBudgetMs: number;
  /** When the entry comes back to follow a job that was still running, ms. */
  followUpMs: number;
}

/** Default follow timing: a Perma capture takes seconds to a minute. */
export const DEFAULT_FOLLOW: FollowTiming = {
  pollIntervalMs: 2000,
  pollBudgetMs: 20_000,
  followUpMs: 30_000,
};

/** Remote identity fields recorded as soon as they are known. */
export interface RemoteLink {
  remoteId: string;
  remoteUrl?: string;
  remoteCreatedAt?: number;
  note?: string;
  /** Perma folder id (or ArchiveBox tag) the remote copy is in, to notice later moves. */
  remoteFolder?: string;
}

/** What a target gets to carry out one outbox entry. */
export interface SyncContext {
  server: ServerConfig;
  entry: ClaimedEntry;
  /** The archive, for create/update/rendering (undefined for a delete of a purged one). */
  archive?: ArchiveRow;
  state?: SyncStateRecord & { remoteFolder?: string };
  folders: Map<string, FolderRow>;
  timing: FollowTiming;
  /**
   * Records, before a request that creates something goes out, that its outcome is unknown
   * until an answer arrives, and when the attempt started; a later attempt then looks the
   * archive up before creating.
   */
  beforeCreate(): Promise<void>;
  /**
   * The create request ended: `answered` when the server's answer arrived (either way), so
   * the next attempt need not look it up; either way the attempt's end time is kept. A quota
   * refusal (`error`) pauses further creates at once, before the next one can go out.
   */
  afterCreate(answered: boolean, error?: unknown): Promise<void>;
  /** Stores the remote identity at once (a crash right after must not create it again). */
  linkRemote(link: RemoteLink): Promise<void>;
  /** Stores other fields of the archive's state on this server (e.g. spares to delete). */
  updateState(
    patch: Partial<Pick<SyncStateRecord, 'spares' | 'sparesDeleted' | 'sparesKept'>>,
  ): Promise<void>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** Result of one carried-out entry. */
export interface SyncOutcome {
  /** 'syncing': created, the server is still working; the entry comes back after followUpMs. */
  state: 'synced' | 'syncing';
  note?: string;
  followUpMs?: number;
}

/** One server family's way of carrying out outbox entries. */
export interface SyncTarget {
  create(ctx: SyncContext): Promise<SyncOutcome>;
  update(ctx: SyncContext): Promise<SyncOutcome>;
  /** Deletes the remote copy; resolves when it is gone (or was already). */
  remove(remote: { remoteId: string; url: string }): Promise<void>;
  /** Perma only: sends our rendering of the capture as the archive's file. */
  uploadRendering?(ctx: SyncContext): Promise<SyncOutcome>;
}
