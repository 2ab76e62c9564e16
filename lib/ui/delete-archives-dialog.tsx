import { useEffect, useState } from 'preact/hooks';
import type { ArchiveRow } from '../db/entities';
import type { RemoteCopy } from '../messaging/protocol-sync';
import { sendMessage } from '../messaging/client';
import { t } from '../i18n';
import { ConfirmDialog } from '../../components/confirm-dialog';

/** A remote copy of one of the archives being deleted. */
interface Copy extends RemoteCopy {
  archiveId: string;
}

/** Above this many archives the dialog does not look their remote copies up one by one. */
const MAX_LOOKUPS = 50;

/**
 * Confirms deleting archives and, when some of them have copies on a sync server, asks whether
 * to delete those too (Perma accepts that only within 24 hours of creation; copies that can no
 * longer be deleted are listed with the reason). Remote deletes run before the local trash;
 * a remote failure is reported and the local delete still happens (it can be undone).
 */
export function DeleteArchivesDialog(props: {
  archives: ArchiveRow[];
  close(): void;
  onTrash(archiveIds: string[]): void;
  onError(message: string): void;
}) {
  const { archives } = props;
  const one = archives.length === 1 ? archives[0] : undefined;
  const [copies, setCopies] = useState<Copy[]>([]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (archives.length > MAX_LOOKUPS) return;
    let live = true;
    void Promise.all(
      archives.map((a) =>
        sendMessage('listRemoteCopies', { archiveId: a.id }).then(
          (r) => r.copies.map((c) => ({ ...c, archiveId: a.id })),
          () => [] as Copy[],
        ),
      ),
    ).then((lists) => {
      if (live) setCopies(lists.flat());
    });
    return () => {
      live = false;
    };
  }, [archives]);

  const key = (c: Copy) => `${c.archiveId} ${c.serverId}`;
  const confirm = async () => {
    props.close();
    const failures: string[] = [];
    for (const copy of copies.filter((c) => chosen.has(key(c)))) {
      try {
        const r = await sendMessage('deleteRemote', {
          archiveId: copy.archiveId,
          serverId: copy.serverId,
        });
        if (!r.deleted) failures.push(`${copy.serverName}: ${r.message ?? r.code ?? ''}`);
      } catch (e) {
        failures.push(`${copy.serverName}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (failures.length > 0) props.onError(t('libraryRemoteDeleteFailed', [failures.join('; ')]));
    props.onTrash(archives.map((a) => a.id));
  };

  return (
    <ConfirmDialog
      title={
        one
          ? t('libraryDeleteArchiveTitle', [one.title || one.url])
          : t('libraryDeleteArchivesTitle', [archives.length])
      }
      confirmLabel={t('libraryDelete')}
      onCancel={props.close}
      onConfirm={() => void confirm()}
    >
      <p>{t('libraryDeleteArchiveBody')}</p>
      {copies.length > 0 && (
        <fieldset class="remote-copies">
          <legend>{t('libraryRemoteCopiesLegend')}</legend>
          {copies.map((c) =>
            c.deletable ? (
              <label key={key(c)}>
                <input
                  type="checkbox"
                  checked={chosen.has(key(c))}
                  onChange={(e) => {
                    const on = (e.currentTarget as HTMLInputElement).checked;
                    setChosen((prev) => {
                      const next = new Set(prev);
                      if (on) next.add(key(c));
                      else next.delete(key(c));
                      return next;
                    });
                  }}
                />{' '}
                {t('libraryRemoteCopyDelete', [c.serverName, c.remoteId])}
              </label>
            ) : (
              <p key={key(c)} class="muted">
                {t('libraryRemoteCopyKept', [c.serverName, c.remoteId, c.reason ?? ''])}
              </p>
            ),
          )}
        </fieldset>
      )}
    </ConfirmDialog>
  );
}
