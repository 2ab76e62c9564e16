// @ts-check
// Reply helpers of the Perma test server: DRF's standard error bodies (A2, A5) and the
// meta/objects page envelope (A4).

/** @typedef {import('../http-core.js').Reply} Reply */

/** @param {number} status @param {unknown} json @returns {Reply} */
export const json = (status, json) => ({ status, json });

/** @param {number} status @param {string} detail @returns {Reply} */
export const detail = (status, detail) => ({ status, json: { detail } });

export const NOT_FOUND = () => detail(404, 'Not found.');
export const FORBIDDEN = () => detail(403, 'You do not have permission to perform this action.');

/** The plain-text 404 Django answers for paths no route matches (A1). */
export const PAGE_NOT_FOUND = () => ({
  status: 404,
  headers: { 'Content-Type': 'text/plain' },
  body: 'Page Not Found',
});

/** Django's stock page for an unhandled exception (DEBUG off). */
export const SERVER_ERROR = () => ({
  status: 500,
  headers: { 'Content-Type': 'text/html' },
  body: '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n',
});

/**
 * @param {string} value
 * @param {number} fallback
 */
function nonNegativeInt(value, fallback) {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

/**
 * One page of `items` in Perma's envelope. New style (since Oct 2024): no total_count and
 * `next` always set; old style: total_count, and next null on the last page.
 * @template T
 * @param {import('../http-core.js').ServerRequest} req
 * @param {T[]} items
 * @param {(item: T) => unknown} toJson
 * @param {'new' | 'old'} style
 */
export function page(req, items, toJson, style) {
  const limit = nonNegativeInt(req.query.limit ?? '', 300) || 300;
  const offset = nonNegativeInt(req.query.offset ?? '', 0);
  const link = (/** @type {number} */ at) => {
    const url = new URL(req.url.href);
    url.searchParams.set('limit', String(limit));
    if (at <= 0) url.searchParams.delete('offset');
    else url.searchParams.set('offset', String(at));
    return url.href;
  };
  const count = style === 'old' ? items.length : 2 ** 31;
  /** @type {Record<string, unknown>} */
  const meta = {
    limit,
    next: offset + limit < count ? link(offset + limit) : null,
    offset,
    previous: offset > 0 ? link(offset - limit) : null,
  };
  if (style === 'old') meta.total_count = items.length;
  return json(200, { meta, objects: items.slice(offset, offset + limit).map(toJson) });
}

/**
 * DRF's BooleanField: JSON booleans, or the usual strings from forms.
 * @param {unknown} value
 * @returns {boolean | undefined} undefined when not a boolean
 */
export function toBool(value) {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value !== 'string') return undefined;
  if (['true', 'True', 'TRUE', '1', 'yes', 'on', 'y', 't'].includes(value)) return true;
  if (['false', 'False', 'FALSE', '0', 'no', 'off', 'n', 'f'].includes(value)) return false;
  return undefined;
}

/**
 * An integer id from JSON or a form string.
 * @param {unknown} value
 */
export function toId(value) {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}
