import type { StorageUse } from '../lib/platform/storage-estimate';
import { t } from '../lib/i18n';
import { formatBytes } from './format';

/** From this share of the quota, new captures are likely to fail: say so plainly. */
const FULL_RATIO = 0.98;

/**
 * Space used against the browser's quota (navigator.storage.estimate()), a warning from 80%,
 * a clear message when it is full, and a request to keep the data persistent.
 */
export function StorageMeter(props: {
  use: StorageUse;
  onPersist(): void;
  /** The last write failed for lack of space (the background said 'storage-full'). */
  full?: boolean;
  /** The browser refused the last request to keep the data. */
  persistRefused?: boolean;
}) {
  const { use } = props;
  const percent = Math.min(100, Math.round(use.ratio * 100));
  const full = props.full || use.ratio >= FULL_RATIO;
  const level = full ? 'full' : use.warning ? 'warning' : 'ok';
  return (
    <section class={`storage-meter storage-${level}`} aria-label={t('libraryStorageHeading')}>
      <div class="storage-line">
        <meter
          min={0}
          max={1}
          low={0.8}
          high={0.98}
          optimum={0}
          value={use.ratio}
          aria-label={t('libraryStorageHeading')}
          aria-valuetext={t('libraryStorageUsed', [
            formatBytes(use.usage),
            formatBytes(use.quota),
            percent,
          ])}
        />
        <span class="storage-text">
          {t('libraryStorageUsed', [formatBytes(use.usage), formatBytes(use.quota), percent])}
        </span>
      </div>
      {full ? (
        <p class="storage-message" role="alert">
          {t('libraryStorageFull')}
        </p>
      ) : (
        use.warning && (
          <p class="storage-message" role="status">
            {t('libraryStorageWarning', [percent])}
          </p>
        )
      )}
      {use.persisted ? (
        <p class="storage-persisted">{t('libraryStoragePersisted')}</p>
      ) : (
        <>
          <button type="button" class="small secondary" onClick={props.onPersist}>
            {t('libraryStoragePersist')}
          </button>
          {props.persistRefused && (
            <p class="storage-message" role="status">
              {t('libraryStoragePersistRefused')}
            </p>
          )}
        </>
      )}
    </section>
  );
}
