import type { FolderRow } from '../db/entities';
import { buildTree } from '../db/repos/folders';
import type { FolderNode } from './folder-tree';

/**
 * A folder tree for component tests: `spec` maps "Parent/Child" paths to archive counts;
 * folders are created in the order given (the first top-level one is the default).
 */
export function testTree(spec: Record<string, number>): FolderNode[] {
  const rows: FolderRow[] = [];
  const counts = new Map<string, number>();
  const idOf = (path: string) => `f-${path.replace(/[/ ]/g, '-').toLowerCase()}`;
  let time = 1;
  for (const [path, count] of Object.entries(spec)) {
    const parts = path.split('/');
    const name = parts.pop()!;
    const parentPath = parts.join('/');
    rows.push({
      id: idOf(path),
      parentId: parentPath ? idOf(parentPath) : null,
      name,
      createdAt: time,
      updatedAt: time++,
    });
    counts.set(idOf(path), count);
  }
  return buildTree(rows, counts);
}

/** Id testTree gives a folder path. */
export function testFolderId(path: string): string {
  return `f-${path.replace(/[/ ]/g, '-').toLowerCase()}`;
}
