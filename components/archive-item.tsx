import type { ArchiveRow } from '../lib/db/entities';
import type { Snippet } from '../lib/db/search-snippet';
import { ArchiveMarks } from './archive-marks';
import { t } from '../lib/i18n';
import { formatBytes, formatDate } from './format';
import { CaptureProgress } from './capture-progress';
import { SyncMarks } from './sync-marks';
import type { SyncStateRecord } from '../lib/db/repos/sync-states';
import type { SyncServerRef } from '../lib/ui/use-server-refs';
import { viewerHref } from '../lib/ui/viewer-link';
import { ArchiveThumbnail } from './archive-thumbnail';
import { RowMenu } from './row-menu';

/** What one archive row can do; the list passes these through from the page. */
export interface ArchiveActions {
  onOpen(archive: ArchiveRow): void;
  onSelect(archive: ArchiveRow, selected: boolean): void;
  onSetPrivate(archive: ArchiveRow, isPrivate: boolean): void;
  onDownload(archive: ArchiveRow): void;
  onEdit(archive: ArchiveRow): void;
  onMove(archive: ArchiveRow): void;
  onDelete(archive: ArchiveRow): void;
  /** Starts dragging this archive (and the rest of the selection when it is selected). */
  onDragStart(archive: ArchiveRow, event: DragEvent): void;
}

/**
 * One archive, archive first: a thumbnail of its screenshot, the title as the link that opens
 * the archived copy, its marks, date and size, then the live URL (secondary, labelled), the
 * reason of a partial or failed capture, a search snippet or the notes. Its actions sit in one
 * menu. Only the title is a Tab stop; the list's arrow keys reach the checkbox, the live link
 * and the menu (ArchiveList). A capture in progress shows its live progress instead of the size.
 */
export function ArchiveItem(
  props: ArchiveActions & {
    archive: ArchiveRow;
    selected: boolean;
    /** Shown in the detail pane. */
    current?: boolean;
    /** Folder path, shown in search results. */
    folderPath?: string;
    /** Where a search matched in the notes or page text, shown under the row's title. */
    snippet?: Snippet;
    /** Its state on each sync server, and the servers (for the marks). */
    syncStates?: SyncStateRecord[];
    servers?: SyncServerRef[];
  },
) {
  const a = props.archive;
  const title = a.title || a.url;
  const titleId = `archive-title-${a.id}`;
  const capturing = a.status === 'capturing';
  const href = viewerHref(a.id);
  return (
    <li
      class={`archive-item${props.selected ? ' selected' : ''}${props.current ? ' current' : ''}`}
      data-archive-id={a.id}
      aria-labelledby={titleId}
      draggable
      onDragStart={(event) => props.onDragStart(a, event)}
    >
      <input
        type="checkbox"
        class="select-box"
        tabIndex={-1}
        checked={props.selected}
        aria-label={t('librarySelectArchive', [title])}
        onChange={(e) => props.onSelect(a, (e.target as HTMLInputElement).checked)}
      />
      <ArchiveThumbnail archive={a} href={href} />
      <div class="archive-body">
        {/* The archived copy is what the user came for; the live page may be gone. */}
        <a
          id={titleId}
          class="archive-title"
          href={href}
          target="_blank"
          rel="noopener"
          title={title.length > 80 ? title.slice(0, 2000) : t('openArchivedCopy')}
        >
          {title}
        </a>
        <div class="archive-meta">
          <ArchiveMarks archive={a} privateHint />
          {props.syncStates && props.servers && (
            <SyncMarks states={props.syncStates} servers={props.servers} />
          )}
          <span>
            <time dateTime={new Date(a.createdAt).toISOString()}>{formatDate(a.createdAt)}</time>
            {!capturing && ` · ${t('storedSize', [formatBytes(a.size)])}`}
            {props.folderPath && (
              <>
                {' · '}
                <span class="folder-path">{t('libraryInFolder', [props.folderPath])}</span>
              </>
            )}
          </span>
        </div>
        <span class="live-url">
          <span class="live-label">{t('liveSiteLabel')}</span>{' '}
          <a href={a.url} target="_blank" rel="noreferrer" title={t('openLive')} tabIndex={-1}>
            {a.url}
          </a>
        </span>
        {capturing && <CaptureProgress archive={a} />}
        {a.reason && <p class={`capture-reason reason-${a.status}`}>{a.reason}</p>}
        {props.snippet && (
          <p class="search-snippet">
            {props.snippet.before}
            <mark>{props.snippet.match}</mark>
            {props.snippet.after}
          </p>
        )}
        {a.notes && !props.snippet && (
          <p class="archive-notes clamped" title={a.notes.slice(0, 2000)}>
            {a.notes}
          </p>
        )}
      </div>
      <RowMenu
        label={t('libraryRowActions', [title.length > 80 ? `${title.slice(0, 80)}…` : title])}
        tabIndex={-1}
        items={[
          { label: t('libraryDetails'), onSelect: () => props.onOpen(a) },
          {
            label: t('privateLabel'),
            checked: a.isPrivate,
            onSelect: () => props.onSetPrivate(a, !a.isPrivate),
          },
          {
            label: t('downloadWarc'),
            disabled: capturing || a.recordCount === 0,
            onSelect: () => props.onDownload(a),
          },
          { label: t('libraryEdit'), onSelect: () => props.onEdit(a) },
          { label: t('libraryMoveTo'), onSelect: () => props.onMove(a) },
          {
            label: t('libraryDelete'),
            disabled: capturing,
            danger: true,
            onSelect: () => props.onDelete(a),
          },
        ]}
      >
        <span aria-hidden="true">⋯</span>
      </RowMenu>
    </li>
  );
}
