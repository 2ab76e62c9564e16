// @ts-check
// JSON shapes of the ArchiveBox API per version (server-apis.md B5; 0.8 checked against a real
// 0.8.5rc51), and the paginated list envelope (B4).
import { crash } from './errors.js';

/** ISO time as ArchiveBox 0.8 writes it (milliseconds, Z). */
const iso = (/** @type {number | null} */ ms) => (ms === null ? null : new Date(ms).toISOString());

/**
 * @param {import('./model.js').ArchiveBoxModel} model
 * @param {'0.8' | '0.9' | '0.9-uploads'} version
 * @param {{ uploadProgress?: boolean }} [options] uploadProgress: report the chunks of an
 *   upload still under way, as B6 describes; a real 0.9.73 does not (B9b: output_files stays
 *   empty until the last chunk), and neither does this server by default.
 */
export function serializers(model, version, options = {}) {
  const v08 = version === '0.8';
  const username = (/** @type {number} */ id) => model.state.users.get(id)?.username ?? null;

  /**
   * @param {import('./model.js').AbResult} r
   * @param {boolean} [embedded] Inside a snapshot, 0.8 leaves out the snapshot_* fields.
   */
  function resultJson(r, embedded = false) {
    const snapshot = model.state.snapshots.get(r.snapshotId);
    if (v08) {
      // Field order and shape as a real 0.8.5rc51 answers.
      return {
        TYPE: 'core.models.ArchiveResult',
        id: r.id,
        abid: r.abid,
        modified_at: iso(r.modifiedAt),
        created_at: iso(r.createdAt),
        created_by_id: String(snapshot?.createdById ?? 1),
        created_by_username: username(snapshot?.createdById ?? 1),
        extractor: r.plugin,
        cmd_version: null,
        cmd: [],
        pwd: snapshot ? `/data/archive/${snapshot.timestamp}` : null,
        status: r.status,
        output: r.outputStr,
        start_ts: iso(r.startTs),
        end_ts: iso(r.endTs),
        ...(embedded
          ? {}
          : {
              snapshot_id: r.snapshotId,
              snapshot_abid: snapshot?.abid ?? null,
              snapshot_timestamp: snapshot?.timestamp ?? null,
              snapshot_url: snapshot?.url ?? null,
              snapshot_tags: snapshot ? [...snapshot.tags] : [],
            }),
      };
    }
    /** @type {Record<string, unknown>} */
    const outputFiles = {};
    let size = 0;
    const mimetypes = new Set();
    for (const [path, file] of r.files) {
      if (file.upload && !file.upload.complete && !options.uploadProgress) continue;
      const dot = path.lastIndexOf('.');
      outputFiles[path] = {
        extension: dot > path.lastIndexOf('/') ? path.slice(dot + 1) : '',
        mimetype: file.mimetype,
        size: file.data.length,
        ...(file.upload ? { upload: { ...file.upload } } : {}),
      };
      size += file.data.length;
      mimetypes.add(file.mimetype);
    }
    return {
      id: r.id,
      created_at: iso(r.createdAt),
      modified_at: iso(r.modifiedAt),
      created_by_id: String(snapshot?.createdById ?? 1),
      created_by_username: username(snapshot?.createdById ?? 1),
      status: r.status,
      retry_at: null,
      plugin: r.plugin,
      hook_name: r.hookName,
      process_id: null,
      cmd_version: null,
      cmd: [],
      pwd: snapshot ? `/data/archive/${snapshot.timestamp}/${r.plugin}` : null,
      output_str: r.outputStr,
      output_json: r.outputJson,
      output_files: outputFiles,
      output_size: size,
      output_mimetypes: [...mimetypes].join(','),
      start_ts: iso(r.startTs),
      end_ts: iso(r.endTs),
      snapshot_id: r.snapshotId,
      snapshot_timestamp: snapshot?.timestamp ?? null,
      snapshot_url: snapshot?.url ?? null,
      snapshot_tags: snapshot?.tags ?? [],
    };
  }

  /**
   * @param {import('./model.js').AbSnapshot} s
   * @param {boolean} withResults
   */
  function snapshotJson(s, withResults) {
    model.refresh(s);
    const results = s.resultIds
      .map((id) => model.state.results.get(id))
      .filter((r) => r !== undefined);
    const common = {
      created_by_id: String(s.createdById),
      created_by_username: username(s.createdById),
      created_at: iso(s.createdAt),
      modified_at: iso(s.modifiedAt),
    };
    if (v08) {
      return {
        TYPE: 'core.models.Snapshot',
        id: s.id,
        abid: s.abid,
        ...common,
        bookmarked_at: iso(s.bookmarkedAt),
        downloaded_at: iso(s.downloadedAt),
        url: s.url,
        tags: [...s.tags],
        title: s.title,
        timestamp: s.timestamp,
        archive_path: `archive/${s.timestamp}`,
        num_archiveresults: results.length,
        archiveresults: withResults ? results.map((r) => resultJson(r, true)) : [],
      };
    }
    const size = results.reduce(
      (n, r) => n + [...r.files.values()].reduce((m, f) => m + f.data.length, 0),
      0,
    );
    return {
      TYPE: 'core.models.Snapshot',
      id: s.id,
      ...common,
      status: s.status,
      retry_at: s.status === 'sealed' ? null : iso(s.createdAt),
      bookmarked_at: iso(s.bookmarkedAt),
      downloaded_at: iso(s.downloadedAt),
      url: s.url,
      tags: [...s.tags],
      title: s.title,
      timestamp: s.timestamp,
      archive_path: `archive/${s.timestamp}`,
      archive_size: size,
      output_size: size,
      num_archiveresults: results.length,
      archiveresults: withResults ? results.map((r) => resultJson(r)) : [],
      crawl_id: s.crawlId,
      persona: 'Default',
    };
  }

  /**
   * @param {import('./model.js').AbTag} t
   * @param {boolean} withSnapshots
   */
  function tagJson(t, withSnapshots) {
    const tagged = [...model.state.snapshots.values()].filter((s) => s.tags.includes(t.name));
    return {
      TYPE: 'core.models.Tag',
      id: v08 ? t.uuid : t.id,
      ...(v08 ? { abid: `tag_${t.uuid.replace(/-/g, '').slice(0, 26).toUpperCase()}` } : {}),
      modified_at: iso(t.createdAt),
      created_at: iso(t.createdAt),
      created_by_id: '1',
      created_by_username: 'system',
      name: t.name,
      slug: t.name
        .toLowerCase()
        .replace(/[^\w\s-]/g, '')
        .trim()
        .replace(/[-\s]+/g, '-'),
      num_snapshots: tagged.length,
      snapshots: withSnapshots ? tagged.map((s) => snapshotJson(s, false)) : [],
    };
  }

  /** @param {import('./model.js').AbCrawl} c */
  function crawlJson(c) {
    return {
      id: c.id,
      created_at: iso(c.createdAt),
      modified_at: iso(c.createdAt),
      created_by_id: '1',
      created_by_username: 'system',
      status: c.status,
      retry_at: null,
      urls: c.urls.join('\n'),
      max_depth: c.maxDepth,
      max_urls: 0,
      max_size: 0,
      tags_str: c.tagsStr,
      // Newest 0.9 answers with its whole frozen config, PERMISSIONS included; older 0.9
      // echoes what it was given.
      config:
        version === '0.9-uploads'
          ? { ONLY_NEW: true, ...c.config, PERMISSIONS: crawlPermission(c, version) }
          : { ...c.config },
    };
  }

  return { snapshotJson, resultJson, tagJson, crawlJson };
}

/**
 * Who may see a crawl's snapshots (B9b): newest 0.9 reads the crawl's PERMISSIONS; every
 * other version has no per-snapshot privacy, so everything is as public as the server.
 * @param {import('./model.js').AbCrawl | undefined} crawl
 * @param {string} version
 * @returns {'public' | 'unlisted' | 'private'}
 */
export function crawlPermission(crawl, version) {
  if (version !== '0.9-uploads') return 'public';
  const value = String(crawl?.config?.PERMISSIONS ?? 'public').toLowerCase();
  return value === 'private' || value === 'unlisted' ? value : 'public';
}

/**
 * ArchiveBox's paginated list reply: limit (default 200, capped at 500), offset, page (used only
 * when offset is 0); 422 for non-integers and a 503 for limit=0, as the real one does.
 * @template T
 * @param {Record<string, string>} query
 * @param {T[]} items
 * @param {(item: T) => unknown} toJson
 * @param {string} version
 */
export function paginate(query, items, toJson, version) {
  /** @type {{ type: string, loc: string[], msg: string }[]} */
  const errors = [];
  const asInt = (/** @type {string} */ name, /** @type {number} */ d) => {
    const v = query[name];
    if (v === undefined) return d;
    if (/^\s*-?\d+\s*$/.test(v)) return Number(v);
    errors.push({
      type: 'int_parsing',
      loc: ['query', name],
      msg: 'Input should be a valid integer, unable to parse string as an integer',
    });
    return d;
  };
  const limit = Math.min(asInt('limit', 200), 500);
  const requestedOffset = asInt('offset', 0);
  const page = asInt('page', 0);
  if (errors.length > 0) return { status: 422, json: { detail: errors } };
  if (limit === 0)
    return crash(503, 'ZeroDivisionError', 'division by zero', 'v1_core.py:paginate_queryset');
  // As the real CustomPagination computes it, `page` included (hence "oddly").
  const offset = requestedOffset || page * limit;
  const slice = items
    .slice(Math.max(offset, 0), Math.max(offset, 0) + Math.max(limit, 0))
    .map(toJson);
  return {
    status: 200,
    json: {
      total_items: items.length,
      total_pages: Math.ceil(items.length / limit),
      page: Math.ceil(offset / (limit + 1)),
      limit,
      offset,
      num_items: slice.length,
      ...(version === '0.8' ? {} : { count: items.length }),
      items: slice,
    },
  };
}
