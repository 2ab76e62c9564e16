// @ts-check
// Starts a real ArchiveBox 0.8.x (installed by scripts/setup-archivebox.sh into
// <repo>/.venv-archivebox) headless on 127.0.0.1 for integration tests (server-apis.md B9):
// a fresh data dir in a temp folder, a superuser created by `init` from ADMIN_USERNAME and
// ADMIN_PASSWORD, every extractor off unless asked for, and an API token ready to use.
//
// ArchiveBox refuses to run as root, so as root it runs as "nobody" (uid 65534). Its server is
// supervisord with daphne and task workers in their own process groups, so close() ends every
// process of the session the server was started in, not just one group.
import { spawn } from 'node:child_process';
import { chown, mkdtemp, rm, mkdir } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// CAIRN_ARCHIVEBOX_VENV points elsewhere (e.g. a shared install, or a missing dir to test the skip).
const VENV = process.env.CAIRN_ARCHIVEBOX_VENV ?? join(REPO, '.venv-archivebox');
const ARCHIVEBOX = join(VENV, 'bin', 'archivebox');
const NOBODY = 65534;

/** Extractors of 0.8, each switched by SAVE_<NAME> (B9). */
export const EXTRACTORS_0_8 = [
  'TITLE',
  'FAVICON',
  'WGET',
  'WARC',
  'PDF',
  'SCREENSHOT',
  'DOM',
  'SINGLEFILE',
  'READABILITY',
  'MERCURY',
  'HTMLTOTEXT',
  'GIT',
  'MEDIA',
  'HEADERS',
  'ARCHIVE_DOT_ORG',
];

/**
 * Whether the pinned ArchiveBox is installed; if not, why.
 * @returns {{ ok: true } | { ok: false, reason: string }}
 */
export function realArchiveBoxAvailable() {
  if (!existsSync(ARCHIVEBOX)) {
    return { ok: false, reason: `${ARCHIVEBOX} is missing: run bash scripts/setup-archivebox.sh` };
  }
  return { ok: true };
}

/** A free TCP port on 127.0.0.1. */
async function freePort() {
  const server = createServer();
  await new Promise((ok, fail) =>
    server.listen(0, '127.0.0.1', () => ok(undefined)).on('error', fail),
  );
  const address = server.address();
  await new Promise((ok) => server.close(() => ok(undefined)));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * Every live process whose session id is `sid` (Linux /proc). Synchronous, so that the
 * process 'exit' handler can use it too.
 * @param {number} sid
 */
function sessionMembers(sid) {
  /** @type {number[]} */
  const pids = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the parenthesised command: state ppid pgrp session …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[3]) === sid && fields[0] !== 'Z') pids.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** @param {number[]} pids @param {NodeJS.Signals} signal */
function signalAll(pids, signal) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** @param {number} ms */
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/**
 * Runs a command to completion, returning its combined output; throws with that output on failure.
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} options
 * @param {number} timeoutMs
 */
function run(args, options, timeoutMs) {
  return new Promise((ok, fail) => {
    const child = spawn(ARCHIVEBOX, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) ok(output);
      else
        fail(
          new Error(`archivebox ${args.join(' ')} exited with ${code}:\n${output.slice(-3000)}`),
        );
    });
  });
}

/**
 * @typedef {object} RealArchiveBox
 * @property {string} origin http://127.0.0.1:<port>
 * @property {string} apiBase `${origin}/api/v1`
 * @property {string} token A superuser API token (from get_api_token, valid 30 days).
 * @property {string} username
 * @property {string} password
 * @property {string} dataDir
 * @property {{ initMs: number, startMs: number }} timings
 * @property {() => string} output The server's console output so far (for failure messages).
 * @property {() => Promise<void>} close Ends every process of the server and deletes the data.
 */

/**
 * Starts a fresh real ArchiveBox 0.8.x.
 * @param {object} [options]
 * @param {string[]} [options.extractors] SAVE_<NAME> to leave on, e.g. ['TITLE'] (needs curl).
 * @param {Record<string, string>} [options.env] Extra config, e.g. { PUBLIC_INDEX: 'False' }.
 * @param {number} [options.timeoutMs] For init and for the server to answer (default 240 s each).
 * @returns {Promise<RealArchiveBox>}
 */
export async function startRealArchiveBox({ extractors = [], env = {}, timeoutMs = 240_000 } = {}) {
  const available = realArchiveBoxAvailable();
  if (!available.ok) throw new Error(available.reason);
  const root = await mkdtemp(join(tmpdir(), 'cairn-archivebox-'));
  const dataDir = join(root, 'data');
  const home = join(root, 'home');
  await mkdir(dataDir);
  await mkdir(home);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    for (const dir of [root, dataDir, home]) await chown(dir, NOBODY, NOBODY);
  }
  const username = 'cairn';
  const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const enabled = new Set(extractors.map((e) => e.toUpperCase()));
  /** @type {NodeJS.ProcessEnv} */
  const childEnv = {
    // No user PATH: a pyenv shim under /root would be unreachable as nobody.
    PATH: `${join(VENV, 'bin')}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    USE_COLOR: 'False',
    SHOW_PROGRESS: 'False',
    ADMIN_USERNAME: username,
    ADMIN_PASSWORD: password,
    ALLOWED_HOSTS: '*',
    ...Object.fromEntries(
      EXTRACTORS_0_8.map((name) => [`SAVE_${name}`, enabled.has(name) ? 'True' : 'False']),
    ),
    ...env,
  };
  /** @type {import('node:child_process').SpawnOptions} */
  const spawnOptions = {
    cwd: dataDir,
    env: childEnv,
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  };

  const cleanupDir = () => rm(root, { recursive: true, force: true }).catch(() => undefined);
  const t0 = Date.now();
  try {
    await run(['init'], spawnOptions, timeoutMs);
  } catch (error) {
    await cleanupDir();
    throw error;
  }
  const initMs = Date.now() - t0;

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const t1 = Date.now();
  // detached: the server leads a new session, which close() ends as a whole.
  const server = spawn(ARCHIVEBOX, ['server', `127.0.0.1:${port}`], {
    ...spawnOptions,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (/** @type {Buffer} */ d) => {
    output = (output + d).slice(-20_000);
  };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  let exited = false;
  server.on('exit', () => {
    exited = true;
  });
  const sid = server.pid ?? -1;
  // If the test process exits without close(), do not leave the server (or its data) behind.
  // Only synchronous work is possible here: kill the session's processes, then the files.
  const onExit = () => {
    signalAll(sessionMembers(sid), 'SIGKILL');
    try {
      rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // a worker still writing; the OS temp cleaner gets it
    }
  };
  process.on('exit', onExit);

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    process.off('exit', onExit);
    signalAll(sessionMembers(sid), 'SIGTERM');
    for (let i = 0; i < 30; i += 1) {
      if (sessionMembers(sid).length === 0) break;
      await sleep(100);
    }
    signalAll(sessionMembers(sid), 'SIGKILL');
    await cleanupDir();
  };

  try {
    let token = '';
    const deadline = Date.now() + timeoutMs;
    while (!token) {
      if (exited) throw new Error(`archivebox server exited early:\n${output.slice(-3000)}`);
      if (Date.now() > deadline)
        throw new Error(
          `archivebox server did not answer in ${timeoutMs} ms:\n${output.slice(-3000)}`,
        );
      try {
        const response = await fetch(`${origin}/api/v1/auth/get_api_token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ username, password }),
        });
        const body = /** @type {{ token?: string }} */ (await response.json());
        if (body.token) token = body.token;
        else throw new Error(`get_api_token answered without a token: ${JSON.stringify(body)}`);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('get_api_token')) throw error;
        await sleep(250); // not listening yet
      }
    }
    return {
      origin,
      apiBase: `${origin}/api/v1`,
      token,
      username,
      password,
      dataDir,
      timings: { initMs, startMs: Date.now() - t1 },
      output: () => output,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
