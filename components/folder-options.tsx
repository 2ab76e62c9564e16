import type { FolderNode } from '../lib/ui/folder-tree';

/** The `<option>`s of a folder choice, indented by depth so the nesting shows. */
export function FolderOptions(props: { rows: Array<{ node: FolderNode; depth: number }> }) {
  return (
    <>
      {props.rows.map(({ node, depth }) => (
        <option key={node.folder.id} value={node.folder.id}>
          {'\u2002'.repeat(depth * 2)}
          {node.folder.name}
        </option>
      ))}
    </>
  );
}
