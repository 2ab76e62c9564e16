import { CairnError } from '../errors';
import type { RemoteCandidate } from '../storage/sync-types';

/**
 * How a sync failure is handled:
 * - credentials: the server refused our key or token; stop syncing to it and tell the user.
 * - validation: the server refused this archive; fail it with the server's message.
 * - quota / permission: shown to the user, never retried automatically.
 * - transient: network, timeout, 429, 5xx; retried with backoff.
 * - config: the server is not what we expected (HTML instead of JSON, a redirect on POST,
 *   wrong host routing); stop and tell the user, like credentials.
 * - not-found: the remote object does not exist (callers decide what that means).
 * - conflict: a 409 the caller resolves (e.g. an upload offset mismatch).
 */
export type SyncErrorKind =
  | 'credentials'
  | 'validation'
  | 'quota'
  | 'permission'
  | 'transient'
  | 'config'
  | 'not-found'
  | 'conflict';

/** A classified sync failure with what the outbox needs to act on it. */
export class SyncError extends CairnError {
  constructor(
    readonly kind: SyncErrorKind,
    code: string,
    message: string,
    readonly details: {
      /** HTTP status, when the server answered. */
      status?: number;
      /** Server's Retry-After, in ms from now. */
      retryAfterMs?: number;
      /**
       * The request may have reached the server and been applied (timeout, dropped
       * connection, 5xx after sending): a create must be looked up before it is retried.
       */
      outcomeUnknown?: boolean;
      /** needs-review: remote copies that could be the archive's own; the user picks. */
      candidates?: RemoteCandidate[];
      /** Parsed response body (never shown raw: tracebacks stay out of the UI). */
      body?: unknown;
      cause?: unknown;
    } = {},
  ) {
    super(code, message, { cause: details.cause });
    this.name = 'SyncError';
  }

  /** Whether the outbox retries this failure on its own. */
  get retryable(): boolean {
    return this.kind === 'transient';
  }

  /** Whether the whole server is stopped until the user acts. */
  get stopsServer(): boolean {
    return this.kind === 'credentials' || this.kind === 'config';
  }
}

/** True for a SyncError of the given kind. */
export function isSyncError(error: unknown, kind?: SyncErrorKind): error is SyncError {
  return error instanceof SyncError && (kind === undefined || error.kind === kind);
}
