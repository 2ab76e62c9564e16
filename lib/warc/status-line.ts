import { sanitizeHeaderValue } from './http-headers';

/** Reason phrases of RFC 9110 (and a few common extras), for h2/h3 responses that have none. */
const REASONS: Record<number, string> = {
  100: 'Continue',
  101: 'Switching Protocols',
  103: 'Early Hints',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  511: 'Network Authentication Required',
};

/**
 * `HTTP/1.1 <status> <reason>` for a response record.
 *
 * Always HTTP/1.1, even for h2/h3 (the real protocol goes in WARC-Protocol): replay tools and
 * CDX indexers parse the status line as HTTP/1.x and choke on `h2 200`. HTTP/2 has no reason
 * phrases, so CDP reports an empty statusText; the standard phrase is filled in then.
 */
export function responseStatusLine(status: number, statusText: string): string {
  const code = Number.isInteger(status) && status >= 100 && status <= 999 ? status : 200;
  const reason = sanitizeHeaderValue(statusText) || REASONS[code] || '';
  // RFC 9112: the space after the code is required even when the reason is empty.
  return `HTTP/1.1 ${code} ${reason}`;
}

/**
 * `<METHOD> <path+query> HTTP/1.1` for a request record (origin-form: no scheme, host or
 * fragment; the host is in the Host header).
 */
export function requestLine(method: string, url: string): string {
  const verb =
    method
      .trim()
      .toUpperCase()
      .replace(/[^A-Z0-9!#$%&'*+.^_`|~-]/g, '') || 'GET';
  let target: string;
  try {
    const parsed = new URL(url);
    target = `${parsed.pathname || '/'}${parsed.search}`;
  } catch {
    target = url;
  }
  // A space or control character in the target would break the line into extra fields.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we escape
  target = target.replace(/[\s\x00-\x1f\x7f]/g, (c) => encodeURIComponent(c)) || '/';
  return `${verb} ${target} HTTP/1.1`;
}
