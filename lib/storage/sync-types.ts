/**
 * Types of sync configuration shared by the background, the options page and the library.
 * Nothing here holds a secret: secrets live only in `local:syncSecrets` (sync-secrets.ts).
 */

/** The two server families Cairn syncs to. */
export type ServerKind = 'perma' | 'archivebox';

/** What a server was found to support (filled by the connection test). */
export interface ServerCapabilities {
  /** 'perma', or the ArchiveBox API line detected from its OpenAPI schema. */
  flavor: 'perma' | 'archivebox-0.8' | 'archivebox-0.9' | 'archivebox-0.9-uploads';
  /** ArchiveBox: `cli/add` answers at once with ids (0.9) rather than after the capture (0.8). */
  queuedAdd?: boolean;
  /** ArchiveBox 0.9: snapshots can be created and tagged through /core. */
  coreWrites?: boolean;
  /** ArchiveBox newest 0.9: files (our WARC) can be uploaded as ArchiveResults, in chunks. */
  archiveResultUpload?: boolean;
  /**
   * ArchiveBox newest 0.9: crawls carry PERMISSIONS, so a private archive can go to a private
   * snapshot (verified on every send) instead of needing a server that publishes nothing.
   */
  privateSnapshots?: boolean;
  /** Perma: the user's own PNG/PDF can be uploaded as an archive's file. */
  fileUpload?: boolean;
}

/** Configuration of one server as stored (chrome.storage.local) and shown. No secrets. */
export interface ServerConfig {
  id: string;
  kind: ServerKind;
  /** The user's label. */
  name: string;
  /** Origin plus optional path prefix, no trailing slash, e.g. https://api.perma.cc. */
  baseUrl: string;
  /** Perma: remote folder id under which local folders are created. */
  remoteParentId?: string;
  /** Plain HTTP to a non-loopback host was accepted after a warning. */
  allowInsecureHttp: boolean;
  /** ArchiveBox: the user confirmed the server does not publish snapshots. */
  confirmedPrivate: boolean;
  /** False pauses sync to this server. */
  enabled: boolean;
  /**
   * Set when the server rejected our credentials: sync to it is stopped until the user saves
   * new ones. A user-facing sentence.
   */
  credentialProblem?: string;
  /** When the credentials were refused (epoch ms). */
  credentialProblemAt?: number;
  /**
   * Set when the server refused a create for quota (Perma: per account, so every further
   * create would be refused too): creates wait until `until` (a daily check) or the user's
   * "Try again"; edits and deletes still go. `message` is the server's own sentence.
   */
  createsPaused?: { message: string; since: number; until: number };
  /** From the last connection test. */
  user?: string;
  capabilities?: ServerCapabilities;
  /** ISO time the token expires, null for never, undefined when unknown (Perma keys). */
  tokenExpiresAt?: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A server as the options page lists it. */
export interface ServerSummary extends ServerConfig {
  /** Whether a key or token is stored (the secret itself never leaves the background). */
  hasCredentials: boolean;
}

/** Credentials as the options page sends them (once; only the key or token is kept). */
export type ServerCredentialsInput =
  | { type: 'apiKey'; apiKey: string }
  | { type: 'token'; token: string }
  | { type: 'password'; username: string; password: string };

/** A local folder's own sync choice; subfolders without one inherit their parent's. */
export interface FolderSyncRule {
  folderId: string;
  /** Servers the folder syncs to; [] = this folder stays local. */
  serverIds: string[];
}

/** Stable codes of connection-test findings (each comes with a user-facing message). */
export type ConnectionProblemCode =
  | 'invalid-url'
  | 'insecure-http'
  | 'no-host-permission'
  | 'unreachable'
  | 'timeout'
  | 'not-api'
  | 'html-instead-of-json'
  | 'wrong-host-routing'
  | 'control-plane-disabled'
  | 'old-archivebox'
  | 'no-credentials'
  | 'bad-credentials'
  | 'login-failed'
  | 'not-superuser'
  | 'token-expires-soon'
  | 'server-error';

/** One finding of a connection test. */
export interface ConnectionProblem {
  code: ConnectionProblemCode;
  message: string;
}

/** Result of "Test connection": what works and exactly what does not. */
export interface ConnectionTestResult {
  /** Everything needed for sync works (warnings such as an expiring token may remain). */
  ok: boolean;
  /** Something answered at the base URL. */
  reachable: boolean;
  /** It answered like the expected API (JSON from the right routes). */
  isApi: boolean;
  /** The credentials were accepted. */
  authOk: boolean;
  /** ArchiveBox: the user is a superuser (only superusers may use its API). */
  superuser?: boolean;
  /** Who we are on the server (Perma full name, ArchiveBox username). */
  user?: string;
  /** Server version when known, else the detected capabilities describe it. */
  serverVersion?: string;
  capabilities?: ServerCapabilities;
  /** ISO expiry of an ArchiveBox token, null for never. */
  tokenExpiresAt?: string | null;
  /** Perma: the chosen parent folder belongs to an organisation that forces archives private. */
  orgForcesPrivate?: boolean;
  /** Cairn holds the host permission for the server's origin. */
  hostPermission: boolean;
  problems: ConnectionProblem[];
}

/** A Perma folder the user can choose as the remote parent. */
export interface RemoteFolderChoice {
  id: string;
  name: string;
  /** Names from the top-level folder down, for display ("Personal Links / Research"). */
  path: string[];
  /** Perma: the organisation forces archives in it private. */
  forcesPrivate?: boolean;
  /** Archives cannot be created directly in it (Sponsored Links root, read-only). */
  readOnly?: boolean;
}

/** Queue counts of one server. */
export interface ServerSyncStatus {
  serverId: string;
  pending: number;
  syncing: number;
  synced: number;
  failed: number;
  /** Epoch ms of the next scheduled attempt, if any. */
  nextAttemptAt?: number;
  /** Why sync to this server is stopped (credentials), if it is, and since when. */
  stoppedReason?: string;
  stoppedAt?: number;
  /** Creates paused after a quota refusal: the server's message and when they resume. */
  createsPaused?: { message: string; since: number; until: number };
  /** Entries waiting in the outbox (creates, edits, deletes). */
  waiting: number;
}

/** A remote copy that may be a local archive's own (recovery could not tell whose). */
export interface RemoteCandidate {
  remoteId: string;
  remoteUrl?: string;
  createdAt: number;
  isPrivate: boolean;
  title?: string;
}
