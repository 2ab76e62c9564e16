// Types of real-archivebox-09.js for the TypeScript tests.
import type { IncomingHttpHeaders } from 'node:http';

export interface RealArchiveBox09 {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** `${origin}/api/v1` */
  apiBase: string;
  /** archivebox.localhost:<port>: the Host a POST without a token header needs. */
  controlHost: string;
  /** A superuser API token from get_api_token (valid 30 days). */
  token: string;
  username: string;
  password: string;
  dataDir: string;
  /** How long `archivebox init --quick` and the server start took. */
  timings: { initMs: number; startMs: number };
  /** The server's console output so far. */
  output(): string;
  /** Live processes of the server (supervisord and its workers included). */
  pids(): number[];
  /** Ends every process of the server and deletes the temp data dir. */
  close(): Promise<void>;
}

export interface RealArchiveBox09Options {
  /** Plugins to leave on, as `TITLE` or `TITLE_ENABLED` (default: every plugin off). */
  plugins?: string[];
  /** Extra ArchiveBox config as environment variables. */
  env?: Record<string, string>;
  /** For init and for the server to answer (default 240 s). */
  timeoutMs?: number;
}

export interface HostRequestInit {
  method?: string;
  /** The Host header, e.g. `archivebox.localhost:<port>`. */
  host?: string;
  headers?: Record<string, string>;
  body?: string;
}

export function realArchiveBox09Available(): { ok: true } | { ok: false; reason: string };
export function pluginSwitches09(): string[];
export function startRealArchiveBox09(options?: RealArchiveBox09Options): Promise<RealArchiveBox09>;
/** A request to 127.0.0.1 with any Host header; redirects are not followed. */
export function requestWithHost(
  origin: string,
  path: string,
  init?: HostRequestInit,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>;
