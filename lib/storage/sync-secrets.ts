import { storage } from 'wxt/utils/storage';

/** A server's secret: a Perma API key or an ArchiveBox API token. */
export interface ServerSecret {
  /** Perma `Authorization: ApiKey`, ArchiveBox Bearer / X-ArchiveBox-API-Key value. */
  key: string;
}

/**
 * Secrets by server id. Only in chrome.storage.local (never sync storage, never the session
 * area shared with content scripts), never logged, never sent to a page.
 */
const syncSecretsItem = storage.defineItem<Record<string, ServerSecret>>('local:syncSecrets', {
  fallback: {},
  version: 1,
});

/** The secret of one server, or undefined. */
export async function getServerSecret(serverId: string): Promise<ServerSecret | undefined> {
  return (await syncSecretsItem.getValue())[serverId];
}

/** Stores (or replaces) a server's secret. */
export async function setServerSecret(serverId: string, secret: ServerSecret): Promise<void> {
  const all = await syncSecretsItem.getValue();
  await syncSecretsItem.setValue({ ...all, [serverId]: secret });
}

/** Forgets a server's secret. */
export async function deleteServerSecret(serverId: string): Promise<void> {
  const all = { ...(await syncSecretsItem.getValue()) };
  delete all[serverId];
  await syncSecretsItem.setValue(all);
}
