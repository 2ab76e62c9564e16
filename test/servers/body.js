// @ts-check
// Request-body parsing for the test servers: JSON, form-urlencoded and multipart, the three
// encodings Django REST Framework and django-ninja accept. No framework, so the servers see
// exactly the bytes a client sent (the Perma batches route cares about the raw Content-Type).

/**
 * @typedef {object} UploadedFile
 * @property {string} field
 * @property {string} filename
 * @property {string} contentType
 * @property {Buffer} data
 */

/**
 * @typedef {object} ParsedBody
 * @property {'none' | 'json' | 'form' | 'multipart' | 'other'} kind
 * @property {Record<string, unknown>} fields Parsed fields; multipart/form values are strings,
 *   repeated names become arrays.
 * @property {UploadedFile[]} files Multipart parts that carried a filename.
 * @property {unknown} [json] The whole JSON value (may be a non-object).
 * @property {string} [error] Why the body could not be parsed.
 */

/**
 * @param {Record<string, unknown>} fields
 * @param {string} name
 * @param {string} value
 */
function addField(fields, name, value) {
  const old = fields[name];
  if (old === undefined) fields[name] = value;
  else if (Array.isArray(old)) old.push(value);
  else fields[name] = [old, value];
}

/**
 * Parses a header parameter such as `boundary=abc` or `name="file"`.
 * @param {string} header
 * @param {string} param
 */
export function headerParam(header, param) {
  const match = new RegExp(`(?:^|;)\\s*${param}=("([^"]*)"|[^;]*)`, 'i').exec(header);
  if (!match) return undefined;
  return match[2] ?? match[1]?.trim();
}

/**
 * @param {Buffer} body
 * @param {string} boundary
 * @returns {{ fields: Record<string, unknown>, files: UploadedFile[] } | undefined}
 */
function parseMultipart(body, boundary) {
  /** @type {Record<string, unknown>} */
  const fields = {};
  /** @type {UploadedFile[]} */
  const files = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  if (at < 0) return undefined;
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') break;
    at += 2; // CRLF after the delimiter
    const headerEnd = body.indexOf('\r\n\r\n', at);
    if (headerEnd < 0) return undefined;
    const headers = body.subarray(at, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) return undefined;
    const data = body.subarray(headerEnd + 4, next);
    /** @type {Record<string, string>} */
    const partHeaders = {};
    for (const line of headers) {
      const colon = line.indexOf(':');
      if (colon > 0)
        partHeaders[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const disposition = partHeaders['content-disposition'] ?? '';
    const name = headerParam(disposition, 'name');
    const filename = headerParam(disposition, 'filename');
    if (name !== undefined) {
      if (filename !== undefined) {
        files.push({
          field: name,
          filename,
          contentType: partHeaders['content-type'] ?? 'application/octet-stream',
          data: Buffer.from(data),
        });
      } else {
        addField(fields, name, data.toString('utf8'));
      }
    }
    at = next + 2;
  }
  return { fields, files };
}

/**
 * Parses a request body by its Content-Type.
 * @param {string | undefined} contentType
 * @param {Buffer} body
 * @returns {ParsedBody}
 */
export function parseBody(contentType, body) {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (body.length === 0 && type !== 'multipart/form-data')
    return { kind: 'none', fields: {}, files: [] };
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      const json = JSON.parse(body.toString('utf8'));
      const fields = json && typeof json === 'object' && !Array.isArray(json) ? json : {};
      return { kind: 'json', fields, files: [], json };
    } catch (error) {
      return {
        kind: 'json',
        fields: {},
        files: [],
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    /** @type {Record<string, unknown>} */
    const fields = {};
    for (const [name, value] of new URLSearchParams(body.toString('utf8')))
      addField(fields, name, value);
    return { kind: 'form', fields, files: [] };
  }
  if (type === 'multipart/form-data') {
    const boundary = headerParam(contentType ?? '', 'boundary');
    const parsed = boundary ? parseMultipart(body, boundary) : undefined;
    if (!parsed) {
      return { kind: 'multipart', fields: {}, files: [], error: 'Multipart form parse error' };
    }
    return { kind: 'multipart', ...parsed };
  }
  return { kind: 'other', fields: {}, files: [] };
}
