import { useState } from 'preact/hooks';
import { t, tCount } from '../lib/i18n';
import { Dialog } from './dialog';

/**
 * ArchiveBox has no private snapshots: who can see them is a server-wide setting Cairn cannot
 * read. Private archives go to this server only after the user confirms, here, that it does
 * not publish snapshots; the confirmation can be withdrawn.
 */
export function SyncPrivateConfirm(props: {
  serverName: string;
  confirmed: boolean;
  /** Private archives held until this answer. */
  waiting?: number;
  busy?: boolean;
  onChange(confirmed: boolean): void;
}) {
  const [asking, setAsking] = useState(false);
  return (
    <section class="private-confirm" aria-label={t('optionsPrivateLabel')}>
      <h4>{t('optionsPrivateHeading')}</h4>
      {props.confirmed ? (
        <>
          <p>{t('optionsPrivateConfirmed')}</p>
          <button
            type="button"
            class="small secondary"
            disabled={props.busy}
            onClick={() => props.onChange(false)}
          >
            {t('optionsPrivateWithdraw')}
          </button>
        </>
      ) : (
        <>
          <p>{t('optionsPrivateNotConfirmed')}</p>
          {!!props.waiting && (
            <p class="private-waiting">{tCount(props.waiting, 'optionsPrivateWaiting')}</p>
          )}
          <button
            type="button"
            class="small secondary"
            disabled={props.busy}
            onClick={() => setAsking(true)}
          >
            {t('optionsPrivateConfirmButton')}
          </button>
        </>
      )}
      {asking && (
        <Dialog
          title={t('optionsPrivateDialogTitle', [props.serverName])}
          onClose={() => setAsking(false)}
        >
          <form
            method="dialog"
            class="dialog-body"
            onSubmit={(event) => {
              event.preventDefault();
              setAsking(false);
              props.onChange(true);
            }}
          >
            <p>{t('optionsPrivateExplain1')}</p>
            <p>{t('optionsPrivateExplain2')}</p>
            <p>{t('optionsPrivateExplain3')}</p>
            <div class="dialog-actions">
              <button type="button" class="secondary" onClick={() => setAsking(false)}>
                {t('optionsCancel')}
              </button>
              <button type="submit">{t('optionsPrivateDialogConfirm')}</button>
            </div>
          </form>
        </Dialog>
      )}
    </section>
  );
}
