// @ts-check
// An ArchiveBox REST API v1 test server with a version switch (server-apis.md Part B, B10):
// '0.8' (the v1 alpha: read-only core, cli add that runs inside the request, Basic auth, no
// CORS), '0.9' (core writes, crawls, cli/search, queued adds, CORS) and '0.9-uploads' (the
// newest 0.9: ArchiveResult uploads with resumable chunks, the extended cli/add). The 0.8 mode
// also copies what a real 0.8.5rc51 does where the docs were vague or wrong.
import { createFaults } from './faults.js';
import { startCoreServer } from './http-core.js';
import { DJANGO_404, UNAUTHORIZED, detail } from './archivebox/errors.js';
import { createArchiveBoxModel } from './archivebox/model.js';
import { cliHandlers } from './archivebox/routes-cli.js';
import { coreHandlers } from './archivebox/routes-core.js';
import { uploadHandlers } from './archivebox/routes-uploads.js';
import { validate } from './archivebox/schema.js';
import { crawlPermission, serializers } from './archivebox/serialize.js';

/** @typedef {'0.8' | '0.9' | '0.9-uploads'} AbVersion */
/** @typedef {import('./archivebox/context.js').AbContext} Ctx */
/** @typedef {import('./http-core.js').Reply} Reply */
/** @typedef {(ctx: Ctx, ...params: string[]) => Reply | Promise<Reply>} Handler */

const ALL = /** @type {AbVersion[]} */ (['0.8', '0.9', '0.9-uploads']);
const V09 = /** @type {AbVersion[]} */ (['0.9', '0.9-uploads']);
const NEWEST = /** @type {AbVersion[]} */ (['0.9-uploads']);
const ID = '([^/]+)';

/**
 * @type {{ method: string, path: string, pattern: RegExp, versions: AbVersion[], handler?: Handler, public?: boolean }[]}
 */
const ROUTES = [
  ['POST', '/auth/get_api_token', ALL, undefined, true],
  ['POST', '/auth/check_api_token', ALL, undefined, true],
  ['GET', '/core/snapshots', ALL, coreHandlers.snapshots],
  ['POST', '/core/snapshots', V09, coreHandlers.createSnapshot],
  ['GET', '/core/snapshot/{id}', ALL, coreHandlers.snapshot],
  ['PATCH', '/core/snapshot/{id}', V09, coreHandlers.patchSnapshot],
  ['DELETE', '/core/snapshot/{id}', V09, coreHandlers.deleteSnapshot],
  ['GET', '/core/archiveresults', ALL, coreHandlers.archiveresults],
  ['POST', '/core/archiveresults', NEWEST, uploadHandlers.create],
  ['GET', '/core/archiveresult/{id}', ALL, coreHandlers.archiveresult],
  ['PATCH', '/core/archiveresult/{id}', NEWEST, uploadHandlers.patch],
  ['GET', '/core/tags', ALL, coreHandlers.tags],
  ['POST', '/core/tags/create/', V09, coreHandlers.createTag],
  ['POST', '/core/tags/add-to-snapshot/', V09, (ctx) => coreHandlers.tagOnSnapshot(ctx, 'add')],
  [
    'POST',
    '/core/tags/remove-from-snapshot/',
    V09,
    (ctx) => coreHandlers.tagOnSnapshot(ctx, 'remove'),
  ],
  ['GET', '/core/tag/{id}', ALL, coreHandlers.tag],
  ['DELETE', '/core/tag/{id}', V09, coreHandlers.deleteTag],
  ['POST', '/core/tag/{id}/rename', V09, coreHandlers.renameTag],
  ['GET', '/core/any/{id}', ['0.8'], coreHandlers.any],
  ['POST', '/cli/add', ALL, cliHandlers.add],
  ['POST', '/cli/update', ALL, cliHandlers.update],
  ['POST', '/cli/schedule', ALL, cliHandlers.schedule],
  ['POST', '/cli/list', ['0.8'], cliHandlers.list],
  ['POST', '/cli/search', V09, cliHandlers.list],
  ['POST', '/cli/remove', ALL, cliHandlers.remove],
  ['GET', '/crawls/crawls', V09, coreHandlers.crawls],
  ['GET', '/crawls/crawl/{id}', V09, coreHandlers.crawl],
  ['POST', '/crawls/crawls', V09, coreHandlers.createCrawl],
  ['DELETE', '/crawls/crawl/{id}', V09, coreHandlers.deleteCrawl],
].map(([method, path, versions, handler, isPublic]) => ({
  method: /** @type {string} */ (method),
  path: /** @type {string} */ (path),
  pattern: new RegExp(`^${String(path).replace(/\{id\}/g, ID)}$`),
  versions: /** @type {AbVersion[]} */ (versions),
  handler: /** @type {Handler | undefined} */ (handler),
  public: Boolean(isPublic),
}));

/** @param {string} text */
const escapeHtml = (text) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );

/** The 0.9 CORS headers (B2); 0.8 sends none. */
const CORS_09 = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, X-ArchiveBox-API-Key, Content-Type, X-CSRFToken',
  'Access-Control-Max-Age': '600',
};

/** Python's isoformat for an aware UTC datetime. @param {number} ms */
const pyIso = (ms) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');

/** Values the auth classes treat as "not given" (B3). @param {string | undefined} v */
const blank = (v) =>
  v === undefined || ['', 'string', 'None', 'null', 'undefined'].includes(v.trim());

/**
 * @typedef {object} ArchiveBoxServerOptions
 * @property {AbVersion} [version] Default '0.8'.
 * @property {number} [port]
 * @property {number} [seed]
 * @property {{ username: string, password: string, isSuperuser?: boolean }[]} [users] Default:
 *   admin/password (superuser). A "system" user (id 1) always exists, as in real ArchiveBox.
 * @property {string} [token] The first user's API token (default: generated, 32 hex).
 * @property {number} [addDelayMs] 0.8: how long cli/add holds the request (default 100).
 * @property {{ queuedMs?: number, startedMs?: number, manual?: boolean }} [progress] 0.9
 *   snapshot progression on the server clock (defaults 20 / 50 ms).
 * @property {(url: string) => string | undefined} [pageTitle] The title "archiving" finds.
 * @property {() => number} [now]
 * @property {'safe-onedomain-nojsreplay' | 'safe-subdomains-fullreplay' | 'unsafe-onedomain-noadmin'} [securityMode]
 *   0.9 host routing (B2). Default safe-onedomain-nojsreplay (any host works).
 * @property {string} [listenHost] For safe-subdomains-fullreplay (default archivebox.localhost:<port>).
 * @property {number | import('./faults.js').FailureRateOptions} [failureRate]
 * @property {boolean} [permissionsIgnored] Newest 0.9 only: crawls store and report
 *   PERMISSIONS, but the web side serves every snapshot to anyone (a server that does not act
 *   on the setting, which a client must notice).
 * @property {boolean} [uploadProgress] Newest 0.9 only: report an upload's chunks before the
 *   last (B6). A real 0.9.73 keeps output_files empty until the last chunk (B9b), and so does
 *   this server by default.
 */

/**
 * Starts the ArchiveBox test server on 127.0.0.1.
 * @param {ArchiveBoxServerOptions} [options]
 */
export async function startArchiveBoxServer(options = {}) {
  const version = options.version ?? '0.8';
  let offset = 0;
  const baseNow = options.now ?? Date.now;
  const now = () => baseNow() + offset;
  const model = createArchiveBoxModel({
    now,
    seed: options.seed ?? 1,
    progress: { ...options.progress, pageTitle: options.pageTitle },
  });
  model.addUser({ username: 'system', password: `!unusable-${Math.random()}`, isSuperuser: true });
  const users = (options.users ?? [{ username: 'admin', password: 'password' }]).map((u) =>
    model.addUser(u),
  );
  const first = users[0];
  if (!first) throw new Error('the ArchiveBox test server needs a user');
  const firstToken = model.addToken(first.id, { token: options.token });
  const faults = createFaults({ failureRate: options.failureRate });
  const ser = serializers(model, version, { uploadProgress: options.uploadProgress });
  /** @type {Set<() => void>} */
  const wakers = new Set();
  let port = 0;

  /** @param {number} ms */
  const sleep = (ms) =>
    new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve(undefined);
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });

  /**
   * Tries the auth classes in order; the first that finds a user wins (B3).
   * @param {import('./http-core.js').ServerRequest} req
   * @returns {{ user?: import('./archivebox/model.js').AbUser, token?: import('./archivebox/model.js').AbToken, method?: string }}
   */
  function authenticate(req) {
    /** @param {string | undefined} value */
    const byToken = (value) => {
      if (blank(value)) return undefined;
      const token = model.state.tokens.get(String(value).trim());
      if (!token || (token.expires !== null && token.expires <= now())) return undefined;
      const user = model.state.users.get(token.userId);
      return user ? { user, token } : undefined;
    };
    const header = req.headers['x-archivebox-api-key'];
    const viaHeader = byToken(Array.isArray(header) ? header[0] : header);
    if (viaHeader) return { ...viaHeader, method: 'HeaderTokenAuth' };
    const authorization = req.headers.authorization ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
    const viaBearer = byToken(bearer?.[1]);
    if (viaBearer) return { ...viaBearer, method: 'BearerTokenAuth' };
    const viaQuery = byToken(req.query.api_key);
    if (viaQuery) return { ...viaQuery, method: 'QueryParamTokenAuth' };
    const basic = /^Basic\s+(.+)$/i.exec(authorization);
    if (version === '0.8' && basic?.[1]) {
      const [username, ...rest] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      const user = [...model.state.users.values()].find(
        (u) => u.username === username && u.password === rest.join(':'),
      );
      if (user) return { user, method: 'UsernameAndPasswordAuth' };
    }
    return {};
  }

  /** @param {ReturnType<typeof authenticate>} auth */
  function authHeaders(auth) {
    return {
      'Cache-Control': 'no-store',
      'X-ArchiveBox-Stdout': '',
      'X-ArchiveBox-Stderr': '',
      'X-ArchiveBox-Auth-Method': auth.method ?? 'None',
      'X-ArchiveBox-Auth-Expires': auth.token?.expires ? pyIso(auth.token.expires) : 'Never',
      'X-ArchiveBox-Auth-Token-Id': auth.token
        ? version === '0.8'
          ? auth.token.abid
          : auth.token.id
        : 'None',
      'X-ArchiveBox-Auth-User-Id': auth.user ? String(auth.user.id) : 'None',
      'X-ArchiveBox-Auth-User-Username': auth.user?.username ?? 'None',
    };
  }

  /** @param {import('./http-core.js').ServerRequest} req */
  function tokenRoutes(req) {
    if (req.body.error) return detail(400, 'Cannot parse request body');
    if (req.path.endsWith('/check_api_token')) {
      const parsed = validate(
        req.body.json ?? {},
        { token: { type: 'str', required: true } },
        'auth_data',
      );
      if ('errors' in parsed) return { status: 422, json: { detail: parsed.errors } };
      const token = model.state.tokens.get(parsed.value.token);
      const valid = token && (token.expires === null || token.expires > now());
      // Superuser status is not checked here (B3).
      return {
        status: 200,
        json: valid
          ? { success: true, user_id: String(token.userId) }
          : { success: false, user_id: null },
      };
    }
    const parsed = validate(
      req.body.json ?? {},
      { username: { type: 'str', required: true }, password: { type: 'str', required: true } },
      'auth_data',
    );
    if ('errors' in parsed) return { status: 422, json: { detail: parsed.errors } };
    const user = [...model.state.users.values()].find(
      (u) => u.username === parsed.value.username && u.password === parsed.value.password,
    );
    // A bad password and a non-superuser look the same, and both are 200s.
    if (!user || !user.isSuperuser)
      return { status: 200, json: { success: false, errors: ['Invalid credentials'] } };
    const token =
      [...model.state.tokens.values()].find(
        (t) => t.userId === user.id && (t.expires === null || t.expires > now()),
      ) ?? model.addToken(user.id);
    if (version === '0.8') {
      // What a real 0.8.5rc51 answers: the token object itself, no `success` field.
      return {
        status: 200,
        json: {
          TYPE: 'APIToken',
          id: token.id,
          abid: token.abid,
          created_by_id: String(user.id),
          token: token.token,
          created_at: pyIso(token.createdAt),
          expires: token.expires === null ? null : pyIso(token.expires),
        },
      };
    }
    return {
      status: 200,
      json: {
        success: true,
        user_id: String(user.id),
        username: user.username,
        token: token.token,
        expires: token.expires === null ? null : pyIso(token.expires),
      },
    };
  }

  /** The OpenAPI schema lists exactly this version's routes (B1, B8). */
  function openapi() {
    /** @type {Record<string, Record<string, unknown>>} */
    const paths = {};
    for (const route of ROUTES) {
      if (!route.versions.includes(version)) continue;
      const path = `/api/v1${route.path.replace('{id}', '{id}')}`;
      paths[path] = {
        ...paths[path],
        [route.method.toLowerCase()]: {
          operationId: `${route.method}_${route.path}`,
          summary: route.path,
        },
      };
    }
    const label = version === '0.8' ? '0.8.5rc51' : version === '0.9' ? '0.9.31rc1' : '0.9.73';
    return {
      openapi: '3.1.0',
      info: {
        title: 'ArchiveBox API',
        version: 'v1',
        description: `ArchiveBox ${label} (test server)`,
      },
      paths,
    };
  }

  /**
   * The web side, as an anonymous visitor sees it (B9b; no session cookies here): `/public/`
   * lists public snapshots, `/snapshot/<id>/[file]` serves a public or unlisted snapshot and
   * sends a private one to the login page. Only newest 0.9 has per-snapshot privacy.
   * @param {import('./http-core.js').ServerRequest} req
   * @returns {Reply}
   */
  function anonymousPage(req) {
    const visible = (/** @type {import('./archivebox/model.js').AbSnapshot} */ s) =>
      options.permissionsIgnored
        ? 'public'
        : crawlPermission(model.state.crawls.get(s.crawlId ?? ''), version);
    if (req.method === 'GET' && req.path === '/public/' && version !== '0.8') {
      const rows = [...model.state.snapshots.values()]
        .filter((s) => s.status !== 'deleting' && visible(s) === 'public')
        .map(
          (s) =>
            `<li><a href="/snapshot/${s.id}/">${escapeHtml(s.title ?? s.url)}</a> ${escapeHtml(s.url)}</li>`,
        );
      return {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        body: `<!DOCTYPE html><html><body><ul>${rows.join('')}</ul></body></html>`,
      };
    }
    const page = /^\/snapshot\/([0-9a-f-]{32,36})\/(.*)$/.exec(req.path);
    const snapshot =
      page && req.method === 'GET' ? model.state.snapshots.get(page[1] ?? '') : undefined;
    if (version !== '0.8' && snapshot && snapshot.status !== 'deleting') {
      if (visible(snapshot) === 'private') {
        const next = encodeURIComponent(`/${page?.[2] ?? ''}`);
        return {
          status: 302,
          headers: {
            Location: `http://archivebox.localhost:${port}/admin/core/snapshot/replay-auth/?snapshot=${snapshot.id}&next=${next}`,
          },
          body: '',
        };
      }
      const file = page?.[2] ? findFile(snapshot, page[2]) : undefined;
      if (page?.[2] && !file) return DJANGO_404();
      return file
        ? { status: 200, headers: { 'Content-Type': file.mimetype }, body: file.bytes }
        : {
            status: 200,
            headers: { 'Content-Type': 'text/html; charset=utf-8' },
            body: `<!DOCTYPE html><html><body><h1>${escapeHtml(snapshot.title ?? snapshot.url)}</h1></body></html>`,
          };
    }
    return DJANGO_404();
  }

  /**
   * An uploaded file of a snapshot by its path under the snapshot dir (`<plugin>/<path>`).
   * @param {import('./archivebox/model.js').AbSnapshot} snapshot
   * @param {string} path
   */
  function findFile(snapshot, path) {
    for (const id of snapshot.resultIds) {
      const result = model.state.results.get(id);
      if (!result || !path.startsWith(`${result.plugin}/`)) continue;
      const file = result.files.get(path.slice(result.plugin.length + 1));
      if (file) return { bytes: file.data, mimetype: file.mimetype };
    }
    return undefined;
  }

  /** @param {import('./http-core.js').ServerRequest} req @returns {Promise<Reply>} */
  async function handle(req) {
    const host = String(req.headers.host ?? '');
    if (version !== '0.8' && options.securityMode === 'safe-subdomains-fullreplay') {
      const listen = options.listenHost ?? `archivebox.localhost:${port}`;
      if (host !== `api.${listen}` && host !== `web.${listen}` && host !== `admin.${listen}`) {
        return {
          status: 302,
          headers: { Location: `http://web.${listen}${req.path}${req.url.search}` },
          body: '',
        };
      }
    }
    if (version !== '0.8' && options.securityMode === 'unsafe-onedomain-noadmin') {
      if (req.method !== 'GET' || req.path.startsWith('/api')) {
        return {
          status: 403,
          headers: { 'Content-Type': 'text/plain' },
          body: 'control plane disabled',
        };
      }
    }
    if (req.path === '/api' || req.path === '/api/')
      return { status: 302, headers: { Location: '/api/v1' }, body: '' };
    if (req.path === '/api/v1' || req.path === '/api/v1/')
      return { status: 302, headers: { Location: '/api/v1/docs' }, body: '' };
    if (!req.path.startsWith('/api/v1/')) return anonymousPage(req);
    const cors = version === '0.8' ? {} : CORS_09;
    const rest = req.path.slice('/api/v1'.length);
    if (rest === '/docs') {
      return {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        body: '<!DOCTYPE html><html><head><title>ArchiveBox API</title></head><body><div id="swagger-ui"></div></body></html>',
      };
    }
    if (rest === '/openapi.json') return { status: 200, headers: cors, json: openapi() };
    if (req.method === 'OPTIONS' && version !== '0.8')
      return { status: 204, headers: cors, body: '' };

    const candidates = ROUTES.filter((r) => r.versions.includes(version) && r.pattern.test(rest));
    if (candidates.length === 0)
      return { ...DJANGO_404(), headers: { ...DJANGO_404().headers, ...cors } };
    const route = candidates.find((r) => r.method === req.method);
    if (!route)
      return {
        status: 405,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', ...cors },
        body: 'Method not allowed',
      };
    const params = (route.pattern.exec(rest) ?? []).slice(1).map(decodeURIComponent);
    // django-ninja reads a JSON body whatever the Content-Type says.
    if (req.body.kind === 'other' && req.body.json === undefined) {
      try {
        req.body.json = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        req.body.error = 'not JSON';
      }
    }
    const withHeaders = (
      /** @type {ReturnType<typeof authenticate>} */ auth,
      /** @type {Reply} */ r,
    ) => ({
      ...r,
      // A real 0.8.5rc51 sets Cache-Control and the X-ArchiveBox-* headers only on responses
      // that did not come from an exception: its 4xx/5xx error bodies have none.
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        ...(r.status < 400 ? authHeaders(auth) : {}),
        ...cors,
        ...r.headers,
      },
    });
    if (route.public) return withHeaders({}, tokenRoutes(req));
    const auth = authenticate(req);
    if (!auth.user) return withHeaders(auth, UNAUTHORIZED());
    if (!auth.user.isSuperuser) {
      const who = version === '0.8' ? 'Valid API token' : 'Valid credentials';
      return withHeaders(
        auth,
        detail(403, `${who} but User does not have permission (make sure user.is_superuser=True)`),
      );
    }
    /** @type {Ctx} */
    const ctx = {
      req,
      user: auth.user,
      version,
      model,
      ser,
      now,
      sleep,
      addDelayMs: options.addDelayMs ?? 100,
      pageTitle: options.pageTitle,
    };
    const handler = /** @type {Handler} */ (route.handler);
    return withHeaders(auth, await handler(ctx, ...params));
  }

  const core = await startCoreServer({ handle, faults, port: options.port });
  port = core.port;

  /** @param {string} id */
  const snapshotOf = (id) => {
    const s = model.state.snapshots.get(id);
    if (!s) throw new Error(`no snapshot ${id}`);
    return s;
  };

  return {
    version,
    origin: core.origin,
    apiBase: `${core.origin}/api/v1`,
    /** The first user's API token. */
    token: firstToken.token,
    username: first.username,
    password: first.password,
    /** The live state: edit it to set up a case. */
    state: Object.assign(model.state, { requests: core.log }),
    requests: core.log,
    faults,
    clock: {
      now,
      /** @param {number} ms */
      advance(ms) {
        offset += ms;
      },
    },
    /** @param {{ username: string, password: string, isSuperuser?: boolean }} init */
    addUser: (init) => model.addUser(init),
    /**
     * @param {number} userId
     * @param {{ token?: string, expires?: number | null }} [init] expires ms; null = never.
     */
    addToken: (userId, init) => model.addToken(userId, init).token,
    /** 0.9 snapshot progression control. */
    snapshots: {
      /** Moves a snapshot a step: queued → started → sealed. @param {string} id */
      step(id) {
        const s = snapshotOf(id);
        if (s.status === 'queued') s.status = 'started';
        else if (s.status === 'started') model.seal(s);
      },
      /** @param {string} id */
      seal(id) {
        const s = snapshotOf(id);
        if (s.status !== 'sealed') model.seal(s);
      },
      /** Makes a snapshot ignore the clock. @param {string} id */
      hold(id) {
        snapshotOf(id).manual = true;
      },
    },
    async close() {
      for (const wake of [...wakers]) wake();
      await core.close();
    },
  };
}
