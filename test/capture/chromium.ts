/**
 * Real headless Chromium for the recorder's integration tests, driven over a raw WebSocket
 * CDP connection in flat mode. `TabTransport` mimics chrome.debugger attached to one tab:
 * the tab's own session is addressed without a sessionId, its auto-attached children with
 * theirs. It can also record every event and command answer as a replay fixture.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { CdpEventListener, CdpTransport } from '../../lib/capture/transport';
import type { FixtureEntry } from './fake-transport';
import { CHROME_ARGS, CHROME_PATH } from '../support/chrome.js';

export { CHROME_PATH };

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  sessionId?: string;
  result?: unknown;
  error?: { code: number; message: string };
}

/** A browser-level CDP connection. */
export class Browser {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();
  private readonly listeners = new Set<(m: Message) => void>();

  private constructor(
    private readonly ws: WebSocket,
    private readonly proc: ChildProcess,
    private readonly profile: string,
    /** http://127.0.0.1:<port> of the DevTools endpoint. */
    readonly endpoint: string,
  ) {
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString()) as Message;
      if (m.id !== undefined) {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error) p?.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
        else p?.resolve(m.result);
        return;
      }
      for (const listener of this.listeners) listener(m);
    });
  }

  /** Launches headless Chromium on a fresh profile and connects to it. */
  static async launch(): Promise<Browser> {
    const profile = await mkdtemp(path.join(tmpdir(), 'cairn-cdp-'));
    const proc = spawn(
      CHROME_PATH,
      [
        '--remote-debugging-port=0',
        '--headless',
        ...CHROME_ARGS,
        `--user-data-dir=${profile}`,
        'about:blank',
      ],
      { stdio: 'ignore' },
    );
    let portFile = '';
    for (let i = 0; i < 200 && !portFile; i++) {
      portFile = await readFile(path.join(profile, 'DevToolsActivePort'), 'utf8').catch(() => '');
      if (!portFile) await new Promise((r) => setTimeout(r, 50));
    }
    const [port, wsPath] = portFile.trim().split('\n');
    if (!port || !wsPath) throw new Error(`Chromium (${CHROME_PATH}) did not open a DevTools port`);
    const ws = new WebSocket(`ws://127.0.0.1:${port}${wsPath}`, {
      perMessageDeflate: false,
      maxPayload: 1 << 30,
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new Browser(ws, proc, profile, `http://127.0.0.1:${port}`);
  }

  send<T = unknown>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  on(listener: (m: Message) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens a tab on about:blank and attaches to it like chrome.debugger does. */
  async newTab(opts: { record?: boolean; deny?: string[] } = {}): Promise<TabTransport> {
    const { targetId } = await this.send<{ targetId: string }>('Target.createTarget', {
      url: 'about:blank',
    });
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    return new TabTransport(this, targetId, sessionId, opts);
  }

  async close(): Promise<void> {
    this.ws.close();
    this.proc.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    await rm(this.profile, { recursive: true, force: true });
  }
}

/** A CdpTransport over one tab's flat session (see the file comment). */
export class TabTransport implements CdpTransport {
  private readonly children = new Set<string>();
  private readonly eventListeners = new Set<CdpEventListener>();
  private readonly detachListeners = new Set<(reason: string) => void>();
  private readonly unlisten: () => void;
  private readonly t0 = Date.now();
  private detached = false;
  private readonly deny: Set<string>;
  /** Events and command answers in arrival order, when recording. */
  readonly entries: FixtureEntry[] = [];
  /** Child targets Chrome auto-attached, in order. */
  readonly attached: Array<{ sessionId: string; type: string; url: string }> = [];
  /** Fetch.requestPaused count per `${sessionId}|${requestId}`. */
  readonly pauses = new Map<string, number>();
  /** Every command the recorder sent. */
  readonly sent: Array<{ method: string; params: object; sessionId?: string }> = [];

  constructor(
    private readonly browser: Browser,
    readonly targetId: string,
    readonly sessionId: string,
    private readonly opts: { record?: boolean; deny?: string[] },
  ) {
    this.deny = new Set(opts.deny ?? []);
    this.unlisten = browser.on((m) => this.onMessage(m));
  }

  /** Commands sent and not answered yet (for diagnosing hangs). */
  readonly inFlight = new Set<string>();

  send<T = unknown>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    this.sent.push({ method, params, sessionId });
    const label = `${method} ${JSON.stringify(params).slice(0, 80)} @${sessionId ?? 'tab'}`;
    this.inFlight.add(label);
    if (this.detached) return Promise.reject(new Error('Debugger is not attached to the tab'));
    const answer = this.deny.has(method)
      ? Promise.reject(Object.assign(new Error(`'${method}' wasn't found`), { code: -32601 }))
      : this.browser.send<T>(method, params, sessionId ?? this.sessionId);
    return answer.then(
      (result) => {
        this.inFlight.delete(label);
        this.log({ type: 'command', method, params, sessionId, result });
        return result;
      },
      (error: Error) => {
        this.inFlight.delete(label);
        this.log({ type: 'command', method, params, sessionId, error: { message: error.message } });
        throw error;
      },
    );
  }

  onEvent(listener: CdpEventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onDetach(listener: (reason: string) => void): () => void {
    this.detachListeners.add(listener);
    return () => this.detachListeners.delete(listener);
  }

  /** Plays the user dismissing the debugging bar: the connection ends with that reason. */
  async simulateDetach(reason: string): Promise<void> {
    this.log({ type: 'detach', method: reason });
    this.detached = true;
    await this.browser
      .send('Target.detachFromTarget', { sessionId: this.sessionId })
      .catch(() => undefined);
    for (const listener of this.detachListeners) listener(reason);
  }

  /** Navigates the tab outside the recorder (to set up reload-mode tests). */
  async navigate(url: string): Promise<void> {
    await this.browser.send('Page.enable', {}, this.sessionId);
    const loaded = new Promise<void>((resolve) => {
      const off = this.browser.on((m) => {
        if (m.sessionId === this.sessionId && m.method === 'Page.loadEventFired') {
          off();
          resolve();
        }
      });
    });
    await this.browser.send('Page.navigate', { url }, this.sessionId);
    await loaded;
    await this.browser.send('Page.disable', {}, this.sessionId);
  }

  /** Closes the tab. */
  async close(): Promise<void> {
    this.unlisten();
    await this.browser
      .send('Target.closeTarget', { targetId: this.targetId })
      .catch(() => undefined);
  }

  private onMessage(m: Message): void {
    if (!m.method) return;
    if (
      m.method === 'Target.detachedFromTarget' &&
      m.params?.sessionId === this.sessionId &&
      !this.detached
    ) {
      this.detached = true;
      for (const listener of this.detachListeners) listener('target_closed');
      return;
    }
    const mine = m.sessionId === this.sessionId;
    if (!mine && !(m.sessionId && this.children.has(m.sessionId))) return;
    if (this.detached) return;
    if (m.method === 'Target.attachedToTarget') {
      const p = m.params as { sessionId: string; targetInfo: { type: string; url: string } };
      this.children.add(p.sessionId);
      this.attached.push({
        sessionId: p.sessionId,
        type: p.targetInfo.type,
        url: p.targetInfo.url,
      });
    }
    const sessionId = mine ? undefined : m.sessionId;
    if (m.method === 'Fetch.requestPaused') {
      const key = `${sessionId}|${String(m.params?.requestId)}`;
      this.pauses.set(key, (this.pauses.get(key) ?? 0) + 1);
    }
    this.log({ type: 'event', method: m.method, params: m.params, sessionId });
    for (const listener of this.eventListeners) listener(m.method, m.params ?? {}, sessionId);
    if (m.method === 'Target.detachedFromTarget') this.children.delete(String(m.params?.sessionId));
  }

  private log(entry: Omit<FixtureEntry, 't'>): void {
    if (!this.opts.record) return;
    this.entries.push({ t: Date.now() - this.t0, ...entry } as FixtureEntry);
  }
}
