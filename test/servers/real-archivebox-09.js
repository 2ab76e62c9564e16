// @ts-check
// Starts a real ArchiveBox 0.9.x (installed by scripts/setup-archivebox-09.sh into
// <repo>/.venv-archivebox-09) headless on 127.0.0.1 for integration tests (server-apis.md B9b):
// a fresh data dir in a temp folder, a superuser created by `init` from ADMIN_USERNAME and
// ADMIN_PASSWORD, every plugin off (`<NAME>_ENABLED=False`, read from the installed plugins'
// config.json; this includes Chrome and the Sonic search backend, which would otherwise try to
// install binaries at start), and an API token ready to use. As root it runs as "nobody".
//
// SERVER_SECURITY_MODE stays at its default (`auto`): bound to 127.0.0.1 with no BASE_URL, the
// server routes by subdomains of archivebox.localhost and refuses a POST that carries no
// token header on any other host, get_api_token included (403 text/html "…control plane
// disabled on this host."). The token is therefore asked for with `Host:
// archivebox.localhost:<port>` (the `controlHost`), through requestWithHost(), since fetch
// cannot set Host and Node does not resolve *.localhost.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  freePort,
  launchServer,
  makeSandbox,
  requestWithHost,
  runCommand,
  waitForToken,
  archiveBoxEnv,
} from './real-archivebox-common.js';

export { requestWithHost };

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// CAIRN_ARCHIVEBOX09_VENV points elsewhere (e.g. a shared install, or a missing dir to test the skip).
const VENV = process.env.CAIRN_ARCHIVEBOX09_VENV ?? join(REPO, '.venv-archivebox-09');
const ARCHIVEBOX = join(VENV, 'bin', 'archivebox');

/**
 * Whether the pinned ArchiveBox 0.9 is installed; if not, why.
 * @returns {{ ok: true } | { ok: false, reason: string }}
 */
export function realArchiveBox09Available() {
  if (!existsSync(ARCHIVEBOX)) {
    return {
      ok: false,
      reason: `${ARCHIVEBOX} is missing: run bash scripts/setup-archivebox-09.sh`,
    };
  }
  return { ok: true };
}

/**
 * Every `<NAME>_ENABLED` switch of the installed plugins (abx_plugins/plugins/<name>/config.json),
 * e.g. CHROME_ENABLED, SEARCH_BACKEND_SONIC_ENABLED, TITLE_ENABLED, WGET_WARC_ENABLED.
 * @returns {string[]}
 */
export function pluginSwitches09() {
  const lib = join(VENV, 'lib');
  const python = readdirSync(lib).find((name) => /^python3\.\d+$/.test(name));
  if (!python) throw new Error(`no python3.N folder in ${lib}`);
  const plugins = join(lib, python, 'site-packages', 'abx_plugins', 'plugins');
  /** @type {Set<string>} */
  const switches = new Set();
  for (const plugin of readdirSync(plugins)) {
    const file = join(plugins, plugin, 'config.json');
    if (!existsSync(file)) continue;
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    for (const key of Object.keys(schema.properties ?? {})) {
      if (key.endsWith('_ENABLED')) switches.add(key);
    }
  }
  if (!switches.has('CHROME_ENABLED') || !switches.has('SEARCH_BACKEND_SONIC_ENABLED')) {
    throw new Error(`unexpected plugin layout in ${plugins}`);
  }
  return [...switches].sort();
}

/**
 * @typedef {object} RealArchiveBox09
 * @property {string} origin http://127.0.0.1:<port>
 * @property {string} apiBase `${origin}/api/v1`
 * @property {string} controlHost archivebox.localhost:<port>, the Host that unauthenticated POSTs need.
 * @property {string} token A superuser API token (from get_api_token, valid 30 days).
 * @property {string} username
 * @property {string} password
 * @property {string} dataDir
 * @property {{ initMs: number, startMs: number }} timings
 * @property {() => string} output The server's console output so far (for failure messages).
 * @property {() => number[]} pids Live processes of the server.
 * @property {() => Promise<void>} close Ends every process of the server and deletes the data.
 */

/**
 * Starts a fresh real ArchiveBox 0.9.x.
 * @param {object} [options]
 * @param {string[]} [options.plugins] Plugins to leave on, as `TITLE` or `TITLE_ENABLED` (default: none).
 * @param {Record<string, string>} [options.env] Extra config, e.g. { PERMISSIONS: 'private' }.
 * @param {number} [options.timeoutMs] For init and for the server to answer (default 240 s each).
 * @returns {Promise<RealArchiveBox09>}
 */
export async function startRealArchiveBox09({ plugins = [], env = {}, timeoutMs = 240_000 } = {}) {
  const available = realArchiveBox09Available();
  if (!available.ok) throw new Error(available.reason);
  const username = 'cairn';
  const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const enabled = new Set(
    plugins.map((p) => p.toUpperCase().replace(/(?<!_ENABLED)$/, '_ENABLED')),
  );
  const { root, dataDir, spawnOptions, cleanup } = await makeSandbox('cairn-archivebox09-', {
    ...archiveBoxEnv(VENV, { username, password }),
    ...Object.fromEntries(
      pluginSwitches09().map((key) => [key, enabled.has(key) ? 'True' : 'False']),
    ),
    ...env,
  });

  const t0 = Date.now();
  try {
    await runCommand(ARCHIVEBOX, ['init', '--quick'], spawnOptions, timeoutMs);
  } catch (error) {
    await cleanup();
    throw error;
  }
  const initMs = Date.now() - t0;

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const controlHost = `archivebox.localhost:${port}`;
  const t1 = Date.now();
  const server = launchServer(ARCHIVEBOX, ['server', `127.0.0.1:${port}`], spawnOptions, root);
  try {
    const token = await waitForToken(
      () =>
        requestWithHost(origin, '/api/v1/auth/get_api_token', {
          method: 'POST',
          host: controlHost,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ username, password }),
        }),
      server,
      timeoutMs,
    );
    server.pids(); // remember the sessions of the tree (supervisord has its own) while connected
    return {
      origin,
      apiBase: `${origin}/api/v1`,
      controlHost,
      token,
      username,
      password,
      dataDir,
      timings: { initMs, startMs: Date.now() - t1 },
      output: server.output,
      pids: server.pids,
      close: server.close,
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}
