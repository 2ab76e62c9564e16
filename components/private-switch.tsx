import { t } from '../lib/i18n';

/**
 * The "Private" switch (role switch; its accessible name is exactly "Private", which tests
 * and assistive technology rely on). A private archive is never synced or shared.
 */
export function PrivateSwitch(props: {
  checked: boolean;
  disabled?: boolean;
  onChange(checked: boolean): void;
}) {
  return (
    <label class="switch" title={t('privateHint')}>
      <input
        type="checkbox"
        role="switch"
        checked={props.checked}
        aria-checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange((e.target as HTMLInputElement).checked)}
      />
      <span class="switch-track" aria-hidden="true" />
      {t('privateLabel')}
    </label>
  );
}
