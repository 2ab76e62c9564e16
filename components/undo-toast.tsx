import { useEffect, useRef } from 'preact/hooks';
import { t } from '../lib/i18n';

/**
 * "Deleted … Undo" for a few seconds. It announces itself politely and disappears at `until`
 * (the moment the background purges for good). When the deleted item held the keyboard
 * focus, focus goes to Undo rather than getting lost at the top of the page.
 */
export function UndoToast(props: {
  message: string;
  until: number;
  onUndo(): void;
  onExpire(): void;
}) {
  const undo = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const timer = setTimeout(props.onExpire, Math.max(0, props.until - Date.now()));
    return () => clearTimeout(timer);
  }, [props.until]);
  useEffect(() => {
    // The dialog that asked closes first and hands focus back to a button that is gone.
    const focusIfLost = setTimeout(() => {
      const active = document.activeElement;
      if (!active || active === document.body) undo.current?.focus();
    }, 0);
    return () => clearTimeout(focusIfLost);
  }, []);
  return (
    <div class="toast" role="status">
      <span>{props.message}</span>
      <button ref={undo} type="button" class="small" onClick={props.onUndo}>
        {t('libraryUndo')}
      </button>
    </div>
  );
}
