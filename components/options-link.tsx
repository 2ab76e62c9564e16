import { browser } from 'wxt/browser';
import { t } from '../lib/i18n';

/**
 * Opens Cairn's settings (sync servers, folder choices). openOptionsPage focuses the
 * settings tab when one is already open instead of opening a second.
 */
export function OptionsLink(props: { class?: string; label?: string }) {
  return (
    <button
      type="button"
      class={props.class ?? 'small secondary'}
      onClick={() => void browser.runtime.openOptionsPage()}
    >
      {props.label ?? t('optionsOpenSettings')}
    </button>
  );
}
