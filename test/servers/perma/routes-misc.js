// @ts-check
// Perma's other routes (server-apis.md A5): API root, user, organisations, capture jobs and
// batches (with the exact-Content-Type quirk and links_remaining).
import { createArchive } from './create.js';
import { markOutcome } from './routes-archives.js';
import { FORBIDDEN, NOT_FOUND, detail, json, page, toId } from './respond.js';

/** @typedef {import('./context.js').PermaContext} Ctx */

/** @type {Record<string, (ctx: Ctx, ...params: string[]) => import('../http-core.js').Reply>} */
export const miscHandlers = {
  root(ctx) {
    const base = ctx.apiBase;
    return json(200, {
      user: `${base}/user/`,
      folders: `${base}/folders/`,
      organizations: `${base}/organizations/`,
      archives: `${base}/archives/`,
      capture_jobs: `${base}/capture_jobs/`,
      public_archives: `${base}/public/archives/`,
    });
  },
  user(ctx) {
    return json(200, ctx.ser.userJson(ctx.user));
  },
  organizations(ctx) {
    const orgs = ctx.user.orgIds
      .map((id) => ctx.model.state.organizations.get(id))
      .filter((o) => o !== undefined);
    const order = ctx.req.query.order_by ?? 'name';
    const key = order.replace(/^-/, '') === 'registrar' ? 'registrar' : 'name';
    const value = (/** @type {import('./model.js').Organization} */ o) =>
      key === 'registrar' ? (ctx.model.state.registrars.get(o.registrarId)?.name ?? '') : o.name;
    orgs.sort((a, b) => value(a).localeCompare(value(b)) || a.id - b.id);
    if (order.startsWith('-')) orgs.reverse();
    return page(ctx.req, orgs, ctx.ser.orgJson, ctx.style);
  },
  organization(ctx, id) {
    const org = ctx.model.state.organizations.get(Number(id));
    if (!org) return NOT_FOUND();
    if (!ctx.user.orgIds.includes(org.id)) return FORBIDDEN();
    return json(200, ctx.ser.orgJson(org));
  },
  captureJobs(ctx) {
    const jobs = [...ctx.model.state.captureJobs.values()].filter((j) => {
      if (j.createdBy !== ctx.user.id) return false;
      ctx.model.refreshJob(j);
      return j.status === 'pending' || j.status === 'in_progress';
    });
    return page(ctx.req, jobs, ctx.ser.jobJson, ctx.style);
  },
  captureJob(ctx, key) {
    const jobs = [...ctx.model.state.captureJobs.values()];
    const job = /^\d+$/.test(key)
      ? ctx.model.state.captureJobs.get(Number(key))
      : jobs.find((j) => j.guid === key);
    // Archives created by upload have no job: 404 (A5).
    if (!job) return NOT_FOUND();
    if (job.createdBy !== ctx.user.id) return FORBIDDEN();
    return json(200, ctx.ser.jobJson(job));
  },
  batches(ctx) {
    const batches = [...ctx.model.state.batches.values()]
      .filter((b) => b.createdBy === ctx.user.id)
      .sort((a, b) => b.startedOn - a.startedOn || b.id - a.id);
    return page(ctx.req, batches, (b) => ctx.ser.batchJson(b, 'read'), ctx.style);
  },
  createBatch(ctx) {
    // The real server compares the header verbatim (and misspells the message).
    if (ctx.req.headers['content-type'] !== 'application/json') {
      return detail(400, 'content-type must be aplication/json');
    }
    if (ctx.req.body.error) return detail(400, `JSON parse error - ${ctx.req.body.error}`);
    const fields = ctx.req.body.fields;
    if (fields.target_folder === undefined || fields.target_folder === null) {
      return json(400, { target_folder: ['This field is required.'] });
    }
    const folderId = toId(fields.target_folder);
    const folder = folderId === undefined ? undefined : ctx.model.state.folders.get(folderId);
    if (!folder) {
      return json(400, {
        target_folder: [`Invalid pk "${fields.target_folder}" - object does not exist.`],
      });
    }
    if (!ctx.model.canAccessFolder(ctx.user, folder)) return FORBIDDEN();
    const urls = Array.isArray(fields.urls) ? fields.urls : [];
    const batch = ctx.model.addBatch(ctx.user.id, folder.id);
    for (const url of urls) {
      const before = ctx.model.state.captureJobs.size;
      const result = createArchive({
        model: ctx.model,
        user: ctx.user,
        body: {
          kind: 'json',
          fields: { url, folder: folder.id, human: fields.human === true },
          files: [],
        },
        folderId: folder.id,
        batchId: batch.id,
        settings: ctx.settings,
        now: ctx.now,
      });
      if ('archive' in result) markOutcome(ctx, result.archive);
      // Valid or not, each URL's job joins the batch (invalid ones carry the JSON message).
      const jobIds = [...ctx.model.state.captureJobs.keys()].slice(before);
      batch.jobIds.push(...jobIds);
    }
    const remaining = ctx.model.linksRemaining(ctx.user);
    return json(201, {
      ...ctx.ser.batchJson(batch, 'created'),
      links_remaining: Number.isFinite(remaining) ? remaining : 'Infinity',
      links_remaining_period: ctx.user.linkLimitPeriod,
    });
  },
  batch(ctx, id) {
    const batch = ctx.model.state.batches.get(Number(id));
    if (!batch) return NOT_FOUND();
    if (batch.createdBy !== ctx.user.id) return FORBIDDEN();
    return json(200, ctx.ser.batchJson(batch, 'read'));
  },
  batchExport(ctx, id) {
    const batch = ctx.model.state.batches.get(Number(id));
    if (!batch) return NOT_FOUND();
    if (batch.createdBy !== ctx.user.id) return FORBIDDEN();
    const cell = (/** @type {string} */ s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const rows = batch.jobIds
      .map((jid) => ctx.model.state.captureJobs.get(jid))
      .filter((j) => j !== undefined)
      .map((j) => {
        ctx.model.refreshJob(j);
        const archive = j.guid ? ctx.model.state.archives.get(j.guid) : undefined;
        return [
          j.submittedUrl,
          j.status,
          j.message ?? '',
          archive?.title ?? '',
          j.guid ? `${ctx.req.url.origin}/${j.guid}` : '',
        ];
      });
    return {
      status: 200,
      headers: { 'Content-Type': 'text/csv' },
      body:
        [['url', 'status', 'error_message', 'title', 'perma_link'], ...rows]
          .map((r) => r.map(cell).join(','))
          .join('\r\n') + '\r\n',
    };
  },
};
