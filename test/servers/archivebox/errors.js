// @ts-check
// ArchiveBox API error replies (server-apis.md B4): ninja's {detail}, the 422 validation body,
// and the custom handler's {succeeded:false, message, errors:[traceback]} for 404 and 503.

/** @typedef {import('../http-core.js').Reply} Reply */

/** @param {number} status @param {unknown} detail @returns {Reply} */
export const detail = (status, detail) => ({ status, json: { detail } });

export const UNAUTHORIZED = () => detail(401, 'Unauthorized');

/**
 * The generic exception handler's body: ObjectDoesNotExist → 404, anything else → 503, with a
 * Python-looking traceback (clients must never show it).
 * @param {number} status 404 or 503
 * @param {string} exception e.g. "DoesNotExist" or "AssertionError"
 * @param {string} text
 * @param {string} where file:function the "exception" was raised in
 * @returns {Reply}
 */
export function crash(status, exception, text, where) {
  const [file, fn] = where.split(':');
  const traceback = [
    'Traceback (most recent call last):',
    '  File "/app/.venv/lib/python3/site-packages/ninja/operation.py", line 120, in run',
    '    result = self.view_func(request, **values)',
    '             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    `  File "/app/archivebox/api/${file}", line 1, in ${fn}`,
    `${exception}: ${text}`,
    '',
  ].join('\n');
  return {
    status,
    json: { succeeded: false, message: `${exception}: ${text}`, errors: [traceback] },
  };
}

/** Django's HTML 404 for paths no route matches. */
export const DJANGO_404 = () => ({
  status: 404,
  headers: { 'Content-Type': 'text/html; charset=utf-8' },
  body: '<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n',
});
