// @ts-check
// Fault injection shared by the Perma and ArchiveBox test servers. Faults are rules the test
// queues ("the next 2 POSTs to /v1/archives/ answer 503") or a seeded failure rate for the
// benchmark; both are deterministic, so a failing sync test can be replayed exactly.

/**
 * @typedef {'drop' | 'hang' | 'status' | 'html' | 'redirect' | 'lose-response' | 'delay' | 'resend'} FaultKind
 *   drop: destroy the socket before any response (the handler never runs).
 *   hang: never answer (the socket stays open until the client gives up or the server closes).
 *   status: answer `status` (429, 500, 503, …) with a JSON body; `retryAfter` sets Retry-After.
 *   html: an HTML error page (a proxy's), with `status` 200 or 502 (default 502).
 *   redirect: a 302 (or `status`) to `location`, as a login page or a wrong-host redirect does.
 *   lose-response: run the request on the server (so a create really happens), then destroy the
 *     socket instead of answering: the client cannot know the outcome.
 *   delay: wait `delayMs`, then answer normally.
 *   resend: run the request twice and answer the second run, as Chromium does when it resends
 *     a request whose reused connection was cut before the answer (a POST too).
 */

/**
 * @typedef {object} FaultRule
 * @property {FaultKind} kind
 * @property {string} [method] Only requests with this method (case-insensitive).
 * @property {string | RegExp} [path] Only this pathname: a string matches exactly, after
 *   dropping a trailing slash on both sides; a RegExp is tested against the pathname.
 * @property {number} [times] How many matching requests it hits (default 1; Infinity = all).
 * @property {number} [skip] Let this many matching requests through first (default 0).
 * @property {number} [status] For status / html / redirect.
 * @property {number | string} [retryAfter] Retry-After value for status faults.
 * @property {unknown} [body] JSON body for status faults (default {detail: "…"}).
 * @property {string} [location] For redirect (default: /accounts/login/?next=<path>).
 * @property {number} [delayMs] For delay; for hang, answer 504 after this long instead of never.
 * @property {boolean} [lose] For resend: the answer to the second run is lost too.
 * @property {boolean} [afterHandler] For status / html: run the request first (a create is
 *   saved), then answer with the fault, as a proxy does when the upstream answer is lost.
 */

/**
 * @typedef {object} FaultHit
 * @property {FaultKind} kind
 * @property {string} method
 * @property {string} path
 * @property {number} [status]
 * @property {'rule' | 'rate'} source
 */

/**
 * @typedef {object} FailureRateOptions
 * @property {number} rate Probability (0..1) that a request gets a fault.
 * @property {number} [seed] PRNG seed (default 1): same seed, same faults for the same requests.
 * @property {FaultRule[]} [kinds] The faults to pick from (uniformly); default drop, 500, 503,
 *   429 with Retry-After 1, and lose-response.
 * @property {string | RegExp} [path] Only requests whose pathname matches.
 * @property {string} [method]
 */

/** The default mix for failureRate: transient failures a robust client must survive. */
const DEFAULT_RATE_KINDS = /** @type {FaultRule[]} */ ([
  { kind: 'drop' },
  { kind: 'status', status: 500 },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429, retryAfter: 1 },
  { kind: 'lose-response' },
]);

/**
 * mulberry32: a tiny seeded PRNG, good enough to spread faults evenly and reproducibly.
 * @param {number} seed
 */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @param {string} path */
const trimSlash = (path) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

/**
 * @param {{ method?: string, path?: string | RegExp }} rule
 * @param {string} method
 * @param {string} path
 */
function matches(rule, method, path) {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return trimSlash(rule.path) === trimSlash(path);
  rule.path.lastIndex = 0;
  return rule.path.test(path);
}

/**
 * Creates a fault controller. The servers call `take()` once per request.
 * @param {{ failureRate?: number | FailureRateOptions }} [options]
 */
export function createFaults(options = {}) {
  /** @type {(FaultRule & { remaining: number, skipped: number })[]} */
  let rules = [];
  /** @type {FaultHit[]} */
  const hits = [];
  /** @type {(FailureRateOptions & { random: () => number }) | undefined} */
  let rate;

  const controller = {
    /** Every fault applied so far, in order. */
    hits,
    /**
     * Queues a rule; rules are tried in the order added, the first match wins.
     * @param {FaultRule} rule
     */
    add(rule) {
      rules.push({ ...rule, remaining: rule.times ?? 1, skipped: 0 });
      return controller;
    },
    /**
     * Shorthand: the next `count` requests (optionally only matching `match`) get `fault`.
     * @param {number} count
     * @param {FaultRule} fault
     */
    next(count, fault) {
      return controller.add({ ...fault, times: count });
    },
    /**
     * Sets (or with rate 0, removes) a seeded random failure rate.
     * @param {number | FailureRateOptions} options
     */
    setFailureRate(options) {
      const o = typeof options === 'number' ? { rate: options } : options;
      rate = o.rate > 0 ? { ...o, random: seededRandom(o.seed ?? 1) } : undefined;
      return controller;
    },
    /** Removes every queued rule and the failure rate. */
    clear() {
      rules = [];
      rate = undefined;
      return controller;
    },
    /** Rules still waiting to fire. */
    get pending() {
      return rules.filter((r) => r.remaining > 0).length;
    },
    /**
     * The fault for this request, if any (consumes it).
     * @param {string} method
     * @param {string} path
     * @returns {FaultRule | undefined}
     */
    take(method, path) {
      for (const rule of rules) {
        if (rule.remaining <= 0 || !matches(rule, method, path)) continue;
        if (rule.skipped < (rule.skip ?? 0)) {
          rule.skipped += 1;
          continue;
        }
        rule.remaining -= 1;
        rules = rules.filter((r) => r.remaining > 0);
        hits.push({ kind: rule.kind, method, path, status: rule.status, source: 'rule' });
        return rule;
      }
      if (rate && matches(rate, method, path) && rate.random() < rate.rate) {
        const kinds = rate.kinds ?? DEFAULT_RATE_KINDS;
        const rule = kinds[Math.floor(rate.random() * kinds.length)];
        if (rule) {
          hits.push({ kind: rule.kind, method, path, status: rule.status, source: 'rate' });
          return rule;
        }
      }
      return undefined;
    },
  };
  if (options.failureRate !== undefined) controller.setFailureRate(options.failureRate);
  return controller;
}

/** @typedef {ReturnType<typeof createFaults>} Faults */
