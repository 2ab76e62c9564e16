/**
 * Shared workers, which Chrome never auto-attaches (a shared worker is no tab's child). Two
 * cases:
 * - a worker the captured page starts: attached while its script response is held, so it is
 *   recorded from its first request;
 * - a worker already running because the user's own tabs of the site started it (the page is
 *   archived in a capture tab of its own, so the user's tab stays open): attached before the
 *   page loads, so the requests it makes for the page are recorded, and its script, which
 *   Chrome will not load again, is fetched from the page at the end so the archive holds it.
 */
import { type Clock, messageOf, withTimeout } from './clock';
import type { TargetSessions } from './target-sessions';
import type { CdpTransport } from './transport';

/** Attaching holds the worker's script response; never hold it for long. */
const ATTACH_TIMEOUT_MS = 2_000;
/** Fetching an already-running worker's script from the page, at the end of the capture. */
const SCRIPT_FETCH_TIMEOUT_MS = 5_000;

type Send = <T>(method: string, params: object, sessionId: string | undefined) => Promise<T>;

/** Shared-worker attachment for one capture. */
export class SharedWorkers {
  /** Scripts of workers that were running before the page loaded (not loaded again). */
  private readonly adopted = new Set<string>();

  constructor(
    private readonly transport: CdpTransport,
    private readonly sessions: TargetSessions,
    private readonly clock: Clock,
    private readonly send: Send,
    private readonly note: (text: string) => void,
  ) {}

  /** Whether the transport can attach shared workers at all. */
  get supported(): boolean {
    return this.transport.attachSharedWorker !== undefined;
  }

  /** Attaches the shared worker running `url`, if there is one not attached yet. */
  async attach(url: string): Promise<boolean> {
    if (!this.supported) return false;
    if (!/^https?:/.test(url) || this.sessions.all().some((c) => c.url === url)) return false;
    try {
      const sessionId = await withTimeout(
        this.clock,
        this.transport.attachSharedWorker!(url),
        ATTACH_TIMEOUT_MS,
        'Attaching a shared worker',
      );
      if (!sessionId) return false;
      // Setup is sent without waiting: a new worker answers only once its script runs.
      this.sessions.onAttached(
        { sessionId, targetInfo: { targetId: sessionId, type: 'shared_worker', url, title: '' } },
        undefined,
      );
      return true;
    } catch (error) {
      this.note(`a shared worker (${url}) could not be recorded: ${messageOf(error)}`);
      return false;
    }
  }

  /**
   * Attaches the shared workers of `pageUrl`'s origin that are already running, before the
   * page loads. Best effort: a failure only means those workers' requests may be missing.
   */
  async adoptRunning(pageUrl: string): Promise<void> {
    if (!this.transport.runningSharedWorkers || !this.supported) return;
    let origin: string;
    try {
      origin = new URL(pageUrl).origin;
    } catch {
      return;
    }
    const urls = await this.transport.runningSharedWorkers().catch(() => [] as string[]);
    for (const url of urls) {
      if (!url.startsWith(`${origin}/`)) continue;
      if (await this.attach(url)) this.adopted.add(url);
    }
  }

  /**
   * Records the scripts of adopted workers by fetching them from the page (the fetch passes
   * through the capture like any other request), so replay can start those workers.
   */
  async recordAdoptedScripts(): Promise<void> {
    for (const url of this.adopted) {
      const expression = `fetch(${JSON.stringify(url)}, { credentials: 'include' }).then((r) => r.arrayBuffer()).then((b) => b.byteLength)`;
      await withTimeout(
        this.clock,
        this.send('Runtime.evaluate', { expression, awaitPromise: true }, undefined),
        SCRIPT_FETCH_TIMEOUT_MS,
        'Fetching a shared worker script',
      ).catch((error: unknown) =>
        this.note(
          `the script of a shared worker (${url}) could not be recorded: ${messageOf(error)}`,
        ),
      );
    }
  }
}
