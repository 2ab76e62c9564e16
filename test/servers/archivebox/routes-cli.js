// @ts-check
// The /api/v1/cli/* mirror of the ArchiveBox command line (server-apis.md B5a, B5b, B7):
// 0.8's add runs inside the request; 0.9's add queues a crawl and returns ids at once.
import { crash, detail } from './errors.js';
import { validate } from './schema.js';

/** @typedef {import('./context.js').AbContext} Ctx */
/** @typedef {import('../http-core.js').Reply} Reply */

const ADD_08 = /** @type {import('./schema.js').Schema} */ ({
  urls: { type: 'list[str]', required: true },
  tag: { type: 'str', default: '' },
  depth: { type: 'int', default: 0 },
  update: { type: 'bool', default: false },
  update_all: { type: 'bool', default: false },
  index_only: { type: 'bool', default: false },
  overwrite: { type: 'bool', default: false },
  init: { type: 'bool', default: false },
  extractors: { type: 'str', default: '' },
  parser: { type: 'str', default: 'auto' },
});

const ADD_09 = /** @type {import('./schema.js').Schema} */ ({
  urls: { type: 'list[str]', required: true },
  tag: { type: 'str', default: '' },
  depth: { type: 'int', default: 0 },
  parser: { type: 'str', default: 'auto' },
  plugins: { type: 'str', default: '' },
  update: { type: 'bool', default: false },
  overwrite: { type: 'bool', default: false },
  index_only: { type: 'bool', default: false },
});

/** Fields the newest 0.9 added to cli/add (B5b). */
const ADD_NEWEST = /** @type {import('./schema.js').Schema} */ ({
  ...ADD_09,
  snapshot_ids: { type: 'list[str]', default: () => [] },
  max_urls: { type: 'int', default: 0 },
  crawl_max_size: { type: 'int', default: 0 },
  crawl_timeout: { type: 'int', default: 0 },
  snapshot_max_size: { type: 'int', default: 0 },
  persona: { type: 'str', default: 'Default' },
  only_new: { type: 'bool|null', default: null },
});

const FILTER = /** @type {import('./schema.js').Schema} */ ({
  filter_patterns: { type: 'list[str]', default: () => ['https://example.com'] },
  filter_type: { type: 'str', default: 'exact' },
  status: { type: 'str|null', default: null },
  after: { type: 'str|null', default: null },
  before: { type: 'str|null', default: null },
});

/** @param {Ctx} ctx @param {import('./schema.js').Schema} schema @returns {{ value: Record<string, any> } | { reply: Reply }} */
function body(ctx, schema) {
  if (ctx.req.body.error) return { reply: detail(400, 'Cannot parse request body') };
  const result = validate(ctx.req.body.json ?? {}, schema, 'args');
  if ('errors' in result) return { reply: { status: 422, json: { detail: result.errors } } };
  return { value: result.value };
}

/** Whether ArchiveBox's URL parser would take this line as a URL. @param {string} url */
function isUrl(url) {
  try {
    const u = new URL(url.trim());
    return (
      (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ftp:') &&
      u.hostname !== ''
    );
  } catch {
    return false;
  }
}

/** @param {string} tag */
const splitTags = (tag) =>
  tag
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

/**
 * Snapshots matching a filter (exact, substring, regex, domain, tag, timestamp).
 * @param {Ctx} ctx
 * @param {Record<string, any>} f
 * @returns {import('./model.js').AbSnapshot[] | Reply}
 */
function filterSnapshots(ctx, f) {
  const all = [...ctx.model.state.snapshots.values()].filter((s) => s.status !== 'deleting');
  const patterns = /** @type {string[]} */ (f.filter_patterns);
  /** @type {(s: import('./model.js').AbSnapshot, p: string) => boolean} */
  let test;
  switch (f.filter_type) {
    case 'exact':
      test = (s, p) => s.url === p;
      break;
    case 'substring':
      test = (s, p) => s.url.includes(p);
      break;
    case 'regex':
      test = (s, p) => new RegExp(p).test(s.url);
      break;
    case 'domain':
      test = (s, p) => new URL(s.url).hostname === p;
      break;
    case 'tag':
      test = (s, p) => s.tags.includes(p);
      break;
    case 'timestamp':
      test = (s, p) => s.timestamp === p;
      break;
    default:
      return detail(400, `Invalid filter_type: ${f.filter_type}`);
  }
  const after = f.after ? Number(f.after) : -Infinity;
  const before = f.before ? Number(f.before) : Infinity;
  return all.filter(
    (s) =>
      patterns.some((p) => test(s, p)) &&
      Number(s.timestamp) >= after &&
      Number(s.timestamp) < before,
  );
}

/** @param {Ctx} ctx @param {unknown} result @param {string} [format] */
const ok = (ctx, result, format) => ({
  status: 200,
  json: {
    success: true,
    errors: [],
    result,
    ...(format ? { result_format: format } : {}),
    stdout: '',
    stderr: '',
  },
});

/** @type {Record<string, (ctx: Ctx) => Reply | Promise<Reply>>} */
export const cliHandlers = {
  async add(ctx) {
    const newest = ctx.version === '0.9-uploads';
    const parsed = body(ctx, ctx.version === '0.8' ? ADD_08 : newest ? ADD_NEWEST : ADD_09);
    if ('reply' in parsed) return parsed.reply;
    const args = parsed.value;
    const tags = splitTags(args.tag);
    const urls = /** @type {string[]} */ (args.urls).flatMap((u) => u.split(/\s+/)).filter(Boolean);
    const valid = [...new Set(urls.filter(isUrl))];
    const { model } = ctx;

    if (ctx.version === '0.8') {
      if (args.depth !== 0 && args.depth !== 1) {
        return crash(
          503,
          'AssertionError',
          'Depth must be 0 or 1 (depth >1 is not supported yet)',
          'v1_cli.py:cli_add',
        );
      }
      // The index is written first, then the archiving runs inside the request (B5a), so a
      // client that times out has still added the URL.
      const existing = new Map([...model.state.snapshots.values()].map((s) => [s.url, s]));
      const added = [];
      for (const url of valid) {
        const old = existing.get(url);
        if (old) {
          // Re-adding adds nothing, but the tags still land on the existing snapshot (real 0.8.5).
          model.addTags(old, tags);
          continue;
        }
        const snapshot = model.addSnapshot({ url, createdById: 1, tags, version: '0.8' });
        existing.set(url, snapshot);
        added.push(snapshot);
      }
      await ctx.sleep(ctx.addDelayMs);
      for (const s of added) {
        s.status = 'sealed';
        const title = ctx.pageTitle?.(s.url);
        if (title !== undefined) s.title = title;
      }
      return ok(
        ctx,
        added.map((s) => ({
          timestamp: s.timestamp,
          url: s.url,
          title: null,
          tags: null,
          sources: [`/data/sources/${Math.floor(Number(s.timestamp))}-import.txt`],
          history: {},
          downloaded_at: null,
          schema: 'Link',
        })),
      );
    }

    if (args.depth < 0 || args.depth > 4) {
      return crash(503, 'ValueError', 'Depth must be 0-4', 'v1_cli.py:cli_add');
    }
    if (newest && urls.length > 0 && valid.length === 0)
      return detail(400, 'No valid URLs were submitted');
    const onlyNew = newest ? (args.only_new ?? !args.update) : !args.update;
    const crawl = {
      id: model.uuid7(),
      urls: valid,
      tagsStr: tags.join(','),
      createdAt: ctx.now(),
      maxDepth: args.depth,
      status: 'queued',
    };
    model.state.crawls.set(crawl.id, crawl);
    const requestedIds = newest ? /** @type {string[]} */ (args.snapshot_ids) : [];
    /** @type {string[]} */
    const snapshotIds = [];
    valid.forEach((url, i) => {
      const existing = onlyNew
        ? [...model.state.snapshots.values()].find((s) => s.url === url && s.status !== 'deleting')
        : undefined;
      if (existing) {
        model.addTags(existing, tags);
        snapshotIds.push(existing.id);
        return;
      }
      const snapshot = model.addSnapshot({
        url,
        createdById: ctx.user.id,
        crawlId: crawl.id,
        tags,
        id: requestedIds[i],
        version: ctx.version,
      });
      snapshotIds.push(snapshot.id);
    });
    return ok(
      ctx,
      {
        crawl_id: crawl.id,
        num_snapshots: snapshotIds.length,
        snapshot_ids: snapshotIds,
        queued_urls: valid,
      },
      'json',
    );
  },

  list(ctx) {
    const parsed = body(ctx, {
      ...FILTER,
      as_json: { type: 'bool', default: false },
      sort: { type: 'str|null', default: null },
    });
    if ('reply' in parsed) return parsed.reply;
    const found = filterSnapshots(ctx, parsed.value);
    if (!Array.isArray(found)) return found;
    if (ctx.version === '0.8') {
      // Real 0.8.5rc51 crashes here in every output format (its python-benedict settings
      // object has no to_dict): a 503 from the generic handler.
      return crash(
        503,
        'AttributeError',
        "'benedict' object has no attribute 'to_dict'",
        'v1_cli.py:cli_list',
      );
    }
    if (parsed.value.as_json)
      return ok(
        ctx,
        found.map((s) => ctx.ser.snapshotJson(s, false)),
        'json',
      );
    return ok(ctx, found.map((s) => `${s.timestamp} ${s.url}`).join('\n'), 'txt');
  },

  remove(ctx) {
    const parsed = body(ctx, { ...FILTER, delete: { type: 'bool', default: true } });
    if ('reply' in parsed) return parsed.reply;
    const found = filterSnapshots(ctx, parsed.value);
    if (!Array.isArray(found)) return found;
    for (const s of found) {
      ctx.model.state.snapshots.delete(s.id);
      for (const id of s.resultIds) ctx.model.state.results.delete(id);
    }
    if (ctx.version === '0.8') {
      if (found.length === 0) return ok(ctx, []);
      // Real 0.8.5rc51 deletes, then fails to serialise its result: 503, yet the snapshots are gone.
      return crash(
        503,
        'TypeError',
        'Object of type Snapshot is not JSON serializable',
        'v1_cli.py:cli_remove',
      );
    }
    return ok(
      ctx,
      {
        removed_count: found.length,
        removed_snapshot_ids: found.map((s) => s.id),
        remaining_snapshots: ctx.model.state.snapshots.size,
      },
      'json',
    );
  },

  update(ctx) {
    const parsed = body(ctx, {
      ...FILTER,
      resume: { type: 'str|null', default: null },
      only_new: { type: 'bool', default: false },
      index_only: { type: 'bool', default: false },
      overwrite: { type: 'bool', default: false },
      extractors: { type: 'str', default: '' },
    });
    if ('reply' in parsed) return parsed.reply;
    if (ctx.version === '0.8') {
      // Real 0.8.5rc51 returns Snapshot objects that ninja cannot serialise, whatever matched.
      return crash(
        503,
        'TypeError',
        'Object of type Snapshot is not JSON serializable',
        'v1_cli.py:cli_update',
      );
    }
    return ok(ctx, []);
  },

  schedule(ctx) {
    const parsed = body(ctx, {
      import_path: { type: 'str|null', default: null },
      add: { type: 'bool', default: false },
      every: { type: 'str|null', default: null },
      tag: { type: 'str', default: '' },
      depth: { type: 'int', default: 0 },
      overwrite: { type: 'bool', default: false },
      update: { type: 'bool', default: false },
      clear: { type: 'bool', default: false },
    });
    if ('reply' in parsed) return parsed.reply;
    return ok(ctx, { scheduled: 0 });
  },
};
