// Types of archivebox-server.js for the TypeScript tests: the project's tsc reads no JavaScript.
// Keep in step with the JSDoc in archivebox-server.js and archivebox/model.js.
import type { FailureRateOptions, Faults } from './faults.js';
import type { RequestLogEntry } from './http-core.js';

export type AbVersion = '0.8' | '0.9' | '0.9-uploads';

export interface AbUser {
  id: number;
  username: string;
  password: string;
  isSuperuser: boolean;
}

export interface AbToken {
  id: string;
  abid: string;
  token: string;
  userId: number;
  createdAt: number;
  /** ms; null = never expires. */
  expires: number | null;
}

export interface AbFile {
  data: Buffer;
  mimetype: string;
  upload:
    | {
        chunked: boolean;
        chunk_index: number;
        chunk_count: number;
        chunks_received: number;
        complete: boolean;
      }
    | undefined;
}

export interface AbResult {
  id: string;
  /** 0.8's res_… id. */
  abid: string;
  snapshotId: string;
  /** 0.8 calls it `extractor`. */
  plugin: string;
  hookName: string;
  status: string;
  outputStr: string;
  outputJson: Record<string, unknown> | null;
  files: Map<string, AbFile>;
  createdAt: number;
  modifiedAt: number;
  startTs: number | null;
  endTs: number | null;
}

export interface AbSnapshot {
  id: string;
  abid: string;
  url: string;
  title: string | null;
  timestamp: string;
  /** Tag names. */
  tags: string[];
  createdAt: number;
  modifiedAt: number;
  bookmarkedAt: number;
  downloadedAt: number | null;
  status: 'queued' | 'started' | 'sealed' | 'deleting';
  manual: boolean;
  crawlId: string | null;
  createdById: number;
  resultIds: string[];
}

export interface AbTag {
  id: number;
  uuid: string;
  name: string;
  createdAt: number;
}

export interface AbCrawl {
  id: string;
  urls: string[];
  tagsStr: string;
  createdAt: number;
  maxDepth: number;
  status: string;
  /** As sent on POST /crawls/crawls (newest 0.9 reads PERMISSIONS and ONLY_NEW). */
  config?: Record<string, unknown>;
}

export interface ArchiveBoxServerOptions {
  /** Default '0.8'. */
  version?: AbVersion;
  port?: number;
  seed?: number;
  /** Default admin/password (superuser). A "system" user (id 1) always exists. */
  users?: { username: string; password: string; isSuperuser?: boolean }[];
  /** The first user's API token (default: generated, 32 hex). */
  token?: string;
  /** 0.8: how long cli/add holds the request open (default 100 ms). */
  addDelayMs?: number;
  /** 0.9 snapshot progression on the server clock (queued 20 ms, then started 50 ms). */
  progress?: { queuedMs?: number; startedMs?: number; manual?: boolean };
  /** The title "archiving" finds for a URL. */
  pageTitle?: (url: string) => string | undefined;
  now?: () => number;
  /** 0.9 host routing (B2); default safe-onedomain-nojsreplay (any host works). */
  securityMode?:
    'safe-onedomain-nojsreplay' | 'safe-subdomains-fullreplay' | 'unsafe-onedomain-noadmin';
  /** For safe-subdomains-fullreplay (default archivebox.localhost:<port>). */
  listenHost?: string;
  failureRate?: number | FailureRateOptions;
  /** Newest 0.9: PERMISSIONS stored and reported, but every snapshot served to anyone. */
  permissionsIgnored?: boolean;
  /**
   * Newest 0.9: report an upload's chunks before the last (B6). A real 0.9.73 does not
   * (output_files stays empty until the last chunk, B9b), and by default neither does this.
   */
  uploadProgress?: boolean;
}

export interface ArchiveBoxState {
  users: Map<number, AbUser>;
  /** token string → token */
  tokens: Map<string, AbToken>;
  snapshots: Map<string, AbSnapshot>;
  results: Map<string, AbResult>;
  tags: Map<number, AbTag>;
  crawls: Map<string, AbCrawl>;
  requests: RequestLogEntry[];
}

export interface ArchiveBoxServer {
  version: AbVersion;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** `${origin}/api/v1` */
  apiBase: string;
  /** The first user's API token. */
  token: string;
  username: string;
  password: string;
  state: ArchiveBoxState;
  requests: RequestLogEntry[];
  faults: Faults;
  clock: { now(): number; advance(ms: number): void };
  addUser(init: { username: string; password: string; isSuperuser?: boolean }): AbUser;
  /** Returns the token string; expires in ms (null = never; default 30 days). */
  addToken(userId: number, init?: { token?: string; expires?: number | null }): string;
  snapshots: {
    /** queued → started → sealed, one step. */
    step(id: string): void;
    seal(id: string): void;
    /** Makes a snapshot ignore the clock. */
    hold(id: string): void;
  };
  close(): Promise<void>;
}

export function startArchiveBoxServer(options?: ArchiveBoxServerOptions): Promise<ArchiveBoxServer>;
