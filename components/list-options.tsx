import type { ArchiveSort } from '../lib/db/repos/folders';
import { t, type MessageKey } from '../lib/i18n';
import type { ArchiveFilters } from '../lib/db/archive-filters';
import { FilterToggle } from './filter-toggle';
import { ListFilters } from './list-filters';

const SORTS: Array<[ArchiveSort, MessageKey]> = [
  ['newest', 'librarySortNewest'],
  ['oldest', 'librarySortOldest'],
  ['title', 'librarySortTitle'],
  ['size', 'librarySortSize'],
];

/**
 * A list's order and filters: its "Failed (N)" filter in a folder (shown when the folder has
 * failed captures, which the list otherwise leaves out), and the other filters (ListFilters).
 */
export function ListOptions(props: {
  sort: ArchiveSort;
  onSort(sort: ArchiveSort): void;
  failedCount: number;
  failedOnly: boolean;
  onFailedOnly(on: boolean): void;
  /** False in the "Not synced" list, which keeps its own order. */
  sortable?: boolean;
  filters: ArchiveFilters;
  onFilters(filters: ArchiveFilters): void;
  /** While searching: the folder the search can be kept in. */
  searchFolderName?: string;
}) {
  return (
    <div class="list-options">
      {props.sortable !== false && (
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
      )}
      {(props.failedOnly || props.failedCount > 0) && (
        <FilterToggle
          pressed={props.failedOnly}
          label={t('libraryFailedFilter', [props.failedCount])}
          title={t('libraryFailedTitle')}
          onToggle={props.onFailedOnly}
        />
      )}
      <ListFilters
        filters={props.filters}
        onChange={props.onFilters}
        searchFolderName={props.searchFolderName}
      />
    </div>
  );
}
