import { t } from '../i18n';
import { errorBodyMessage } from './error-body';
import { classifyCommon, type ResponseClassifier } from './http';
import { SyncError } from './sync-error';

/** Perma's one retryable validation message: its capture service was unreachable. */
const PERMA_NETWORK_ERROR = /network error: please try again/i;
/** Quota and account-standing messages on create: shown, never retried. */
const PERMA_QUOTA = /usage limit|needs attention|get in touch|usage plan/i;
/** Folder-level refusals: the folder cannot take new archives. */
const PERMA_FOLDER_REFUSED = /sponsored links folder|read-only/i;

/**
 * Classifies Perma's non-2xx answers (server-apis.md A2, A5, A6): 401 bad key, 403 not yours
 * (or past the 24-hour window), 400 validation with the quota, folder and capture-service
 * special cases, plain-text 404 for routes that do not exist (not the Perma API).
 */
export const classifyPerma: ResponseClassifier = (status, body, headers) => {
  const common = classifyCommon(status, body, headers);
  if (common) return common;
  const message = errorBodyMessage(body) ?? `HTTP ${status}`;
  if (status === 401) {
    return new SyncError('credentials', 'bad-credentials', t('syncErrorPermaKey', [message]), {
      status,
      body,
    });
  }
  if (status === 403) return new SyncError('permission', 'forbidden', message, { status, body });
  if (status === 404 || status === 405) {
    // Perma answers unknown routes with plain text, known ones with JSON {"detail": ...}.
    if (typeof body === 'string' || body === undefined || status === 405) {
      return new SyncError('config', 'not-api', t('syncErrorNotPerma'), { status, body });
    }
    return new SyncError('not-found', 'not-found', message, { status, body });
  }
  if (status === 400) {
    if (PERMA_NETWORK_ERROR.test(message)) {
      return new SyncError('transient', 'capture-service-unreachable', message, { status, body });
    }
    if (/perma can't create this link/i.test(message) && PERMA_QUOTA.test(message)) {
      return new SyncError('quota', 'quota', message, { status, body });
    }
    if (PERMA_FOLDER_REFUSED.test(message)) {
      return new SyncError('permission', 'folder-refused', message, { status, body });
    }
    return new SyncError('validation', 'rejected', message, { status, body });
  }
  if (status === 409) return new SyncError('conflict', 'conflict', message, { status, body });
  return new SyncError('validation', 'rejected', message, { status, body });
};
