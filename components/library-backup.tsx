import { useRef, useState } from 'preact/hooks';
import { errorMessage } from '../lib/errors';
import { t, tCount } from '../lib/i18n';
import { downloadBackup, restoreFromFile } from '../lib/ui/backup';

type Status =
  | { kind: 'idle' }
  | { kind: 'busy'; text: string }
  | { kind: 'done'; lines: string[] }
  | { kind: 'error'; text: string };

/**
 * Where archives live, and the two ways to keep them: "Back up library" saves everything as
 * one WACZ; "Restore from backup…" brings such a file back into this profile.
 */
export function LibraryBackup() {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const fileInput = useRef<HTMLInputElement>(null);
  const busy = status.kind === 'busy';

  const backUp = async () => {
    setStatus({ kind: 'busy', text: t('libraryBackingUp') });
    try {
      const { archives, fileName } = await downloadBackup();
      setStatus(
        archives === 0
          ? { kind: 'done', lines: [t('libraryBackupEmpty')] }
          : { kind: 'done', lines: [tCount(archives, 'libraryBackupSaved', [fileName])] },
      );
    } catch (e) {
      setStatus({ kind: 'error', text: t('libraryBackupFailed', [errorMessage(e)]) });
    }
  };

  const restore = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setStatus({ kind: 'busy', text: t('libraryRestoreChecking', [file.name]) });
    try {
      const result = await restoreFromFile(file, (done, total) =>
        setStatus({ kind: 'busy', text: t('libraryRestoring', [file.name, done, total]) }),
      );
      const lines = [tCount(result.restored, 'libraryRestored', [file.name])];
      if (result.alreadyHere > 0)
        lines.push(tCount(result.alreadyHere, 'libraryRestoreAlreadyHere'));
      if (result.missingServers.length > 0) {
        lines.push(t('libraryRestoreMissingServers', [result.missingServers.join(', ')]));
      }
      setStatus({ kind: 'done', lines });
    } catch (e) {
      setStatus({ kind: 'error', text: t('libraryRestoreFailed', [errorMessage(e)]) });
    }
  };

  return (
    <section class="library-backup" aria-labelledby="backup-heading">
      <h2 id="backup-heading">{t('libraryBackupHeading')}</h2>
      <p class="muted">{t('libraryWhereArchivesLive')}</p>
      <div class="backup-actions">
        <button type="button" class="secondary" disabled={busy} onClick={() => void backUp()}>
          {t('libraryBackUp')}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy}
          onClick={() => fileInput.current?.click()}
        >
          {t('libraryRestore')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".wacz"
          hidden
          aria-label={t('libraryRestore')}
          onChange={(e) => void restore(e.currentTarget)}
        />
      </div>
      {status.kind === 'busy' && (
        <p class="backup-status" role="status">
          {status.text}
        </p>
      )}
      {status.kind === 'done' && (
        <div class="backup-status" role="status">
          {status.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
      {status.kind === 'error' && (
        <p class="backup-status error" role="alert">
          {status.text}
        </p>
      )}
    </section>
  );
}
