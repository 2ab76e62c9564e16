// Types of real-archivebox.js for the TypeScript tests.

export interface RealArchiveBox {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** `${origin}/api/v1` */
  apiBase: string;
  /** A superuser API token from get_api_token (valid 30 days). */
  token: string;
  username: string;
  password: string;
  dataDir: string;
  /** How long `archivebox init` and the server start took. */
  timings: { initMs: number; startMs: number };
  /** The server's console output so far. */
  output(): string;
  /** Ends every process of the server's session and deletes the temp data dir. */
  close(): Promise<void>;
}

export interface RealArchiveBoxOptions {
  /** SAVE_<NAME> extractors to leave on, e.g. ['TITLE'] (default: all off). */
  extractors?: string[];
  /** Extra ArchiveBox config as environment variables. */
  env?: Record<string, string>;
  /** For init and for the server to answer (default 240 s). */
  timeoutMs?: number;
}

export const EXTRACTORS_0_8: string[];
export function realArchiveBoxAvailable(): { ok: true } | { ok: false; reason: string };
export function startRealArchiveBox(options?: RealArchiveBoxOptions): Promise<RealArchiveBox>;
