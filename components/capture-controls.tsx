import type { FolderNode } from '../lib/ui/folder-tree';
import { t } from '../lib/i18n';
import { DestinationPicker } from './destination-picker';
import { UrlForm } from './url-form';
import { RecordTab, type RecordReply } from './record-tab';

/**
 * Where captures start: "Archive this page" (when there is a page to archive), the
 * "URL to archive" box, and the destination folder and private flag they use.
 */
export function CaptureControls(props: {
  tree: FolderNode[];
  folderId?: string;
  isPrivate: boolean;
  onDestinationChange(change: { folderId?: string; isPrivate?: boolean }): void;
  onArchivePage?(): void;
  /** "Record this tab", offered when the tab shows a page that can be recorded. */
  onRecordTab?(reloadFirst: boolean, reloadConfirmed: boolean): Promise<RecordReply>;
  onArchiveUrl(url: string): Promise<string | undefined | void> | string | undefined | void;
  busy?: boolean;
}) {
  return (
    <section class="capture-controls" aria-label={t('libraryCaptureHeading')}>
      <DestinationPicker
        tree={props.tree}
        folderId={props.folderId}
        isPrivate={props.isPrivate}
        onChange={props.onDestinationChange}
      />
      {props.onArchivePage && (
        <button
          type="button"
          class="archive-page"
          disabled={props.busy}
          onClick={props.onArchivePage}
        >
          {t('archivePageButton')}
        </button>
      )}
      {props.onRecordTab && <RecordTab onRecord={props.onRecordTab} busy={props.busy} />}
      <UrlForm onSubmit={props.onArchiveUrl} busy={props.busy} />
    </section>
  );
}
