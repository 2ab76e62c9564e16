// @ts-check
// The ArchiveBox test server's state: users and tokens, snapshots with tags, archive results
// with uploaded files, crawls (0.9), and the queued → started → sealed progression on the
// server clock (server-apis.md B5, B7).
import { seededRandom } from '../faults.js';

export const TOKEN_DAYS = 30;

/**
 * @typedef {object} AbUser
 * @property {number} id
 * @property {string} username
 * @property {string} password
 * @property {boolean} isSuperuser
 */

/**
 * @typedef {object} AbToken
 * @property {string} id uuid
 * @property {string} abid
 * @property {string} token 32 lowercase hex
 * @property {number} userId
 * @property {number} createdAt
 * @property {number | null} expires null = never
 */

/**
 * @typedef {object} AbFile
 * @property {Buffer} data
 * @property {string} mimetype
 * @property {{ chunked: boolean, chunk_index: number, chunk_count: number, chunks_received: number, complete: boolean } | undefined} upload
 */

/**
 * @typedef {object} AbResult
 * @property {string} id
 * @property {string} abid 0.8's res_… id
 * @property {string} snapshotId
 * @property {string} plugin 0.8 calls it `extractor`
 * @property {string} hookName
 * @property {string} status
 * @property {string} outputStr
 * @property {Record<string, unknown> | null} outputJson
 * @property {Map<string, AbFile>} files
 * @property {number} createdAt
 * @property {number} modifiedAt
 * @property {number | null} startTs
 * @property {number | null} endTs
 */

/**
 * @typedef {object} AbSnapshot
 * @property {string} id
 * @property {string} abid
 * @property {string} url
 * @property {string | null} title
 * @property {string} timestamp "epoch.micro"
 * @property {string[]} tags names
 * @property {number} createdAt
 * @property {number} modifiedAt
 * @property {number} bookmarkedAt
 * @property {number | null} downloadedAt
 * @property {'queued' | 'started' | 'sealed' | 'deleting'} status
 * @property {boolean} manual Moved only by the test (snapshots.step / seal).
 * @property {string | null} crawlId
 * @property {number} createdById
 * @property {string[]} resultIds
 */

/**
 * @typedef {object} AbTag
 * @property {number} id
 * @property {string} uuid 0.8 tag ids are uuids
 * @property {string} name
 * @property {number} createdAt
 */

/**
 * @typedef {object} AbCrawl
 * @property {string} id
 * @property {string[]} urls
 * @property {string} tagsStr
 * @property {number} createdAt
 * @property {number} maxDepth
 * @property {string} status
 * @property {Record<string, unknown>} [config] As sent on POST /crawls/crawls. Newest 0.9 reads
 *   PERMISSIONS (public | unlisted | private, default public; its snapshots inherit it) and
 *   ONLY_NEW (default true) from it (B9b).
 */

/** Tag slug, as Django's slugify makes it. */
export const slugify = (/** @type {string} */ name) =>
  name
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[-\s]+/g, '-');

/**
 * @param {object} options
 * @param {() => number} options.now
 * @param {number} [options.seed]
 * @param {{ queuedMs?: number, startedMs?: number, manual?: boolean,
 *   pageTitle?: (url: string) => string | undefined }} [options.progress]
 */
export function createArchiveBoxModel({ now, seed = 1, progress = {} }) {
  const random = seededRandom(seed);
  const hex = (/** @type {number} */ n) =>
    Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  /** uuid7-like: time-ordered, as 0.9 ids are (so prefixes of recent ids share a head). */
  const uuid7 = () => {
    const t = now().toString(16).padStart(12, '0');
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${hex(3)}-8${hex(3)}-${hex(12)}`;
  };
  const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const abid = (/** @type {string} */ prefix) =>
    `${prefix}_01${Array.from({ length: 24 }, () => CROCKFORD[Math.floor(random() * 32)]).join('')}`;
  let lastTimestamp = 0;
  let nextUserId = 1;
  let nextTagId = 1;

  const state = {
    /** @type {Map<number, AbUser>} */
    users: new Map(),
    /** @type {Map<string, AbToken>} token string → token */
    tokens: new Map(),
    /** @type {Map<string, AbSnapshot>} */
    snapshots: new Map(),
    /** @type {Map<string, AbResult>} */
    results: new Map(),
    /** @type {Map<number, AbTag>} */
    tags: new Map(),
    /** @type {Map<string, AbCrawl>} */
    crawls: new Map(),
  };

  /** @param {{ username: string, password: string, isSuperuser?: boolean }} init */
  function addUser(init) {
    const user = {
      id: nextUserId++,
      username: init.username,
      password: init.password,
      isSuperuser: init.isSuperuser ?? true,
    };
    state.users.set(user.id, user);
    return user;
  }

  /**
   * @param {number} userId
   * @param {{ token?: string, expires?: number | null }} [init] expires: ms, or null for never.
   */
  function addToken(userId, init = {}) {
    /** @type {AbToken} */
    const token = {
      id: uuid(),
      abid: abid('apt'),
      token: init.token ?? hex(32),
      userId,
      createdAt: now(),
      expires: init.expires === undefined ? now() + TOKEN_DAYS * 86_400_000 : init.expires,
    };
    state.tokens.set(token.token, token);
    return token;
  }

  /** A unique "epoch.micro" timestamp: ArchiveBox keys snapshot folders by it. */
  function freshTimestamp() {
    let t = now() * 1000;
    if (t <= lastTimestamp) t = lastTimestamp + 1;
    lastTimestamp = t;
    return (t / 1e6).toFixed(6);
  }

  /** @param {string} name */
  function tagNamed(name) {
    const clean = name.trim();
    for (const tag of state.tags.values()) if (tag.name === clean) return tag;
    const tag = { id: nextTagId++, uuid: uuid(), name: clean, createdAt: now() };
    state.tags.set(tag.id, tag);
    return tag;
  }

  /**
   * @param {AbSnapshot} snapshot
   * @param {string[]} names
   */
  function addTags(snapshot, names) {
    for (const name of names) {
      const tag = tagNamed(name);
      if (!snapshot.tags.includes(tag.name)) snapshot.tags.push(tag.name);
    }
    snapshot.modifiedAt = now();
  }

  /**
   * @param {{ url: string, createdById: number, crawlId?: string | null, title?: string | null,
   *   tags?: string[], id?: string, version: string }} init
   */
  function addSnapshot(init) {
    const at = now();
    /** @type {AbSnapshot} */
    const snapshot = {
      id: init.id ?? (init.version === '0.8' ? uuid() : uuid7()),
      abid: abid('snp'),
      url: init.url,
      title: init.title ?? null,
      timestamp: freshTimestamp(),
      tags: [],
      createdAt: at,
      modifiedAt: at,
      bookmarkedAt: at,
      downloadedAt: null,
      status: 'queued',
      manual: false,
      crawlId: init.crawlId ?? null,
      createdById: init.createdById,
      resultIds: [],
    };
    state.snapshots.set(snapshot.id, snapshot);
    addTags(snapshot, init.tags ?? []);
    snapshot.modifiedAt = at;
    return snapshot;
  }

  /**
   * @param {Omit<AbResult, 'id' | 'abid' | 'createdAt' | 'modifiedAt' | 'files' | 'startTs' | 'endTs'> & Partial<AbResult>} init
   * @param {string} version
   */
  function addResult(init, version) {
    const at = now();
    /** @type {AbResult} */
    const result = {
      id: version === '0.8' ? uuid() : uuid7(),
      abid: abid('res'),
      createdAt: at,
      modifiedAt: at,
      files: new Map(),
      startTs: at,
      endTs: null,
      ...init,
    };
    state.results.set(result.id, result);
    state.snapshots.get(result.snapshotId)?.resultIds.push(result.id);
    return result;
  }

  /** Moves a 0.9 snapshot along the clock: queued → started → sealed. @param {AbSnapshot} s */
  function refresh(s) {
    if (s.manual || progress.manual || s.status === 'sealed' || s.status === 'deleting') return;
    const queuedMs = progress.queuedMs ?? 20;
    const startedMs = progress.startedMs ?? 50;
    const t = now();
    if (s.status === 'queued' && t >= s.createdAt + queuedMs) s.status = 'started';
    if (s.status === 'started' && t >= s.createdAt + queuedMs + startedMs) seal(s);
  }

  /** Finishes a snapshot: a title result appears, as the title plugin would add it. @param {AbSnapshot} s */
  function seal(s) {
    s.status = 'sealed';
    s.downloadedAt = now();
    s.modifiedAt = now();
    const title = progress.pageTitle?.(s.url);
    if (title !== undefined && !s.title) s.title = title;
    const hasTitle = s.resultIds.some((id) => state.results.get(id)?.plugin === 'title');
    if (!hasTitle) {
      addResult(
        {
          snapshotId: s.id,
          plugin: 'title',
          hookName: 'on_Snapshot__title',
          status: title === undefined ? 'noresults' : 'succeeded',
          outputStr: title ?? '',
          outputJson: null,
          endTs: now(),
        },
        '0.9',
      );
    }
  }

  return {
    state,
    addUser,
    addToken,
    addSnapshot,
    addResult,
    addTags,
    tagNamed,
    refresh,
    seal,
    uuid,
    uuid7,
    abid,
  };
}

/** @typedef {ReturnType<typeof createArchiveBoxModel>} ArchiveBoxModel */
