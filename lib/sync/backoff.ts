/** Tuning of retry delays. */
export interface BackoffOptions {
  /** Delay of the first retry, ms. */
  baseMs: number;
  /** Ceiling of any computed delay, ms. */
  maxMs: number;
  /** Source of randomness in [0, 1) (tests pass a fixed one). */
  random?: () => number;
}

/** Defaults: 2 s, doubling, never more than 30 minutes between attempts. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2000, maxMs: 30 * 60 * 1000 };

/**
 * Delay before retry number `attempt` (1 = first retry): exponential growth with "equal
 * jitter" (half fixed, half random), so many archives failing together do not retry in
 * lockstep, yet no retry comes back almost immediately. A server's Retry-After, when given,
 * is a floor: we never come back earlier than it asked.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  retryAfterMs?: number,
): number {
  const random = options.random ?? Math.random;
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.max(Math.round(jittered), retryAfterMs ?? 0);
}

/** Retry-After is honoured up to this, so a bogus header cannot park an archive for days. */
const MAX_RETRY_AFTER_MS = 6 * 60 * 60 * 1000;

/**
 * Parses a Retry-After header (delta seconds or an HTTP date) into ms from `now`; undefined
 * when absent or unparseable. Negative dates become 0.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  // An HTTP date names its weekday and month; anything else ("-5", "soon") is ignored.
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}
