import type { ArchiveRow } from '../lib/db/entities';
import type { Snippet } from '../lib/db/search-snippet';
import { ArchiveMarks } from './archive-marks';
import { t } from '../lib/i18n';
import { formatBytes, formatDate } from './format';
import { PrivateSwitch } from './private-switch';
import { CaptureProgress } from './capture-progress';
import { SyncMarks } from './sync-marks';
import type { SyncStateRecord } from '../lib/db/repos/sync-states';
import type { SyncServerRef } from '../lib/ui/use-server-refs';
import { viewerHref } from '../lib/ui/viewer-link';

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
 * One archive: status, private marker, title, live URL, capture date, size, the reason of a
 * partial or failed capture, and its actions ("Private" switch, "Download WARC", edit, move,
 * delete). A capture in progress shows its live progress instead of the size.
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
  return (
    <li
      class={`archive-item${props.selected ? ' selected' : ''}${props.current ? ' current' : ''}`}
      data-archive-id={a.id}
      aria-labelledby={titleId}
      draggable
      onDragStart={(event) => props.onDragStart(a, event)}
    >
      <div class="archive-head">
        <input
          type="checkbox"
          class="select-box"
          checked={props.selected}
          aria-label={t('librarySelectArchive', [title])}
          onChange={(e) => props.onSelect(a, (e.target as HTMLInputElement).checked)}
        />
        <ArchiveMarks archive={a} privateHint />
        {props.syncStates && props.servers && (
          <SyncMarks states={props.syncStates} servers={props.servers} />
        )}
        {/* The archived copy is what the user came for; the live page may be gone. */}
        <a
          id={titleId}
          class="archive-title"
          href={viewerHref(a.id)}
          target="_blank"
          rel="noopener"
          title={t('openArchivedCopy')}
        >
          {title}
        </a>
      </div>
      <div class="archive-meta">
        <span class="live-url">
          <span class="live-label">{t('liveSiteLabel')}</span>{' '}
          <a href={a.url} target="_blank" rel="noreferrer" title={t('openLive')}>
            {a.url}
          </a>
        </span>
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
      <div class="archive-actions">
        <button
          type="button"
          class="small secondary details-button"
          aria-describedby={titleId}
          aria-current={props.current ? 'true' : undefined}
          onClick={() => props.onOpen(a)}
        >
          {t('libraryDetails')}
        </button>
        <PrivateSwitch checked={a.isPrivate} onChange={(v) => props.onSetPrivate(a, v)} />
        <button
          type="button"
          class="small secondary"
          disabled={capturing || a.recordCount === 0}
          onClick={() => props.onDownload(a)}
        >
          {t('downloadWarc')}
        </button>
        <button
          type="button"
          class="small secondary"
          aria-describedby={titleId}
          onClick={() => props.onEdit(a)}
        >
          {t('libraryEdit')}
        </button>
        <button
          type="button"
          class="small secondary"
          aria-describedby={titleId}
          onClick={() => props.onMove(a)}
        >
          {t('libraryMoveTo')}
        </button>
        <button
          type="button"
          class="small secondary danger-text"
          aria-describedby={titleId}
          disabled={capturing}
          onClick={() => props.onDelete(a)}
        >
          {t('libraryDelete')}
        </button>
      </div>
    </li>
  );
}
