// Types of perma-server.js for the TypeScript tests: the project's tsc reads no JavaScript.
// Keep in step with the JSDoc in perma-server.js and perma/model.js.
import type { FailureRateOptions, Faults } from './faults.js';
import type { RequestLogEntry } from './http-core.js';

export interface PermaUser {
  id: number;
  apiKey: string;
  firstName: string;
  lastName: string;
  active: boolean;
  /** Personal links per period (Infinity = unlimited). */
  linkLimit: number;
  linkLimitPeriod: 'once' | 'monthly' | 'annually';
  bonusLinks: number;
  rootFolderId: number;
  sponsoredRootId: number | undefined;
  orgIds: number[];
}

export interface UserInit {
  apiKey?: string;
  firstName?: string;
  lastName?: string;
  active?: boolean;
  /** Default Infinity; the real trial plan is 10 with period 'once'. */
  linkLimit?: number;
  linkLimitPeriod?: 'once' | 'monthly' | 'annually';
  bonusLinks?: number;
  rootFolderName?: string;
}

export interface Registrar {
  id: number;
  name: string;
  goodStanding: boolean;
}

export interface Organization {
  id: number;
  name: string;
  registrarId: number;
  defaultToPrivate: boolean;
  sharedFolderId: number;
}

export interface Folder {
  id: number;
  name: string;
  parentId: number | null;
  ownerId: number | null;
  organizationId: number | null;
  sponsoredBy: number | null;
  isSponsoredRoot: boolean;
  readOnly: boolean;
}

export interface Capture {
  role: string;
  status: 'pending' | 'failed' | 'success';
  url: string;
  record_type: 'response' | 'resource';
  content_type: string;
  user_upload: boolean;
}

export interface Archive {
  guid: string;
  createdBy: number;
  createdAt: number;
  url: string;
  title: string;
  titleFromUser: boolean;
  description: string | null;
  notes: string;
  folderId: number;
  organizationId: number | null;
  isPrivate: boolean;
  /** Set 'takedown' etc. to test the "Cannot change link privacy." rule. */
  privateReason: string | null;
  userDeleted: boolean;
  defaultToScreenshotView: boolean;
  captures: Capture[];
  queueTime: number | null;
  captureTime: number | null;
  warc: Buffer | null;
  upload: { filename: string; contentType: string; data: Buffer } | null;
  /** GUID the download redirects (302) to. */
  replacedBy: string | null;
  jobId: number | null;
}

export type CaptureJobStatus =
  'pending' | 'in_progress' | 'completed' | 'failed' | 'deleted' | 'invalid' | 'superseded';

export interface CaptureJob {
  id: number;
  guid: string | null;
  createdBy: number;
  createdAt: number;
  status: CaptureJobStatus;
  message: string | null;
  submittedUrl: string;
  attempt: number;
  stepCount: number;
  stepDescription: string;
  captureStartTime: number | null;
  captureEndTime: number | null;
  title: string;
  human: boolean;
  batchId: number | null;
  outcome: 'completed' | 'failed';
  manual: boolean;
}

export interface Batch {
  id: number;
  startedOn: number;
  createdBy: number;
  jobIds: number[];
  targetFolderId: number;
}

export interface CaptureOptions {
  /** How long a job stays pending on the server clock (default 20 ms). */
  pendingMs?: number;
  /** How long it then stays in_progress (default 50 ms). */
  inProgressMs?: number;
  /** Jobs move only through captures.step/finish. */
  manual?: boolean;
  /** Captures of these URLs end 'failed'. */
  fails?: (url: string) => boolean;
  /** Title the capture finds, replacing the hostname when the client sent none. */
  pageTitle?: (url: string) => string | undefined;
}

export interface PermaServerOptions {
  port?: number;
  /** Seeds GUIDs and generated API keys (default 1). */
  seed?: number;
  /** Seeded users (default: one, Jane Doe). */
  users?: UserInit[];
  /** 'new' (default): no total_count, next always set. 'old': total_count, next null at the end. */
  pagination?: 'new' | 'old';
  capture?: CaptureOptions;
  /** Base clock (default Date.now); clock.advance adds to it. */
  now?: () => number;
  /** Upload limit in bytes (default 100 MB). */
  maxFileSize?: number;
  /** Extended mode: accept .warc / .warc.gz uploads (real perma.cc refuses them). */
  acceptWarcUploads?: boolean;
  /** Extra capture-service rejections: return the 400 message for a URL. */
  validateUrl?: (url: string) => string | undefined;
  failureRate?: number | FailureRateOptions;
}

export interface PermaState {
  users: Map<number, PermaUser>;
  registrars: Map<number, Registrar>;
  organizations: Map<number, Organization>;
  folders: Map<number, Folder>;
  archives: Map<string, Archive>;
  captureJobs: Map<number, CaptureJob>;
  batches: Map<number, Batch>;
  /** Django session id → user id. */
  sessions: Map<string, number>;
  /** Set to make creates fail with the retryable network-error message. */
  captureServiceDown: boolean;
  /** URL (normalised, e.g. http://x.test/) → the capture service's rejection message. */
  rejectedUrls: Map<string, string>;
  requests: RequestLogEntry[];
}

export interface PermaServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** `${origin}/v1` (the routes are also served under `${origin}/api/v1`). */
  apiBase: string;
  /** The first seeded user's API key. */
  apiKey: string;
  user: PermaUser;
  /** The server's live state: edit it to set up a case (e.g. an archive's privateReason). */
  state: PermaState;
  requests: RequestLogEntry[];
  faults: Faults;
  clock: { now(): number; advance(ms: number): void; set(ms: number): void };
  addUser(init?: UserInit): PermaUser;
  addOrganization(init: {
    name: string;
    registrar?: string;
    registrarGoodStanding?: boolean;
    defaultToPrivate?: boolean;
    members?: number[];
  }): Organization;
  addSponsorship(
    userId: number,
    init: { registrar: string; readOnly?: boolean; registrarGoodStanding?: boolean },
  ): Folder;
  addFolder(parentId: number, name: string): Folder;
  /** A logged-in web session; send `Cookie: sessionid=<value>`. Unsafe methods then fail CSRF. */
  addSession(userId: number): string;
  /** Makes every create fail with the capture service's retryable network error. */
  setCaptureServiceDown(down: boolean): void;
  captures: {
    /** Moves one job (or all) a step: pending → in_progress → outcome. */
    step(guid?: string): void;
    /** Ends a capture now. */
    finish(guid: string, outcome?: 'completed' | 'failed'): void;
    /** Makes a job ignore the clock until step/finish. */
    hold(guid: string): void;
  };
  close(): Promise<void>;
}

export function startPermaServer(options?: PermaServerOptions): Promise<PermaServer>;
