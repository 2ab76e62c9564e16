/**
 * Rows of Cairn's IndexedDB database. The model is built with the library (folders, private
 * flag, notes) and sync (per-server state, added in a later schema version) in view.
 */

/** Where a capture was started from; kept for the user's history and for diagnostics. */
export type CaptureTrigger =
  | 'action'
  | 'page-menu'
  | 'link-menu'
  | 'command'
  | 'url-box'
  /** "Record this tab": the user's own tab, recorded page after page while they use it. */
  | 'record'
  /** Not captured here: imported from a WARC or WACZ file. */
  | 'import';

/** Lifecycle of an archive. 'capturing' never survives a worker restart (see recovery). */
export type ArchiveStatus = 'capturing' | 'complete' | 'partial' | 'failed';

/** A folder; folders nest (Perma-style) and every archive lives in exactly one. */
export interface FolderRow {
  id: string;
  /** null for a top-level folder. */
  parentId: string | null;
  name: string;
  createdAt: number;
  updatedAt: number;
  /**
   * Archives directly in this folder, trashed ones excluded; kept up to date in the same
   * transaction by every write that adds, removes or moves an archive (folder-counts.ts), so
   * the tree needs no count per folder. Filled for older rows by schema v3; a row written
   * without it is counted from the folderId index instead.
   */
  archiveCount?: number;
}

/**
 * A folder deleted with its contents, kept in the Trash until it is restored or purged
 * (schema v5). Its archives stay in `archives`, trashed (their trash keys name this folder).
 */
export interface TrashedFolderRow extends FolderRow {
  /** When it was deleted (epoch ms). */
  trashedAt: number;
  /** The folder the user deleted: this one or its top-most deleted ancestor. */
  trashRootId: string;
}

/** Live state of a capture in progress, stored on the archive so any page can show it. */
export interface CaptureState {
  tabId: number;
  /**
   * Link mode: the tab was opened by Cairn and is closed when the capture ends. False for a
   * tab recording: the tab is the user's and stays.
   */
  ownsTab: boolean;
  /** The user's tab the capture was started from (its badge shows the progress). */
  openerTabId?: number;
  phase: 'starting' | 'loading' | 'scrolling' | 'settling' | 'finishing' | 'recording';
  pending: number;
  /** Payload bytes seen so far (the stored size is `ArchiveRow.size`). */
  bytes: number;
}

/** One captured page: its metadata; the WARC records live in `records`. */
export interface ArchiveRow {
  id: string;
  /** The URL the user asked for. */
  url: string;
  /** The URL the top frame ended on (after redirects). */
  finalUrl?: string;
  /**
   * HTTP status the top document answered with (after redirects), set when the capture ends.
   * 400 and above: the archive holds the server's error page. Absent for older archives and
   * when no document was stored.
   */
  pageStatus?: number;
  title: string;
  notes: string;
  folderId: string;
  isPrivate: boolean;
  status: ArchiveStatus;
  /** Machine-readable reason for partial/failed (e.g. 'canceled-by-user'). */
  reasonCode?: string;
  /** User-facing sentence explaining a partial or failed capture. */
  reason?: string;
  trigger: CaptureTrigger;
  createdAt: number;
  updatedAt: number;
  endedAt?: number;
  /** Bytes of the .warc.gz (sum of stored record lengths) = offset of the next record. */
  size: number;
  recordCount: number;
  /** HTTP responses stored (response + revisit records). */
  responseCount: number;
  /** Present while status is 'capturing'. */
  capture?: CaptureState;
  /**
   * Milestones of the capture in ms from its start (load, idle, scrollDone, finishing,
   * extras, reads, written): what the user waited for, for benchmarks and diagnostics.
   */
  timings?: Record<string, number>;
  /**
   * The pages of an archive that holds several (a tab recording, an imported crawl or
   * collection), in the order they were visited. Absent for a capture of one page (`url`,
   * `title`).
   */
  pages?: ArchivePage[];
  /** The file an imported archive came from. */
  importedFrom?: string;
  /**
   * Set when the user deleted the archive: it is hidden at once and purged (records and all)
   * a few seconds later unless the user undoes. Lists skip trashed rows.
   */
  trashedAt?: number;
}

/** One page of an archive that holds several. */
export interface ArchivePage {
  url: string;
  title: string;
  /** When the page was captured (epoch ms). */
  ts: number;
}

/** Kinds of WARC record Cairn writes. */
export type WarcType = 'warcinfo' | 'request' | 'response' | 'revisit' | 'resource' | 'metadata';

/**
 * One WARC record (one gzip member) plus its index entry. Records of an archive,
 * concatenated in `seq` order, are the archive's .warc.gz file.
 */
export interface RecordRow {
  id?: number;
  archiveId: string;
  /** Position within the archive, from 0. */
  seq: number;
  /** Byte offset of this gzip member in the .warc.gz. */
  offset: number;
  /** Byte length of this gzip member. */
  length: number;
  warcType: WarcType;
  recordId: string;
  url?: string;
  date: string;
  status?: number;
  mime?: string;
  payloadDigest?: string;
  payloadLength?: number;
  truncated?: 'length' | 'disconnect';
  /** Stored blocks awaiting their deflate (see BuiltRecord.deflateLater). */
  deflateLater?: true;
  blob: Blob;
}

/**
 * Search terms of one archive (title, URL and page text), in a multiEntry index so a search
 * is an index range scan rather than a read of every text. Rebuilt when the title changes.
 */
export interface SearchTermsRow {
  archiveId: string;
  terms: string[];
}

/** Sync state of one archive on one configured server (the library shows it per server). */
export type SyncStateKind = 'pending' | 'syncing' | 'synced' | 'failed';

export interface SyncStateRow {
  archiveId: string;
  serverId: string;
  state: SyncStateKind;
  /** Remote identity once created: a Perma GUID, an ArchiveBox snapshot id. */
  remoteId?: string;
  /** Where the user can see it on the server. */
  remoteUrl?: string;
  /** User-facing reason of the last failure. */
  error?: string;
  updatedAt: number;
}

/** What an outbox entry asks of a server. */
export type OutboxOp = 'create' | 'update' | 'delete';

/** A unit of sync work; survives worker and browser restarts. */
export interface OutboxRow {
  id?: number;
  serverId: string;
  archiveId: string;
  op: OutboxOp;
  /** Epoch ms before which the entry is not tried (backoff, Retry-After). */
  dueAt: number;
  attempts: number;
  /** Set while a worker is sending it; a stale lease is taken over after a restart. */
  leaseUntil?: number;
  /** A create that may have reached the server (timeout): look it up before retrying. */
  outcomeUnknown?: boolean;
  lastError?: string;
  createdAt: number;
  /** Op-specific data (e.g. the remote id for a delete of an archive already gone locally). */
  payload?: Record<string, unknown>;
}

/** A local folder's counterpart on a server: a Perma folder id or an ArchiveBox tag name. */
export interface RemoteFolderRow {
  serverId: string;
  folderId: string;
  remoteId: string;
}

/**
 * A small picture of the archive's screenshot for list rows, made on first display (lib/ui
 * thumbnails) and kept apart from the archive row so lists stay light. No `blob`: the archive
 * has no screenshot.
 */
export interface ThumbnailRow {
  archiveId: string;
  blob?: Blob;
}

/** Extracted page text, kept apart from the archive row so lists stay light. */
export interface PageTextRow {
  archiveId: string;
  text: string;
}
