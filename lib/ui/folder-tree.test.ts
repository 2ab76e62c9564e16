import { describe, expect, it } from 'vitest';
import {
  descendantCount,
  flattenTree,
  indexTree,
  pathLabel,
  siblingNameTaken,
  subtreeOf,
} from './folder-tree';
import { testFolderId as id, testTree } from './test-tree';

const tree = testTree({ A: 1, 'A/B': 2, 'A/B/C': 3, 'A/D': 0, E: 0 });
const byId = indexTree(tree);

describe('folder tree helpers', () => {
  it('flattens depth first, skipping closed folders', () => {
    expect(flattenTree(tree).map((r) => [r.node.folder.name, r.depth])).toEqual([
      ['A', 0],
      ['B', 1],
      ['C', 2],
      ['D', 1],
      ['E', 0],
    ]);
    expect(flattenTree(tree, (f) => f !== id('A/B')).map((r) => r.node.folder.name)).toEqual([
      'A',
      'B',
      'D',
      'E',
    ]);
  });

  it('finds a subtree (never a move target for its own root) and counts descendants', () => {
    expect([...subtreeOf(byId.get(id('A/B')))].sort()).toEqual([id('A/B'), id('A/B/C')].sort());
    expect(subtreeOf(undefined).size).toBe(0);
    expect(descendantCount(byId.get(id('A'))!)).toBe(3);
  });

  it('prints a folder path and checks sibling names case-insensitively', () => {
    expect(pathLabel(byId, id('A/B/C'))).toBe('A / B / C');
    expect(siblingNameTaken(byId, id('A'), ' d ')).toBe(true);
    expect(siblingNameTaken(byId, id('A'), 'D', id('A/D'))).toBe(false);
    expect(siblingNameTaken(byId, null, 'b')).toBe(false);
  });
});
