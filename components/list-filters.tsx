import { useState } from 'preact/hooks';
import { activeFilterCount, type ArchiveFilters } from '../lib/db/archive-filters';
import { t } from '../lib/i18n';

/**
 * The list's filters behind one "Filters (N)" button, so a 320 px popup keeps its room: the
 * private flag, HTTP error pages, a capture date range and, while searching, whether the
 * search stays in the chosen folder. Every change applies at once.
 */
export function ListFilters(props: {
  filters: ArchiveFilters;
  onChange(filters: ArchiveFilters): void;
  /** The folder a search can be kept in (shown while searching). */
  searchFolderName?: string;
}) {
  const count = activeFilterCount(props.filters);
  const [open, setOpen] = useState(count > 0);
  const f = props.filters;
  const set = (patch: Partial<ArchiveFilters>) => {
    const next: ArchiveFilters = { ...f, ...patch };
    for (const key of Object.keys(next) as Array<keyof ArchiveFilters>) {
      if (!next[key]) delete next[key];
    }
    props.onChange(next);
  };
  return (
    <div class="list-filters">
      <button
        type="button"
        class={`small secondary filter-toggle${count > 0 ? ' current' : ''}`}
        aria-expanded={open}
        aria-controls="list-filters-panel"
        onClick={() => setOpen(!open)}
      >
        {count > 0 ? t('libraryFiltersCount', [count]) : t('libraryFilters')}
      </button>
      {open && (
        <fieldset id="list-filters-panel" class="list-filters-panel">
          <legend class="sr-only">{t('libraryFiltersHeading')}</legend>
          <label>
            {t('libraryFilterPrivacy')}{' '}
            <select
              value={f.privacy ?? ''}
              onChange={(e) =>
                set({ privacy: (e.currentTarget.value || undefined) as ArchiveFilters['privacy'] })
              }
            >
              <option value="">{t('libraryFilterPrivacyAny')}</option>
              <option value="private">{t('libraryFilterPrivacyPrivate')}</option>
              <option value="public">{t('libraryFilterPrivacyPublic')}</option>
            </select>
          </label>
          <label>
            <input
              type="checkbox"
              checked={f.httpError ?? false}
              onChange={(e) => set({ httpError: e.currentTarget.checked })}
            />{' '}
            {t('libraryFilterHttpError')}
          </label>
          <span class="date-range">
            <label>
              {t('libraryFilterFrom')}{' '}
              <input
                type="date"
                value={f.from ?? ''}
                onChange={(e) => set({ from: e.currentTarget.value })}
              />
            </label>{' '}
            <label>
              {t('libraryFilterTo')}{' '}
              <input
                type="date"
                value={f.to ?? ''}
                onChange={(e) => set({ to: e.currentTarget.value })}
              />
            </label>
          </span>
          {props.searchFolderName !== undefined && (
            <label>
              <input
                type="checkbox"
                checked={f.inFolder ?? false}
                onChange={(e) => set({ inFolder: e.currentTarget.checked })}
              />{' '}
              {t('libraryFilterInFolder', [props.searchFolderName])}
            </label>
          )}
          {count > 0 && (
            <button type="button" class="small secondary" onClick={() => props.onChange({})}>
              {t('libraryFilterClear')}
            </button>
          )}
        </fieldset>
      )}
    </div>
  );
}
