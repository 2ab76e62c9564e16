import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../lib/i18n';

/** What starting a recording led to: started (or failed, told elsewhere), or a question. */
export type RecordReply = 'unsaved-input' | undefined;

/**
 * "Record this tab": a button that opens the choice of how to start. "Record from now on"
 * leaves the page as it is; "Reload first" includes the page itself, and when the page holds
 * input the user typed, the background refuses and this asks before reloading anyway.
 */
export function RecordTab(props: {
  onRecord(reloadFirst: boolean, reloadConfirmed: boolean): Promise<RecordReply>;
  busy?: boolean;
}) {
  const [step, setStep] = useState<'closed' | 'choose' | 'unsaved'>('closed');
  const [working, setWorking] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  // The first choice takes focus as the choices appear, so a keyboard user is among them.
  useLayoutEffect(() => {
    if (step !== 'closed') first.current?.focus();
  }, [step]);

  const record = async (reloadFirst: boolean, confirmed: boolean) => {
    setWorking(true);
    try {
      const reply = await props.onRecord(reloadFirst, confirmed);
      setStep(reply === 'unsaved-input' ? 'unsaved' : 'closed');
    } finally {
      setWorking(false);
    }
  };
  const disabled = props.busy || working;
  return (
    <div class="record-tab">
      <button
        type="button"
        class="secondary"
        aria-expanded={step !== 'closed'}
        aria-controls="record-tab-choices"
        disabled={disabled}
        onClick={() => setStep(step === 'closed' ? 'choose' : 'closed')}
      >
        {t('recordTabButton')}
      </button>
      {step !== 'closed' && (
        <div
          id="record-tab-choices"
          class="record-choices"
          role="group"
          aria-label={t('recordTabButton')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setStep('closed');
          }}
        >
          {step === 'choose' ? (
            <p>{t('recordTabIntro')}</p>
          ) : (
            <p role="alert">{t('recordUnsavedQuestion')}</p>
          )}
          <button
            type="button"
            ref={first}
            disabled={disabled}
            onClick={() => void record(false, false)}
          >
            {t('recordFromNow')}
          </button>
          {/* After the unsaved-input question, the reload is the risky choice, said so. */}
          <button
            type="button"
            class={step === 'choose' ? 'secondary' : 'secondary danger'}
            disabled={disabled}
            onClick={() => void record(true, step !== 'choose')}
          >
            {t(step === 'choose' ? 'recordReloadFirst' : 'recordReloadAnyway')}
          </button>
          <button type="button" class="secondary" onClick={() => setStep('closed')}>
            {t('recordCancel')}
          </button>
        </div>
      )}
    </div>
  );
}
