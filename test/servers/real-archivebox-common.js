// @ts-check
// What starting a real ArchiveBox headless for integration tests takes, whatever its version
// (real-archivebox.js for 0.8, real-archivebox-09.js for 0.9): a temp root with data and home
// dirs, commands run as "nobody" when the tests run as root (ArchiveBox refuses root), a
// server in its own session whose whole process tree close() ends, and a token request that
// waits until the server answers.
//
// The process tree: the server runs supervisord, whose workers have their own process groups;
// in 0.8 they stay in the server's session, in 0.9 supervisord starts a session of its own. So
// close() ends every descendant of the server plus every member of any session one of them
// leads, remembered while the tree was still connected.
import { spawn } from 'node:child_process';
import { chown, mkdtemp, rm, mkdir } from 'node:fs/promises';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NOBODY = 65534;

/** @param {number} ms */
export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
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
 * Every live process as { pid, ppid, sid } (Linux /proc). Synchronous, so that the process
 * 'exit' handler can use it too.
 */
function processTable() {
  /** @type {{ pid: number, ppid: number, sid: number }[]} */
  const table = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the parenthesised command: state ppid pgrp session …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      table.push({ pid: Number(name), ppid: Number(fields[1]), sid: Number(fields[3]) });
    } catch {
      // the process ended while we looked
    }
  }
  return table;
}

/**
 * The processes started from `rootPid` (which leads its own session): its descendants and
 * the members of every session led by one of them.
 * @param {number} rootPid
 */
export function processTree(rootPid) {
  const sessions = new Set([rootPid]);
  /** Live members; also remembers the sessions of descendants found. */
  const members = () => {
    const table = processTable();
    const inTree = new Set([rootPid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const p of table) {
        if (!inTree.has(p.pid) && (inTree.has(p.ppid) || sessions.has(p.sid))) {
          inTree.add(p.pid);
          grew = true;
        }
      }
    }
    for (const p of table) if (inTree.has(p.pid) && p.sid === p.pid) sessions.add(p.sid);
    return table.filter((p) => inTree.has(p.pid)).map((p) => p.pid);
  };
  /** @param {NodeJS.Signals} signal */
  const signal = (signal) => {
    for (const pid of members()) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  };
  return { members, signal };
}

/**
 * A temp root with `data` and `home` inside, owned by nobody when we are root, and the spawn
 * options that run ArchiveBox there with exactly `env`.
 * @param {string} prefix
 * @param {NodeJS.ProcessEnv} env
 */
export async function makeSandbox(prefix, env) {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const dataDir = join(root, 'data');
  const home = join(root, 'home');
  await mkdir(dataDir);
  await mkdir(home);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    for (const dir of [root, dataDir, home]) await chown(dir, NOBODY, NOBODY);
  }
  /** @type {import('node:child_process').SpawnOptions} */
  const spawnOptions = {
    cwd: dataDir,
    env: { ...env, HOME: home },
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  };
  const cleanup = () => rm(root, { recursive: true, force: true }).catch(() => undefined);
  return { root, dataDir, home, spawnOptions, cleanup };
}

/**
 * The environment every real ArchiveBox here starts with: a PATH without the user's (a pyenv
 * shim under /root would be unreachable as nobody), a plain UTF-8 locale in UTC, no colours
 * or progress bars, and the admin that `init` creates.
 * @param {string} venv
 * @param {{ username: string, password: string }} admin
 */
export function archiveBoxEnv(venv, admin) {
  return {
    PATH: `${join(venv, 'bin')}:/usr/local/bin:/usr/bin:/bin`,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    USE_COLOR: 'False',
    SHOW_PROGRESS: 'False',
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
  };
}

/**
 * Runs a command to completion, returning its combined output; throws with that output on failure.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} options
 * @param {number} timeoutMs
 * @returns {Promise<string>}
 */
export function runCommand(command, args, options, timeoutMs) {
  return new Promise((ok, fail) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
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
          new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-3000)}`),
        );
    });
  });
}

/**
 * Starts a long-running server in a new session and keeps the last 20 kB of its output.
 * close() (and, if the test process exits first, an 'exit' handler) ends its whole process
 * tree and deletes `root`.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} spawnOptions
 * @param {string} root
 */
export function launchServer(command, args, spawnOptions, root) {
  const server = spawn(command, args, {
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
  const tree = processTree(server.pid ?? -1);
  // Only synchronous work is possible here: kill the processes, then the files.
  const onExit = () => {
    tree.signal('SIGKILL');
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
    tree.signal('SIGTERM');
    for (let i = 0; i < 50 && tree.members().length > 0; i += 1) await sleep(100);
    tree.signal('SIGKILL');
    for (let i = 0; i < 20 && tree.members().length > 0; i += 1) await sleep(100);
    await rm(root, { recursive: true, force: true }).catch(() => undefined);
  };
  return {
    output: () => output,
    exited: () => exited,
    /** Live pids of the server's process tree; also remembers the sessions they lead. */
    pids: () => tree.members(),
    close,
  };
}

/**
 * An HTTP request to 127.0.0.1 with any Host header (fetch cannot set Host, and Node does not
 * resolve *.localhost). No redirects are followed.
 * @param {string} origin http://127.0.0.1:<port>
 * @param {string} path
 * @param {{ method?: string, host?: string, headers?: Record<string, string>, body?: string }} [init]
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: string }>}
 */
export function requestWithHost(origin, path, { method = 'GET', host, headers = {}, body } = {}) {
  const url = new URL(path, origin);
  return new Promise((ok, fail) => {
    const req = httpRequest(
      url,
      {
        method,
        headers: {
          ...(host ? { Host: host } : {}),
          ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

/**
 * Asks the server for an API token until it answers with JSON (before that it is not
 * listening, or answers with an error page while starting).
 * @param {() => Promise<{ status: number, body: string }>} ask
 * @param {{ exited: () => boolean, output: () => string }} server
 * @param {number} timeoutMs
 * @returns {Promise<string>}
 */
export async function waitForToken(ask, server, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    if (server.exited())
      throw new Error(`archivebox server exited early:\n${server.output().slice(-3000)}`);
    if (Date.now() > deadline)
      throw new Error(
        `archivebox server did not give a token in ${timeoutMs} ms (last: ${last}):\n` +
          server.output().slice(-3000),
      );
    try {
      const answer = await ask();
      last = `${answer.status} ${answer.body.slice(0, 200)}`;
      /** @type {{ token?: string } | undefined} */
      let parsed;
      try {
        parsed = JSON.parse(answer.body);
      } catch {
        // an error page while starting: ask again
      }
      if (parsed?.token) return parsed.token;
      if (parsed) throw new Error(`get_api_token answered without a token: ${last}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('get_api_token')) throw error;
      // not listening yet
    }
    await sleep(250);
  }
}
