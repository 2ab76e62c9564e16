// @ts-check
// Starts a real ArchiveBox 0.8.x (installed by scripts/setup-archivebox.sh into
// <repo>/.venv-archivebox) headless on 127.0.0.1 for integration tests (server-apis.md B9):
// a fresh data dir in a temp folder, a superuser created by `init` from ADMIN_USERNAME and
// ADMIN_PASSWORD, every extractor off unless asked for, and an API token ready to use.
//
// ArchiveBox refuses to run as root, so as root it runs as "nobody" (uid 65534). Its server is
// supervisord with daphne and task workers in their own process groups, so close() ends the
// server's whole process tree, not just one group (real-archivebox-common.js, shared with 0.9).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  freePort,
  launchServer,
  makeSandbox,
  runCommand,
  waitForToken,
  archiveBoxEnv,
} from './real-archivebox-common.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// CAIRN_ARCHIVEBOX_VENV points elsewhere (e.g. a shared install, or a missing dir to test the skip).
const VENV = process.env.CAIRN_ARCHIVEBOX_VENV ?? join(REPO, '.venv-archivebox');
const ARCHIVEBOX = join(VENV, 'bin', 'archivebox');

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
  const username = 'cairn';
  const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const enabled = new Set(extractors.map((e) => e.toUpperCase()));
  const { root, dataDir, spawnOptions, cleanup } = await makeSandbox('cairn-archivebox-', {
    ...archiveBoxEnv(VENV, { username, password }),
    ALLOWED_HOSTS: '*',
    ...Object.fromEntries(
      EXTRACTORS_0_8.map((name) => [`SAVE_${name}`, enabled.has(name) ? 'True' : 'False']),
    ),
    ...env,
  });

  const t0 = Date.now();
  try {
    await runCommand(ARCHIVEBOX, ['init'], spawnOptions, timeoutMs);
  } catch (error) {
    await cleanup();
    throw error;
  }
  const initMs = Date.now() - t0;

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const t1 = Date.now();
  const server = launchServer(ARCHIVEBOX, ['server', `127.0.0.1:${port}`], spawnOptions, root);
  try {
    const token = await waitForToken(
      async () => {
        const response = await fetch(`${origin}/api/v1/auth/get_api_token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ username, password }),
        });
        return { status: response.status, body: await response.text() };
      },
      server,
      timeoutMs,
    );
    server.pids(); // remember the sessions of the tree while it is connected
    return {
      origin,
      apiBase: `${origin}/api/v1`,
      token,
      username,
      password,
      dataDir,
      timings: { initMs, startMs: Date.now() - t1 },
      output: server.output,
      close: server.close,
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}
