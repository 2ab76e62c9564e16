import { t } from '../i18n';
import { errorBodyMessage } from './error-body';
import { classifyCommon, type ResponseClassifier } from './http';
import { SyncError } from './sync-error';

/**
 * Classifies ArchiveBox's non-2xx answers (server-apis.md B3, B4): 401 bad or expired token,
 * 403 not a superuser (a credentials problem: only superusers may use the API) or the
 * "control plane disabled" plain-text 403, 404 and the generic 404 body, 409 conflicts
 * (upload offsets), 400/422 validation. 503 with a traceback is transient (its traceback is
 * never shown).
 */
export const classifyArchiveBox: ResponseClassifier = (status, body, headers) => {
  const common = classifyCommon(status, body, headers);
  if (common) return common;
  const message = errorBodyMessage(body) ?? `HTTP ${status}`;
  if (status === 401) {
    return new SyncError('credentials', 'bad-credentials', t('syncErrorArchiveBoxToken'), {
      status,
      body,
    });
  }
  if (status === 403) {
    if (/superuser/i.test(message)) {
      return new SyncError('credentials', 'not-superuser', t('syncErrorNotSuperuser'), {
        status,
        body,
      });
    }
    // ArchiveBox 0.9.73 (B9b): a POST without a token header to a host other than
    // archivebox.localhost (sign-in, above all) is refused with this page.
    if (typeof body === 'string' && /control plane disabled on this host/i.test(body)) {
      return new SyncError('config', 'control-plane-disabled', t('syncErrorControlPlane'), {
        status,
        body,
      });
    }
    if (typeof body === 'string') {
      return new SyncError('config', 'api-disabled', t('syncErrorApiDisabled', [message]), {
        status,
        body,
      });
    }
    return new SyncError('permission', 'forbidden', message, { status, body });
  }
  if (status === 404) {
    if (typeof body === 'string' || body === undefined) {
      return new SyncError('config', 'not-api', t('syncErrorNotArchiveBox'), { status, body });
    }
    return new SyncError('not-found', 'not-found', message, { status, body });
  }
  if (status === 409) return new SyncError('conflict', 'conflict', message, { status, body });
  return new SyncError('validation', 'rejected', message, { status, body });
};
