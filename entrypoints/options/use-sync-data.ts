import { useEffect, useState } from 'preact/hooks';
import type { SyncStateKind } from '../../lib/db/entities';
import { getArchive } from '../../lib/db/repos/archives';
import {
  awaitsPrivateConfirmation,
  countSyncStates,
  listSyncStatesByState,
} from '../../lib/db/repos/sync-states';
import { sendMessage } from '../../lib/messaging/client';
import { folderSyncRulesItem, syncServersItem } from '../../lib/storage/sync-servers';
import type { FolderSyncRule, ServerSummary } from '../../lib/storage/sync-types';
import { useLiveQuery } from '../../lib/ui/use-live-query';
import { errorMessage } from '../../lib/errors';
import type { FailedItem } from '../../components/sync-failures';

/** The servers and folder choices as the background reports them, reloaded on every change. */
export function useServers(): {
  servers: ServerSummary[];
  rules: FolderSyncRule[];
  loaded: boolean;
  error?: string;
  reload(): Promise<void>;
} {
  const [state, setState] = useState<{
    servers: ServerSummary[];
    rules: FolderSyncRule[];
    loaded: boolean;
    error?: string;
  }>({ servers: [], rules: [], loaded: false });
  const reload = async () => {
    try {
      const { servers, folderRules } = await sendMessage('listServers', {});
      setState({ servers, rules: folderRules, loaded: true });
    } catch (e) {
      setState((s) => ({ ...s, loaded: true, error: errorMessage(e) }));
    }
  };
  useEffect(() => {
    void reload();
    // The background writes these items (saves, tests, credential problems): follow it.
    const stopServers = syncServersItem.watch(() => void reload());
    const stopRules = folderSyncRulesItem.watch(() => void reload());
    return () => {
      stopServers();
      stopRules();
    };
  }, []);
  return { ...state, reload };
}

/** Queue counts per server id, live from the sync states. */
export function useCounts(serverIds: string[]): Map<string, Record<SyncStateKind, number>> {
  return useLiveQuery(
    async () =>
      new Map(
        await Promise.all(serverIds.map(async (id) => [id, await countSyncStates(id)] as const)),
      ),
    [serverIds.join()],
    new Map(),
  );
}

/** A server's failures, and the private archives that wait for its confirmation instead. */
export interface ServerFailures {
  /** Failed archives, newest first, with their titles. */
  failed: FailedItem[];
  /** Private archives held until the user confirms the server keeps them private. */
  awaitingPrivate: number;
}

/** Failed archives per server id (newest first, with their titles), live. */
export function useFailures(serverIds: string[]): Map<string, ServerFailures> {
  return useLiveQuery(
    async () =>
      new Map(
        await Promise.all(
          serverIds.map(async (id) => {
            const rows = await listSyncStatesByState(id, 'failed');
            const failedRows = rows.filter((row) => !awaitsPrivateConfirmation(row));
            const items = await Promise.all(
              failedRows.map(async (row): Promise<FailedItem> => {
                const archive = await getArchive(row.archiveId);
                return {
                  archiveId: row.archiveId,
                  title: archive?.title || undefined,
                  url: archive?.url,
                  error: row.error,
                  updatedAt: row.updatedAt,
                };
              }),
            );
            const failures: ServerFailures = {
              failed: items.sort((a, b) => b.updatedAt - a.updatedAt),
              awaitingPrivate: rows.length - failedRows.length,
            };
            return [id, failures] as const;
          }),
        ),
      ),
    [serverIds.join()],
    new Map(),
  );
}
