import { useEffect } from 'preact/hooks';
import { t } from '../lib/i18n';

/**
 * "Deleted … Undo" for a few seconds. It announces itself politely, and disappears at
 * `until` (the moment the background purges for good).
 */
export function UndoToast(props: {
  message: string;
  until: number;
  onUndo(): void;
  onExpire(): void;
}) {
  useEffect(() => {
    const timer = setTimeout(props.onExpire, Math.max(0, props.until - Date.now()));
    return () => clearTimeout(timer);
  }, [props.until]);
  return (
    <div class="toast" role="status">
      <span>{props.message}</span>
      <button type="button" class="small" onClick={props.onUndo}>
        {t('libraryUndo')}
      </button>
    </div>
  );
}
