import { t } from '../lib/i18n';

/** Actions on the selected folder: new subfolder, rename, move, export, delete. */
export function FolderToolbar(props: {
  folderName?: string;
  /** The default top folder cannot be moved or deleted (every capture needs a home). */
  isDefault: boolean;
  onNewSubfolder(): void;
  onRename(): void;
  onMove(): void;
  /** Export the folder and its subfolders as one WACZ. */
  onExport(): void;
  onDelete(): void;
}) {
  const none = props.folderName === undefined;
  return (
    <div role="toolbar" class="folder-toolbar" aria-label={t('libraryFolderActions')}>
      <button type="button" class="small secondary" disabled={none} onClick={props.onNewSubfolder}>
        {t('libraryNewSubfolder')}
      </button>
      <button type="button" class="small secondary" disabled={none} onClick={props.onRename}>
        {t('libraryRename')}
      </button>
      <button
        type="button"
        class="small secondary"
        disabled={none || props.isDefault}
        onClick={props.onMove}
      >
        {t('libraryMoveTo')}
      </button>
      <button type="button" class="small secondary" disabled={none} onClick={props.onExport}>
        {t('libraryExportWacz')}
      </button>
      <button
        type="button"
        class="small secondary danger-text"
        disabled={none || props.isDefault}
        onClick={props.onDelete}
      >
        {t('libraryDelete')}
      </button>
    </div>
  );
}
