import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type {
  ConnectionTestResult,
  RemoteFolderChoice,
  ServerCredentialsInput,
  ServerKind,
  ServerSummary,
} from '../lib/storage/sync-types';
import { t } from '../lib/i18n';
import { checkBaseUrl } from './server-url';
import { ServerTestResult } from './server-test-result';

/** What the form hands to the page on Save or Test (the saveServer message's data). */
export interface ServerRequest {
  id?: string;
  kind: ServerKind;
  name: string;
  baseUrl: string;
  credentials?: ServerCredentialsInput;
  remoteParentId?: string;
  allowInsecureHttp: boolean;
  enabled: boolean;
}

type CredentialMode = 'apiKey' | 'token' | 'password';

/** Remote folders of a saved Perma server: loading, loaded, or why they could not be read. */
export type RemoteFolders =
  | { state: 'loading' }
  | { state: 'loaded'; folders: RemoteFolderChoice[] }
  | { state: 'error'; message: string };

interface FieldErrors {
  baseUrl?: string;
  credentials?: string;
  insecure?: string;
}

/**
 * Adds or edits one server: kind, label, base URL and credentials, plus (editing a Perma
 * server) the remote folder under which Cairn creates folders. Validates before handing a
 * request to the page, which asks Chrome for access to the server and talks to the
 * background. Typed values survive every error.
 */
export function ServerForm(props: {
  /** The server being edited; absent when adding. */
  server?: ServerSummary;
  remoteFolders?: RemoteFolders;
  /** Which button's work is under way. */
  busy?: 'save' | 'test';
  /** Why the last Save or Test failed (permission refused, background error). */
  error?: string;
  testResult?: ConnectionTestResult;
  onSave(request: ServerRequest): void;
  onTest(request: ServerRequest): void;
  onCancel(): void;
}) {
  const editing = props.server;
  const id = useId();
  const [kind, setKind] = useState<ServerKind>(editing?.kind ?? 'perma');
  const [name, setName] = useState(editing?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(editing?.baseUrl ?? '');
  const [mode, setMode] = useState<CredentialMode>(
    editing?.kind === 'archivebox' ? 'token' : 'apiKey',
  );
  const [apiKey, setApiKey] = useState('');
  const [token, setToken] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [insecureOk, setInsecureOk] = useState(editing?.allowInsecureHttp ?? false);
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [remoteParentId, setRemoteParentId] = useState(editing?.remoteParentId ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  // Keyboard users land in the form they just opened, on the chosen kind (in the render's
  // task, so keys typed at once are not lost to the page).
  useLayoutEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
  }, []);

  const urlCheck = checkBaseUrl(baseUrl);
  const insecure = urlCheck.ok && urlCheck.insecure;
  const credentialMode: CredentialMode = kind === 'perma' ? 'apiKey' : mode;
  const keepsStored = Boolean(editing?.hasCredentials) && editing?.kind === kind;

  /** The request, or undefined after showing what is wrong. */
  const build = (): ServerRequest | undefined => {
    const next: FieldErrors = {};
    if (!urlCheck.ok) next.baseUrl = urlCheck.message;
    else if (urlCheck.insecure && !insecureOk) next.insecure = t('optionsInsecureNotAccepted');
    let credentials: ServerCredentialsInput | undefined;
    if (credentialMode === 'apiKey' && apiKey.trim()) {
      credentials = { type: 'apiKey', apiKey: apiKey.trim() };
    } else if (credentialMode === 'token' && token.trim()) {
      credentials = { type: 'token', token: token.trim() };
    } else if (credentialMode === 'password' && (username.trim() || password)) {
      if (!username.trim() || !password) next.credentials = t('optionsNeedUserAndPassword');
      else credentials = { type: 'password', username: username.trim(), password };
    }
    if (!credentials && !next.credentials && !keepsStored) {
      next.credentials =
        credentialMode === 'apiKey'
          ? t('optionsNeedApiKey')
          : credentialMode === 'token'
            ? t('optionsNeedToken')
            : t('optionsNeedUserAndPassword');
    }
    if (credentials?.type === 'apiKey' && /\s/.test(credentials.apiKey)) {
      next.credentials = t('optionsKeyHasSpaces');
    }
    if (credentials?.type === 'token' && /\s/.test(credentials.token)) {
      next.credentials = t('optionsKeyHasSpaces');
    }
    setErrors(next);
    if (Object.keys(next).length > 0 || !urlCheck.ok) return undefined;
    const host = new URL(urlCheck.url).host;
    return {
      id: editing?.id,
      kind,
      name: name.trim() || host,
      baseUrl: urlCheck.url,
      credentials,
      remoteParentId: kind === 'perma' && remoteParentId ? remoteParentId : undefined,
      allowInsecureHttp: urlCheck.insecure && insecureOk,
      enabled,
    };
  };

  const busy = props.busy !== undefined;
  const heading = editing
    ? t('optionsEditServerHeading', [editing.name])
    : t('optionsAddServerHeading');
  return (
    <form
      ref={formRef}
      class="server-form"
      aria-labelledby={`${id}-heading`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const request = build();
        if (request) props.onSave(request);
      }}
    >
      <h3 id={`${id}-heading`}>{heading}</h3>
      <fieldset class="kind-choice">
        <legend>{t('optionsKindLegend')}</legend>
        <label>
          <input
            type="radio"
            name={`${id}-kind`}
            value="perma"
            checked={kind === 'perma'}
            onChange={() => setKind('perma')}
          />
          {t('optionsKindPerma')}
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-kind`}
            value="archivebox"
            checked={kind === 'archivebox'}
            onChange={() => {
              setKind('archivebox');
              if (mode === 'apiKey') setMode('token');
            }}
          />
          {t('optionsKindArchiveBox')}
        </label>
      </fieldset>

      <div class="field">
        <label for={`${id}-url`}>{t('optionsBaseUrlLabel')}</label>
        <input
          id={`${id}-url`}
          type="text"
          inputMode="url"
          autoComplete="url"
          spellcheck={false}
          value={baseUrl}
          placeholder={kind === 'perma' ? 'https://api.perma.cc' : 'https://archivebox.example.org'}
          aria-invalid={errors.baseUrl ? true : undefined}
          aria-describedby={`${id}-url-help${errors.baseUrl ? ` ${id}-url-error` : ''}`}
          onInput={(e) => setBaseUrl(e.currentTarget.value)}
        />
        <p id={`${id}-url-help`} class="help">
          {kind === 'perma' ? t('optionsBaseUrlHelpPerma') : t('optionsBaseUrlHelpArchiveBox')}
        </p>
        {errors.baseUrl && (
          <p id={`${id}-url-error`} class="field-error">
            {errors.baseUrl}
          </p>
        )}
      </div>

      {insecure && (
        <div class="notice warning-box" role="group" aria-labelledby={`${id}-insecure-title`}>
          <p id={`${id}-insecure-title`}>
            <strong>{t('optionsInsecureTitle')}</strong>
          </p>
          <p>{t('optionsInsecureExplain')}</p>
          <label class="check-label">
            <input
              type="checkbox"
              checked={insecureOk}
              onChange={(e) => setInsecureOk(e.currentTarget.checked)}
            />
            {t('optionsInsecureAccept')}
          </label>
          {errors.insecure && <p class="field-error">{errors.insecure}</p>}
        </div>
      )}

      <div class="field">
        <label for={`${id}-name`}>{t('optionsNameLabel')}</label>
        <input
          id={`${id}-name`}
          type="text"
          value={name}
          placeholder={urlCheck.ok ? new URL(urlCheck.url).host : ''}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </div>

      <fieldset class="credentials">
        <legend>{t('optionsCredentialsLegend')}</legend>
        {kind === 'archivebox' && (
          <div class="mode-choice">
            <label>
              <input
                type="radio"
                name={`${id}-mode`}
                checked={mode !== 'password'}
                onChange={() => setMode('token')}
              />
              {t('optionsModeToken')}
            </label>
            <label>
              <input
                type="radio"
                name={`${id}-mode`}
                checked={mode === 'password'}
                onChange={() => setMode('password')}
              />
              {t('optionsModePassword')}
            </label>
          </div>
        )}
        {credentialMode === 'apiKey' && (
          <div class="field">
            <label for={`${id}-key`}>{t('optionsApiKeyLabel')}</label>
            <input
              id={`${id}-key`}
              type="password"
              autoComplete="off"
              spellcheck={false}
              value={apiKey}
              placeholder={keepsStored ? t('optionsKeepStoredPlaceholder') : ''}
              onInput={(e) => setApiKey(e.currentTarget.value)}
            />
            <p class="help">{t('optionsApiKeyHelp')}</p>
          </div>
        )}
        {credentialMode === 'token' && (
          <div class="field">
            <label for={`${id}-token`}>{t('optionsTokenLabel')}</label>
            <input
              id={`${id}-token`}
              type="password"
              autoComplete="off"
              spellcheck={false}
              value={token}
              placeholder={keepsStored ? t('optionsKeepStoredPlaceholder') : ''}
              onInput={(e) => setToken(e.currentTarget.value)}
            />
            <p class="help">{t('optionsTokenHelp')}</p>
          </div>
        )}
        {credentialMode === 'password' && (
          <>
            <div class="field">
              <label for={`${id}-user`}>{t('optionsUsernameLabel')}</label>
              <input
                id={`${id}-user`}
                type="text"
                autoComplete="username"
                value={username}
                onInput={(e) => setUsername(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for={`${id}-password`}>{t('optionsPasswordLabel')}</label>
              <input
                id={`${id}-password`}
                type="password"
                autoComplete="current-password"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </div>
            <p class="help">{t('optionsPasswordNotKept')}</p>
          </>
        )}
        {keepsStored && <p class="help">{t('optionsKeepStoredHelp')}</p>}
        <p class="help">{t('optionsSecretsStayLocal')}</p>
        {errors.credentials && <p class="field-error">{errors.credentials}</p>}
      </fieldset>

      {editing && kind === 'perma' && props.remoteFolders && (
        <div class="field">
          <label for={`${id}-remote`}>{t('optionsRemoteFolderLabel')}</label>
          {props.remoteFolders.state === 'loaded' ? (
            <select
              id={`${id}-remote`}
              value={remoteParentId}
              onChange={(e) => setRemoteParentId(e.currentTarget.value)}
            >
              <option value="">{t('optionsRemoteFolderDefault')}</option>
              {props.remoteFolders.folders.map((f) => (
                <option key={f.id} value={f.id} disabled={f.readOnly}>
                  {f.path.join(' / ')}
                  {f.forcesPrivate ? ` ${t('optionsRemoteFolderForcesPrivate')}` : ''}
                  {f.readOnly ? ` ${t('optionsRemoteFolderReadOnly')}` : ''}
                </option>
              ))}
            </select>
          ) : props.remoteFolders.state === 'loading' ? (
            <p class="muted">{t('optionsRemoteFoldersLoading')}</p>
          ) : (
            <p class="field-error">{props.remoteFolders.message}</p>
          )}
          <p class="help">{t('optionsRemoteFolderHelp')}</p>
        </div>
      )}

      {editing && (
        <label class="check-label">
          <input
            type="checkbox"
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />
          {t('optionsEnabledLabel')}
        </label>
      )}

      {props.error && (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      )}
      {props.testResult && <ServerTestResult kind={kind} result={props.testResult} />}

      <div class="actions">
        <button type="submit" disabled={busy}>
          {props.busy === 'save' ? t('optionsSaving') : t('optionsSave')}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy}
          onClick={() => {
            const request = build();
            if (request) props.onTest(request);
          }}
        >
          {props.busy === 'test' ? t('optionsTesting') : t('optionsTestConnection')}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t('optionsCancel')}
        </button>
      </div>
    </form>
  );
}
