import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n';
import { Dialog } from './dialog';

/** Asks before something that cannot be taken back (or only for a few seconds). */
export function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  children?: ComponentChildren;
}) {
  return (
    <Dialog title={props.title} onClose={props.onCancel}>
      <form
        method="dialog"
        class="dialog-body"
        onSubmit={(event) => {
          event.preventDefault();
          props.onConfirm();
        }}
      >
        {props.children}
        <div class="dialog-actions">
          <button type="button" class="secondary" onClick={props.onCancel}>
            {t('libraryCancel')}
          </button>
          <button type="submit" class="danger" autoFocus>
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
