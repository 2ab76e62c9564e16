import { classifyPerma } from './perma-errors';
import { createHttpClient, type HttpClient, type RequestTrace } from './http';

/** Perma folder (server-apis.md A3). */
export interface PermaFolder {
  id: number;
  name: string;
  parent: number | null;
  has_children: boolean;
  path?: string;
  organization: number | null;
  read_only?: boolean;
  is_sponsored_root_folder?: boolean;
}

/** Perma organisation. */
export interface PermaOrganization {
  id: number;
  name: string;
  default_to_private: boolean;
  shared_folder?: PermaFolder;
}

/** Perma archive ("Link"), authenticated form; only the fields Cairn reads. */
export interface PermaArchive {
  guid: string;
  url: string;
  title: string;
  notes?: string;
  description?: string | null;
  is_private?: boolean;
  private_reason?: string | null;
  creation_timestamp: string;
  archive_timestamp?: string;
  user_deleted?: boolean;
  organization?: PermaOrganization | null;
  captures?: Array<{ role: string; status: string; user_upload?: boolean }>;
  /** Size of the downloadable WARC; null until the capture is done. */
  warc_size?: number | null;
  /** Where the WARC downloads; null until the capture is done (A3). */
  warc_download_url?: string | null;
}

/** Perma capture job. */
export interface PermaCaptureJob {
  guid: string | null;
  status: 'pending' | 'in_progress' | 'completed' | 'failed' | 'deleted' | 'invalid';
  /** JSON-encoded error dict, or null. */
  message: string | null;
  step_description?: string | null;
  queue_position?: number;
}

/** The user, with their top-level folders. */
export interface PermaUser {
  id: number;
  full_name?: string;
  short_name?: string;
  first_name?: string;
  last_name?: string;
  top_level_folders: PermaFolder[];
}

/** Fields Cairn sends on create and edit. */
export interface PermaArchiveFields {
  title?: string;
  notes?: string;
  is_private?: boolean;
  folder?: number;
}

interface Page<T> {
  meta?: { limit?: number; offset?: number; next?: string | null; total_count?: number };
  objects: T[];
}

export interface PermaClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  /** Timeout of the create request (Perma validates the URL synchronously, up to ~62 s). */
  createTimeoutMs?: number;
  fetch?: typeof fetch;
  onTrace?: (trace: RequestTrace) => void;
}

/** Page size for lists; Perma has no maximum, but small pages keep answers quick. */
const PAGE = 100;
/** Perma caps title and description lengths (A6); longer values would fail validation. */
const MAX_TITLE = 2100;

/**
 * Strips what users paste after the root of a Perma API base URL (a trailing slash or
 * `/v1`), so `https://api.perma.cc/v1/` and `https://api.perma.cc` both work.
 */
export function normalizePermaBase(input: string): string {
  return input.trim().replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** Canonical GUID form: Perma looks GUIDs up by exact (upper-case) key. */
function guidPath(guid: string): string {
  return encodeURIComponent(guid.toUpperCase());
}

/**
 * Client of the Perma.cc API v1 (server-apis.md Part A). The key goes only in the
 * `Authorization: ApiKey` header, never in a URL or a form field.
 */
export function createPermaClient(options: PermaClientOptions) {
  const baseUrl = normalizePermaBase(options.baseUrl);
  const http: HttpClient = createHttpClient({
    baseUrl,
    authHeaders: () => ({ Authorization: `ApiKey ${options.apiKey}` }),
    classify: classifyPerma,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
    onTrace: options.onTrace,
  });
  const createTimeoutMs = options.createTimeoutMs ?? 90_000;

  /** Every item of a list: pages until an empty or short page (A4: `next` is never null). */
  async function all<T>(path: string, query: Record<string, string | number> = {}): Promise<T[]> {
    const out: T[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const { body } = await http.request<Page<T>>({
        method: 'GET',
        path,
        query: { ...query, limit: PAGE, offset },
      });
      const objects = body?.objects ?? [];
      out.push(...objects);
      if (objects.length < PAGE) return out;
    }
  }

  return {
    baseUrl,
    /** The user and their top-level folders; the connection test. */
    async getUser(): Promise<PermaUser> {
      return (await http.request<PermaUser>({ method: 'GET', path: '/v1/user/' })).body;
    },
    async getFolder(id: number): Promise<PermaFolder> {
      return (await http.request<PermaFolder>({ method: 'GET', path: `/v1/folders/${id}/` })).body;
    },
    /** The user's top-level folders (personal, sponsored, organisations' shared), every page. */
    listTopFolders(): Promise<PermaFolder[]> {
      return all<PermaFolder>('/v1/folders/');
    },
    /** Direct subfolders of a folder. */
    listSubfolders(id: number): Promise<PermaFolder[]> {
      return all<PermaFolder>(`/v1/folders/${id}/folders/`);
    },
    /** Creates a subfolder (names must be unique among siblings). */
    async createFolder(parentId: number, name: string): Promise<PermaFolder> {
      const { body } = await http.request<PermaFolder>({
        method: 'POST',
        path: `/v1/folders/${parentId}/folders/`,
        json: { name },
      });
      return body;
    },
    async getOrganization(id: number): Promise<PermaOrganization> {
      const { body } = await http.request<PermaOrganization>({
        method: 'GET',
        path: `/v1/organizations/${id}/`,
      });
      return body;
    },
    /**
     * Creates an archive with everything in one request: url, title, notes, folder and
     * is_private together, so it is never public even for a moment.
     */
    async createArchive(fields: PermaArchiveFields & { url: string }): Promise<PermaArchive> {
      const { body } = await http.request<PermaArchive>({
        method: 'POST',
        path: '/v1/archives/',
        json: { ...fields, title: fields.title?.slice(0, MAX_TITLE) },
        timeoutMs: createTimeoutMs,
      });
      return body;
    },
    /**
     * Creates an archive from our own rendering (PNG or PDF) instead of a server-side capture;
     * multipart, with the same fields (never `human`, which fails multipart's bool check).
     */
    async createArchiveFromFile(
      fields: PermaArchiveFields & { url: string },
      file: Blob,
      fileName: string,
    ): Promise<PermaArchive> {
      const form = new FormData();
      form.set('url', fields.url);
      if (fields.title) form.set('title', fields.title.slice(0, MAX_TITLE));
      if (fields.notes) form.set('notes', fields.notes);
      if (fields.folder !== undefined) form.set('folder', String(fields.folder));
      if (fields.is_private !== undefined) form.set('is_private', String(fields.is_private));
      form.set('file', file, fileName);
      const { body } = await http.request<PermaArchive>({
        method: 'POST',
        path: '/v1/archives/',
        form,
        timeoutMs: createTimeoutMs,
      });
      return body;
    },
    /** Replaces an archive's capture with our rendering (within 24 h of creation). */
    async replaceArchiveFile(guid: string, file: Blob, fileName: string): Promise<PermaArchive> {
      const form = new FormData();
      form.set('file', file, fileName);
      const { body } = await http.request<PermaArchive>({
        method: 'PATCH',
        path: `/v1/archives/${guidPath(guid)}/`,
        form,
        timeoutMs: createTimeoutMs,
      });
      return body;
    },
    async getArchive(guid: string): Promise<PermaArchive> {
      const { body } = await http.request<PermaArchive>({
        method: 'GET',
        path: `/v1/archives/${guidPath(guid)}/`,
      });
      return body;
    },
    /** PATCHes title, notes, privacy and (moving it) folder. */
    async updateArchive(guid: string, fields: PermaArchiveFields): Promise<PermaArchive> {
      const { body } = await http.request<PermaArchive>({
        method: 'PATCH',
        path: `/v1/archives/${guidPath(guid)}/`,
        json: { ...fields, title: fields.title?.slice(0, MAX_TITLE) },
      });
      return body;
    },
    /** Moves an archive into a folder (PUT on the nested route). */
    async moveArchive(guid: string, folderId: number): Promise<PermaArchive> {
      const { body } = await http.request<PermaArchive>({
        method: 'PUT',
        path: `/v1/folders/${folderId}/archives/${guidPath(guid)}/`,
      });
      return body;
    },
    /** Deletes an archive (accepted within 24 h of its creation only). */
    async deleteArchive(guid: string): Promise<void> {
      await http.request({ method: 'DELETE', path: `/v1/archives/${guidPath(guid)}/` });
    },
    async getCaptureJob(guid: string): Promise<PermaCaptureJob> {
      const { body } = await http.request<PermaCaptureJob>({
        method: 'GET',
        path: `/v1/capture_jobs/${guidPath(guid)}/`,
      });
      return body;
    },
    /**
     * The user's archives of a URL created between `min` and `max`, in one Perma folder when
     * given (folder lists do not include subfolders, A4): the lookup that runs before a create
     * whose outcome is unknown is retried (A9), so no duplicate is made.
     */
    findArchives(
      url: string,
      range: { folder?: number; min?: Date; max?: Date } = {},
    ): Promise<PermaArchive[]> {
      const query: Record<string, string> = { url };
      if (range.min) query.min_date = range.min.toISOString();
      if (range.max) query.max_date = range.max.toISOString();
      const path =
        range.folder === undefined ? '/v1/archives/' : `/v1/folders/${range.folder}/archives/`;
      return all<PermaArchive>(path, query);
    },
    /** The archives directly in one folder (not its subfolders'), every page, newest first. */
    listFolderArchives(folderId: number): Promise<PermaArchive[]> {
      return all<PermaArchive>(`/v1/folders/${folderId}/archives/`);
    },
    /** Every archive the user can edit, in all folders, every page. */
    listArchives(): Promise<PermaArchive[]> {
      return all<PermaArchive>('/v1/archives/');
    },
    /**
     * The archive's WARC (gzip, a warcinfo record first), with the key in the header; a
     * replaced archive's download is followed to its replacement's.
     */
    async downloadWarc(guid: string, timeoutMs = 10 * 60_000): Promise<Blob> {
      const { body } = await http.request<Blob>({
        method: 'GET',
        path: `/v1/archives/${guidPath(guid)}/download`,
        download: true,
        timeoutMs,
      });
      return body;
    },
    /** Where a person can see the archive: perma.cc/GUID for the API host, else the server. */
    archiveLink(guid: string): string {
      const url = new URL(baseUrl);
      if (url.hostname.startsWith('api.')) url.hostname = url.hostname.slice(4);
      return `${url.origin}/${guid}`;
    },
  };
}

/** A Perma client instance. */
export type PermaClient = ReturnType<typeof createPermaClient>;
