import { t } from '../i18n';
import { parseRetryAfter } from './backoff';
import { SyncError } from './sync-error';

/** HTTP methods the sync clients use. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One API request, relative to the client's base URL. */
export interface HttpRequest {
  method: HttpMethod;
  /** Path below the base URL, starting with '/'. */
  path: string;
  /** Query parameters (never a credential: those go in headers). */
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body. */
  json?: unknown;
  /** Multipart body (file uploads). */
  form?: FormData;
  /** Per-request timeout, ms (overrides the client default). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * A file download (GET only): the 2xx body comes back as a Blob, and a redirect is followed
   * (Perma sends a replaced archive's download to its replacement's, on the same host).
   */
  download?: boolean;
}

/** A successful (2xx) answer with its parsed body. */
export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Classifies a non-2xx answer into a SyncError (server-specific rules). */
export type ResponseClassifier = (
  status: number,
  body: unknown,
  headers: Headers,
  request: HttpRequest,
) => SyncError;

/** What one request looked like on the wire, for tests and diagnostics (no body, no headers). */
export interface RequestTrace {
  method: HttpMethod;
  url: string;
  status?: number;
  error?: string;
}

export interface HttpClientOptions {
  /** Base URL without trailing slash. */
  baseUrl: string;
  /** Credential headers, read at each request (a rotated token takes effect at once). */
  authHeaders: () => Record<string, string>;
  classify: ResponseClassifier;
  /** Default timeout, ms. */
  timeoutMs?: number;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Called after every request (tests assert no key ever appears in a URL). */
  onTrace?: (trace: RequestTrace) => void;
}

/** A small JSON-over-HTTP client for one server. */
export interface HttpClient {
  readonly baseUrl: string;
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Builds the full URL of a request. Credentials never go here. */
export function requestUrl(baseUrl: string, request: Pick<HttpRequest, 'path' | 'query'>): string {
  const url = new URL(baseUrl + request.path);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

function isJsonType(contentType: string | null): boolean {
  return !!contentType && /[/+]json\b/i.test(contentType);
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  if (isJsonType(response.headers.get('content-type'))) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * Creates the HTTP layer every sync client uses: no cookies (`credentials: 'omit'`),
 * `Accept: application/json`, a timeout on every request, redirects never followed (a 302
 * on a POST means a login page or wrong host routing, and following it would turn the POST
 * into a GET), HTML answers detected, and non-2xx answers classified into SyncErrors.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    baseUrl: options.baseUrl,
    async request<T>(request: HttpRequest): Promise<HttpResponse<T>> {
      const url = requestUrl(options.baseUrl, request);
      const headers: Record<string, string> = {
        Accept: 'application/json',
        ...options.authHeaders(),
      };
      let body: BodyInit | undefined;
      if (request.form) body = request.form;
      else if (request.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(request.json);
      }
      const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      // GETs change nothing; anything else may have been applied if we lose the answer.
      const mayHaveApplied = request.method !== 'GET';
      let response: Response;
      try {
        response = await doFetch(url, {
          method: request.method,
          headers,
          body,
          credentials: 'omit',
          redirect: request.download ? 'follow' : 'manual',
          cache: 'no-store',
          signal,
        });
      } catch (error) {
        const timedOut = timeout.aborted;
        options.onTrace?.({ method: request.method, url, error: timedOut ? 'timeout' : 'network' });
        if (request.signal?.aborted) throw error;
        throw new SyncError(
          'transient',
          timedOut ? 'timeout' : 'network',
          timedOut ? t('syncErrorTimeout') : t('syncErrorNetwork'),
          { outcomeUnknown: mayHaveApplied, cause: error },
        );
      }
      options.onTrace?.({ method: request.method, url, status: response.status });
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        throw new SyncError('config', 'redirected', t('syncErrorRedirected'), {
          status: response.status,
        });
      }
      const contentType = response.headers.get('content-type');
      if (request.download && response.ok && !/^text\/html\b/i.test(contentType ?? '')) {
        try {
          return {
            status: response.status,
            headers: response.headers,
            body: (await response.blob()) as T,
          };
        } catch (error) {
          throw new SyncError('transient', 'network', t('syncErrorNetwork'), { cause: error });
        }
      }
      let parsed: unknown;
      try {
        parsed = await readBody(response);
      } catch (error) {
        // The connection dropped while the body streamed: the request itself was answered.
        throw new SyncError('transient', 'network', t('syncErrorNetwork'), {
          outcomeUnknown: mayHaveApplied && response.ok,
          cause: error,
        });
      }
      if (response.ok) {
        const looksHtml = typeof parsed === 'string' && /^\s*</.test(parsed);
        if (parsed !== undefined && !isJsonType(contentType) && looksHtml) {
          throw new SyncError('config', 'html-instead-of-json', t('syncErrorHtml'), {
            status: response.status,
          });
        }
        return { status: response.status, headers: response.headers, body: parsed as T };
      }
      const error = options.classify(response.status, parsed, response.headers, request);
      if (error.kind === 'transient' && error.details.retryAfterMs === undefined) {
        error.details.retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      }
      // A 5xx may come after the server applied the change (or from a proxy in front of it).
      if (response.status >= 500 && mayHaveApplied) error.details.outcomeUnknown = true;
      return Promise.reject(error);
    },
  };
}

/**
 * Classification shared by both servers for statuses that mean the same everywhere:
 * 429 and 5xx are transient (Retry-After honoured), an HTML page instead of JSON (a proxy
 * or login page) is a configuration problem unless it came with a 5xx.
 */
export function classifyCommon(
  status: number,
  body: unknown,
  headers: Headers,
): SyncError | undefined {
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
  if (status === 429) {
    return new SyncError('transient', 'rate-limited', t('syncErrorRateLimited'), {
      status,
      retryAfterMs,
      body,
    });
  }
  if (status >= 500) {
    return new SyncError('transient', 'server-error', t('syncErrorServer', [String(status)]), {
      status,
      retryAfterMs,
      body,
    });
  }
  if (typeof body === 'string' && /^\s*</.test(body) && !isJsonType(headers.get('content-type'))) {
    return new SyncError('config', 'html-instead-of-json', t('syncErrorHtml'), { status, body });
  }
  return undefined;
}
