import { useEffect, useRef } from 'preact/hooks';
import { t } from '../lib/i18n';

/**
 * Select all, and what can be done to the selected archives at once: move, make private or
 * not, download their WARC files or one WACZ of them all, delete.
 */
export function BulkBar(props: {
  selectedCount: number;
  totalCount: number;
  onSelectAll(selected: boolean): void;
  onMove(): void;
  onSetPrivate(isPrivate: boolean): void;
  onDownload(): void;
  onExportWacz(): void;
  onDelete(): void;
}) {
  const all = useRef<HTMLInputElement>(null);
  const { selectedCount: n, totalCount } = props;
  useEffect(() => {
    if (all.current) all.current.indeterminate = n > 0 && n < totalCount;
  }, [n, totalCount]);
  const none = n === 0;
  return (
    <div role="toolbar" class="bulk-bar" aria-label={t('libraryBulkActions')}>
      <label class="select-all">
        <input
          ref={all}
          type="checkbox"
          checked={n > 0 && n === totalCount}
          disabled={totalCount === 0}
          onChange={(e) => props.onSelectAll((e.target as HTMLInputElement).checked)}
        />
        {t('librarySelectAll')}
      </label>
      <span class="selected-count" aria-live="polite">
        {none ? '' : t('librarySelectedCount', [n])}
      </span>
      {!none && (
        <span class="bulk-actions">
          <button type="button" class="small secondary" onClick={props.onMove}>
            {t('libraryMoveTo')}
          </button>
          <button type="button" class="small secondary" onClick={() => props.onSetPrivate(true)}>
            {t('libraryMakePrivate')}
          </button>
          <button type="button" class="small secondary" onClick={() => props.onSetPrivate(false)}>
            {t('libraryMakeNotPrivate')}
          </button>
          <button type="button" class="small secondary" onClick={props.onDownload}>
            {t('libraryDownloadSelected')}
          </button>
          <button type="button" class="small secondary" onClick={props.onExportWacz}>
            {t('libraryExportWacz')}
          </button>
          <button type="button" class="small secondary danger-text" onClick={props.onDelete}>
            {t('libraryDeleteSelected')}
          </button>
        </span>
      )}
    </div>
  );
}
