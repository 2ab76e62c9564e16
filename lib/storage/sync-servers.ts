import { storage } from 'wxt/utils/storage';
import type { FolderSyncRule, ServerConfig } from './sync-types';

/** Configured sync servers (chrome.storage.local). No secrets: see sync-secrets.ts. */
export const syncServersItem = storage.defineItem<ServerConfig[]>('local:syncServers', {
  fallback: [],
  version: 1,
});

/** Each local folder's own sync choice (chrome.storage.local); absent folders inherit. */
export const folderSyncRulesItem = storage.defineItem<FolderSyncRule[]>('local:folderSyncRules', {
  fallback: [],
  version: 1,
});

/** All configured servers. */
export function listServerConfigs(): Promise<ServerConfig[]> {
  return syncServersItem.getValue();
}

/** One server by id, or undefined. */
export async function getServerConfig(id: string): Promise<ServerConfig | undefined> {
  return (await syncServersItem.getValue()).find((s) => s.id === id);
}

/** Inserts or replaces a server (matched by id). */
export async function putServerConfig(server: ServerConfig): Promise<void> {
  const servers = await syncServersItem.getValue();
  const index = servers.findIndex((s) => s.id === server.id);
  if (index >= 0) servers[index] = server;
  else servers.push(server);
  await syncServersItem.setValue(servers);
}

/** Applies a partial change to a stored server; returns the result (undefined if gone). */
export async function patchServerConfig(
  id: string,
  patch: Partial<ServerConfig>,
): Promise<ServerConfig | undefined> {
  const current = await getServerConfig(id);
  if (!current) return undefined;
  const next = { ...current, ...patch, updatedAt: Date.now() };
  await putServerConfig(next);
  return next;
}

/** Removes a server's configuration and drops it from every folder rule. */
export async function deleteServerConfig(id: string): Promise<void> {
  await syncServersItem.setValue((await syncServersItem.getValue()).filter((s) => s.id !== id));
  const rules = await folderSyncRulesItem.getValue();
  await folderSyncRulesItem.setValue(
    rules.map((r) => ({ ...r, serverIds: r.serverIds.filter((s) => s !== id) })),
  );
}

/**
 * A server's quota pause of creates while it lasts, else undefined (a pause whose daily
 * check time has come is over: the next create tries again).
 */
export function activeCreatesPause(
  server: Pick<ServerConfig, 'createsPaused'> | undefined,
  now = Date.now(),
): ServerConfig['createsPaused'] {
  const paused = server?.createsPaused;
  return paused && paused.until > now ? paused : undefined;
}
