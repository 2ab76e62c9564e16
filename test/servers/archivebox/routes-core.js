// @ts-check
// /api/v1/core/* and /api/v1/crawls/* (server-apis.md B5): read-only in 0.8; snapshot, tag and
// crawl writes in 0.9.
import { crash, detail } from './errors.js';
import { validate } from './schema.js';
import { paginate } from './serialize.js';

/** @typedef {import('./context.js').AbContext} Ctx */
/** @typedef {import('../http-core.js').Reply} Reply */
/** @typedef {import('./model.js').AbSnapshot} Snapshot */

const STATUSES = ['queued', 'started', 'sealed'];

/** @param {string | undefined} v @param {boolean} d */
const flag = (v, d) => (v === undefined ? d : ['true', '1', 'yes', 'on'].includes(v.toLowerCase()));

/** @param {Ctx} ctx */
const liveSnapshots = (ctx) =>
  [...ctx.model.state.snapshots.values()].filter((s) => s.status !== 'deleting');

/**
 * Looks a crawl up by id prefix; unknown gives the generic 404 body with `where` as the
 * traceback's place.
 * @param {Ctx} ctx
 * @param {string} id
 * @param {string} where
 * @returns {{ crawl: import('./model.js').AbCrawl } | { reply: Reply }}
 */
function findCrawl(ctx, id, where) {
  const crawl = [...ctx.model.state.crawls.values()].find((c) => c.id.startsWith(id));
  if (crawl) return { crawl };
  return { reply: crash(404, 'DoesNotExist', 'Crawl matching query does not exist.', where) };
}

/**
 * Looks a snapshot up like get_snapshot: uuid (or 0.8 abid) prefix, or timestamp prefix.
 * @param {Ctx} ctx
 * @param {string} key
 * @returns {{ snapshot: Snapshot } | { reply: Reply }}
 */
function findSnapshot(ctx, key) {
  const k = key.toLowerCase();
  const matches = liveSnapshots(ctx).filter(
    (s) =>
      s.id.startsWith(k) ||
      (ctx.version === '0.8' && s.abid.toLowerCase().startsWith(k)) ||
      s.timestamp.startsWith(key),
  );
  if (matches.length === 1 && matches[0]) return { snapshot: matches[0] };
  if (matches.length > 1) {
    return {
      reply: crash(
        503,
        'MultipleObjectsReturned',
        'get() returned more than one Snapshot -- it returned 2!',
        'v1_core.py:get_snapshot',
      ),
    };
  }
  return { reply: crash(404, 'DoesNotExist', '', 'v1_core.py:get_snapshot') };
}

/** @param {Ctx} ctx @param {Snapshot[]} list */
function filterSnapshots(ctx, list) {
  const q = ctx.req.query;
  const ms = (/** @type {string | undefined} */ v) => (v ? Date.parse(v) : NaN);
  return list
    .filter((s) => {
      ctx.model.refresh(s);
      if (q.id && !s.id.startsWith(q.id)) return false;
      if (q.url && s.url !== q.url) return false;
      if (q.tag && !s.tags.includes(q.tag)) return false;
      if (q.title && !(s.title ?? '').toLowerCase().includes(q.title.toLowerCase())) return false;
      if (q.timestamp && !s.timestamp.startsWith(q.timestamp)) return false;
      if (q.status && ctx.version !== '0.8' && s.status !== q.status) return false;
      if (q.crawl_id && s.crawlId !== q.crawl_id) return false;
      if (q.created_at__gte && !(s.createdAt >= ms(q.created_at__gte))) return false;
      if (q.created_at__lt && !(s.createdAt < ms(q.created_at__lt))) return false;
      if (q.search) {
        const n = q.search.toLowerCase();
        const hay = [s.url, s.title ?? '', s.id, s.timestamp, ...s.tags];
        if (!hay.some((h) => h.toLowerCase().includes(n))) return false;
      }
      return true;
    })
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** @param {Ctx} ctx @param {unknown} json @param {string} param */
function parse(ctx, json, param, /** @type {import('./schema.js').Schema} */ schema) {
  if (ctx.req.body.error) return { reply: detail(400, 'Cannot parse request body') };
  const result = validate(json ?? {}, schema, param);
  if ('errors' in result)
    return { reply: /** @type {Reply} */ ({ status: 422, json: { detail: result.errors } }) };
  return { value: result.value };
}

/** @param {Ctx} ctx @param {string | number} key */
function findTag(ctx, key) {
  for (const t of ctx.model.state.tags.values()) {
    if (String(t.id) === String(key) || t.uuid === key || t.uuid.startsWith(String(key))) return t;
  }
  return undefined;
}

/** @type {Record<string, (ctx: Ctx, ...params: string[]) => Reply | Promise<Reply>>} */
export const coreHandlers = {
  snapshots(ctx) {
    const withResults = flag(ctx.req.query.with_archiveresults, false);
    return {
      status: 200,
      ...paginate(
        ctx.req.query,
        filterSnapshots(ctx, liveSnapshots(ctx)),
        (s) => ctx.ser.snapshotJson(s, withResults),
        ctx.version,
      ),
    };
  },
  snapshot(ctx, key) {
    const found = findSnapshot(ctx, key);
    if ('reply' in found) return found.reply;
    return {
      status: 200,
      json: ctx.ser.snapshotJson(found.snapshot, flag(ctx.req.query.with_archiveresults, true)),
    };
  },
  createSnapshot(ctx) {
    const parsed = parse(ctx, ctx.req.body.json, 'data', {
      url: { type: 'str', default: '' },
      crawl_id: { type: 'str|null', default: null },
      depth: { type: 'int', default: 0 },
      title: { type: 'str|null', default: null },
      tags: { type: 'list[str]', default: () => [] },
      status: { type: 'str|null', default: null },
    });
    if ('reply' in parsed) return parsed.reply;
    const d = parsed.value;
    if (!d.url.trim()) return detail(400, 'URL is required');
    if (d.url.length > 2000) return detail(400, 'URL is too long (max 2000 characters)');
    if (d.status !== null && !STATUSES.includes(d.status))
      return detail(400, `Invalid status: ${d.status}`);
    if (d.depth < 0 || d.depth > 4) return detail(400, 'depth must be between 0 and 4');
    let crawlId = d.crawl_id;
    if (crawlId && !ctx.model.state.crawls.has(crawlId))
      return crash(
        404,
        'DoesNotExist',
        'Crawl matching query does not exist.',
        'v1_core.py:create_snapshot',
      );
    if (!crawlId) {
      crawlId = ctx.model.uuid7();
      ctx.model.state.crawls.set(crawlId, {
        id: crawlId,
        urls: [d.url],
        tagsStr: d.tags.join(','),
        createdAt: ctx.now(),
        maxDepth: d.depth,
        status: 'queued',
      });
    }
    // Newest 0.9 (B9b): with ONLY_NEW (the default) a URL another crawl already has comes
    // back as that crawl's snapshot, unchanged: title and tags ignored, crawl not the one sent.
    const crawl = ctx.model.state.crawls.get(crawlId);
    if (ctx.version === '0.9-uploads' && crawl?.config?.ONLY_NEW !== false) {
      const other = liveSnapshots(ctx).find((s) => s.url === d.url && s.crawlId !== crawlId);
      if (other) return { status: 200, json: ctx.ser.snapshotJson(other, true) };
    }
    // Idempotent per (url, crawl): an existing snapshot is updated (B5b, B7).
    let snapshot = liveSnapshots(ctx).find((s) => s.url === d.url && s.crawlId === crawlId);
    if (snapshot) {
      if (d.title !== null) snapshot.title = d.title;
      if (d.status !== null) snapshot.status = d.status;
      ctx.model.addTags(snapshot, d.tags);
    } else {
      snapshot = ctx.model.addSnapshot({
        url: d.url,
        createdById: ctx.user.id,
        crawlId,
        title: d.title,
        tags: d.tags,
        version: ctx.version,
      });
      if (d.status !== null) snapshot.status = d.status;
    }
    return { status: 200, json: ctx.ser.snapshotJson(snapshot, true) };
  },
  patchSnapshot(ctx, key) {
    const found = findSnapshot(ctx, key);
    if ('reply' in found) return found.reply;
    const parsed = parse(ctx, ctx.req.body.json, 'data', {
      status: { type: 'str|null', default: null },
      retry_at: { type: 'str|null', default: null },
      tags: { type: 'list[str]', default: null },
      ...(ctx.version === '0.9-uploads' ? { action: { type: 'str|null', default: null } } : {}),
    });
    if ('reply' in parsed) return parsed.reply;
    const d = parsed.value;
    const s = found.snapshot;
    if (d.status !== null && !STATUSES.includes(d.status))
      return detail(400, `Invalid status: ${d.status}`);
    if (d.action && !['pause', 'resume', 'cancel'].includes(d.action))
      return detail(400, `Invalid action: ${d.action}`);
    if (d.status !== null) s.status = d.status;
    if (d.action === 'cancel') s.status = 'sealed';
    if (d.action === 'pause') s.manual = true;
    if (d.action === 'resume') s.manual = false;
    if (Array.isArray(d.tags)) {
      s.tags = [];
      ctx.model.addTags(s, d.tags);
    }
    s.modifiedAt = ctx.now();
    return { status: 200, json: ctx.ser.snapshotJson(s, true) };
  },
  deleteSnapshot(ctx, key) {
    const found = findSnapshot(ctx, key);
    if ('reply' in found) return found.reply;
    const s = found.snapshot;
    if (ctx.version === '0.9-uploads') {
      // Newest: a queued delete; the snapshot leaves the lists at once.
      s.status = 'deleting';
      return {
        status: 200,
        json: {
          success: true,
          snapshot_id: s.id,
          crawl_id: s.crawlId,
          deleted_count: 0,
          queued_count: 1,
        },
      };
    }
    ctx.model.state.snapshots.delete(s.id);
    for (const id of s.resultIds) ctx.model.state.results.delete(id);
    return {
      status: 200,
      json: { success: true, snapshot_id: s.id, crawl_id: s.crawlId, deleted_count: 1 },
    };
  },
  archiveresults(ctx) {
    const q = ctx.req.query;
    const plugin = ctx.version === '0.8' ? q.extractor : (q.plugin ?? q.extractor);
    const list = [...ctx.model.state.results.values()]
      .filter((r) => {
        const s = ctx.model.state.snapshots.get(r.snapshotId);
        if (!s || s.status === 'deleting') return false;
        if (q.snapshot_id && !r.snapshotId.startsWith(q.snapshot_id)) return false;
        if (q.snapshot_url && s.url !== q.snapshot_url) return false;
        if (q.snapshot_tag && !s.tags.includes(q.snapshot_tag)) return false;
        if (q.status && r.status !== q.status) return false;
        if (plugin && r.plugin !== plugin) return false;
        return true;
      })
      .sort((a, b) => b.createdAt - a.createdAt);
    return { status: 200, ...paginate(q, list, (r) => ctx.ser.resultJson(r), ctx.version) };
  },
  archiveresult(ctx, id) {
    const matches = [...ctx.model.state.results.values()].filter((r) =>
      r.id.startsWith(id.toLowerCase()),
    );
    if (matches.length !== 1 || !matches[0])
      return crash(
        matches.length ? 503 : 404,
        matches.length ? 'MultipleObjectsReturned' : 'DoesNotExist',
        '',
        'v1_core.py:get_archiveresult',
      );
    return { status: 200, json: ctx.ser.resultJson(matches[0]) };
  },
  tags(ctx) {
    const list = [...ctx.model.state.tags.values()].sort((a, b) => a.id - b.id);
    const withSnapshots = flag(ctx.req.query.with_snapshots, false);
    return {
      status: 200,
      ...paginate(ctx.req.query, list, (t) => ctx.ser.tagJson(t, withSnapshots), ctx.version),
    };
  },
  tag(ctx, id) {
    const tag = findTag(ctx, id);
    if (!tag)
      return crash(404, 'DoesNotExist', 'Tag matching query does not exist.', 'v1_core.py:get_tag');
    return { status: 200, json: ctx.ser.tagJson(tag, flag(ctx.req.query.with_snapshots, true)) };
  },
  any(ctx, abid) {
    const snapshot = liveSnapshots(ctx).find((s) => s.abid === abid);
    if (snapshot) return { status: 200, json: ctx.ser.snapshotJson(snapshot, true) };
    if (abid.startsWith('apt_'))
      return detail(403, 'Getting API tokens via this endpoint is not allowed');
    return detail(404, 'Object with given ABID not found');
  },
  createTag(ctx) {
    const parsed = parse(ctx, ctx.req.body.json, 'data', { name: { type: 'str', required: true } });
    if ('reply' in parsed) return parsed.reply;
    const name = parsed.value.name.trim();
    if (!name) return detail(400, 'Tag name is required');
    const existed = [...ctx.model.state.tags.values()].some((t) => t.name === name);
    const tag = ctx.model.tagNamed(name);
    return {
      status: 200,
      json: { success: true, tag_id: tag.id, tag_name: tag.name, created: !existed },
    };
  },
  renameTag(ctx, id) {
    const tag = findTag(ctx, id);
    if (!tag) return detail(404, 'Tag not found');
    const parsed = parse(ctx, ctx.req.body.json, 'data', { name: { type: 'str', required: true } });
    if ('reply' in parsed) return parsed.reply;
    const name = parsed.value.name.trim();
    if (!name) return detail(400, 'Tag name is required');
    if ([...ctx.model.state.tags.values()].some((t) => t.name === name && t.id !== tag.id))
      return detail(400, `Tag "${name}" already exists`);
    for (const s of ctx.model.state.snapshots.values())
      s.tags = s.tags.map((n) => (n === tag.name ? name : n));
    tag.name = name;
    return { status: 200, json: { success: true, tag_id: tag.id, tag_name: tag.name } };
  },
  deleteTag(ctx, id) {
    const tag = findTag(ctx, id);
    if (!tag) return detail(404, 'Tag not found');
    let count = 0;
    for (const s of ctx.model.state.snapshots.values()) {
      if (s.tags.includes(tag.name)) count += 1;
      s.tags = s.tags.filter((n) => n !== tag.name);
    }
    ctx.model.state.tags.delete(tag.id);
    return { status: 200, json: { success: true, tag_id: tag.id, deleted_count: count } };
  },
  tagOnSnapshot(ctx, action) {
    const parsed = parse(ctx, ctx.req.body.json, 'data', {
      snapshot_id: { type: 'str', required: true },
      tag_name: { type: 'str|null', default: null },
      tag_id: { type: 'int|null', default: null },
    });
    if ('reply' in parsed) return parsed.reply;
    const d = parsed.value;
    if (!d.tag_name && d.tag_id === null)
      return detail(400, 'Either tag_name or tag_id is required');
    const found = findSnapshot(ctx, d.snapshot_id);
    if ('reply' in found) return detail(404, 'Snapshot not found');
    const s = found.snapshot;
    if (action === 'add') {
      const tag = d.tag_name ? ctx.model.tagNamed(d.tag_name) : findTag(ctx, d.tag_id);
      if (!tag) return detail(404, 'Tag not found');
      ctx.model.addTags(s, [tag.name]);
      return { status: 200, json: { success: true, tag_id: tag.id, tag_name: tag.name } };
    }
    const tag = d.tag_name
      ? [...ctx.model.state.tags.values()].find(
          (t) => t.name.toLowerCase() === d.tag_name.toLowerCase(),
        )
      : findTag(ctx, d.tag_id);
    if (!tag) return detail(404, 'Tag not found');
    s.tags = s.tags.filter((n) => n !== tag.name);
    return { status: 200, json: { success: true, tag_id: tag.id, tag_name: tag.name } };
  },
  /**
   * POST /crawls/crawls (B5b, B9b): a crawl of the given URLs with its config; the runner then
   * makes their snapshots in it (here at once), unless ONLY_NEW finds them in another crawl.
   */
  createCrawl(ctx) {
    const parsed = parse(ctx, ctx.req.body.json, 'data', {
      urls: { type: 'list[str]', default: () => [] },
      max_depth: { type: 'int', default: 0 },
      tags: { type: 'list[str]', default: () => [] },
      tags_str: { type: 'str', default: '' },
      label: { type: 'str', default: '' },
      notes: { type: 'str', default: '' },
      config: { type: 'object', default: () => ({}) },
    });
    if ('reply' in parsed) return parsed.reply;
    const d = parsed.value;
    const urls = d.urls.map((u) => u.trim()).filter(Boolean);
    if (urls.length === 0) return detail(400, 'At least one URL is required');
    const config = /** @type {Record<string, unknown>} */ ({ ...d.config });
    if (ctx.version === '0.9-uploads' && config.PERMISSIONS !== undefined) {
      const value = String(config.PERMISSIONS).toLowerCase();
      if (
        typeof config.PERMISSIONS !== 'string' ||
        !['public', 'unlisted', 'private'].includes(value)
      )
        return crash(
          503,
          'ValidationError',
          "['PERMISSIONS must be one of: public, unlisted, private.']",
          'v1_crawls.py:create_crawl',
        );
      config.PERMISSIONS = value;
    }
    const tags = d.tags.length ? d.tags : d.tags_str.split(',').filter((t) => t.trim());
    const crawl = {
      id: ctx.model.uuid7(),
      urls,
      tagsStr: tags.join(','),
      createdAt: ctx.now(),
      maxDepth: d.max_depth,
      status: 'queued',
      config,
    };
    ctx.model.state.crawls.set(crawl.id, crawl);
    for (const url of urls) {
      const onlyNew = config.ONLY_NEW !== false;
      if (onlyNew && liveSnapshots(ctx).some((s) => s.url === url)) continue;
      ctx.model.addSnapshot({
        url,
        createdById: ctx.user.id,
        crawlId: crawl.id,
        tags,
        version: ctx.version,
      });
    }
    return { status: 200, json: ctx.ser.crawlJson(crawl) };
  },
  /** DELETE /crawls/crawl/{id}: the crawl and its snapshots. */
  deleteCrawl(ctx, id) {
    const found = findCrawl(ctx, id, 'v1_crawls.py:delete_crawl');
    if ('reply' in found) return found.reply;
    const crawl = found.crawl;
    const gone = [...ctx.model.state.snapshots.values()].filter((s) => s.crawlId === crawl.id);
    for (const s of gone) {
      ctx.model.state.snapshots.delete(s.id);
      for (const r of s.resultIds) ctx.model.state.results.delete(r);
    }
    ctx.model.state.crawls.delete(crawl.id);
    return {
      status: 200,
      json: {
        success: true,
        crawl_id: crawl.id,
        deleted_count: 1,
        deleted_snapshots: gone.length,
      },
    };
  },
  crawls(ctx) {
    const list = [...ctx.model.state.crawls.values()].sort((a, b) => b.createdAt - a.createdAt);
    return { status: 200, ...paginate(ctx.req.query, list, ctx.ser.crawlJson, ctx.version) };
  },
  crawl(ctx, id) {
    const found = findCrawl(ctx, id, 'v1_crawls.py:get_crawl');
    if ('reply' in found) return found.reply;
    return { status: 200, json: ctx.ser.crawlJson(found.crawl) };
  },
};
