// Types of faults.js for the TypeScript tests: the project's tsc reads no JavaScript.

export type FaultKind =
  'drop' | 'hang' | 'status' | 'html' | 'redirect' | 'lose-response' | 'delay' | 'resend';

export interface FaultRule {
  kind: FaultKind;
  /** Only requests with this method (case-insensitive). */
  method?: string;
  /** Exact pathname (trailing slash ignored), or a RegExp tested against the pathname. */
  path?: string | RegExp;
  /** How many matching requests it hits (default 1; Infinity = all). */
  times?: number;
  /** Let this many matching requests through first. */
  skip?: number;
  /** status: the HTTP status (429, 500, 503…); html: 200 or 502 (default); redirect: 302. */
  status?: number;
  /** Retry-After header of a status fault. */
  retryAfter?: number | string;
  /** JSON body of a status fault (default {detail: "…"}). */
  body?: unknown;
  /** redirect target (default /accounts/login/?next=<path>). */
  location?: string;
  /** delay: wait this long, then answer; hang: answer 504 after this long instead of never. */
  delayMs?: number;
  /** status / html: run the request first (a create is saved), then answer with the fault. */
  afterHandler?: boolean;
  /** resend: the answer to the second run is lost too. */
  lose?: boolean;
}

export interface FaultHit {
  kind: FaultKind;
  method: string;
  path: string;
  status?: number;
  source: 'rule' | 'rate';
}

export interface FailureRateOptions {
  /** Probability (0..1) that a request gets a fault. */
  rate: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Faults to pick from; default drop, 500, 503, 429 (Retry-After 1), lose-response. */
  kinds?: FaultRule[];
  path?: string | RegExp;
  method?: string;
}

export interface Faults {
  /** Every fault applied so far. */
  readonly hits: FaultHit[];
  /** Rules still waiting to fire. */
  readonly pending: number;
  /** Queues a rule; the first matching rule wins. */
  add(rule: FaultRule): Faults;
  /** The next `count` matching requests get `fault`. */
  next(count: number, fault: FaultRule): Faults;
  /** Sets (rate 0 removes) a seeded random failure rate. */
  setFailureRate(options: number | FailureRateOptions): Faults;
  /** Removes all rules and the failure rate. */
  clear(): Faults;
  /** Used by the servers: the fault for this request, consumed. */
  take(method: string, path: string): FaultRule | undefined;
}

export function createFaults(options?: { failureRate?: number | FailureRateOptions }): Faults;
export function seededRandom(seed: number): () => number;
