import { useEffect, useState } from 'preact/hooks';
import { syncServersItem } from '../storage/sync-servers';
import type { ServerConfig } from '../storage/sync-types';

/** A server as the sync views need it (the configuration has no secrets). */
export type SyncServerRef = Pick<ServerConfig, 'id' | 'name' | 'kind'>;

/** The configured servers, kept current as the options page changes them. */
export function useServerRefs(): SyncServerRef[] {
  const [servers, setServers] = useState<SyncServerRef[]>([]);
  useEffect(() => {
    void syncServersItem.getValue().then(setServers);
    return syncServersItem.watch((next) => setServers(next ?? []));
  }, []);
  return servers;
}
