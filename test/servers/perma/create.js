// @ts-check
// Archive creation with Perma's validation (server-apis.md A6, A7, A8): one function behind
// POST /v1/archives/, the nested folder route and each URL of a batch.
import { buildWarcGz } from '../warc.js';
import { toBool, toId } from './respond.js';

/** Accepted upload types by filename extension, then checked by magic bytes (A8). */
const UPLOAD_TYPES =
  /** @type {Record<string, { type: string, magic: (b: Buffer) => boolean }>} */ ({
    pdf: { type: 'application/pdf', magic: (b) => b.subarray(0, 10).includes(Buffer.from('%PDF')) },
    jpg: { type: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
    jpeg: { type: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
    png: {
      type: 'image/png',
      magic: (b) =>
        b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    },
    gif: {
      type: 'image/gif',
      magic: (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')),
    },
  });

/** Only in the server's "extended" mode: our own WARCs (real perma.cc refuses them). */
const WARC_TYPES = /** @type {typeof UPLOAD_TYPES} */ ({
  warc: { type: 'application/warc', magic: (b) => b.subarray(0, 5).toString() === 'WARC/' },
  'warc.gz': { type: 'application/warc', magic: (b) => b[0] === 0x1f && b[1] === 0x8b },
});

/**
 * @typedef {object} CreateSettings
 * @property {number} maxFileSize Bytes (MAX_ARCHIVE_FILE_SIZE, 100 MB).
 * @property {boolean} acceptWarcUploads
 * @property {(url: string) => string | undefined} [validateUrl] Extra capture-service rejections.
 */

/**
 * Checks an uploaded file: extension, then content, then size (A8).
 * @param {import('../body.js').UploadedFile | undefined} file
 * @param {unknown} fieldValue The `file` field when it arrived as a plain string.
 * @param {CreateSettings} settings
 * @returns {{ error: string } | { ext: string, contentType: string, data: Buffer, filename: string }}
 */
export function checkUpload(file, fieldValue, settings) {
  if (!file) {
    return {
      error:
        fieldValue === ''
          ? 'File cannot be blank.'
          : 'The submitted data was not a file. Check the encoding type on the form.',
    };
  }
  if (file.data.length === 0) return { error: 'File cannot be blank.' };
  const name = file.filename.toLowerCase();
  const types = settings.acceptWarcUploads ? { ...UPLOAD_TYPES, ...WARC_TYPES } : UPLOAD_TYPES;
  const ext = Object.keys(types)
    .sort((a, b) => b.length - a.length)
    .find((e) => name.endsWith(`.${e}`));
  const kind = ext ? types[ext] : undefined;
  if (!ext || !kind || !kind.magic(file.data)) return { error: 'Invalid file.' };
  if (file.data.length > settings.maxFileSize) return { error: 'File is too large.' };
  return { ext, contentType: kind.type, data: file.data, filename: file.filename };
}

/** A page the fake capture "found": small, but a real HTML document with the title. */
function capturedPage(/** @type {string} */ title) {
  const safe = title.replace(/[<&>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return Buffer.from(
    `<!doctype html><html><head><title>${safe}</title></head><body><h1>${safe}</h1></body></html>\n`,
  );
}

/**
 * The WARC a finished capture downloads as.
 * @param {import('./model.js').Archive} archive
 * @param {number} at
 */
export function warcForCapture(archive, at) {
  return buildWarcGz({
    url: archive.url,
    payload: capturedPage(archive.title),
    contentType: 'text/html; charset=utf-8',
    date: new Date(at),
    type: 'response',
    info: { 'perma-guid': archive.guid, title: archive.title },
  });
}

/**
 * The WARC an upload is wrapped in: a resource record at file:///GUID/upload.<ext> (A8).
 * @param {import('./model.js').Archive} archive
 * @param {{ ext: string, contentType: string, data: Buffer }} upload
 * @param {number} at
 */
function warcForUpload(archive, upload, at) {
  return buildWarcGz({
    url: `file:///${archive.guid}/upload.${upload.ext}`,
    payload: upload.data,
    contentType: upload.contentType,
    date: new Date(at),
    type: 'resource',
    info: { 'perma-guid': archive.guid, captured_by_software: 'upload' },
  });
}

/**
 * Makes the archive's captures and WARC those of an upload (create or replace).
 * @param {import('./model.js').Archive} archive
 * @param {{ ext: string, contentType: string, data: Buffer, filename: string }} upload
 * @param {number} at
 */
export function applyUpload(archive, upload, at) {
  archive.upload = {
    filename: upload.filename,
    contentType: upload.contentType,
    data: upload.data,
  };
  archive.captures = [
    {
      role: 'primary',
      status: 'success',
      url: `file:///${archive.guid}/upload.${upload.ext}`,
      record_type: 'resource',
      content_type: upload.contentType,
      user_upload: true,
    },
  ];
  archive.warc = warcForUpload(archive, upload, at);
  archive.queueTime = null;
  archive.captureTime = null;
}

/** Control characters make the real server's URL handling fail with a bare string (A6). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Normalises and checks a submitted URL. Returns the URL or a 400 body.
 * @param {unknown} raw
 * @param {{ fetchCheck: boolean }} mode fetchCheck: ask the (fake) capture service too.
 * @param {import('./model.js').PermaModel} model
 * @param {CreateSettings} settings
 * @returns {{ url: string } | { error: Record<string, unknown> }}
 */
export function checkUrl(raw, mode, model, settings) {
  if (typeof raw === 'string' && CONTROL.test(raw)) {
    return { error: { url: 'Unicode error while processing URL.' } };
  }
  const trimmed = typeof raw === 'string' ? raw.trim() : '';
  if (!trimmed) return { error: { url: ['URL cannot be empty.'] } };
  let url = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  url = url.slice(0, 2100);
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return { error: { url: ['Not a valid URL.'] } };
  }
  if (!['http:', 'https:'].includes(parsed.protocol) || !parsed.hostname) {
    return { error: { url: ['Not a valid URL.'] } };
  }
  if (!mode.fetchCheck) return { url };
  if (model.state.captureServiceDown) {
    return { error: { url: ['We encountered a network error: please try again.'] } };
  }
  const rejected = model.state.rejectedUrls.get(url) ?? settings.validateUrl?.(url);
  if (rejected) return { error: { url: [rejected] } };
  if (parsed.hostname.endsWith('.invalid')) return { error: { url: ["Couldn't resolve domain."] } };
  return { url };
}

/**
 * Creates an archive the way POST /v1/archives/ does. Every validation failure is also
 * recorded as an `invalid` capture job (A6).
 * @param {object} args
 * @param {import('./model.js').PermaModel} args.model
 * @param {import('./model.js').PermaUser} args.user
 * @param {import('../body.js').ParsedBody} args.body
 * @param {number | undefined} args.folderId The nested route's folder (a default for `folder`).
 * @param {number | null} args.batchId
 * @param {CreateSettings} args.settings
 * @param {() => number} args.now
 * @returns {{ archive: import('./model.js').Archive } | { error: Record<string, unknown> }}
 */
export function createArchive({ model, user, body, folderId, batchId, settings, now }) {
  const fields = body.fields;
  const submitted = typeof fields.url === 'string' ? fields.url : '';
  const fail = (/** @type {Record<string, unknown>} */ error) => {
    model.addJob({
      guid: null,
      createdBy: user.id,
      status: 'invalid',
      message: JSON.stringify(error),
      submittedUrl: submitted,
      title: '',
      human: fields.human === true,
      batchId,
      outcome: 'failed',
    });
    return { error };
  };

  if ('human' in fields && typeof fields.human !== 'boolean') {
    return fail({
      human: `Value must be of type bool, not ${typeof fields.human === 'string' ? 'str' : typeof fields.human === 'number' ? 'int' : 'NoneType'}.`,
    });
  }

  let folder;
  if (fields.folder !== undefined && fields.folder !== null && fields.folder !== '') {
    const id = toId(fields.folder);
    folder = id === undefined ? undefined : model.state.folders.get(id);
    if (!folder || !model.canAccessFolder(user, folder))
      return fail({ folder: ['Folder not found.'] });
  } else {
    folder = model.state.folders.get(folderId ?? user.rootFolderId);
    if (!folder) return fail({ folder: ['Folder not found.'] });
  }
  if (folder.isSponsoredRoot) {
    return fail({
      error: [
        "Perma can't create this link. You can't make links directly in your Sponsored Links folder. Select a folder belonging to a sponsor.",
      ],
    });
  }
  const sponsor = model.sponsorOf(folder);
  if (sponsor) {
    const registrar = model.state.registrars.get(sponsor.sponsoredBy ?? -1);
    if (sponsor.readOnly) {
      return fail({
        error: [
          `Perma can't create this link. ${registrar?.name} set this folder to read-only. Get in touch with them if you have questions.`,
        ],
      });
    }
    if (registrar && !registrar.goodStanding) {
      return fail({
        error: [
          `Perma can't create this link. The ${registrar.name} account needs attention. Get in touch with them if you have questions.`,
        ],
      });
    }
  }
  const orgId = model.orgOfFolder(folder);
  const org = orgId === null ? undefined : model.state.organizations.get(orgId);
  const orgRegistrar = org ? model.state.registrars.get(org.registrarId) : undefined;
  if (orgRegistrar && !orgRegistrar.goodStanding) {
    return fail({
      error: [
        `Perma can't create this link. The ${orgRegistrar.name} account needs attention. Get in touch with them if you have questions.`,
      ],
    });
  }
  if (model.isPersonal(folder) && model.linksRemaining(user) <= 0) {
    return fail({
      error: [
        "Perma can't create this link. You've reached your usage limit. Visit your Usage Plan page for information and plan options.",
      ],
    });
  }

  const file = body.files.find((f) => f.field === 'file');
  const hasFile = file !== undefined || 'file' in fields;
  const checked = checkUrl(fields.url, { fetchCheck: !hasFile }, model, settings);
  if ('error' in checked) return fail(checked.error);

  /** @type {Record<string, string[]>} */
  const lengthErrors = {};
  if (typeof fields.title === 'string' && fields.title.length > 2100) {
    lengthErrors.title = ['Ensure this field has no more than 2100 characters.'];
  }
  if (typeof fields.description === 'string' && fields.description.length > 300) {
    lengthErrors.description = ['Ensure this field has no more than 300 characters.'];
  }
  let isPrivate = false;
  if (fields.is_private !== undefined) {
    const b = toBool(fields.is_private);
    if (b === undefined) lengthErrors.is_private = ['Must be a valid boolean.'];
    else isPrivate = b;
  }
  if (Object.keys(lengthErrors).length > 0) return fail(lengthErrors);

  let upload;
  if (hasFile) {
    const u = checkUpload(file, fields.file, settings);
    if ('error' in u) return fail({ file: [u.error] });
    upload = u;
  }

  const at = now();
  const guid = model.freshGuid();
  const forcedPrivate = org?.defaultToPrivate === true;
  const title =
    typeof fields.title === 'string' && fields.title ? fields.title : new URL(checked.url).hostname;
  /** @type {import('./model.js').Archive} */
  const archive = {
    guid,
    createdBy: user.id,
    createdAt: at,
    url: checked.url,
    title,
    titleFromUser: typeof fields.title === 'string' && fields.title !== '',
    description: typeof fields.description === 'string' ? fields.description : null,
    notes: typeof fields.notes === 'string' ? fields.notes : '',
    folderId: folder.id,
    organizationId: orgId,
    isPrivate: forcedPrivate || isPrivate,
    privateReason: forcedPrivate || isPrivate ? 'user' : null,
    userDeleted: false,
    defaultToScreenshotView: toBool(fields.default_to_screenshot_view) ?? false,
    captures: [],
    queueTime: null,
    captureTime: null,
    warc: null,
    upload: null,
    replacedBy: null,
    jobId: null,
  };
  model.state.archives.set(guid, archive);
  if (upload) {
    applyUpload(archive, upload, at);
    return { archive };
  }
  archive.captures = [
    {
      role: 'primary',
      status: 'pending',
      url: checked.url,
      record_type: 'response',
      content_type: 'text/html',
      user_upload: false,
    },
    {
      role: 'screenshot',
      status: 'pending',
      url: `file:///${guid}/cap.png`,
      record_type: 'resource',
      content_type: 'image/png',
      user_upload: false,
    },
  ];
  const job = model.addJob({
    guid,
    createdBy: user.id,
    status: 'pending',
    message: null,
    submittedUrl: checked.url,
    title,
    human: fields.human === true,
    batchId,
    outcome: 'completed',
  });
  archive.jobId = job.id;
  return { archive };
}
