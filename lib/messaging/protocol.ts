import type { CaptureTrigger } from '../db/entities';
import type { LibraryProtocol } from './protocol-library';
import type { SyncProtocol } from './protocol-sync';

/**
 * The one protocol between Cairn's pages (popup, library, options) and the background.
 * Each entry maps a message name to its request data and its reply. The background is the
 * only writer of archive data; pages read through lib/db repositories and ask for changes here.
 */
export interface ProtocolMap extends CaptureProtocol, LibraryProtocol, SyncProtocol {}

/** Capture messages. Library and sync messages live in protocol-library.ts and protocol-sync.ts. */
export interface CaptureProtocol {
  /**
   * Archive the page an open tab shows (toolbar button, popup "Archive this page"), in a
   * background capture tab: the user's tab is not touched.
   */
  captureTab(data: {
    tabId: number;
    trigger: CaptureTrigger;
    folderId?: string;
    isPrivate?: boolean;
    /** Archive it even if it was archived minutes ago ("Archive again"). */
    again?: boolean;
  }): CaptureStartReply;
  /** Capture a URL in a new background tab (the "URL to archive" box). */
  captureUrl(data: {
    url: string;
    trigger: CaptureTrigger;
    folderId?: string;
    isPrivate?: boolean;
  }): CaptureStartReply;
  /**
   * "Record this tab": record the user's tab while they use it, page after page, into one
   * archive. Fails with 'unsaved-input' when `reloadFirst` would lose typed input and the
   * user has not confirmed.
   */
  recordTab(data: {
    tabId: number;
    reloadFirst: boolean;
    reloadConfirmed?: boolean;
    folderId?: string;
    isPrivate?: boolean;
  }): CaptureStartReply;
  /** Finish a running capture now, keeping what was recorded. */
  stopCapture(data: { archiveId: string }): { stopped: boolean };
  /** Change an archive's folder or private flag (the popup offers both before and after a capture). */
  updateArchive(data: { archiveId: string; folderId?: string; isPrivate?: boolean }): { ok: true };
}

/** What a capture request led to. */
export interface CaptureStartReply {
  archiveId: string;
  /** False when the same page was already being captured, or archived minutes ago. */
  started: boolean;
  /** Set when `archiveId` is an archive made minutes ago, shown instead of a new copy. */
  recent?: boolean;
  /** Set when `archiveId` is the recording of the tab ("Record this tab"). */
  recording?: boolean;
}

/** Message names. */
export type MessageName = keyof ProtocolMap;
/** Request data of a message. */
export type MessageData<K extends MessageName> = Parameters<ProtocolMap[K]>[0];
/** Reply of a message. */
export type MessageReply<K extends MessageName> = ReturnType<ProtocolMap[K]>;

/** Wire format of a request. */
export interface Envelope<K extends MessageName = MessageName> {
  cairn: 1;
  name: K;
  data: MessageData<K>;
}

/** Wire format of a reply: a result or a serialized error. */
export type ReplyEnvelope<K extends MessageName = MessageName> =
  { ok: true; result: MessageReply<K> } | { ok: false; error: { code: string; message: string } };
