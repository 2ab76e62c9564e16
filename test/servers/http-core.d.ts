// Types of http-core.js for the TypeScript tests.
import type { IncomingHttpHeaders } from 'node:http';
import type { FaultKind, Faults } from './faults.js';

export interface RequestLogEntry {
  method: string;
  path: string;
  /** Last value of each query parameter. */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Raw request body. */
  body: Buffer;
  /** Status answered; undefined if none was sent (drop, hang, lose-response). */
  status: number | undefined;
  fault: FaultKind | undefined;
  /** Date.now() on arrival. */
  at: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string | string[]>;
  json?: unknown;
  body?: string | Buffer;
}

export interface CoreServer {
  origin: string;
  port: number;
  log: RequestLogEntry[];
  close(): Promise<void>;
}

export function startCoreServer(options: {
  handle: (req: unknown) => Promise<Reply> | Reply;
  faults: Faults;
  port?: number;
  host?: string;
}): Promise<CoreServer>;
