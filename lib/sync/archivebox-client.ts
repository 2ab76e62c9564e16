import { t } from '../i18n';
import { classifyArchiveBox } from './archivebox-errors';
import { createHttpClient, type HttpClient, type RequestTrace } from './http';
import { SyncError } from './sync-error';
import type { ServerCapabilities } from '../storage/sync-types';

/** ArchiveBox snapshot (server-apis.md B5); the fields Cairn reads. */
export interface ArchiveBoxSnapshot {
  id: string;
  url: string;
  title: string | null;
  tags: string[];
  timestamp: string;
  status?: 'queued' | 'started' | 'sealed' | string;
  crawl_id?: string | null;
  num_archiveresults?: number;
}

/** Upload bookkeeping of one ArchiveResult file (newest 0.9). */
export interface ArchiveBoxOutputFile {
  size?: number;
  upload?: {
    chunked?: boolean;
    chunk_index?: number;
    chunk_count?: number;
    chunks_received?: number;
    complete?: boolean;
  };
}

/** ArchiveBox ArchiveResult (0.9); the fields Cairn reads. */
export interface ArchiveBoxArchiveResult {
  id: string;
  status: string;
  plugin?: string;
  snapshot_id?: string;
  output_files?: Record<string, ArchiveBoxOutputFile>;
}

/** ArchiveBox crawl (0.9); the fields Cairn reads. */
export interface ArchiveBoxCrawl {
  id: string;
  /** Newest 0.9: the crawl's frozen config; PERMISSIONS is public, unlisted or private. */
  config?: { PERMISSIONS?: string; [key: string]: unknown };
}

/** Result of 0.9's queued `cli/add`. */
export interface ArchiveBoxAddResult {
  crawl_id?: string;
  snapshot_ids?: string[];
}

interface Paged<T> {
  items: T[];
  total_items?: number;
  num_items?: number;
}

interface CliResponse<T> {
  success: boolean;
  errors?: string[];
  result?: T;
}

/** What the auth headers of any API answer told us (B2). */
export interface ArchiveBoxAuthInfo {
  username?: string;
  /** ISO time, or null for "Never". */
  expires?: string | null;
}

export interface ArchiveBoxClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  /** 0.8 runs the whole capture inside `cli/add`: allow it minutes (issues #985, #1646). */
  addTimeoutMs?: number;
  fetch?: typeof fetch;
  onTrace?: (trace: RequestTrace) => void;
}

/** Strips a trailing slash, `/api` or `/api/v1` from a pasted ArchiveBox URL. */
export function normalizeArchiveBoxBase(input: string): string {
  return input
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/api(\/v1)?$/, '');
}

/** Reads a version's features from its OpenAPI paths (B8: detect, never assume). */
export function capabilitiesFromOpenApi(
  paths: Record<string, Record<string, unknown>>,
): ServerCapabilities {
  const has = (path: string, method = 'get') =>
    Object.entries(paths).some(
      ([p, ops]) => p.replace(/\/+$/, '') === path && ops && method in ops,
    );
  const upload = has('/api/v1/core/archiveresults', 'post');
  const crawls = has('/api/v1/crawls/crawls', 'post');
  const coreWrites = has('/api/v1/core/snapshots', 'post');
  const search = has('/api/v1/cli/search', 'post');
  const queued = search || coreWrites;
  return {
    flavor: upload ? 'archivebox-0.9-uploads' : queued ? 'archivebox-0.9' : 'archivebox-0.8',
    queuedAdd: queued,
    coreWrites,
    archiveResultUpload: upload,
    // Per-snapshot PERMISSIONS came with the newest line (B9b); each private send is still
    // checked against what the server reports and serves, never assumed.
    privateSnapshots: upload && crawls,
  };
}

/**
 * Exchanges a username and password for an API token once (B3). The server answers 200 even
 * for a bad password, so `success`/`token` decide, not the status.
 */
export async function fetchArchiveBoxToken(
  options: Omit<ArchiveBoxClientOptions, 'token'>,
  username: string,
  password: string,
): Promise<{ token: string; expires: string | null; username?: string }> {
  const http = createHttpClient({
    baseUrl: normalizeArchiveBoxBase(options.baseUrl),
    authHeaders: () => ({}),
    classify: classifyArchiveBox,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
    onTrace: options.onTrace,
  });
  const { body } = await http.request<{
    success?: boolean;
    token?: string;
    expires?: string | null;
    username?: string;
  }>({ method: 'POST', path: '/api/v1/auth/get_api_token', json: { username, password } });
  if (body?.success === false || !body?.token) {
    throw new SyncError('credentials', 'login-failed', t('syncErrorLoginFailed'), { body });
  }
  return { token: body.token, expires: body.expires ?? null, username: body.username };
}

/**
 * Client of the ArchiveBox REST API v1 (server-apis.md Part B). The token goes in both
 * `Authorization: Bearer` and `X-ArchiveBox-API-Key` (B8), never in a URL.
 */
export function createArchiveBoxClient(options: ArchiveBoxClientOptions) {
  const baseUrl = normalizeArchiveBoxBase(options.baseUrl);
  const auth: ArchiveBoxAuthInfo = {};
  const http: HttpClient = createHttpClient({
    baseUrl,
    authHeaders: () => ({
      Authorization: `Bearer ${options.token}`,
      'X-ArchiveBox-API-Key': options.token,
    }),
    classify: classifyArchiveBox,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
    onTrace: options.onTrace,
  });

  async function request<T>(...args: Parameters<HttpClient['request']>): Promise<T> {
    const response = await http.request<T>(...args);
    const user = response.headers.get('x-archivebox-auth-user-username');
    const expires = response.headers.get('x-archivebox-auth-expires');
    if (user) auth.username = user;
    if (expires) auth.expires = /^never$/i.test(expires) ? null : expires;
    return response.body;
  }

  /** cli/* answers 200 with success:false on failure; that is the server refusing. */
  function cliResult<T>(response: CliResponse<T>): T | undefined {
    if (response && response.success === false) {
      const detail = (response.errors ?? []).filter((e) => !/Traceback/.test(e)).join(' ');
      throw new SyncError('validation', 'rejected', detail || 'ArchiveBox refused the request.', {
        body: response,
      });
    }
    return response?.result;
  }

  return {
    baseUrl,
    /** Auth headers seen on the last answers (username, token expiry). */
    auth,
    /** The API's OpenAPI schema: its paths (feature detection) and the server version if named. */
    async openApi(): Promise<{ paths: Record<string, Record<string, unknown>>; version?: string }> {
      const body = await request<{
        paths?: Record<string, Record<string, unknown>>;
        info?: { description?: string };
      }>({
        method: 'GET',
        path: '/api/v1/openapi.json',
      });
      if (!body || typeof body !== 'object' || !body.paths) {
        throw new SyncError('config', 'not-api', t('syncErrorNotArchiveBox'));
      }
      // 0.8 names itself in the description: "Served by ArchiveBox v0.8.5rc51".
      const version = /ArchiveBox v(\d+\.\d+[\w.-]*)/.exec(body.info?.description ?? '')?.[1];
      return { paths: body.paths, version };
    },
    /** check_api_token: true when the token exists (it ignores superuser status). */
    async checkToken(): Promise<boolean> {
      const body = await request<{ success?: boolean }>({
        method: 'POST',
        path: '/api/v1/auth/check_api_token',
        json: { token: options.token },
      });
      return body?.success === true;
    },
    /** Snapshots with exactly this URL (a real authenticated call: proves superuser access). */
    async findSnapshots(url?: string, limit = 50): Promise<ArchiveBoxSnapshot[]> {
      const body = await request<Paged<ArchiveBoxSnapshot>>({
        method: 'GET',
        path: '/api/v1/core/snapshots',
        query: { url, limit, with_archiveresults: false },
      });
      return body?.items ?? [];
    },
    async getSnapshot(id: string): Promise<ArchiveBoxSnapshot> {
      return request<ArchiveBoxSnapshot>({
        method: 'GET',
        path: `/api/v1/core/snapshot/${encodeURIComponent(id)}`,
        query: { with_archiveresults: false },
      });
    },
    /**
     * `cli/add` of one URL with its tags (a comma string, B7). On 0.8 this runs the capture
     * inside the request (long timeout); on 0.9 it queues and returns crawl and snapshot ids.
     */
    async add(url: string, tags: string[], queued: boolean): Promise<ArchiveBoxAddResult> {
      const body = await request<CliResponse<unknown>>({
        method: 'POST',
        path: '/api/v1/cli/add',
        json: { urls: [url], tag: tags.join(','), depth: 0, update: false },
        timeoutMs: queued ? undefined : (options.addTimeoutMs ?? 10 * 60_000),
      });
      const result = cliResult(body);
      return queued && result && typeof result === 'object' ? (result as ArchiveBoxAddResult) : {};
    },
    /**
     * 0.8: adds one URL as a one-link JSON import (`parser: 'json'`), the only way 0.8 takes
     * a title from the client; the tags go in `tag` as usual. Runs the capture in the request.
     */
    async importWithTitle(url: string, title: string, tags: string[]): Promise<void> {
      cliResult(
        await request<CliResponse<unknown>>({
          method: 'POST',
          path: '/api/v1/cli/add',
          json: {
            urls: [JSON.stringify([{ url, title }])],
            parser: 'json',
            tag: tags.join(','),
            depth: 0,
            update: false,
          },
          timeoutMs: options.addTimeoutMs ?? 10 * 60_000,
        }),
      );
    },
    /** 0.9: creates or updates (idempotent per url + crawl) a snapshot's title and tags. */
    async upsertSnapshot(fields: {
      url: string;
      crawl_id?: string;
      title?: string;
      tags?: string[];
    }): Promise<ArchiveBoxSnapshot> {
      return request<ArchiveBoxSnapshot>({
        method: 'POST',
        path: '/api/v1/core/snapshots',
        json: fields,
      });
    },
    /** 0.9: replaces a snapshot's tags. */
    async setSnapshotTags(id: string, tags: string[]): Promise<ArchiveBoxSnapshot> {
      return request<ArchiveBoxSnapshot>({
        method: 'PATCH',
        path: `/api/v1/core/snapshot/${encodeURIComponent(id)}`,
        json: { tags },
      });
    },
    /** 0.9: a crawl of one URL with its tags and config (e.g. PERMISSIONS, B9b). */
    async createCrawl(fields: {
      url: string;
      tags: string[];
      label: string;
      /** Shown with the crawl: a recording's other pages (see remoteNotes). */
      notes?: string;
      config: Record<string, unknown>;
    }): Promise<ArchiveBoxCrawl> {
      return request<ArchiveBoxCrawl>({
        method: 'POST',
        path: '/api/v1/crawls/crawls',
        json: {
          urls: [fields.url],
          max_depth: 0,
          tags: fields.tags,
          label: fields.label,
          ...(fields.notes ? { notes: fields.notes } : {}),
          config: fields.config,
        },
      });
    },
    async getCrawl(id: string): Promise<ArchiveBoxCrawl> {
      return request<ArchiveBoxCrawl>({
        method: 'GET',
        path: `/api/v1/crawls/crawl/${encodeURIComponent(id)}`,
      });
    },
    /** 0.9: deletes a crawl and its snapshots. */
    async deleteCrawl(id: string): Promise<void> {
      await request({ method: 'DELETE', path: `/api/v1/crawls/crawl/${encodeURIComponent(id)}` });
    },
    /**
     * What a stranger gets when opening the snapshot's page (B9b: a private one is redirected
     * to the login): 'login' for a redirect (an extension's fetch sees it as an opaque
     * redirect, status 0), 401 or 403; 'public' for a 200; 'unknown' for anything else (a 404
     * proves nothing). Sent without the token and without cookies; redirects not followed.
     */
    async anonymousAccess(snapshotId: string): Promise<'login' | 'public' | 'unknown'> {
      const response = await (options.fetch ?? fetch)(
        `${baseUrl}/snapshot/${encodeURIComponent(snapshotId)}/`,
        { credentials: 'omit', redirect: 'manual', cache: 'no-store' },
      );
      await response.body?.cancel();
      const status = response.status;
      if (status === 200) return 'public';
      if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) return 'login';
      return status === 401 || status === 403 ? 'login' : 'unknown';
    },
    /** 0.9: deletes (or queues the deletion of) one snapshot. */
    async deleteSnapshot(id: string): Promise<void> {
      await request({ method: 'DELETE', path: `/api/v1/core/snapshot/${encodeURIComponent(id)}` });
    },
    /** 0.8: removes the snapshot of exactly this URL (patterns always explicit: B5a danger). */
    async removeUrl(url: string): Promise<void> {
      cliResult(
        await request<CliResponse<unknown>>({
          method: 'POST',
          path: '/api/v1/cli/remove',
          json: { delete: true, filter_type: 'exact', filter_patterns: [url] },
        }),
      );
    },
    /**
     * Newest 0.9: opens (creates or updates) the ArchiveResult of a plugin on a snapshot with
     * status `started` and no file; its `output_files` tell what an earlier try uploaded.
     */
    async openArchiveResult(
      snapshotId: string,
      plugin: string,
      outputJson: Record<string, unknown>,
    ): Promise<ArchiveBoxArchiveResult> {
      const form = new FormData();
      form.set('snapshot_id', snapshotId);
      form.set('plugin', plugin);
      form.set('status', 'started');
      form.set('output_json', JSON.stringify(outputJson));
      return request<ArchiveBoxArchiveResult>({
        method: 'POST',
        path: '/api/v1/core/archiveresults',
        form,
      });
    },
    /** Newest 0.9: appends one chunk of a file to an ArchiveResult (B5b chunked mode). */
    async uploadChunk(
      resultId: string,
      chunk: {
        path: string;
        index: number;
        count: number;
        offset: number;
        totalSize: number;
        data: Blob;
        mimeType: string;
        /** The last chunk also finishes the result (`succeeded`). */
        last: boolean;
      },
    ): Promise<ArchiveBoxArchiveResult> {
      const form = new FormData();
      form.set('files', chunk.data, chunk.path.split('/').pop());
      form.set('chunk_output_path', chunk.path);
      form.set('chunk_index', String(chunk.index));
      form.set('chunk_count', String(chunk.count));
      form.set('chunk_offset', String(chunk.offset));
      form.set('chunk_total_size', String(chunk.totalSize));
      form.set('mime_type', chunk.mimeType);
      form.set('status', chunk.last ? 'succeeded' : 'started');
      return request<ArchiveBoxArchiveResult>({
        method: 'PATCH',
        path: `/api/v1/core/archiveresult/${encodeURIComponent(resultId)}`,
        form,
        timeoutMs: 5 * 60_000,
      });
    },
    /** Where a person can see the snapshot on the server. */
    snapshotLink(snapshot: Pick<ArchiveBoxSnapshot, 'timestamp'>): string {
      return `${baseUrl}/archive/${snapshot.timestamp}/`;
    },
  };
}

/** An ArchiveBox client instance. */
export type ArchiveBoxClient = ReturnType<typeof createArchiveBoxClient>;
