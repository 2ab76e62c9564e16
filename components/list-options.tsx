import type { ArchiveSort } from '../lib/db/repos/folders';
import { t, type MessageKey } from '../lib/i18n';
import { FilterToggle } from './filter-toggle';

const SORTS: Array<[ArchiveSort, MessageKey]> = [
  ['newest', 'librarySortNewest'],
  ['oldest', 'librarySortOldest'],
  ['title', 'librarySortTitle'],
  ['size', 'librarySortSize'],
];

/**
 * A folder list's order, and its "Failed (N)" filter (shown when the folder has failed
 * captures, which the list otherwise leaves out).
 */
export function ListOptions(props: {
  sort: ArchiveSort;
  onSort(sort: ArchiveSort): void;
  failedCount: number;
  failedOnly: boolean;
  onFailedOnly(on: boolean): void;
}) {
  return (
    <div class="list-options">
      <label>
        {t('librarySortLabel')}{' '}
        <select
          value={props.sort}
          onChange={(e) => props.onSort(e.currentTarget.value as ArchiveSort)}
        >
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
        </select>
      </label>
      {(props.failedOnly || props.failedCount > 0) && (
        <FilterToggle
          pressed={props.failedOnly}
          label={t('libraryFailedFilter', [props.failedCount])}
          title={t('libraryFailedTitle')}
          onToggle={props.onFailedOnly}
        />
      )}
    </div>
  );
}
