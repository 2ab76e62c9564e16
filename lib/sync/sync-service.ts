import type { ArchiveRow } from '../db/entities';
import { warcBlob } from '../db/repos/records';
import { deflateArchive } from '../db/deflate-later';
import { getArchive, listRecentArchives } from '../db/repos/archives';
import { listFolders } from '../db/repos/folders';
import {
  countOutbox,
  deleteOutboxOfArchive,
  deleteOutboxOfServer,
  enqueueOutbox,
  makeOutboxDueNow,
  nextOutboxDue,
} from '../db/repos/outbox';
import { deleteRemoteFoldersOfServer } from '../db/repos/remote-folders';
import {
  awaitsPrivateConfirmation,
  countSyncStates,
  deleteSyncState,
  deleteSyncStatesOfServer,
  getSyncState,
  listSyncStatesByState,
  listSyncStatesOfArchive,
  setSyncState,
} from '../db/repos/sync-states';
import { CairnError } from '../errors';
import { formatDate } from '../format-date';
import { t, tCount } from '../i18n';
import type { RemoteCopy } from '../messaging/protocol-sync';
import { deleteServerSecret, getServerSecret, setServerSecret } from '../storage/sync-secrets';
import {
  activeCreatesPause,
  deleteServerConfig,
  folderSyncRulesItem,
  getServerConfig,
  listServerConfigs,
  patchServerConfig,
  putServerConfig,
} from '../storage/sync-servers';
import type {
  ConnectionTestResult,
  RemoteFolderChoice,
  ServerCapabilities,
  ServerConfig,
  ServerCredentialsInput,
  ServerKind,
  ServerSummary,
  ServerSyncStatus,
} from '../storage/sync-types';
import { onArchiveChanged, type ArchiveChange } from './archive-changes';
import {
  capabilitiesFromOpenApi,
  createArchiveBoxClient,
  fetchArchiveBoxToken,
} from './archivebox-client';
import { createArchiveBoxTarget } from './archivebox-target';
import { testConnection as runConnectionTest } from './connection-test';
import { serversOfFolder, withFolderRule } from './folder-rules';
import type { RequestTrace } from './http';
import { createOutboxEngine, isSyncable, type OutboxEngineDeps } from './outbox-engine';
import { createPermaClient } from './perma-client';
import { walkPermaFolders } from './perma-folders';
import {
  listPermaPull,
  pullPermaArchive,
  type PullListing,
  type PullOutcome,
  type PullPlace,
} from './perma-pull';
import { settleReview } from './review';
import { createPermaTarget } from './perma-target';
import { createLocks } from './locks';
import { findRendering } from './rendering';
import { checkBaseUrl } from './server-url';
import { isSyncError, SyncError } from './sync-error';
import {
  queueArchiveChange,
  queueCreate,
  queueUpdate,
  reconcile,
  type QueueConfig,
} from './sync-queue';
import type { SyncTarget } from './sync-target';

/** Gap between two 0.8 `cli/add` calls: they must fall in different seconds. */
const ADD_SPACING_MS = 1100;
/** How long creates stay paused after a quota refusal before one is tried again (a daily check). */
const QUOTA_CHECK_MS = 24 * 60 * 60_000;

/** Perma's delete window (A7): creation + 24 h. */
export const PERMA_DELETE_WINDOW_MS = 24 * 3600_000;

/** What the sync service needs from its surroundings (the background passes platform code). */
export interface SyncServiceOptions {
  /** Whether Cairn holds the host permission for a server's origin. */
  hasPermission(baseUrl: string): Promise<boolean>;
  /** Gives a removed server's host permission back. */
  releasePermission?(baseUrl: string): Promise<void>;
  /** Tells the user something that needs them (credentials refused). */
  notify?(title: string, message: string): void;
  /** Asks for a drain soon (the background drains and re-arms its alarm). */
  wake?(): void;
  fetch?: typeof fetch;
  /** Request timeout of the clients, ms. */
  timeoutMs?: number;
  /** Timeout of ArchiveBox 0.8's long `cli/add`, ms (default 10 minutes). */
  addTimeoutMs?: number;
  /** ArchiveBox upload chunk size (tests use small ones). */
  chunkSize?: number;
  onTrace?: (trace: RequestTrace) => void;
  /** Engine tuning (tests and the benchmark shorten waits). */
  engine?: Partial<Omit<OutboxEngineDeps, 'activeServers' | 'targetFor' | 'stopServer'>>;
  now?: () => number;
  /** "Sync now" keeps draining while the next retry is at most this far away (default 15 s). */
  syncNowWaitMs?: number;
}

/** Whether a server can be synced to now. */
async function isActive(server: ServerConfig): Promise<boolean> {
  return server.enabled && !server.credentialProblem && !!(await getServerSecret(server.id));
}

/**
 * Cairn's sync service: server administration, queuing of archive changes, and the outbox
 * engine, composed from lib/sync parts. The background creates one; message handlers call it.
 */
export function createSyncService(options: SyncServiceOptions) {
  const now = options.now ?? Date.now;
  const locks = createLocks();
  /** When each ArchiveBox 0.8 server last finished a `cli/add` (see serialiseAdd). */
  const lastAdd = new Map<string, number>();
  const config: QueueConfig = {
    servers: listServerConfigs,
    rules: () => folderSyncRulesItem.getValue(),
  };
  const clientOptions = {
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    onTrace: options.onTrace,
  };
  const archiveBoxOptions = { ...clientOptions, addTimeoutMs: options.addTimeoutMs };

  async function secretOf(serverId: string): Promise<string> {
    const secret = await getServerSecret(serverId);
    if (!secret) throw new SyncError('credentials', 'no-credentials', t('syncTestNoCredentials'));
    return secret.key;
  }

  async function capabilitiesOf(server: ServerConfig): Promise<ServerCapabilities> {
    const known = server.capabilities;
    // Capabilities stored before privateSnapshots existed are detected again, once.
    if (known && known.flavor !== 'perma' && known.privateSnapshots !== undefined) return known;
    const client = createArchiveBoxClient({
      ...clientOptions,
      baseUrl: server.baseUrl,
      token: await secretOf(server.id),
    });
    const capabilities = capabilitiesFromOpenApi((await client.openApi()).paths);
    await patchServerConfig(server.id, { capabilities });
    server.capabilities = capabilities;
    return capabilities;
  }

  async function targetFor(server: ServerConfig): Promise<SyncTarget> {
    const key = await secretOf(server.id);
    if (server.kind === 'perma') {
      return createPermaTarget(
        createPermaClient({ ...clientOptions, baseUrl: server.baseUrl, apiKey: key }),
        config.rules,
        locks,
      );
    }
    return createArchiveBoxTarget(
      createArchiveBoxClient({ ...archiveBoxOptions, baseUrl: server.baseUrl, token: key }),
      {
        capabilities: () => capabilitiesOf(server),
        // The capture's deferred deflate runs first: a resumed chunked upload must find the
        // same bytes it started with.
        warcOf: async (archiveId) => {
          await deflateArchive(archiveId);
          return warcBlob(archiveId);
        },
        chunkSize: options.chunkSize,
        serialiseAdd: (fn) =>
          locks.run(`add:${server.id}`, async () => {
            const wait = (lastAdd.get(server.id) ?? 0) + ADD_SPACING_MS - Date.now();
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
            try {
              return await fn();
            } finally {
              lastAdd.set(server.id, Date.now());
            }
          }),
      },
    );
  }

  const engine = createOutboxEngine({
    now,
    ...options.engine,
    async activeServers() {
      const servers = await listServerConfigs();
      const active = await Promise.all(servers.map(isActive));
      return servers.filter((_, i) => active[i]);
    },
    targetFor,
    async stopServer(serverId, message) {
      const server = await patchServerConfig(serverId, {
        credentialProblem: message,
        credentialProblemAt: now(),
      });
      options.notify?.(t('syncStoppedTitle', [server?.name ?? '']), message);
    },
    async pauseCreates(serverId, message) {
      const current = activeCreatesPause(await getServerConfig(serverId), now());
      if (current) return current;
      const paused = { message, since: now(), until: now() + QUOTA_CHECK_MS };
      const server = await patchServerConfig(serverId, { createsPaused: paused });
      options.notify?.(t('syncQuotaPausedTitle', [server?.name ?? '']), message);
      return paused;
    },
    async createsPaused(serverId) {
      return activeCreatesPause(await getServerConfig(serverId), now());
    },
  });

  async function summary(server: ServerConfig): Promise<ServerSummary> {
    return { ...server, hasCredentials: Boolean(await getServerSecret(server.id)) };
  }

  /**
   * Why nothing can be sent to a server now, in a sentence, or undefined: switched off, key
   * refused, no key, or creates paused for quota (with how many archives wait).
   */
  async function blockedReason(server: ServerConfig, waiting: number): Promise<string | undefined> {
    if (!server.enabled) return tCount(waiting, 'syncBlockedDisabled');
    if (server.credentialProblem)
      return tCount(waiting, 'syncBlockedKey', [server.credentialProblem]);
    if (!(await getServerSecret(server.id))) return tCount(waiting, 'syncBlockedNoKey');
    const paused = activeCreatesPause(server, now());
    if (paused && waiting > 0) {
      return tCount(waiting, 'syncBlockedQuota', [paused.message, formatDate(paused.until)]);
    }
    return undefined;
  }

  /** Private archives that wait for the user's confirmation that the server keeps them private. */
  async function awaitingPrivateReason(serverId: string): Promise<string | undefined> {
    const held = (await listSyncStatesByState(serverId, 'failed')).filter(
      awaitsPrivateConfirmation,
    ).length;
    return held > 0 ? tCount(held, 'syncBlockedPrivate') : undefined;
  }

  async function permaClientOf(server: ServerConfig) {
    return createPermaClient({
      ...clientOptions,
      baseUrl: server.baseUrl,
      apiKey: await secretOf(server.id),
    });
  }

  /** A Perma server for "Import from Perma", or a CairnError saying why not. */
  async function requirePerma(serverId: string): Promise<ServerConfig> {
    const server = await requireServer(serverId);
    if (server.kind !== 'perma') throw new CairnError('unsupported', t('permaPullPermaOnly'));
    return server;
  }

  /**
   * A folder's new sync choice checked, the rules it gives, and the existing archives it sends:
   * each (archive, server) newly chosen that has no copy there and is not being sent.
   */
  async function folderChoice(data: { folderId: string; serverIds: string[]; inherit?: boolean }) {
    const known = new Set((await listServerConfigs()).map((s) => s.id));
    const unknown = data.serverIds.find((id) => !known.has(id));
    if (unknown) throw new CairnError('unknown-server', t('syncUnknownServer'));
    const folders = new Map((await listFolders()).map((f) => [f.id, f]));
    if (!folders.has(data.folderId)) throw new CairnError('unknown-folder', t('syncUnknownFolder'));
    const before = await folderSyncRulesItem.getValue();
    const after = withFolderRule(before, data.folderId, data.inherit ? undefined : data.serverIds);
    const pairs: Array<[ArchiveRow, string]> = [];
    for (const archive of await listRecentArchives(Number.MAX_SAFE_INTEGER)) {
      if (!isSyncable(archive)) continue;
      const was = new Set(serversOfFolder(archive.folderId, folders, before));
      for (const serverId of serversOfFolder(archive.folderId, folders, after)) {
        if (was.has(serverId)) continue;
        const state = await getSyncState(archive.id, serverId);
        if (state?.state === 'synced' || state?.state === 'syncing') continue;
        pairs.push([archive, serverId]);
      }
    }
    return { after, pairs };
  }

  async function requireServer(serverId: string): Promise<ServerConfig> {
    const server = await getServerConfig(serverId);
    if (!server) throw new CairnError('unknown-server', t('syncUnknownServer'));
    return server;
  }

  /** Turns what the options page sent into a storable secret (exchanging a password once). */
  async function secretFrom(
    kind: ServerKind,
    baseUrl: string,
    credentials: ServerCredentialsInput,
  ) {
    if (credentials.type === 'password') {
      if (kind !== 'archivebox') throw new CairnError('bad-credentials', t('syncPermaNeedsKey'));
      if (!credentials.username.trim() || !credentials.password) {
        throw new CairnError('bad-credentials', t('syncLoginMissing'));
      }
      // A SyncError is a CairnError: the reply carries its code and message as they are.
      const token = await fetchArchiveBoxToken(
        { ...clientOptions, baseUrl },
        credentials.username.trim(),
        credentials.password,
      );
      return { key: token.token, expires: token.expires };
    }
    const key = (credentials.type === 'apiKey' ? credentials.apiKey : credentials.token).trim();
    if (!key || /\s/.test(key)) throw new CairnError('bad-credentials', t('syncKeyInvalid'));
    return { key, expires: undefined };
  }

  async function testServer(server: ServerConfig, secret?: string): Promise<ConnectionTestResult> {
    return runConnectionTest(
      {
        kind: server.kind,
        baseUrl: server.baseUrl,
        secret,
        allowInsecureHttp: server.allowInsecureHttp,
        remoteParentId: server.remoteParentId,
      },
      { ...clientOptions, hasPermission: options.hasPermission, now },
    );
  }

  async function drainNow(serverId?: string) {
    await reconcile(config, serverId);
    return engine.drain({ serverId, waitMs: options.syncNowWaitMs ?? 15_000 });
  }

  async function queueOf(archiveId: string, serverId: string): Promise<void> {
    const archive = await getArchive(archiveId);
    if (!isSyncable(archive)) return;
    const state = await getSyncState(archiveId, serverId);
    // A failed Perma capture is retried by following its job again (a create that already
    // has its remote id only follows), never by PATCHing it as if it had worked.
    if (state?.remoteId && state.errorCode !== 'capture-failed')
      await queueUpdate(archive, serverId);
    else await queueCreate(archive, serverId);
  }

  const service = {
    engine,

    /** Receives notifyArchiveChanged calls; queues and wakes the engine. */
    async onArchiveChanged(archiveId: string, change: ArchiveChange): Promise<number> {
      const queued = await queueArchiveChange(archiveId, change, config);
      if (queued > 0) options.wake?.();
      return queued;
    },

    /** Queues what should be on a server but is not (see sync-queue reconcile). */
    reconcile: (serverId?: string) => reconcile(config, serverId),

    async listServers() {
      const servers = await Promise.all((await listServerConfigs()).map(summary));
      return { servers, folderRules: await folderSyncRulesItem.getValue() };
    },

    async saveServer(data: {
      id?: string;
      kind: ServerKind;
      name: string;
      baseUrl: string;
      credentials?: ServerCredentialsInput;
      remoteParentId?: string;
      allowInsecureHttp?: boolean;
      enabled?: boolean;
    }) {
      const checked = checkBaseUrl(data.kind, data.baseUrl, data.allowInsecureHttp);
      if (!checked.ok) throw new CairnError(checked.code, checked.message);
      const previous = data.id ? await requireServer(data.id) : undefined;
      if (previous && previous.kind !== data.kind) {
        throw new CairnError('kind-changed', t('syncKindChanged'));
      }
      if (!data.credentials && !previous)
        throw new CairnError('no-credentials', t('syncTestNoCredentials'));
      const secret = data.credentials
        ? await secretFrom(data.kind, checked.baseUrl, data.credentials)
        : undefined;
      const at = now();
      const server: ServerConfig = {
        ...previous,
        id: previous?.id ?? crypto.randomUUID(),
        kind: data.kind,
        name: data.name.trim() || new URL(checked.baseUrl).host,
        baseUrl: checked.baseUrl,
        remoteParentId: data.remoteParentId || undefined,
        allowInsecureHttp: Boolean(data.allowInsecureHttp && checked.insecure),
        confirmedPrivate: previous?.confirmedPrivate ?? false,
        enabled: data.enabled ?? previous?.enabled ?? true,
        createdAt: previous?.createdAt ?? at,
        updatedAt: at,
      };
      if (secret) {
        await setServerSecret(server.id, { key: secret.key });
        delete server.credentialProblem;
        server.tokenExpiresAt = secret.expires;
      }
      if (
        previous &&
        (previous.baseUrl !== server.baseUrl || previous.remoteParentId !== server.remoteParentId)
      ) {
        // Another server or another remote parent: folder ids learnt so far mean nothing there.
        await deleteRemoteFoldersOfServer(server.id);
        delete server.capabilities;
      }
      const test = await testServer(server, secret?.key ?? (await getServerSecret(server.id))?.key);
      if (test.authOk) delete server.credentialProblem;
      if (test.user) server.user = test.user;
      if (test.capabilities) server.capabilities = test.capabilities;
      if (test.tokenExpiresAt !== undefined) server.tokenExpiresAt = test.tokenExpiresAt;
      await putServerConfig(server);
      if (test.ok) options.wake?.();
      return { server: await summary(server), test };
    },

    async removeServer(serverId: string) {
      const server = await getServerConfig(serverId);
      await deleteServerConfig(serverId);
      await deleteServerSecret(serverId);
      await deleteOutboxOfServer(serverId);
      await deleteSyncStatesOfServer(serverId);
      await deleteRemoteFoldersOfServer(serverId);
      const stillUsed = (await listServerConfigs()).some(
        (s) => server && new URL(s.baseUrl).origin === new URL(server.baseUrl).origin,
      );
      if (server && !stillUsed) await options.releasePermission?.(server.baseUrl);
      return { ok: true as const };
    },

    async testConnection(data: {
      serverId?: string;
      kind?: ServerKind;
      baseUrl?: string;
      credentials?: ServerCredentialsInput;
      allowInsecureHttp?: boolean;
    }): Promise<ConnectionTestResult> {
      const saved = data.serverId ? await requireServer(data.serverId) : undefined;
      const kind = data.kind ?? saved?.kind;
      const baseUrl = data.baseUrl ?? saved?.baseUrl;
      if (!kind || !baseUrl) throw new CairnError('invalid-url', t('syncUrlInvalid'));
      let secret = saved ? (await getServerSecret(saved.id))?.key : undefined;
      if (data.credentials) {
        const checked = checkBaseUrl(kind, baseUrl, data.allowInsecureHttp);
        if (!checked.ok)
          return runConnectionTest(
            { kind, baseUrl, allowInsecureHttp: data.allowInsecureHttp },
            { ...clientOptions, hasPermission: options.hasPermission },
          );
        try {
          secret = (await secretFrom(kind, checked.baseUrl, data.credentials)).key;
        } catch (error) {
          if (!(error instanceof CairnError) || error.code !== 'login-failed') throw error;
          const result = await runConnectionTest(
            { kind, baseUrl, allowInsecureHttp: data.allowInsecureHttp },
            { ...clientOptions, hasPermission: options.hasPermission },
          );
          result.problems = result.problems.filter((p) => p.code !== 'no-credentials');
          result.problems.push({ code: 'login-failed', message: error.message });
          return result;
        }
      }
      return runConnectionTest(
        {
          kind,
          baseUrl,
          secret,
          allowInsecureHttp: data.allowInsecureHttp ?? saved?.allowInsecureHttp,
          remoteParentId: saved?.remoteParentId,
        },
        { ...clientOptions, hasPermission: options.hasPermission, now },
      );
    },

    async listRemoteFolders(serverId: string): Promise<{ folders: RemoteFolderChoice[] }> {
      const server = await requireServer(serverId);
      if (server.kind !== 'perma') return { folders: [] };
      const client = await permaClientOf(server);
      const user = await client.getUser();
      const orgPrivate = new Map<number, boolean>();
      const out: RemoteFolderChoice[] = [];
      await walkPermaFolders(client, user.top_level_folders, async (folder, path) => {
        let forcesPrivate: boolean | undefined;
        if (folder.organization !== null) {
          if (!orgPrivate.has(folder.organization)) {
            const org = await client.getOrganization(folder.organization).catch(() => undefined);
            orgPrivate.set(folder.organization, org?.default_to_private ?? false);
          }
          forcesPrivate = orgPrivate.get(folder.organization);
        }
        out.push({
          id: String(folder.id),
          name: folder.name,
          path,
          forcesPrivate,
          readOnly: Boolean(folder.read_only || folder.is_sponsored_root_folder) || undefined,
        });
      });
      return { folders: out };
    },

    /** What a folder choice would send now: existing archives newly going to a server. */
    async previewFolderSync(data: { folderId: string; serverIds: string[]; inherit?: boolean }) {
      const { pairs } = await folderChoice(data);
      return { toSend: pairs.length, archives: new Set(pairs.map(([a]) => a.id)).size };
    },

    async setFolderSync(data: { folderId: string; serverIds: string[]; inherit?: boolean }) {
      const { after, pairs } = await folderChoice(data);
      await folderSyncRulesItem.setValue(after);
      for (const [archive, serverId] of pairs) await queueCreate(archive, serverId);
      if (pairs.length) options.wake?.();
      return { ok: true as const, queued: pairs.length };
    },

    async confirmPrivateServer(serverId: string, confirmed: boolean) {
      await requireServer(serverId);
      const server = (await patchServerConfig(serverId, { confirmedPrivate: confirmed }))!;
      let queued = 0;
      if (confirmed) {
        for (const state of await listSyncStatesByState(serverId, 'failed')) {
          if (
            state.errorCode !== 'private-not-confirmed' &&
            state.errorCode !== 'private-after-sync'
          )
            continue;
          await queueOf(state.archiveId, serverId);
          queued++;
        }
        if (queued) options.wake?.();
      }
      return { server: await summary(server), queued };
    },

    async syncNow(serverId?: string) {
      if (serverId) await requireServer(serverId);
      await makeOutboxDueNow(now(), serverId);
      const result = await drainNow(serverId);
      if (!serverId) return { attempted: result.attempted, remaining: result.remaining };
      // Counted again: a stopped server is not drained, so the drain did not count it.
      const remaining = await countOutbox(serverId);
      // Read again: the drain may just have stopped or paused it.
      const blocked =
        (await blockedReason(await requireServer(serverId), remaining)) ??
        (remaining === 0 ? await awaitingPrivateReason(serverId) : undefined);
      return { attempted: result.attempted, remaining, blocked };
    },

    /** "Try again" after a quota pause: creates to the server are sent again now. */
    async resumeCreates(serverId: string) {
      await requireServer(serverId);
      await patchServerConfig(serverId, { createsPaused: undefined });
      for (const state of await listSyncStatesByState(serverId, 'pending')) {
        if (state.errorCode === 'quota-paused') {
          await setSyncState(state.archiveId, serverId, {
            error: undefined,
            errorCode: undefined,
            retryAt: undefined,
          });
        }
      }
      await makeOutboxDueNow(now(), serverId);
      const result = await drainNow(serverId);
      return { attempted: result.attempted, remaining: result.remaining };
    },

    async retrySync(data: { archiveId?: string; serverId?: string }) {
      const servers = (await listServerConfigs()).filter(
        (s) => !data.serverId || s.id === data.serverId,
      );
      let requeued = 0;
      for (const server of servers) {
        const failed = data.archiveId
          ? [await getSyncState(data.archiveId, server.id)].filter((s) => s?.state === 'failed')
          : await listSyncStatesByState(server.id, 'failed');
        for (const state of failed) {
          await queueOf(state!.archiveId, server.id);
          requeued++;
        }
      }
      await makeOutboxDueNow(now(), data.serverId);
      options.wake?.();
      return { requeued };
    },

    async getSyncStatus(): Promise<{ servers: ServerSyncStatus[] }> {
      const out: ServerSyncStatus[] = [];
      for (const server of await listServerConfigs()) {
        const counts = await countSyncStates(server.id);
        const waiting = await countOutbox(server.id);
        out.push({
          serverId: server.id,
          ...counts,
          nextAttemptAt: waiting ? await nextOutboxDue([server.id]) : undefined,
          stoppedReason: server.credentialProblem,
          stoppedAt: server.credentialProblem ? server.credentialProblemAt : undefined,
          createsPaused: activeCreatesPause(server, now()),
          waiting,
        });
      }
      return { servers: out };
    },

    async listRemoteCopies(archiveId: string): Promise<{ copies: RemoteCopy[] }> {
      const servers = new Map((await listServerConfigs()).map((s) => [s.id, s]));
      const copies: RemoteCopy[] = [];
      for (const state of await listSyncStatesOfArchive(archiveId)) {
        const server = servers.get(state.serverId);
        if (!server || !state.remoteId) continue;
        const until =
          server.kind === 'perma' && state.remoteCreatedAt !== undefined
            ? state.remoteCreatedAt + PERMA_DELETE_WINDOW_MS
            : undefined;
        const deletable = until === undefined || until > now();
        copies.push({
          serverId: server.id,
          serverName: server.name,
          kind: server.kind,
          remoteId: state.remoteId,
          remoteUrl: state.remoteUrl,
          deletable,
          deletableUntil: until,
          reason: deletable ? undefined : t('syncDeleteWindowPassed'),
        });
      }
      return { copies };
    },

    async deleteRemote(archiveId: string, serverId: string) {
      const server = await requireServer(serverId);
      const state = await getSyncState(archiveId, serverId);
      if (!state?.remoteId)
        return { deleted: false, code: 'not-synced', message: t('syncNotSynced') };
      if (
        server.kind === 'perma' &&
        state.remoteCreatedAt !== undefined &&
        state.remoteCreatedAt + PERMA_DELETE_WINDOW_MS <= now()
      ) {
        return { deleted: false, code: 'window-passed', message: t('syncDeleteWindowPassed') };
      }
      const archive = await getArchive(archiveId);
      const remote = { remoteId: state.remoteId, url: archive?.url ?? '' };
      try {
        const target = await targetFor(server);
        await target.remove(remote);
      } catch (error) {
        if (isSyncError(error) && error.retryable) {
          await deleteOutboxOfArchive(archiveId, { serverId });
          await enqueueOutbox({ serverId, archiveId, op: 'delete', payload: remote });
          options.wake?.();
          return { deleted: false, code: 'queued', message: t('syncDeleteQueued') };
        }
        if (isSyncError(error)) return { deleted: false, code: error.code, message: error.message };
        throw error;
      }
      await deleteOutboxOfArchive(archiveId, { serverId });
      await deleteSyncState(archiveId, serverId);
      return { deleted: true };
    },

    /** Settles a "needs review": the chosen candidate becomes the archive's copy. */
    async resolveSyncReview(data: {
      archiveId: string;
      serverId: string;
      remoteId: string;
      deleteOthers: boolean;
    }) {
      const server = await requireServer(data.serverId);
      const result = await settleReview(data, () => targetFor(server));
      options.wake?.();
      return result;
    },

    /** "Import from Perma": the account's archives by folder, each marked linked or not. */
    async listPermaPull(serverId: string): Promise<PullListing> {
      const server = await requirePerma(serverId);
      return listPermaPull(await permaClientOf(server), server.id);
    },

    /** Imports one Perma archive into the library, linked to its GUID (see perma-pull). */
    async pullPermaArchive(data: {
      serverId: string;
      guid: string;
      place: PullPlace;
    }): Promise<PullOutcome> {
      const server = await requirePerma(data.serverId);
      const client = await permaClientOf(server);
      const outcome = await pullPermaArchive(client, server, data.guid, data.place);
      // Its folder may sync to other servers too: they get it as a new archive.
      await service.onArchiveChanged(outcome.archiveId, 'captured');
      return outcome;
    },

    async uploadRendering(archiveId: string, serverId: string) {
      const server = await requireServer(serverId);
      if (server.kind !== 'perma') throw new CairnError('unsupported', t('syncRenderingPermaOnly'));
      const archive = await getArchive(archiveId);
      if (!isSyncable(archive)) throw new CairnError('not-syncable', t('syncNotSyncable'));
      await findRendering(archiveId); // a clear error now rather than a failed entry later
      await setSyncState(archiveId, serverId, {
        state: 'pending',
        error: undefined,
        errorCode: undefined,
      });
      await enqueueOutbox({ serverId, archiveId, op: 'create', payload: { rendering: true } });
      options.wake?.();
      return { queued: true as const };
    },
  };
  return service;
}

/** A sync service instance. */
export type SyncService = ReturnType<typeof createSyncService>;

/** Registers a service as the receiver of notifyArchiveChanged (the background does this). */
export function connectArchiveChanges(service: SyncService | undefined): void {
  onArchiveChanged(service ? (id, change) => service.onArchiveChanged(id, change) : undefined);
}
