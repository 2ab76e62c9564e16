// @ts-check
// Perma archive routes (server-apis.md A4-A8): list with filters, create, read, PATCH, move,
// delete within 24 h, downloads and CSV exports; plus the public archive routes.
import { DAY_MS } from './model.js';
import { applyUpload, checkUpload, createArchive } from './create.js';
import { FORBIDDEN, NOT_FOUND, detail, json, page, toBool, toId } from './respond.js';

/** @typedef {import('./context.js').PermaContext} Ctx */
/** @typedef {import('./model.js').Archive} Archive */

const PATCHABLE = [
  'title',
  'description',
  'notes',
  'is_private',
  'default_to_screenshot_view',
  'folder',
  'file',
];
/** Fields PATCH takes without complaint though it ignores them (non-staff private_reason). */
const IGNORED = ['private_reason', 'api_key'];

/**
 * Parses a date filter; undefined when absent, null when invalid.
 * @param {string | undefined} value
 */
function dateParam(value) {
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Applies the archive list filters of A4, newest first.
 * @param {Ctx} ctx
 * @param {Archive[]} archives
 * @param {'public' | 'authenticated'} form
 */
function filtered(ctx, archives, form) {
  const q = ctx.req.query;
  /** @type {Record<string, string[]>} */
  const errors = {};
  const dates = /** @type {const} */ (['date', 'min_date', 'max_date']).map((name) => {
    const ms = dateParam(q[name]);
    if (ms === null) errors[name] = ['Enter a valid date/time.'];
    return ms ?? undefined;
  });
  if (Object.keys(errors).length > 0) return { reply: json(400, errors) };
  const [date, min, max] = dates;
  const needle = q.q?.toLowerCase();
  const urlKey = q.url ? ctx.model.surt(q.url) : undefined;
  const dayOf = (/** @type {number} */ ms) => new Date(ms).toISOString().slice(0, 10);
  const list = archives
    .filter((a) => {
      if (needle) {
        const hay = [a.guid, a.url, a.title, form === 'authenticated' ? a.notes : ''];
        if (!hay.some((s) => s.toLowerCase().includes(needle))) return false;
      }
      if (urlKey && ctx.model.surt(a.url) !== urlKey) return false;
      if (date !== undefined && dayOf(a.createdAt) !== dayOf(date)) return false;
      if (min !== undefined && a.createdAt < min) return false;
      if (max !== undefined && a.createdAt > max) return false;
      return true;
    })
    .sort((a, b) => b.createdAt - a.createdAt || b.guid.localeCompare(a.guid));
  return { list };
}

/** @param {Ctx} ctx */
const editable = (ctx) =>
  [...ctx.model.state.archives.values()].filter(
    (a) => !a.userDeleted && ctx.model.canEditArchive(ctx.user, a),
  );

/** @param {Ctx} ctx @param {Archive[]} archives */
function listReply(ctx, archives) {
  const result = filtered(ctx, archives, 'authenticated');
  if (result.reply) return result.reply;
  return page(
    ctx.req,
    result.list ?? [],
    (a) => ctx.ser.archiveJson(a, 'authenticated'),
    ctx.style,
  );
}

/** @param {Ctx} ctx @param {string} guid */
function ownArchive(ctx, guid) {
  const archive = ctx.model.state.archives.get(guid);
  if (!archive || archive.userDeleted) return { reply: NOT_FOUND() };
  if (!ctx.model.canEditArchive(ctx.user, archive)) return { reply: FORBIDDEN() };
  refresh(ctx, archive);
  return { archive };
}

/** @param {Archive} archive @param {Ctx} ctx */
function captureBusy(archive, ctx) {
  const job = archive.jobId ? ctx.model.state.captureJobs.get(archive.jobId) : undefined;
  if (job) ctx.model.refreshJob(job);
  return job !== undefined && (job.status === 'pending' || job.status === 'in_progress');
}

/** @param {Ctx} ctx @param {number | undefined} folderId */
function create(ctx, folderId) {
  if (ctx.req.body.error) return detail(400, `JSON parse error - ${ctx.req.body.error}`);
  const result = createArchive({
    model: ctx.model,
    user: ctx.user,
    body: ctx.req.body,
    folderId,
    batchId: null,
    settings: ctx.settings,
    now: ctx.now,
  });
  if ('error' in result) return json(400, result.error);
  markOutcome(ctx, result.archive);
  return json(201, ctx.ser.archiveJson(result.archive, 'authenticated'));
}

/**
 * Decides now whether the capture will fail (the test's `capture.fails`).
 * @param {Ctx} ctx
 * @param {Archive} archive
 */
export function markOutcome(ctx, archive) {
  const job = archive.jobId ? ctx.model.state.captureJobs.get(archive.jobId) : undefined;
  if (job && ctx.settings.captureFails?.(archive.url)) job.outcome = 'failed';
}

/** @param {Archive[]} archives @param {Ctx} ctx */
function csv(archives, ctx) {
  const cell = (/** @type {string} */ s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = archives.map((a) => {
    const job = a.jobId ? ctx.model.state.captureJobs.get(a.jobId) : undefined;
    if (job) ctx.model.refreshJob(job);
    return [
      a.url,
      job?.status ?? 'completed',
      job?.message ?? '',
      a.title,
      `${ctx.req.url.origin}/${a.guid}`,
    ];
  });
  return {
    status: 200,
    headers: {
      'Content-Type': 'text/csv',
      'Content-Disposition': 'attachment; filename="perma-links.csv"',
    },
    body:
      [['url', 'status', 'error_message', 'title', 'perma_link'], ...rows]
        .map((r) => r.map(cell).join(','))
        .join('\r\n') + '\r\n',
  };
}

/** @param {Archive} archive @param {string} base */
function download(archive, base) {
  if (archive.replacedBy) {
    return {
      status: 302,
      headers: { Location: `${base}/archives/${archive.replacedBy}/download` },
      body: '',
    };
  }
  if (!archive.warc) return NOT_FOUND();
  return {
    status: 200,
    headers: {
      'Content-Type': 'application/gzip',
      'Content-Disposition': `attachment; filename="${archive.guid}.warc.gz"`,
    },
    body: archive.warc,
  };
}

/**
 * Moves an archive into `folder` (PUT nested route, or PATCH `folder`).
 * @param {Ctx} ctx
 * @param {Archive} archive
 * @param {import('./model.js').Folder} folder
 */
function moveInto(ctx, archive, folder) {
  if (folder.isSponsoredRoot) {
    return json(400, {
      error: [
        "You can't move links to your Sponsored Links folder. Select a folder belonging to a sponsor.",
      ],
    });
  }
  archive.folderId = folder.id;
  // The organisation follows the folder; privacy does not (A7).
  archive.organizationId = ctx.model.orgOfFolder(folder);
  return undefined;
}

/** @type {Record<string, (ctx: Ctx, ...params: string[]) => import('../http-core.js').Reply>} */
export const archiveHandlers = {
  list(ctx) {
    return listReply(ctx, editable(ctx));
  },
  create(ctx) {
    return create(ctx, undefined);
  },
  export(ctx) {
    return csv(editable(ctx), ctx);
  },
  get(ctx, guid) {
    const found = ownArchive(ctx, guid);
    return found.reply ?? json(200, ctx.ser.archiveJson(found.archive, 'authenticated'));
  },
  patch(ctx, guid) {
    const found = ownArchive(ctx, guid);
    if (found.reply) return found.reply;
    const archive = found.archive;
    const body = ctx.req.body;
    if (body.error) return detail(400, `JSON parse error - ${body.error}`);
    const fields = body.fields;
    const names = [...Object.keys(fields), ...body.files.map((f) => f.field)];
    if (names.some((n) => !PATCHABLE.includes(n) && !IGNORED.includes(n))) {
      return json(400, [`Only updates on these fields are allowed: ${PATCHABLE.join(', ')}`]);
    }
    /** @type {Record<string, string[]>} */
    const errors = {};
    if (typeof fields.title === 'string' && fields.title.length > 2100) {
      errors.title = ['Ensure this field has no more than 2100 characters.'];
    }
    if (typeof fields.description === 'string' && fields.description.length > 300) {
      errors.description = ['Ensure this field has no more than 300 characters.'];
    }
    const isPrivate = fields.is_private === undefined ? undefined : toBool(fields.is_private);
    if (fields.is_private !== undefined && isPrivate === undefined)
      errors.is_private = ['Must be a valid boolean.'];
    if (
      isPrivate !== undefined &&
      isPrivate !== archive.isPrivate &&
      !['user', 'meta', null].includes(archive.privateReason)
    ) {
      errors.is_private = ['Cannot change link privacy.'];
    }
    let folder;
    if (fields.folder !== undefined) {
      folder = ctx.model.state.folders.get(toId(fields.folder) ?? -1);
      if (!folder || !ctx.model.canAccessFolder(ctx.user, folder))
        errors.folder = ['Folder not found.'];
    }
    if (Object.keys(errors).length > 0) return json(400, errors);

    const file = body.files.find((f) => f.field === 'file');
    let upload;
    if (file || 'file' in fields) {
      if (ctx.now() >= archive.createdAt + DAY_MS) {
        return json(400, { file: ['Archive contents cannot be replaced after 24 hours'] });
      }
      if (captureBusy(archive, ctx)) {
        return json(400, {
          error: [
            'Capture in progress: please wait until complete before uploading a replacement.',
          ],
        });
      }
      const checked = checkUpload(file, fields.file, ctx.settings);
      if ('error' in checked) return json(400, { file: [checked.error] });
      upload = checked;
    }
    if (folder) {
      const moveError = moveInto(ctx, archive, folder);
      if (moveError) return moveError;
    }
    if (typeof fields.title === 'string') {
      archive.title = fields.title;
      archive.titleFromUser = true;
    }
    if (typeof fields.description === 'string') archive.description = fields.description;
    if (typeof fields.notes === 'string') archive.notes = fields.notes;
    if (isPrivate !== undefined && isPrivate !== archive.isPrivate) {
      archive.isPrivate = isPrivate;
      archive.privateReason = isPrivate ? 'user' : null;
    }
    const screenshotView = toBool(fields.default_to_screenshot_view);
    if (screenshotView !== undefined) archive.defaultToScreenshotView = screenshotView;
    if (upload) {
      const job = archive.jobId ? ctx.model.state.captureJobs.get(archive.jobId) : undefined;
      if (job) job.status = 'superseded';
      archive.jobId = null;
      applyUpload(archive, upload, ctx.now());
    }
    return json(200, ctx.ser.archiveJson(archive, 'authenticated'));
  },
  delete(ctx, guid) {
    const found = ownArchive(ctx, guid);
    if (found.reply) return found.reply;
    const archive = found.archive;
    if (ctx.now() >= archive.createdAt + DAY_MS) return FORBIDDEN();
    if (captureBusy(archive, ctx)) {
      return json(400, {
        error: ['Capture in progress: please wait until complete before deleting.'],
      });
    }
    archive.userDeleted = true;
    const job = archive.jobId ? ctx.model.state.captureJobs.get(archive.jobId) : undefined;
    if (job) job.status = 'deleted';
    return { status: 204 };
  },
  download(ctx, guid) {
    const found = ownArchive(ctx, guid);
    return found.reply ?? download(found.archive, ctx.apiBase);
  },
  listInFolder(ctx, id) {
    const folder = ctx.model.state.folders.get(Number(id));
    if (!folder) return NOT_FOUND();
    if (!ctx.model.canAccessFolder(ctx.user, folder)) return FORBIDDEN();
    // Subfolders' archives are not included (A4).
    const inFolder = [...ctx.model.state.archives.values()].filter(
      (a) => !a.userDeleted && a.folderId === folder.id,
    );
    return listReply(ctx, inFolder);
  },
  createInFolder(ctx, id) {
    const folder = ctx.model.state.folders.get(Number(id));
    if (!folder) return NOT_FOUND();
    if (!ctx.model.canAccessFolder(ctx.user, folder)) return FORBIDDEN();
    return create(ctx, folder.id);
  },
  exportFolder(ctx, id) {
    const folder = ctx.model.state.folders.get(Number(id));
    if (!folder) return NOT_FOUND();
    if (!ctx.model.canAccessFolder(ctx.user, folder)) return FORBIDDEN();
    return csv(
      [...ctx.model.state.archives.values()].filter(
        (a) => !a.userDeleted && a.folderId === folder.id,
      ),
      ctx,
    );
  },
  moveInto(ctx, id, guid) {
    const folder = ctx.model.state.folders.get(Number(id));
    if (!folder) return NOT_FOUND();
    const archive = ctx.model.state.archives.get(guid);
    if (!archive || archive.userDeleted) return NOT_FOUND();
    if (
      !ctx.model.canAccessFolder(ctx.user, folder) ||
      !ctx.model.canEditArchive(ctx.user, archive)
    ) {
      return FORBIDDEN();
    }
    return (
      moveInto(ctx, archive, folder) ?? json(200, ctx.ser.archiveJson(archive, 'authenticated'))
    );
  },
};

/** Lets the archive's capture job catch up with the clock. @param {Ctx} ctx @param {Archive} archive */
function refresh(ctx, archive) {
  const job = archive.jobId ? ctx.model.state.captureJobs.get(archive.jobId) : undefined;
  if (job) ctx.model.refreshJob(job);
}

/** @param {Archive} a */
const isPublic = (a) => !a.isPrivate && !a.userDeleted;

/** @type {Record<string, (ctx: Ctx, ...params: string[]) => import('../http-core.js').Reply>} */
export const publicHandlers = {
  list(ctx) {
    const result = filtered(ctx, [...ctx.model.state.archives.values()].filter(isPublic), 'public');
    if (result.reply) return result.reply;
    return page(ctx.req, result.list ?? [], (a) => ctx.ser.archiveJson(a, 'public'), ctx.style);
  },
  get(ctx, guid) {
    const archive = ctx.model.state.archives.get(guid);
    if (!archive || !isPublic(archive)) return NOT_FOUND();
    return json(200, ctx.ser.archiveJson(archive, 'public'));
  },
  download(ctx, guid) {
    const archive = ctx.model.state.archives.get(guid);
    if (!archive || !isPublic(archive)) return NOT_FOUND();
    refresh(ctx, archive);
    return download(archive, `${ctx.apiBase}/public`);
  },
};
