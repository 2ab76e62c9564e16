import type { FolderRow } from '../db/entities';
import type { FolderSyncRule } from '../storage/sync-types';

/**
 * The servers a folder syncs to: its own rule, else its nearest ancestor's, else none (a
 * folder nobody chose stays local, so nothing leaves the machine without a decision).
 */
export function serversOfFolder(
  folderId: string,
  folders: Map<string, FolderRow>,
  rules: FolderSyncRule[],
): string[] {
  const byFolder = new Map(rules.map((r) => [r.folderId, r.serverIds]));
  const seen = new Set<string>();
  for (let id: string | null = folderId; id && !seen.has(id);) {
    seen.add(id);
    const own = byFolder.get(id);
    if (own) return own;
    id = folders.get(id)?.parentId ?? null;
  }
  return [];
}

/** Names from the top-level folder down to `folderId` ([] for an unknown folder). */
export function folderPath(folderId: string, folders: Map<string, FolderRow>): FolderRow[] {
  const chain: FolderRow[] = [];
  const seen = new Set<string>();
  for (let id: string | null = folderId; id && !seen.has(id);) {
    seen.add(id);
    const folder = folders.get(id);
    if (!folder) break;
    chain.unshift(folder);
    id = folder.parentId;
  }
  return chain;
}

/** Replaces (or with `serverIds` undefined, removes) one folder's own rule. */
export function withFolderRule(
  rules: FolderSyncRule[],
  folderId: string,
  serverIds: string[] | undefined,
): FolderSyncRule[] {
  const rest = rules.filter((r) => r.folderId !== folderId);
  return serverIds ? [...rest, { folderId, serverIds: [...new Set(serverIds)] }] : rest;
}
