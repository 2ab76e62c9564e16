import type { FolderRow } from '../lib/db/entities';
import { t } from '../lib/i18n';

/** Folder and private flag of a capture; usable before and after it runs. */
export function DestinationPicker(props: {
  folders: FolderRow[];
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
          {props.folders.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      <label class="switch" title={t('privateHint')}>
        <input
          type="checkbox"
          role="switch"
          checked={props.isPrivate}
          onChange={(e) => props.onChange({ isPrivate: (e.target as HTMLInputElement).checked })}
        />
        {t('privateLabel')}
      </label>
    </div>
  );
}
