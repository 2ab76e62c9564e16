// @ts-check
// ArchiveResult uploads of the newest 0.9 (server-apis.md B5b, B6): multipart create-or-update
// per (snapshot, plugin, hook), and chunked PATCH with offsets, 409 on a mismatch and
// output_files[path].upload bookkeeping for resumable retries.
import { detail } from './errors.js';

/** @typedef {import('./context.js').AbContext} Ctx */
/** @typedef {import('../http-core.js').Reply} Reply */

const PLUGIN = /^[A-Za-z0-9_.-]{1,32}$/;
const STATUSES = ['queued', 'started', 'backoff', 'succeeded', 'failed', 'skipped', 'noresults'];
const DEFAULT_HOOK = 'on_Snapshot__archivebox_browser_extension_upload';

/** @param {unknown} v @returns {string[]} */
const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** A safe relative output path, or undefined. @param {string} path */
function safePath(path) {
  const p = path.replace(/\\/g, '/');
  if (!p || p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.split('/').includes('..'))
    return undefined;
  return p;
}

/**
 * The multipart metadata common to create and patch.
 * @param {Ctx} ctx
 * @returns {{ reply: Reply } | { files: { path: string, data: Buffer, mimetype: string }[],
 *   outputJson: Record<string, unknown> | null | undefined }}
 */
function readParts(ctx) {
  const { fields, files, kind } = ctx.req.body;
  if (kind !== 'multipart' && kind !== 'none')
    return { reply: detail(400, 'Expected multipart/form-data') };
  let outputJson;
  if (typeof fields.output_json === 'string' && fields.output_json !== '') {
    try {
      outputJson = JSON.parse(fields.output_json);
    } catch {
      return { reply: detail(400, 'output_json must be valid JSON') };
    }
    if (!outputJson || typeof outputJson !== 'object' || Array.isArray(outputJson)) {
      return { reply: detail(400, 'output_json must be a JSON object') };
    }
  }
  const parts = files.filter((f) => f.field === 'files' || f.field === 'file');
  const paths = [...list(fields.output_paths), ...list(fields.output_path)];
  const types = [...list(fields.mime_types), ...list(fields.mime_type)];
  if (paths.length > 0 && paths.length !== parts.length) {
    return { reply: detail(400, `Got ${parts.length} files but ${paths.length} output paths`) };
  }
  /** @type {{ path: string, data: Buffer, mimetype: string }[]} */
  const out = [];
  for (const [i, part] of parts.entries()) {
    const path = safePath(paths[i] ?? part.filename);
    if (!path) return { reply: detail(400, `Invalid output path: ${paths[i] ?? part.filename}`) };
    out.push({ path, data: part.data, mimetype: types[i] ?? part.contentType });
  }
  return { files: out, outputJson };
}

/** @param {Ctx} ctx @param {import('./model.js').AbResult} result */
function applyMeta(ctx, result) {
  const { fields } = ctx.req.body;
  if (typeof fields.status === 'string') result.status = fields.status;
  if (typeof fields.output_str === 'string') result.outputStr = fields.output_str;
  if (result.status === 'succeeded' || result.status === 'failed') result.endTs = ctx.now();
  result.modifiedAt = ctx.now();
}

/** @type {Record<string, (ctx: Ctx, ...params: string[]) => Reply>} */
export const uploadHandlers = {
  create(ctx) {
    const { fields } = ctx.req.body;
    const parts = readParts(ctx);
    if ('reply' in parts) return parts.reply;
    const snapshotId = typeof fields.snapshot_id === 'string' ? fields.snapshot_id : '';
    const plugin = typeof fields.plugin === 'string' ? fields.plugin : '';
    if (!PLUGIN.test(plugin)) return detail(400, `Invalid plugin name: ${plugin}`);
    const status = typeof fields.status === 'string' ? fields.status : 'succeeded';
    if (!STATUSES.includes(status)) return detail(400, `Invalid status: ${status}`);
    const snapshot = ctx.model.state.snapshots.get(snapshotId);
    if (!snapshot || snapshot.status === 'deleting')
      return detail(404, `Snapshot ${snapshotId} not found`);
    const hookName =
      typeof fields.hook_name === 'string' && fields.hook_name ? fields.hook_name : DEFAULT_HOOK;
    let result = [...ctx.model.state.results.values()].find(
      (r) => r.snapshotId === snapshot.id && r.plugin === plugin && r.hookName === hookName,
    );
    if (!result) {
      result = ctx.model.addResult(
        { snapshotId: snapshot.id, plugin, hookName, status, outputStr: '', outputJson: null },
        ctx.version,
      );
    }
    // Create-or-update replaces the metadata (B5b).
    result.status = status;
    result.outputStr = typeof fields.output_str === 'string' ? fields.output_str : '';
    result.outputJson = parts.outputJson ?? null;
    for (const f of parts.files)
      result.files.set(f.path, { data: f.data, mimetype: f.mimetype, upload: undefined });
    applyMeta(ctx, result);
    return { status: 200, json: ctx.ser.resultJson(result) };
  },

  patch(ctx, id) {
    const result =
      ctx.model.state.results.get(id) ??
      [...ctx.model.state.results.values()].find((r) => r.id.startsWith(id));
    if (!result) return detail(404, `ArchiveResult ${id} not found`);
    const { fields } = ctx.req.body;
    const parts = readParts(ctx);
    if ('reply' in parts) return parts.reply;
    if (typeof fields.status === 'string' && !STATUSES.includes(fields.status)) {
      return detail(400, `Invalid status: ${fields.status}`);
    }
    const chunked = fields.chunk_output_path !== undefined || fields.chunk_index !== undefined;
    if (chunked) {
      if (parts.files.length !== 1)
        return detail(400, 'At least one ArchiveResult file is required');
      const int = (/** @type {unknown} */ v) =>
        typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
      const index = int(fields.chunk_index);
      const count = int(fields.chunk_count);
      const offset = int(fields.chunk_offset);
      const total = int(fields.chunk_total_size);
      const path = safePath(String(fields.chunk_output_path ?? ''));
      if (!path) return detail(400, `Invalid output path: ${fields.chunk_output_path}`);
      if ([index, count, offset, total].some(Number.isNaN) || count < 1 || index >= count) {
        return detail(400, 'Invalid chunk parameters');
      }
      const part = /** @type {{ data: Buffer, mimetype: string }} */ (parts.files[0]);
      let file = result.files.get(path);
      // Chunk 0 at offset 0 restarts the file.
      if (index === 0 && offset === 0) file = undefined;
      const have = file?.data.length ?? 0;
      if (offset !== have)
        return detail(409, `Chunk offset mismatch for ${path}: expected ${have}, got ${offset}`);
      const data = Buffer.concat([file?.data ?? Buffer.alloc(0), part.data]);
      const last = index === count - 1;
      if (last && data.length !== total) {
        return detail(
          409,
          `Final size mismatch for ${path}: expected ${total}, got ${data.length}`,
        );
      }
      result.files.set(path, {
        data,
        mimetype: part.mimetype,
        upload: {
          chunked: true,
          chunk_index: index,
          chunk_count: count,
          chunks_received: (file?.upload?.chunks_received ?? 0) + 1,
          complete: last,
        },
      });
    } else {
      for (const f of parts.files)
        result.files.set(f.path, { data: f.data, mimetype: f.mimetype, upload: undefined });
    }
    if (parts.outputJson !== undefined) result.outputJson = parts.outputJson;
    applyMeta(ctx, result);
    return { status: 200, json: ctx.ser.resultJson(result) };
  },
};
