import type { FolderNode } from '../lib/ui/folder-tree';
import { flattenTree } from '../lib/ui/folder-tree';
import { t } from '../lib/i18n';
import { PrivateSwitch } from './private-switch';

/** Folder and private flag of a capture; usable before and after it runs. */
export function DestinationPicker(props: {
  tree: FolderNode[];
  folderId?: string;
  isPrivate: boolean;
  onChange(change: { folderId?: string; isPrivate?: boolean }): void;
}) {
  return (
    <div class="destination">
      <label>
        {t('folderLabel')}
        <select
          value={props.folderId}
          onChange={(e) => props.onChange({ folderId: (e.target as HTMLSelectElement).value })}
        >
          {flattenTree(props.tree).map(({ node, depth }) => (
            <option key={node.folder.id} value={node.folder.id}>
              {'\u2002'.repeat(depth * 2)}
              {node.folder.name}
            </option>
          ))}
        </select>
      </label>
      <PrivateSwitch
        checked={props.isPrivate}
        onChange={(isPrivate) => props.onChange({ isPrivate })}
      />
    </div>
  );
}
