// @ts-check
// The Perma test server's state and business rules (server-apis.md A3, A7): users, registrars,
// organisations, the folder tree, archives, capture jobs and batches, on an injectable clock.
import { apiKeyFor, guidGenerator, surt } from './ids.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * @typedef {object} PermaUser
 * @property {number} id
 * @property {string} apiKey
 * @property {string} firstName
 * @property {string} lastName
 * @property {boolean} active
 * @property {number} linkLimit Personal links allowed per period (Infinity = unlimited).
 * @property {'once' | 'monthly' | 'annually'} linkLimitPeriod
 * @property {number} bonusLinks
 * @property {number} rootFolderId "Personal Links"
 * @property {number | undefined} sponsoredRootId "Sponsored Links", if sponsored
 * @property {number[]} orgIds
 */

/**
 * @typedef {object} Registrar
 * @property {number} id
 * @property {string} name
 * @property {boolean} goodStanding
 */

/**
 * @typedef {object} Organization
 * @property {number} id
 * @property {string} name
 * @property {number} registrarId
 * @property {boolean} defaultToPrivate
 * @property {number} sharedFolderId
 */

/**
 * @typedef {object} Folder
 * @property {number} id
 * @property {string} name
 * @property {number | null} parentId
 * @property {number | null} ownerId Owning user of a personal or sponsored tree.
 * @property {number | null} organizationId
 * @property {number | null} sponsoredBy Registrar id of a sponsored folder.
 * @property {boolean} isSponsoredRoot
 * @property {boolean} readOnly
 */

/**
 * @typedef {object} Capture
 * @property {string} role
 * @property {'pending' | 'failed' | 'success'} status
 * @property {string} url
 * @property {'response' | 'resource'} record_type
 * @property {string} content_type
 * @property {boolean} user_upload
 */

/**
 * @typedef {object} Archive
 * @property {string} guid
 * @property {number} createdBy
 * @property {number} createdAt ms
 * @property {string} url
 * @property {string} title
 * @property {boolean} titleFromUser
 * @property {string | null} description
 * @property {string} notes
 * @property {number} folderId
 * @property {number | null} organizationId
 * @property {boolean} isPrivate
 * @property {string | null} privateReason
 * @property {boolean} userDeleted
 * @property {boolean} defaultToScreenshotView
 * @property {Capture[]} captures
 * @property {number | null} queueTime
 * @property {number | null} captureTime
 * @property {Buffer | null} warc The downloadable WARC once the capture is done.
 * @property {{ filename: string, contentType: string, data: Buffer } | null} upload
 * @property {string | null} replacedBy GUID that the download redirects to.
 * @property {number | null} jobId
 */

/**
 * @typedef {object} CaptureJob
 * @property {number} id
 * @property {string | null} guid
 * @property {number} createdBy
 * @property {number} createdAt
 * @property {'pending' | 'in_progress' | 'completed' | 'failed' | 'deleted' | 'invalid' | 'superseded'} status
 * @property {string | null} message
 * @property {string} submittedUrl
 * @property {number} attempt
 * @property {number} stepCount
 * @property {string} stepDescription
 * @property {number | null} captureStartTime
 * @property {number | null} captureEndTime
 * @property {string} title
 * @property {boolean} human
 * @property {number | null} batchId
 * @property {'completed' | 'failed'} outcome How the capture will end.
 * @property {boolean} manual Moved only by the test (captures.step / captures.finish).
 */

/**
 * @typedef {object} Batch
 * @property {number} id
 * @property {number} startedOn
 * @property {number} createdBy
 * @property {number[]} jobIds
 * @property {number} targetFolderId
 */

/**
 * @typedef {object} UserInit
 * @property {string} [apiKey] 40 hex characters; generated when missing.
 * @property {string} [firstName]
 * @property {string} [lastName]
 * @property {boolean} [active]
 * @property {number} [linkLimit] Default Infinity (a paid plan); the real trial is 10 "once".
 * @property {'once' | 'monthly' | 'annually'} [linkLimitPeriod]
 * @property {number} [bonusLinks]
 * @property {string} [rootFolderName] Default "Personal Links".
 */

/**
 * @typedef {object} CaptureOptions
 * @property {number} [pendingMs] How long a job stays pending (server clock; default 20).
 * @property {number} [inProgressMs] How long it then stays in_progress (default 50).
 * @property {boolean} [manual] Jobs only move when the test calls captures.step/finish.
 * @property {(url: string) => boolean} [fails] Captures of these URLs end `failed`.
 * @property {(url: string) => string | undefined} [pageTitle] The title the capture finds
 *   (replaces the hostname placeholder when the client sent no title).
 */

/**
 * @param {object} options
 * @param {() => number} options.now
 * @param {number} [options.seed]
 * @param {CaptureOptions} [options.capture]
 */
export function createPermaModel({ now, seed = 1, capture = {} }) {
  let nextId = { user: 1, folder: 20, org: 1, registrar: 1, job: 1, batch: 1 };
  const newGuid = guidGenerator(seed);
  const state = {
    /** @type {Map<number, PermaUser>} */
    users: new Map(),
    /** @type {Map<number, Registrar>} */
    registrars: new Map(),
    /** @type {Map<number, Organization>} */
    organizations: new Map(),
    /** @type {Map<number, Folder>} */
    folders: new Map(),
    /** @type {Map<string, Archive>} */
    archives: new Map(),
    /** @type {Map<number, CaptureJob>} */
    captureJobs: new Map(),
    /** @type {Map<number, Batch>} */
    batches: new Map(),
    /** @type {Map<string, number>} Django session id → user id (the web app's cookie). */
    sessions: new Map(),
    /** When true, creates fail with the capture service's retryable network error (A6). */
    captureServiceDown: false,
    /** @type {Map<string, string>} URL → the capture service's rejection message (A6). */
    rejectedUrls: new Map(),
  };

  /**
   * @param {Omit<Folder, 'id' | 'readOnly' | 'isSponsoredRoot' | 'sponsoredBy'> & Partial<Folder>} init
   * @returns {Folder}
   */
  function addFolder(init) {
    const folder = {
      id: nextId.folder++,
      isSponsoredRoot: false,
      readOnly: false,
      sponsoredBy: null,
      ...init,
    };
    state.folders.set(folder.id, folder);
    return folder;
  }

  /** @param {string} name */
  function registrarNamed(name, goodStanding = true) {
    for (const r of state.registrars.values()) if (r.name === name) return r;
    const registrar = { id: nextId.registrar++, name, goodStanding };
    state.registrars.set(registrar.id, registrar);
    return registrar;
  }

  /** @param {UserInit} [init] */
  function addUser(init = {}) {
    const id = nextId.user++;
    const root = addFolder({
      name: init.rootFolderName ?? 'Personal Links',
      parentId: null,
      ownerId: id,
      organizationId: null,
    });
    /** @type {PermaUser} */
    const user = {
      id,
      apiKey: init.apiKey ?? apiKeyFor(seed * 1000 + id),
      firstName: init.firstName ?? 'Jane',
      lastName: init.lastName ?? 'Doe',
      active: init.active ?? true,
      linkLimit: init.linkLimit ?? Infinity,
      linkLimitPeriod: init.linkLimitPeriod ?? 'once',
      bonusLinks: init.bonusLinks ?? 0,
      rootFolderId: root.id,
      sponsoredRootId: undefined,
      orgIds: [],
    };
    state.users.set(id, user);
    return user;
  }

  /**
   * An organisation with its shared folder, its registrar, and member users.
   * @param {{ name: string, registrar?: string, registrarGoodStanding?: boolean,
   *   defaultToPrivate?: boolean, members?: number[] }} init
   */
  function addOrganization(init) {
    const registrar = registrarNamed(init.registrar ?? 'Test Library', init.registrarGoodStanding);
    if (init.registrarGoodStanding !== undefined)
      registrar.goodStanding = init.registrarGoodStanding;
    const id = nextId.org++;
    const shared = addFolder({
      name: init.name,
      parentId: null,
      ownerId: null,
      organizationId: id,
    });
    /** @type {Organization} */
    const org = {
      id,
      name: init.name,
      registrarId: registrar.id,
      defaultToPrivate: init.defaultToPrivate ?? false,
      sharedFolderId: shared.id,
    };
    state.organizations.set(id, org);
    for (const userId of init.members ?? []) state.users.get(userId)?.orgIds.push(id);
    return org;
  }

  /**
   * Gives a user a "Sponsored Links" root (created on first use) with a folder for `registrar`.
   * @param {number} userId
   * @param {{ registrar: string, readOnly?: boolean, registrarGoodStanding?: boolean }} init
   */
  function addSponsorship(userId, init) {
    const user = state.users.get(userId);
    if (!user) throw new Error(`no user ${userId}`);
    const registrar = registrarNamed(init.registrar, init.registrarGoodStanding);
    if (user.sponsoredRootId === undefined) {
      const root = addFolder({
        name: 'Sponsored Links',
        parentId: null,
        ownerId: userId,
        organizationId: null,
        isSponsoredRoot: true,
      });
      user.sponsoredRootId = root.id;
    }
    return addFolder({
      name: registrar.name,
      parentId: user.sponsoredRootId,
      ownerId: userId,
      organizationId: null,
      sponsoredBy: registrar.id,
      readOnly: init.readOnly ?? false,
    });
  }

  /** @param {Folder} folder */
  function rootOf(folder) {
    let at = folder;
    while (at.parentId !== null) {
      const parent = state.folders.get(at.parentId);
      if (!parent) break;
      at = parent;
    }
    return at;
  }

  /** @param {Folder} folder  @returns {number[]} root first, self last */
  function pathOf(folder) {
    const ids = [folder.id];
    let at = folder;
    while (at.parentId !== null) {
      const parent = state.folders.get(at.parentId);
      if (!parent) break;
      ids.unshift(parent.id);
      at = parent;
    }
    return ids;
  }

  /** The folder's sponsoring registrar, inherited from the sponsored subtree it sits in. */
  function sponsorOf(/** @type {Folder} */ folder) {
    for (const id of pathOf(folder).reverse()) {
      const f = state.folders.get(id);
      if (f?.sponsoredBy) return f;
    }
    return undefined;
  }

  /** @param {PermaUser} user */
  function topFolders(user) {
    const ids = [user.rootFolderId];
    if (user.sponsoredRootId !== undefined) ids.push(user.sponsoredRootId);
    for (const orgId of user.orgIds) {
      const org = state.organizations.get(orgId);
      if (org) ids.push(org.sharedFolderId);
    }
    return ids.map((id) => state.folders.get(id)).filter((f) => f !== undefined);
  }

  /** @param {PermaUser} user @param {Folder} folder */
  function canAccessFolder(user, folder) {
    const root = rootOf(folder);
    return topFolders(user).some((f) => f.id === root.id);
  }

  /** The organisation a folder belongs to (org shared trees), or null. */
  function orgOfFolder(/** @type {Folder} */ folder) {
    return rootOf(folder).organizationId;
  }

  /** @param {PermaUser} user @param {Archive} archive */
  function canEditArchive(user, archive) {
    if (archive.organizationId !== null) return user.orgIds.includes(archive.organizationId);
    return archive.createdBy === user.id;
  }

  /** @param {Folder} folder */
  function isPersonal(folder) {
    const root = rootOf(folder);
    return root.organizationId === null && !root.isSponsoredRoot;
  }

  /** Personal links created by `user` that count against the current period (A7). */
  function linksUsed(/** @type {PermaUser} */ user) {
    const at = new Date(now());
    let since = -Infinity;
    if (user.linkLimitPeriod === 'monthly')
      since = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
    if (user.linkLimitPeriod === 'annually') since = Date.UTC(at.getUTCFullYear(), 0, 1);
    let used = 0;
    for (const archive of state.archives.values()) {
      const folder = state.folders.get(archive.folderId);
      if (archive.createdBy !== user.id || archive.userDeleted || archive.createdAt < since)
        continue;
      if (folder && isPersonal(folder)) used += 1;
    }
    return used;
  }

  /** @param {PermaUser} user */
  function linksRemaining(user) {
    return Math.max(0, user.linkLimit + user.bonusLinks - linksUsed(user));
  }

  /**
   * Moves a job along the clock (A7 capture flow) unless the test drives it by hand.
   * @param {CaptureJob} job
   */
  function refreshJob(job) {
    if (job.manual || capture.manual) return;
    if (job.status !== 'pending' && job.status !== 'in_progress') return;
    const pendingMs = capture.pendingMs ?? 20;
    const inProgressMs = capture.inProgressMs ?? 50;
    const t = now();
    if (job.status === 'pending' && t >= job.createdAt + pendingMs) {
      startJob(job, job.createdAt + pendingMs);
    }
    if (job.status === 'in_progress' && t >= (job.captureStartTime ?? t) + inProgressMs) {
      finishJob(job, job.outcome, (job.captureStartTime ?? t) + inProgressMs);
    }
  }

  /** @param {CaptureJob} job @param {number} at */
  function startJob(job, at) {
    job.status = 'in_progress';
    job.captureStartTime = at;
    job.stepCount = 1;
    job.stepDescription = 'Fetching target URL';
  }

  /**
   * @param {CaptureJob} job
   * @param {'completed' | 'failed'} outcome
   * @param {number} at
   */
  function finishJob(job, outcome, at) {
    if (job.status === 'pending') startJob(job, at);
    job.status = outcome;
    job.captureEndTime = at;
    job.stepCount = outcome === 'completed' ? 6 : job.stepCount;
    job.stepDescription = outcome === 'completed' ? 'Saving web archive file' : job.stepDescription;
    const archive = job.guid ? state.archives.get(job.guid) : undefined;
    if (!archive) return;
    for (const c of archive.captures) c.status = outcome === 'completed' ? 'success' : 'failed';
    archive.queueTime = Math.round(((job.captureStartTime ?? at) - job.createdAt) / 1000);
    archive.captureTime = Math.round((at - (job.captureStartTime ?? at)) / 1000);
    if (outcome === 'failed') {
      job.message = JSON.stringify({ error: ['Failed during capture.'] });
      return;
    }
    const found = capture.pageTitle?.(archive.url);
    if (!archive.titleFromUser && found) archive.title = found;
    job.title = archive.title;
    archive.warc = capturedWarc(archive, at);
  }

  /** Set by the server: builds the WARC a finished capture downloads as. */
  let capturedWarc = /** @type {(archive: Archive, at: number) => Buffer} */ (
    () => Buffer.alloc(0)
  );

  /** Jobs waiting, in queue order: `human` jobs jump ahead of batch jobs (A7). */
  function queuePosition(/** @type {CaptureJob} */ job) {
    if (job.status !== 'pending') return 0;
    const pending = [...state.captureJobs.values()]
      .filter((j) => j.status === 'pending')
      .sort(
        (a, b) => Number(b.human) - Number(a.human) || a.createdAt - b.createdAt || a.id - b.id,
      );
    return pending.findIndex((j) => j.id === job.id) + 1;
  }

  /**
   * @param {Omit<CaptureJob, 'id' | 'attempt' | 'stepCount' | 'stepDescription' |
   *   'captureStartTime' | 'captureEndTime' | 'manual' | 'createdAt'>} init
   */
  function addJob(init) {
    /** @type {CaptureJob} */
    const job = {
      id: nextId.job++,
      attempt: 1,
      stepCount: 0,
      stepDescription: '',
      captureStartTime: null,
      captureEndTime: null,
      manual: false,
      createdAt: now(),
      ...init,
    };
    state.captureJobs.set(job.id, job);
    return job;
  }

  /** @param {number} userId @param {number} targetFolderId */
  function addBatch(userId, targetFolderId) {
    /** @type {Batch} */
    const batch = {
      id: nextId.batch++,
      startedOn: now(),
      createdBy: userId,
      jobIds: [],
      targetFolderId,
    };
    state.batches.set(batch.id, batch);
    return batch;
  }

  /** A GUID not yet used. */
  function freshGuid() {
    for (;;) {
      const guid = newGuid();
      if (!state.archives.has(guid)) return guid;
    }
  }

  return {
    state,
    addUser,
    addOrganization,
    addSponsorship,
    addFolder,
    addJob,
    addBatch,
    freshGuid,
    rootOf,
    pathOf,
    sponsorOf,
    topFolders,
    canAccessFolder,
    orgOfFolder,
    canEditArchive,
    isPersonal,
    linksRemaining,
    refreshJob,
    startJob,
    finishJob,
    queuePosition,
    surt,
    /** @param {(archive: Archive, at: number) => Buffer} build */
    setWarcBuilder(build) {
      capturedWarc = build;
    },
  };
}

/** @typedef {ReturnType<typeof createPermaModel>} PermaModel */
