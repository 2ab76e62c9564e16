import { countFailedIn } from '../db/repos/folders';
import { searchSnippets } from '../db/repos/search-snippets';
import { listSyncStatesOfArchives, type SyncStateRecord } from '../db/repos/sync-states';
import type { Snippet } from '../db/search-snippet';
import type { ListAnswer } from './archive-list-query';
import { useLiveQuery } from './use-live-query';

/** What a list shows beside its archives, each read apart so the list never waits for it. */
export interface ListExtras {
  /** Each listed archive's sync states (undefined when no server is configured). */
  syncStates?: ReadonlyMap<string, SyncStateRecord[]>;
  /** The answered folder's failed captures, which its list leaves out ("Failed (N)"). */
  failedCount: number;
  /** Where each listed search result matched (notes or page text). */
  snippets?: ReadonlyMap<string, Snippet>;
}

/**
 * The side reads of a library list, live: sync marks only when a server is configured and
 * only for the rows listed, the failed count of the answered folder, and search snippets once
 * results show.
 */
export function useListExtras(answer: ListAnswer, query: string, serverCount: number): ListExtras {
  const listedIds = answer.archives.map((a) => a.id).join();
  const syncStates = useLiveQuery(
    async () => {
      if (serverCount === 0 || !listedIds) return undefined;
      const byArchive = new Map<string, SyncStateRecord[]>();
      for (const state of await listSyncStatesOfArchives(listedIds.split(','))) {
        byArchive.set(state.archiveId, [...(byArchive.get(state.archiveId) ?? []), state]);
      }
      return byArchive;
    },
    [serverCount, listedIds],
    undefined as ReadonlyMap<string, SyncStateRecord[]> | undefined,
  );
  const failedCount = useLiveQuery(
    () => (answer.folderId ? countFailedIn(answer.folderId) : Promise.resolve(0)),
    [answer.folderId],
    0,
  );
  const snippets = useLiveQuery(
    async () => (answer.search && listedIds ? searchSnippets(answer.archives, query) : undefined),
    [listedIds, answer.search ? query : ''],
    undefined as ReadonlyMap<string, Snippet> | undefined,
  );
  return { syncStates, failedCount, snippets };
}
