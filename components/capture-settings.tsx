import { useEffect, useState } from 'preact/hooks';
import type { CaptureSettings } from '../lib/storage/items';
import { t } from '../lib/i18n';

const MB = 1024 * 1024;

/** A number setting: its field, unit, bounds and how it maps onto the stored value. */
interface NumberField {
  key: 'maxDurationSec' | 'maxBodySize' | 'duplicateWindowMin' | 'recordIdleMin';
  label: string;
  help: string;
  min: number;
  max: number;
  /** Stored value → shown value, and back. */
  show(s: CaptureSettings): number;
  store(n: number): Partial<CaptureSettings>;
}

function numberFields(): NumberField[] {
  return [
    {
      key: 'maxDurationSec',
      label: t('settingsMaxDurationLabel'),
      help: t('settingsMaxDurationHelp'),
      min: 5,
      max: 1800,
      show: (s) => s.maxDurationSec,
      store: (n) => ({ maxDurationSec: n }),
    },
    {
      key: 'maxBodySize',
      label: t('settingsSizeCapLabel'),
      help: t('settingsSizeCapHelp'),
      min: 1,
      max: 4096,
      show: (s) => Math.round(s.maxBodySize / MB),
      store: (n) => ({ maxBodySize: n * MB }),
    },
    {
      key: 'duplicateWindowMin',
      label: t('settingsDuplicateWindowLabel'),
      help: t('settingsDuplicateWindowHelp'),
      min: 0,
      max: 1440,
      show: (s) => s.duplicateWindowMin,
      store: (n) => ({ duplicateWindowMin: n }),
    },
    {
      key: 'recordIdleMin',
      label: t('settingsRecordIdleLabel'),
      help: t('settingsRecordIdleHelp'),
      min: 1,
      max: 1440,
      show: (s) => s.recordIdleMin,
      store: (n) => ({ recordIdleMin: n }),
    },
  ];
}

/**
 * The capture settings of the options page: maximum duration, auto-scroll, screenshot, the
 * size cap of one file, the duplicate window, and when an idle "Record this tab" stops. Each change is saved on its own as soon as
 * it is valid; an out-of-range number is explained beside its field and not saved.
 */
export function CaptureSettingsForm(props: {
  settings: CaptureSettings;
  onSave(patch: Partial<CaptureSettings>): Promise<void>;
}) {
  const fields = numberFields();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();

  // Stored values that change elsewhere show here unless the user is editing that field.
  useEffect(() => setDrafts({}), [props.settings]);

  const save = async (patch: Partial<CaptureSettings>) => {
    try {
      await props.onSave(patch);
      setStatus({ text: t('settingsSaved') });
    } catch (e) {
      setStatus({
        text: t('settingsSaveFailed', [String((e as Error)?.message ?? e)]),
        error: true,
      });
    }
  };

  const commit = (field: NumberField, text: string) => {
    const value = Number(text.trim());
    if (text.trim() === '' || !Number.isInteger(value) || value < field.min || value > field.max) {
      setErrors((all) => ({
        ...all,
        [field.key]: t('settingsRangeError', [String(field.min), String(field.max)]),
      }));
      return;
    }
    setErrors(({ [field.key]: _dropped, ...rest }) => rest);
    if (value !== field.show(props.settings)) void save(field.store(value));
  };

  return (
    <form class="capture-settings" onSubmit={(e) => e.preventDefault()}>
      {fields.map((field) => {
        const id = `setting-${field.key}`;
        const error = errors[field.key];
        return (
          <div class="field" key={field.key}>
            <label for={id}>{field.label}</label>
            <input
              id={id}
              type="number"
              inputMode="numeric"
              min={field.min}
              max={field.max}
              step={1}
              value={drafts[field.key] ?? String(field.show(props.settings))}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
              onInput={(e) => {
                const text = e.currentTarget.value;
                setDrafts((all) => ({ ...all, [field.key]: text }));
              }}
              onChange={(e) => commit(field, e.currentTarget.value)}
            />
            <p class="help" id={`${id}-help`}>
              {field.help}
            </p>
            {error && (
              <p class="field-error" id={`${id}-error`} role="alert">
                {error}
              </p>
            )}
          </div>
        );
      })}
      <label class="check-label">
        <input
          type="checkbox"
          checked={props.settings.autoScroll}
          onChange={(e) => void save({ autoScroll: e.currentTarget.checked })}
        />
        {t('settingsAutoScrollLabel')}
      </label>
      <label class="check-label">
        <input
          type="checkbox"
          checked={props.settings.screenshot}
          onChange={(e) => void save({ screenshot: e.currentTarget.checked })}
        />
        {t('settingsScreenshotLabel')}
      </label>
      <div class="field">
        <label for="setting-openedTabs">{t('settingsOpenedTabsLabel')}</label>
        <select
          id="setting-openedTabs"
          value={props.settings.openedTabs}
          onChange={(e) =>
            void save({ openedTabs: e.currentTarget.value as CaptureSettings['openedTabs'] })
          }
        >
          <option value="ask">{t('settingsOpenedTabsAsk')}</option>
          <option value="record">{t('settingsOpenedTabsRecord')}</option>
          <option value="leave">{t('settingsOpenedTabsLeave')}</option>
        </select>
      </div>
      <p aria-live="polite" class={status?.error ? 'field-error' : 'muted'}>
        {status?.text ?? ''}
      </p>
    </form>
  );
}
