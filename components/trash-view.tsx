import { useId } from 'preact/hooks';
import type { TrashContents } from '../lib/db/repos/trash';
import { t, tCount } from '../lib/i18n';
import { formatBytes, formatDate } from './format';

/**
 * The Trash: folders deleted with their contents and archives deleted on their own, newest
 * first, each with Restore (a folder comes back with its subfolders and archives), and
 * "Empty the Trash". Presentational: the library browser reads the contents and acts.
 */
export function TrashView(props: {
  contents: TrashContents;
  /** Ids being restored or emptied now. */
  busy: boolean;
  onRestoreFolder(folderId: string): void;
  onRestoreArchive(archiveId: string): void;
  onEmpty(): void;
  onClose(): void;
}) {
  const headingId = useId();
  const { folders, archives } = props.contents;
  const empty = folders.length === 0 && archives.length === 0;
  return (
    <section class="archives-pane trash-view" aria-labelledby={headingId}>
      <div class="pane-head">
        <h2 id={headingId} class="pane-title">
          {t('trashHeading')}
        </h2>
        <button type="button" class="small secondary" onClick={props.onClose}>
          {t('trashClose')}
        </button>
      </div>
      <p class="muted">{t('trashIntro')}</p>
      {empty ? (
        <p class="empty">{t('trashEmpty')}</p>
      ) : (
        <>
          <ul class="trash-list">
            {folders.map(({ folder, archives: count, subfolders }) => (
              <li key={folder.id} class="trash-item" data-kind="folder">
                <span class="trash-kind">{t('folderLabel')}</span>
                <span class="trash-name">{folder.name}</span>
                <span class="muted">
                  {tCount(count, 'libraryArchiveCount')}
                  {subfolders > 0 && `, ${tCount(subfolders, 'trashSubfolders')}`}
                  {' · '}
                  {t('trashDeletedAt', [formatDate(folder.trashedAt)])}
                </span>
                <button
                  type="button"
                  class="small"
                  disabled={props.busy}
                  aria-label={t('trashRestoreLabel', [folder.name])}
                  onClick={() => props.onRestoreFolder(folder.id)}
                >
                  {t('trashRestore')}
                </button>
              </li>
            ))}
            {archives.map((archive) => (
              <li key={archive.id} class="trash-item" data-kind="archive">
                <span class="trash-name">{archive.title || archive.url}</span>
                <span class="muted url-text">{archive.url}</span>
                <span class="muted">
                  {formatBytes(archive.size ?? 0)}
                  {' · '}
                  {t('trashDeletedAt', [formatDate(archive.trashedAt ?? 0)])}
                </span>
                <button
                  type="button"
                  class="small"
                  disabled={props.busy}
                  aria-label={t('trashRestoreLabel', [archive.title || archive.url])}
                  onClick={() => props.onRestoreArchive(archive.id)}
                >
                  {t('trashRestore')}
                </button>
              </li>
            ))}
          </ul>
          <p class="muted">{t('trashBytes', [formatBytes(props.contents.bytes)])}</p>
          <button type="button" class="small danger" disabled={props.busy} onClick={props.onEmpty}>
            {t('trashEmptyAction')}
          </button>
        </>
      )}
    </section>
  );
}
