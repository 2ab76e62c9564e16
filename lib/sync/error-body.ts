/**
 * Turns a server's error body into one readable sentence. Handles Perma's shapes (`detail`
 * string, a field → string | string[] dict, a bare string[]) and ArchiveBox's (`detail`
 * string, `detail` as pydantic errors, `{succeeded:false, message, errors:[traceback]}`).
 * Tracebacks are never included.
 */
export function errorBodyMessage(body: unknown): string | undefined {
  if (body == null) return undefined;
  if (typeof body === 'string') return body.trim().slice(0, 300) || undefined;
  if (Array.isArray(body)) {
    const parts = body.filter((x): x is string => typeof x === 'string');
    return parts.length ? parts.join(' ') : undefined;
  }
  if (typeof body !== 'object') return String(body);
  const obj = body as Record<string, unknown>;
  if (typeof obj.detail === 'string') return obj.detail;
  if (Array.isArray(obj.detail)) {
    // pydantic: [{loc: ['body','args','urls'], msg: '...'}]
    const parts = obj.detail.map((d) => {
      const e = d as { loc?: unknown[]; msg?: string };
      const where = Array.isArray(e.loc) ? e.loc.filter((l) => l !== 'body').join('.') : '';
      return where ? `${where}: ${e.msg ?? ''}` : (e.msg ?? '');
    });
    return parts.filter(Boolean).join('; ') || undefined;
  }
  if (obj.succeeded === false || obj.success === false) {
    if (typeof obj.message === 'string') return obj.message;
    // get_api_token: {success:false, errors:["Invalid credentials"]} (no traceback there).
    if (obj.message === undefined && Array.isArray(obj.errors) && obj.success === false) {
      return errorBodyMessage(obj.errors);
    }
    return undefined;
  }
  const fields = Object.entries(obj).flatMap(([field, value]) => {
    const text = Array.isArray(value)
      ? value.filter((v) => typeof v === 'string').join(' ')
      : typeof value === 'string'
        ? value
        : '';
    if (!text) return [];
    return field === 'error' || field === 'non_field_errors' ? [text] : [`${field}: ${text}`];
  });
  return fields.length ? fields.join(' ') : undefined;
}
