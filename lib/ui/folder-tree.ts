import type { FolderNode } from '../db/repos/folders';

export type { FolderNode };

/** One visible row of the tree: a folder and its depth (0 for top-level folders). */
export interface FolderRowView {
  node: FolderNode;
  depth: number;
}

/**
 * Every folder of a tree, depth first (the order the tree shows them). `isOpen` hides the
 * subfolders of closed folders, as the tree's arrow keys must skip them.
 */
export function flattenTree(
  roots: readonly FolderNode[],
  isOpen: (id: string) => boolean = () => true,
): FolderRowView[] {
  const out: FolderRowView[] = [];
  const walk = (list: readonly FolderNode[], depth: number) => {
    for (const node of list) {
      out.push({ node, depth });
      if (node.children.length > 0 && isOpen(node.folder.id)) walk(node.children, depth + 1);
    }
  };
  walk(roots, 0);
  return out;
}

/** Index of the tree's folders by id. */
export function indexTree(roots: readonly FolderNode[]): Map<string, FolderNode> {
  return new Map(flattenTree(roots).map(({ node }) => [node.folder.id, node]));
}

/** Ids of a folder and every folder below it (a folder can never move into one of them). */
export function subtreeOf(node: FolderNode | undefined): Set<string> {
  const ids = new Set<string>();
  const add = (n: FolderNode) => {
    ids.add(n.folder.id);
    n.children.forEach(add);
  };
  if (node) add(node);
  return ids;
}

/** Subfolders at every depth below a folder. */
export function descendantCount(node: FolderNode): number {
  return node.children.reduce((sum, child) => sum + 1 + descendantCount(child), 0);
}

/** "Personal Links / News": a folder's path from the top, as the UI prints it. */
export function pathLabel(byId: ReadonlyMap<string, FolderNode>, folderId: string): string {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let node = byId.get(folderId); node && !seen.has(node.folder.id);) {
    seen.add(node.folder.id);
    names.unshift(node.folder.name);
    node = node.folder.parentId ? byId.get(node.folder.parentId) : undefined;
  }
  return names.join(' / ');
}

/** Whether a sibling under `parentId` (other than `exceptId`) already has this name. */
export function siblingNameTaken(
  byId: ReadonlyMap<string, FolderNode>,
  parentId: string | null,
  name: string,
  exceptId?: string,
): boolean {
  // Same rule as the background (case-insensitive), so the dialog can say it before asking.
  const wanted = name.trim().toLocaleLowerCase();
  for (const { folder } of byId.values()) {
    if (folder.parentId === parentId && folder.id !== exceptId) {
      if (folder.name.trim().toLocaleLowerCase() === wanted) return true;
    }
  }
  return false;
}
