// @ts-check
// A Perma.cc API v1 test server that copies the contract in docs/server-apis.md Part A, quirks
// included (A10): ApiKey auth with the deprecated api_key parameter, optional trailing slashes,
// JSON vs the browsable HTML API, CORS, plain-text 404s, DRF error bodies, the link quota, the
// 24 h rule, simulated capture jobs, uploads and batches. State and the request log are open
// for tests to inspect; faults are injected through `faults` (./faults.js).
import { createFaults } from './faults.js';
import { startCoreServer } from './http-core.js';
import { warcForCapture } from './perma/create.js';
import { createPermaModel } from './perma/model.js';
import { detail, PAGE_NOT_FOUND } from './perma/respond.js';
import { archiveHandlers, publicHandlers } from './perma/routes-archives.js';
import { folderHandlers } from './perma/routes-folders.js';
import { miscHandlers } from './perma/routes-misc.js';
import { serializers } from './perma/serialize.js';

/** @typedef {import('./perma/context.js').PermaContext} Ctx */
/** @typedef {(ctx: Ctx, ...params: string[]) => import('./http-core.js').Reply} Handler */

const GUID = '([A-Za-z0-9-]{6,11})';
const ID = '(\\d+)';

/**
 * Routes relative to the API base, without the optional trailing slash. Order matters:
 * `archives/export` and `archives/batches` come before `archives/{guid}`.
 * @type {{ pattern: RegExp, methods: Record<string, Handler>, public?: boolean, legacyUserPrefix?: boolean }[]}
 */
const ROUTES = [
  { pattern: /^$/, methods: { GET: miscHandlers.root }, public: true },
  { pattern: /^\/user$/, methods: { GET: miscHandlers.user } },
  {
    pattern: /^\/organizations$/,
    methods: { GET: miscHandlers.organizations },
    legacyUserPrefix: true,
  },
  {
    pattern: new RegExp(`^/organizations/${ID}$`),
    methods: { GET: miscHandlers.organization },
    legacyUserPrefix: true,
  },
  {
    pattern: /^\/folders$/,
    methods: { GET: folderHandlers.listTop, POST: folderHandlers.createTop },
    legacyUserPrefix: true,
  },
  {
    pattern: new RegExp(`^/folders/${ID}$`),
    methods: {
      GET: folderHandlers.get,
      PATCH: folderHandlers.patch,
      PUT: folderHandlers.put,
      DELETE: folderHandlers.delete,
    },
    legacyUserPrefix: true,
  },
  {
    pattern: new RegExp(`^/folders/${ID}/folders$`),
    methods: { GET: folderHandlers.listChildren, POST: folderHandlers.createChild },
  },
  {
    pattern: new RegExp(`^/folders/${ID}/folders/${ID}$`),
    methods: { PUT: folderHandlers.moveNested },
  },
  {
    pattern: new RegExp(`^/folders/${ID}/archives$`),
    methods: { GET: archiveHandlers.listInFolder, POST: archiveHandlers.createInFolder },
  },
  {
    pattern: new RegExp(`^/folders/${ID}/archives/export$`),
    methods: { GET: archiveHandlers.exportFolder },
  },
  {
    pattern: new RegExp(`^/folders/${ID}/archives/${GUID}$`),
    methods: { PUT: archiveHandlers.moveInto },
  },
  {
    pattern: /^\/archives$/,
    methods: { GET: archiveHandlers.list, POST: archiveHandlers.create },
    legacyUserPrefix: true,
  },
  {
    pattern: /^\/archives\/export$/,
    methods: { GET: archiveHandlers.export },
    legacyUserPrefix: true,
  },
  {
    pattern: /^\/archives\/batches$/,
    methods: { GET: miscHandlers.batches, POST: miscHandlers.createBatch },
    legacyUserPrefix: true,
  },
  {
    pattern: new RegExp(`^/archives/batches/${ID}$`),
    methods: { GET: miscHandlers.batch },
    legacyUserPrefix: true,
  },
  {
    pattern: new RegExp(`^/archives/batches/${ID}/export$`),
    methods: { GET: miscHandlers.batchExport },
    legacyUserPrefix: true,
  },
  {
    pattern: new RegExp(`^/archives/${GUID}$`),
    methods: {
      GET: archiveHandlers.get,
      PATCH: archiveHandlers.patch,
      DELETE: archiveHandlers.delete,
    },
    legacyUserPrefix: true,
  },
  {
    pattern: new RegExp(`^/archives/${GUID}/download$`),
    methods: { GET: archiveHandlers.download },
    legacyUserPrefix: true,
  },
  {
    pattern: /^\/capture_jobs$/,
    methods: { GET: miscHandlers.captureJobs },
    legacyUserPrefix: true,
  },
  {
    pattern: new RegExp(`^/capture_jobs/${GUID}$`),
    methods: { GET: miscHandlers.captureJob },
    legacyUserPrefix: true,
  },
  { pattern: /^\/public\/archives$/, methods: { GET: publicHandlers.list }, public: true },
  {
    pattern: new RegExp(`^/public/archives/${GUID}$`),
    methods: { GET: publicHandlers.get },
    public: true,
  },
  {
    pattern: new RegExp(`^/public/archives/${GUID}/download$`),
    methods: { GET: publicHandlers.download },
    public: true,
  },
];

/** The API base paths the real service answers on (A1). */
const BASES = ['/v1', '/api/v1'];

/**
 * Finds the route for a path below the API base ('' is the root), honouring the optional
 * trailing slash and the legacy /v1/user/ prefix.
 * @param {string} rest
 */
function findRoute(rest) {
  const path = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.slice(1) };
  }
  const legacy = /^\/user(\/.+)$/.exec(path);
  if (legacy?.[1]) {
    for (const route of ROUTES) {
      const match = route.legacyUserPrefix ? route.pattern.exec(legacy[1]) : null;
      if (match) return { route, params: match.slice(1) };
    }
  }
  return undefined;
}

/**
 * ApiKey authentication as DRF runs it (A2). Returns the user, nothing (no credentials), or
 * the 401 message.
 * @param {import('./http-core.js').ServerRequest} req
 * @param {import('./perma/model.js').PermaModel} model
 * @returns {{ user?: import('./perma/model.js').PermaUser, error?: string }}
 */
function authenticate(req, model) {
  const formKey =
    req.body.kind === 'form' || req.body.kind === 'multipart' ? req.body.fields.api_key : undefined;
  // The deprecated parameter wins over the header when both are present.
  const paramKey = req.query.api_key ?? (typeof formKey === 'string' ? formKey : undefined);
  /** @param {string} key */
  const lookup = (key) => {
    const user = [...model.state.users.values()].find((u) => u.apiKey === key);
    if (!user) return { error: 'Invalid token.' };
    if (!user.active) return { error: 'User inactive or deleted.' };
    return { user };
  };
  if (paramKey !== undefined) return lookup(paramKey);
  const header = req.headers.authorization;
  if (!header) return {};
  const parts = header.trim().split(/\s+/);
  if (parts[0]?.toLowerCase() !== 'apikey') return {};
  if (parts.length === 1) return { error: 'Invalid token header. No credentials provided.' };
  if (parts.length > 2)
    return { error: 'Invalid token header. Token string should not contain spaces.' };
  return lookup(parts[1] ?? '');
}

/** DRF's browsable API, reduced: the JSON in a page, same status. */
function browsable(
  /** @type {import('./http-core.js').Reply} */ reply,
  /** @type {string} */ path,
) {
  const pretty = JSON.stringify(reply.json, null, 2).replace(
    /[<&>]/g,
    (c) => `&#${c.charCodeAt(0)};`,
  );
  return {
    status: reply.status,
    headers: { ...reply.headers, 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!DOCTYPE html>\n<html><head><title>Perma API - Django REST framework</title></head><body><div class="content-main"><h1>${path}</h1><pre class="prettyprint"><span class="meta nocode"><b>HTTP ${reply.status}</b></span>\n${pretty}</pre></div></body></html>\n`,
  };
}

/**
 * Whether DRF would pick the browsable API: `?format=json` forces JSON; `?format=api` or an
 * Accept header that asks for text/html (a browser's) gives HTML; `*\/*` gives JSON.
 * @param {import('./http-core.js').ServerRequest} req
 */
function wantsHtml(req) {
  if (req.query.format === 'json') return false;
  if (req.query.format === 'api') return true;
  return /(^|,)\s*text\/html/i.test(req.headers.accept ?? '');
}

/**
 * @typedef {object} PermaServerOptions
 * @property {number} [port]
 * @property {number} [seed] Seeds GUIDs and generated API keys (default 1).
 * @property {import('./perma/model.js').UserInit[]} [users] Seeded users (default: one).
 * @property {'new' | 'old'} [pagination] 'new' (default): no total_count, `next` always set.
 * @property {import('./perma/model.js').CaptureOptions} [capture]
 * @property {() => number} [now] Base clock in ms (default Date.now); `clock.advance` adds to it.
 * @property {number} [maxFileSize] Upload limit in bytes (default 100 MB).
 * @property {boolean} [acceptWarcUploads] "Extended" mode: accept .warc/.warc.gz uploads.
 * @property {(url: string) => string | undefined} [validateUrl] Capture-service rejections.
 * @property {number | import('./faults.js').FailureRateOptions} [failureRate]
 */

/**
 * Starts the Perma test server on 127.0.0.1.
 * @param {PermaServerOptions} [options]
 */
export async function startPermaServer(options = {}) {
  let offset = 0;
  const baseNow = options.now ?? Date.now;
  const now = () => baseNow() + offset;
  const model = createPermaModel({ now, seed: options.seed ?? 1, capture: options.capture ?? {} });
  model.setWarcBuilder(warcForCapture);
  for (const init of options.users ?? [{}]) model.addUser(init);
  const faults = createFaults({ failureRate: options.failureRate });
  const settings = {
    maxFileSize: options.maxFileSize ?? 100 * 1024 * 1024,
    acceptWarcUploads: options.acceptWarcUploads ?? false,
    validateUrl: options.validateUrl,
    captureFails: options.capture?.fails,
  };
  /** Anyone: used for public routes, owns nothing. */
  const anonymous = /** @type {import('./perma/model.js').PermaUser} */ ({
    id: -1,
    apiKey: '',
    firstName: '',
    lastName: '',
    active: true,
    linkLimit: 0,
    linkLimitPeriod: 'once',
    bonusLinks: 0,
    rootFolderId: -1,
    sponsoredRootId: undefined,
    orgIds: [],
  });
  let apiBase = '';

  /** @param {import('./http-core.js').ServerRequest} req @returns {import('./http-core.js').Reply} */
  function handle(req) {
    const base = BASES.find((b) => req.path === b || req.path.startsWith(`${b}/`));
    /** @type {Record<string, string>} */
    const cors = {};
    if (req.path.includes('/v1/')) {
      cors['Access-Control-Allow-Origin'] = req.headers.origin ?? '*';
      cors['Access-Control-Allow-Headers'] = 'Authorization, Content-Type';
      cors['Access-Control-Allow-Methods'] = '*';
      cors['Vary'] = 'Origin';
    }
    const withCors = (/** @type {import('./http-core.js').Reply} */ r) => ({
      ...r,
      headers: { ...cors, ...r.headers },
    });
    // Preflights are answered before routing and authentication, always 200 (A1).
    if (
      req.method === 'OPTIONS' &&
      req.headers['access-control-request-method'] &&
      cors['Access-Control-Allow-Origin']
    ) {
      return withCors({ status: 200, headers: { 'Content-Length': '0' }, body: '' });
    }
    if (base === undefined) return withCors(PAGE_NOT_FOUND());
    const found = findRoute(req.path.slice(base.length));
    if (!found) return withCors(PAGE_NOT_FOUND());
    const { route, params } = found;

    let auth = authenticate(req, model);
    // Session cookies authenticate after ApiKey (the web app's path); DRF then enforces CSRF on
    // unsafe methods, which a cookie-only API client cannot pass (A2).
    if (!auth.user && !auth.error) {
      const session = /(?:^|;\s*)sessionid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      const userId = session ? model.state.sessions.get(session) : undefined;
      const user = userId === undefined ? undefined : model.state.users.get(userId);
      if (user && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method)) {
        return withCors({ status: 403, json: { detail: 'CSRF Failed: CSRF cookie not set.' } });
      }
      if (user) auth = { user };
    }
    if (auth.error || (!auth.user && !route.public && req.method !== 'OPTIONS')) {
      return withCors({
        status: 401,
        headers: { 'WWW-Authenticate': 'ApiKey' },
        json: { detail: auth.error ?? 'Authentication credentials were not provided.' },
      });
    }
    const allowed = [...Object.keys(route.methods), 'OPTIONS'];
    if (req.method === 'OPTIONS') {
      return withCors({
        status: 200,
        headers: { Allow: allowed.join(', ') },
        json: {
          name: 'Perma API',
          renders: ['application/json', 'text/html'],
          parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
        },
      });
    }
    const handler = route.methods[req.method === 'HEAD' ? 'GET' : req.method];
    /** @type {import('./http-core.js').Reply} */
    let reply;
    if (!handler) {
      reply = {
        ...detail(405, `Method "${req.method}" not allowed.`),
        headers: { Allow: allowed.join(', ') },
      };
    } else {
      /** @type {Ctx} */
      const ctx = {
        req,
        user: auth.user ?? anonymous,
        authenticated: auth.user !== undefined,
        model,
        ser: serializers(model, `${req.url.origin}${base}`),
        settings,
        now,
        style: options.pagination ?? 'new',
        apiBase: `${req.url.origin}${base}`,
      };
      reply = handler(ctx, ...params);
    }
    if (reply.json !== undefined && reply.body === undefined && wantsHtml(req)) {
      reply = browsable(reply, req.path);
    }
    return withCors(reply);
  }

  const core = await startCoreServer({ handle, faults, port: options.port });
  apiBase = `${core.origin}/v1`;
  const firstUser = [...model.state.users.values()][0];
  if (!firstUser) throw new Error('the Perma test server needs at least one user');

  /** @param {string} guid */
  const jobOf = (guid) => {
    const archive = model.state.archives.get(guid);
    const job = archive?.jobId ? model.state.captureJobs.get(archive.jobId) : undefined;
    if (!job) throw new Error(`no capture job for ${guid}`);
    return job;
  };

  return {
    origin: core.origin,
    apiBase,
    /** The first seeded user's API key. */
    apiKey: firstUser.apiKey,
    user: firstUser,
    /** The live state: edit it to set up a case (e.g. an archive's privateReason). */
    state: Object.assign(model.state, { requests: core.log }),
    /** Every request received, in order. */
    requests: core.log,
    faults,
    clock: {
      now,
      /** @param {number} ms */
      advance(ms) {
        offset += ms;
      },
      /** @param {number} ms absolute time */
      set(ms) {
        offset = ms - baseNow();
      },
    },
    /**
     * A logged-in web session for a user; send it as `Cookie: sessionid=<value>`.
     * @param {number} userId
     */
    addSession(userId) {
      const id = `session-${userId}-${model.state.sessions.size + 1}`;
      model.state.sessions.set(id, userId);
      return id;
    },
    /** @param {boolean} down */
    setCaptureServiceDown(down) {
      model.state.captureServiceDown = down;
    },
    /** @param {import('./perma/model.js').UserInit} [init] */
    addUser: (init) => model.addUser(init),
    addOrganization: model.addOrganization,
    addSponsorship: model.addSponsorship,
    /** Adds a subfolder directly (no HTTP). @param {number} parentId @param {string} name */
    addFolder(parentId, name) {
      const parent = model.state.folders.get(parentId);
      if (!parent) throw new Error(`no folder ${parentId}`);
      return model.addFolder({ name, parentId, ownerId: parent.ownerId, organizationId: null });
    },
    /** Capture-job control for tests (use with capture.manual, or to force an outcome). */
    captures: {
      /**
       * Moves one job (or every open job) a step: pending → in_progress → its outcome.
       * @param {string} [guid]
       */
      step(guid) {
        const jobs = guid ? [jobOf(guid)] : [...model.state.captureJobs.values()];
        for (const job of jobs) {
          if (job.status === 'pending') model.startJob(job, now());
          else if (job.status === 'in_progress') model.finishJob(job, job.outcome, now());
        }
      },
      /**
       * Ends a capture now.
       * @param {string} guid
       * @param {'completed' | 'failed'} [outcome]
       */
      finish(guid, outcome = 'completed') {
        const job = jobOf(guid);
        if (job.status === 'pending' || job.status === 'in_progress')
          model.finishJob(job, outcome, now());
      },
      /** Makes a job ignore the clock until step/finish moves it. @param {string} guid */
      hold(guid) {
        jobOf(guid).manual = true;
      },
    },
    close: () => core.close(),
  };
}
