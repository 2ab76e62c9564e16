import type {
  ConnectionProblem,
  ConnectionTestResult,
  ServerCapabilities,
  ServerKind,
} from '../lib/storage/sync-types';
import { t, type MessageKey } from '../lib/i18n';
import { formatDate } from './format';

type StepState = 'ok' | 'failed' | 'skipped';

/** Problems that are warnings: sync works, but the user should know. */
const WARNINGS = new Set<ConnectionProblem['code']>(['token-expires-soon']);

const FLAVORS: Record<ServerCapabilities['flavor'], MessageKey> = {
  perma: 'optionsFlavorPerma',
  'archivebox-0.8': 'optionsFlavorArchiveBox08',
  'archivebox-0.9': 'optionsFlavorArchiveBox09',
  'archivebox-0.9-uploads': 'optionsFlavorArchiveBox09Uploads',
};

/** The checks in the order the test runs them; a check after a failed one was not run. */
function steps(kind: ServerKind, result: ConnectionTestResult): Array<[MessageKey, StepState]> {
  const list: Array<[MessageKey, boolean]> = [
    ['optionsCheckPermission', result.hostPermission],
    ['optionsCheckReachable', result.reachable],
    [kind === 'perma' ? 'optionsCheckApiPerma' : 'optionsCheckApiArchiveBox', result.isApi],
    ['optionsCheckCredentials', result.authOk],
  ];
  if (kind === 'archivebox') list.push(['optionsCheckSuperuser', result.superuser === true]);
  let failed = false;
  return list.map(([label, ok]) => {
    const state: StepState = ok ? 'ok' : failed ? 'skipped' : 'failed';
    if (!ok) failed = true;
    return [label, state];
  });
}

const STEP_TEXT: Record<StepState, MessageKey> = {
  ok: 'optionsCheckOk',
  failed: 'optionsCheckFailed',
  skipped: 'optionsCheckSkipped',
};

/** Capabilities worth telling the user, as sentences. */
function capabilityLines(capabilities: ServerCapabilities | undefined): string[] {
  if (!capabilities) return [];
  const lines = [t(FLAVORS[capabilities.flavor])];
  if (capabilities.archiveResultUpload) lines.push(t('optionsCapWarcUpload'));
  if (capabilities.fileUpload) lines.push(t('optionsCapFileUpload'));
  if (capabilities.coreWrites) lines.push(t('optionsCapCoreWrites'));
  if (capabilities.queuedAdd === false) lines.push(t('optionsCapSlowAdd'));
  return lines;
}

/**
 * The result of "Test connection": each check with a pass/fail mark, exactly what went wrong
 * (the background's sentences), and what works (user, server version or capabilities, token
 * expiry).
 */
export function ServerTestResult(props: { kind: ServerKind; result: ConnectionTestResult }) {
  const { result } = props;
  const errors = result.problems.filter((p) => !WARNINGS.has(p.code));
  const warnings = result.problems.filter((p) => WARNINGS.has(p.code));
  // What the server can do is only known once the whole test passed; after a failure the
  // list would describe a server Cairn cannot use.
  const caps = result.ok ? capabilityLines(result.capabilities) : [];
  return (
    <section
      class={`notice test-result ${result.ok ? 'ok' : 'error'}`}
      aria-label={t('optionsTestResultLabel')}
      data-testid="test-result"
    >
      <h3>{result.ok ? t('optionsTestPassed') : t('optionsTestFailedHeading')}</h3>
      <ul class="checks">
        {steps(props.kind, result).map(([label, state]) => (
          <li key={label} class={`check check-${state}`}>
            <span class="check-mark" aria-hidden="true">
              {state === 'ok' ? '✓' : state === 'failed' ? '✗' : '–'}
            </span>
            <span>
              {t(label)}: <strong>{t(STEP_TEXT[state])}</strong>
            </span>
          </li>
        ))}
      </ul>
      {errors.length > 0 && (
        <ul class="problems" role="alert">
          {errors.map((p) => (
            <li key={p.code} data-code={p.code}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
      {warnings.map((p) => (
        <p key={p.code} class="warning" data-code={p.code}>
          {p.message}
        </p>
      ))}
      <dl class="works">
        {result.user && (
          <>
            <dt>{t('optionsTestUser')}</dt>
            <dd data-testid="test-user">{result.user}</dd>
          </>
        )}
        {result.serverVersion && (
          <>
            <dt>{t('optionsTestVersion')}</dt>
            <dd>{result.serverVersion}</dd>
          </>
        )}
        {caps.length > 0 && (
          <>
            <dt>{t('optionsTestCapabilities')}</dt>
            <dd>
              <ul class="plain">
                {caps.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {result.tokenExpiresAt !== undefined && (
          <>
            <dt>{t('optionsTestTokenExpiry')}</dt>
            <dd>
              {result.tokenExpiresAt === null
                ? t('optionsTokenNeverExpires')
                : formatExpiry(result.tokenExpiresAt)}
            </dd>
          </>
        )}
      </dl>
      {result.orgForcesPrivate && <p class="warning">{t('optionsOrgForcesPrivate')}</p>}
    </section>
  );
}

/** A token expiry as a local date, or the raw text if the server sent something unexpected. */
export function formatExpiry(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatDate(ms);
}
