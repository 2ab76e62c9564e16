import type {
  ConnectionTestResult,
  FolderSyncRule,
  RemoteFolderChoice,
  ServerCredentialsInput,
  ServerKind,
  ServerSummary,
  ServerSyncStatus,
} from '../storage/sync-types';
import type { PullListing, PullOutcome, PullPlace } from '../sync/perma-pull';

export type {
  PullArchive,
  PullFolder,
  PullListing,
  PullOutcome,
  PullPlace,
} from '../sync/perma-pull';

export type {
  ConnectionProblem,
  ConnectionProblemCode,
  ConnectionTestResult,
  FolderSyncRule,
  RemoteFolderChoice,
  ServerCapabilities,
  ServerCredentialsInput,
  ServerKind,
  ServerSummary,
  ServerSyncStatus,
} from '../storage/sync-types';

/** Why a remote copy can or cannot be deleted now (Perma: only within 24 hours of creation). */
export interface RemoteCopy {
  serverId: string;
  serverName: string;
  kind: ServerKind;
  remoteId: string;
  remoteUrl?: string;
  /** True when a delete request would be accepted now. */
  deletable: boolean;
  /** Epoch ms until which the server accepts a delete (Perma's 24-hour window), if known. */
  deletableUntil?: number;
  /** User-facing sentence when not deletable. */
  reason?: string;
}

/**
 * Sync messages from the options page (servers, connection tests, folder choices) and the
 * library (Sync now, Retry, remote delete, rendering upload). Pages read per-archive sync
 * states through lib/db/repos/sync-states.ts (liveQuery); everything that changes sync data
 * goes through these messages. No reply ever contains a secret.
 */
export interface SyncProtocol {
  /** Configured servers (without secrets) and the folder → servers choices. */
  listServers(data: Record<string, never>): {
    servers: ServerSummary[];
    folderRules: FolderSyncRule[];
  };
  /**
   * Adds (no `id`) or edits a server. Credentials are optional on edit (the stored ones are
   * kept). ArchiveBox username + password are exchanged once for a token here; the password
   * is never stored. The connection is tested with the new settings and the result returned;
   * the server is saved even when the test fails (the user sees what is wrong), except for
   * an invalid URL or a failed password exchange, which throw a CairnError.
   * The page must have requested the origin's host permission first
   * (lib/platform/permissions.ts `requestServerPermission`, in the click handler).
   */
  saveServer(data: {
    id?: string;
    kind: ServerKind;
    name: string;
    baseUrl: string;
    credentials?: ServerCredentialsInput;
    /** Perma: the remote folder under which missing folders are created (a folder id). */
    remoteParentId?: string;
    /** Plain HTTP to a non-loopback host, after the page showed an explicit warning. */
    allowInsecureHttp?: boolean;
    /** False pauses sync to this server without removing it. Default true. */
    enabled?: boolean;
  }): { server: ServerSummary; test: ConnectionTestResult };
  /** Removes a server, its secrets, its outbox entries, sync states and folder mappings. */
  removeServer(data: { serverId: string }): { ok: true };
  /**
   * Tests a saved server (`serverId`) or an unsaved draft (kind + baseUrl + credentials).
   * Never throws for a server-side problem: the result lists what works and what does not.
   */
  testConnection(data: {
    serverId?: string;
    kind?: ServerKind;
    baseUrl?: string;
    credentials?: ServerCredentialsInput;
    allowInsecureHttp?: boolean;
  }): ConnectionTestResult;
  /** Perma: the user's folder tree, to choose the remote parent folder. ArchiveBox: []. */
  listRemoteFolders(data: { serverId: string }): { folders: RemoteFolderChoice[] };
  /**
   * Chooses the servers a local folder (and, unless they have their own choice, its
   * subfolders) syncs to; `[]` keeps it local. `inherit: true` removes the folder's own
   * choice. Existing archives of affected folders are queued for the newly chosen servers.
   */
  /**
   * What setFolderSync with the same data would send at once: `toSend` (archive, server)
   * pairs over `archives` existing archives. Changes nothing; the page asks before a choice
   * that sends any.
   */
  previewFolderSync(data: { folderId: string; serverIds: string[]; inherit?: boolean }): {
    toSend: number;
    archives: number;
  };
  setFolderSync(data: { folderId: string; serverIds: string[]; inherit?: boolean }): {
    ok: true;
    queued: number;
  };
  /**
   * ArchiveBox: the user confirms (or withdraws) that this server does not publish snapshots
   * (PUBLIC_SNAPSHOTS / PUBLIC_INDEX off). Until confirmed, private archives are never sent.
   */
  confirmPrivateServer(data: { serverId: string; confirmed: boolean }): {
    server: ServerSummary;
    queued: number;
  };
  /** Sends what is due now (all servers, or one); resolves once this round has finished. */
  syncNow(data: { serverId?: string }): {
    attempted: number;
    remaining: number;
    /** One server: why it can send nothing now (off, key refused, quota pause), a sentence. */
    blocked?: string;
  };
  /** "Try again" after a quota pause: lifts it and sends what waits. */
  resumeCreates(data: { serverId: string }): { attempted: number; remaining: number };
  /** Queues failed archives again (one archive, one server, or all) and starts a round. */
  retrySync(data: { archiveId?: string; serverId?: string }): { requeued: number };
  /** Queue counts per server, for the options page. */
  getSyncStatus(data: Record<string, never>): { servers: ServerSyncStatus[] };
  /** The archive's copies on servers and whether each can be deleted now (before asking). */
  listRemoteCopies(data: { archiveId: string }): { copies: RemoteCopy[] };
  /**
   * Deletes the archive's copy on one server now (Perma: only within 24 h of creation;
   * ArchiveBox: removes the snapshot). The library calls this when the user said "also on
   * the server" while deleting locally, before the local purge.
   */
  deleteRemote(data: { archiveId: string; serverId: string }): {
    deleted: boolean;
    /** Why not, when not deleted: 'window-passed', 'not-synced', 'capture-in-progress', … */
    code?: string;
    message?: string;
  };
  /**
   * Perma: sends our own rendering of the capture (the full-page screenshot PNG stored in the
   * WARC) as the archive's file, for pages the server cannot fetch (a logged-in page). Creates
   * the remote archive from the file, or replaces the capture of an existing one (within
   * 24 h). Queued through the outbox; the sync state shows the result.
   */
  uploadRendering(data: { archiveId: string; serverId: string }): { queued: true };
  /**
   * Settles an archive that needs review: `remoteId`, one of its candidates, becomes its copy;
   * with `deleteOthers`, the other candidates no archive uses are deleted on the server.
   */
  resolveSyncReview(data: {
    archiveId: string;
    serverId: string;
    remoteId: string;
    deleteOthers: boolean;
  }): { deleted: number; kept: number; message?: string };
  /**
   * "Import from Perma": the account's archives by Perma folder (every page of the folder
   * lists, then `/v1/archives/` for the rest), each marked when a local archive is already
   * linked to it or when it has no WARC to download.
   */
  listPermaPull(data: { serverId: string }): PullListing;
  /**
   * Imports one Perma archive: downloads its WARC into the local folder matching `place`,
   * with its title, notes and private flag, linked to its GUID as synced. An archive already
   * linked is not imported again ('linked'). Throws a CairnError with the reason (deleted,
   * not yours, no WARC yet). The page calls it once per chosen archive, showing progress.
   */
  pullPermaArchive(data: { serverId: string; guid: string; place: PullPlace }): PullOutcome;
}
