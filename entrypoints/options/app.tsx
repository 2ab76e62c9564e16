import { useEffect, useState } from 'preact/hooks';
import { folderTree, type FolderNode } from '../../lib/db/repos/folders';
import { sendMessage } from '../../lib/messaging/client';
import { releaseServerPermission, requestServerPermission } from '../../lib/platform/permissions';
import type { ServerSummary } from '../../lib/storage/sync-types';
import { useLiveQuery } from '../../lib/ui/use-live-query';
import { errorMessage } from '../../lib/errors';
import { t, tCount } from '../../lib/i18n';
import { indexTree } from '../../lib/ui/folder-tree';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { PermaPull } from '../../components/perma-pull';
import { ServerCard, type ServerActivity } from '../../components/server-card';
import { ServerForm, type RemoteFolders, type ServerRequest } from '../../components/server-form';
import type { ConnectionTestResult } from '../../lib/storage/sync-types';
import { SyncFolders } from '../../components/sync-folders';
import { CaptureSettingsForm } from '../../components/capture-settings';
import {
  DEFAULT_CAPTURE_SETTINGS,
  captureSettingsItem,
  readCaptureSettings,
  saveCaptureSettings,
  type CaptureSettings,
} from '../../lib/storage/items';
import { useCounts, useFailures, useServers } from './use-sync-data';

/** Origin of a base URL the form has already validated. */
function originOf(baseUrl: string): string {
  return new URL(baseUrl).origin;
}

/**
 * Asks Chrome for access to the server's origin. Called first thing in a click handler:
 * Chrome only shows the prompt during a user gesture. Resolves to an error sentence, or
 * undefined when access is granted.
 */
async function askForAccess(baseUrl: string): Promise<string | undefined> {
  try {
    if (await requestServerPermission(baseUrl)) return undefined;
    return t('optionsPermissionRefused', [originOf(baseUrl)]);
  } catch (e) {
    return t('optionsPermissionError', [originOf(baseUrl), errorMessage(e)]);
  }
}

interface FormState {
  /** 'new', or the id of the server being edited. */
  target: string;
  busy?: 'save' | 'test';
  error?: string;
  test?: ConnectionTestResult;
  remoteFolders?: RemoteFolders;
}

const IDLE: ServerActivity = { retrying: new Set() };

/** The capture settings, kept current when another page changes them. */
function useCaptureSettings(): CaptureSettings | undefined {
  const [settings, setSettings] = useState<CaptureSettings>();
  useEffect(() => {
    void readCaptureSettings().then(setSettings);
    return captureSettingsItem.watch((value) =>
      setSettings({ ...DEFAULT_CAPTURE_SETTINGS, ...value }),
    );
  }, []);
  return settings;
}

/**
 * Cairn's settings page: capture settings, sync servers (add, edit, remove, test, Sync now, failures with
 * Retry, ArchiveBox's private confirmation) and which folders sync where.
 */
export function App() {
  const { servers, rules, loaded, error: loadError, reload } = useServers();
  const serverIds = servers.map((s) => s.id);
  const counts = useCounts(serverIds);
  const failures = useFailures(serverIds);
  const tree = useLiveQuery(() => folderTree(), [], [] as FolderNode[]);
  const [form, setForm] = useState<FormState>();
  const [activity, setActivity] = useState<Record<string, ServerActivity>>({});
  const [removing, setRemoving] = useState<ServerSummary>();
  const [folderPending, setFolderPending] = useState<{
    folderId: string;
    serverIds: string[] | undefined;
  }>();
  const [folderMessage, setFolderMessage] = useState<{ text: string; error?: boolean }>();
  /** A folder choice that would send existing archives, waiting for the user's yes. */
  const [folderAsk, setFolderAsk] = useState<{
    folderId: string;
    serverIds: string[] | undefined;
    archives: number;
  }>();
  const captureSettings = useCaptureSettings();

  useEffect(() => {
    document.title = t('optionsPageTitle');
  }, []);

  const patchActivity = (id: string, patch: Partial<ServerActivity>) =>
    setActivity((all) => ({ ...all, [id]: { ...(all[id] ?? IDLE), ...patch } }));

  const editServer = (server: ServerSummary) => {
    const needsFolders = server.kind === 'perma' && server.hasCredentials;
    setForm({ target: server.id, remoteFolders: needsFolders ? { state: 'loading' } : undefined });
    if (!needsFolders) return;
    sendMessage('listRemoteFolders', { serverId: server.id }).then(
      ({ folders }) =>
        setForm((f) =>
          f?.target === server.id ? { ...f, remoteFolders: { state: 'loaded', folders } } : f,
        ),
      (e) =>
        setForm((f) =>
          f?.target === server.id
            ? { ...f, remoteFolders: { state: 'error', message: errorMessage(e) } }
            : f,
        ),
    );
  };

  const save = async (request: ServerRequest) => {
    const denied = await askForAccess(request.baseUrl);
    if (denied) return setForm((f) => f && { ...f, error: denied, busy: undefined });
    setForm((f) => f && { ...f, busy: 'save', error: undefined, test: undefined });
    try {
      const { server, test } = await sendMessage('saveServer', request);
      await reload();
      if (test.ok) {
        setForm(undefined);
        patchActivity(server.id, { test, error: undefined, message: t('optionsSaved') });
      } else {
        // Saved, but something is wrong: keep the form open on the saved server with the
        // findings, so the user can correct it right there.
        setForm({ target: server.id, test, error: t('optionsSavedWithProblems') });
      }
    } catch (e) {
      setForm((f) => f && { ...f, busy: undefined, error: errorMessage(e) });
    }
  };

  const testDraft = async (request: ServerRequest) => {
    const denied = await askForAccess(request.baseUrl);
    if (denied) return setForm((f) => f && { ...f, error: denied, test: undefined });
    setForm((f) => f && { ...f, busy: 'test', error: undefined, test: undefined });
    try {
      const test = await sendMessage('testConnection', {
        serverId: request.id,
        kind: request.kind,
        baseUrl: request.baseUrl,
        credentials: request.credentials,
        allowInsecureHttp: request.allowInsecureHttp,
      });
      setForm((f) => f && { ...f, busy: undefined, test });
    } catch (e) {
      setForm((f) => f && { ...f, busy: undefined, error: errorMessage(e) });
    }
  };

  const testSaved = async (server: ServerSummary) => {
    const denied = await askForAccess(server.baseUrl);
    if (denied) return patchActivity(server.id, { error: denied, test: undefined });
    patchActivity(server.id, { testing: true, error: undefined, message: undefined });
    try {
      const test = await sendMessage('testConnection', { serverId: server.id });
      patchActivity(server.id, { testing: false, test });
    } catch (e) {
      patchActivity(server.id, { testing: false, error: errorMessage(e) });
    }
  };

  const syncNow = async (server: ServerSummary) => {
    patchActivity(server.id, { syncing: true, error: undefined, message: undefined });
    try {
      const { attempted, remaining, blocked } = await sendMessage('syncNow', {
        serverId: server.id,
      });
      patchActivity(server.id, {
        syncing: false,
        message:
          blocked ??
          (attempted === 0 && remaining === 0
            ? t('optionsSyncNothing')
            : t('optionsSyncDone', [attempted, remaining])),
      });
    } catch (e) {
      patchActivity(server.id, { syncing: false, error: errorMessage(e) });
    }
  };

  const resumeCreates = async (server: ServerSummary) => {
    patchActivity(server.id, { syncing: true, error: undefined, message: undefined });
    try {
      const { attempted, remaining } = await sendMessage('resumeCreates', { serverId: server.id });
      patchActivity(server.id, {
        syncing: false,
        message: t('optionsSyncDone', [attempted, remaining]),
      });
    } catch (e) {
      patchActivity(server.id, { syncing: false, error: errorMessage(e) });
    }
  };

  const retry = async (server: ServerSummary, archiveId?: string) => {
    const key = archiveId ?? '*';
    const current = activity[server.id] ?? IDLE;
    patchActivity(server.id, {
      retrying: new Set(current.retrying).add(key),
      error: undefined,
      message: undefined,
    });
    let outcome: Partial<ServerActivity>;
    try {
      const { requeued } = await sendMessage('retrySync', { serverId: server.id, archiveId });
      outcome = { message: t('optionsRequeued', [requeued]) };
    } catch (e) {
      outcome = { error: errorMessage(e) };
    }
    setActivity((all) => {
      const now = all[server.id] ?? IDLE;
      const retrying = new Set(now.retrying);
      retrying.delete(key);
      return { ...all, [server.id]: { ...now, ...outcome, retrying } };
    });
  };

  const confirmPrivate = async (server: ServerSummary, confirmed: boolean) => {
    patchActivity(server.id, { confirming: true, error: undefined, message: undefined });
    try {
      const { queued } = await sendMessage('confirmPrivateServer', {
        serverId: server.id,
        confirmed,
      });
      await reload();
      patchActivity(server.id, {
        confirming: false,
        message: confirmed ? t('optionsPrivateQueued', [queued]) : t('optionsPrivateWithdrawn'),
      });
    } catch (e) {
      patchActivity(server.id, { confirming: false, error: errorMessage(e) });
    }
  };

  const remove = async (server: ServerSummary) => {
    setRemoving(undefined);
    try {
      await sendMessage('removeServer', { serverId: server.id });
      // Give the origin back unless another server still lives there.
      const origin = originOf(server.baseUrl);
      if (!servers.some((s) => s.id !== server.id && originOf(s.baseUrl) === origin)) {
        await releaseServerPermission(server.baseUrl);
      }
      if (form?.target === server.id) setForm(undefined);
      await reload();
    } catch (e) {
      patchActivity(server.id, { error: errorMessage(e) });
    }
  };

  /** A folder's new choice: asked about first when it would send archives it already holds. */
  const changeFolder = async (folderId: string, serverIds: string[] | undefined) => {
    setFolderPending({ folderId, serverIds });
    setFolderMessage(undefined);
    try {
      const { archives } = await sendMessage('previewFolderSync', {
        folderId,
        serverIds: serverIds ?? [],
        inherit: serverIds === undefined ? true : undefined,
      });
      if (archives > 0) {
        setFolderAsk({ folderId, serverIds, archives });
        return;
      }
    } catch (e) {
      setFolderMessage({ text: errorMessage(e), error: true });
      setFolderPending(undefined);
      return;
    }
    await applyFolder(folderId, serverIds);
  };

  const applyFolder = async (folderId: string, serverIds: string[] | undefined) => {
    setFolderPending({ folderId, serverIds });
    try {
      const { queued } = await sendMessage('setFolderSync', {
        folderId,
        serverIds: serverIds ?? [],
        inherit: serverIds === undefined ? true : undefined,
      });
      await reload();
      setFolderMessage({
        text: queued > 0 ? t('optionsFolderQueued', [queued]) : t('optionsFolderSaved'),
      });
    } catch (e) {
      setFolderMessage({ text: errorMessage(e), error: true });
    } finally {
      setFolderPending(undefined);
    }
  };

  const editing =
    form && form.target !== 'new' ? servers.find((s) => s.id === form.target) : undefined;
  return (
    <main class="options-page" data-ready={loaded ? 'true' : undefined}>
      <header class="app-head">
        <h1>{t('optionsPageTitle')}</h1>
      </header>

      <section class="options-section" aria-labelledby="capture-heading">
        <h2 id="capture-heading">{t('settingsCaptureHeading')}</h2>
        <p class="muted">{t('settingsCaptureIntro')}</p>
        {captureSettings && (
          <CaptureSettingsForm settings={captureSettings} onSave={saveCaptureSettings} />
        )}
      </section>

      <section class="options-section" aria-labelledby="servers-heading">
        <div class="pane-head">
          <h2 id="servers-heading">{t('optionsServersHeading')}</h2>
          {!form && (
            <button type="button" onClick={() => setForm({ target: 'new' })}>
              {t('optionsAddServer')}
            </button>
          )}
        </div>
        <p class="muted">{t('optionsServersIntro')}</p>
        {loadError && (
          <p class="notice error" role="alert">
            {t('optionsLoadFailed', [loadError])}
          </p>
        )}
        {form && (form.target === 'new' || editing) && (
          <ServerForm
            key={form.target}
            server={editing}
            remoteFolders={form.remoteFolders}
            busy={form.busy}
            error={form.error}
            testResult={form.test}
            onSave={(request) => void save(request)}
            onTest={(request) => void testDraft(request)}
            onCancel={() => setForm(undefined)}
          />
        )}
        {loaded && servers.length === 0 && !form && <p class="empty">{t('optionsNoServers')}</p>}
        <ul class="server-list">
          {servers.map((server) => (
            <ServerCard
              key={server.id}
              server={server}
              counts={counts.get(server.id)}
              failures={failures.get(server.id)?.failed ?? []}
              awaitingPrivate={failures.get(server.id)?.awaitingPrivate ?? 0}
              activity={activity[server.id] ?? IDLE}
              onTest={() => void testSaved(server)}
              onSyncNow={() => void syncNow(server)}
              onEdit={() => editServer(server)}
              onRemove={() => setRemoving(server)}
              onRetry={(archiveId) => void retry(server, archiveId)}
              onConfirmPrivate={(confirmed) => void confirmPrivate(server, confirmed)}
              onResumeCreates={() => void resumeCreates(server)}
            >
              {server.kind === 'perma' && (
                <PermaPull serverId={server.id} serverName={server.name} />
              )}
            </ServerCard>
          ))}
        </ul>
      </section>

      <section class="options-section" aria-labelledby="folders-heading">
        <h2 id="folders-heading">{t('optionsFoldersHeading')}</h2>
        <p class="muted">{t('optionsFoldersIntro')}</p>
        <SyncFolders
          tree={tree}
          servers={servers}
          rules={rules}
          pending={folderPending}
          onChange={(folderId, serverIds) => void changeFolder(folderId, serverIds)}
        />
        <div aria-live="polite">
          {folderMessage && (
            <p class={folderMessage.error ? 'field-error' : 'muted'}>{folderMessage.text}</p>
          )}
        </div>
      </section>

      {folderAsk && (
        <ConfirmDialog
          title={t('optionsFolderSendTitle', [
            indexTree(tree).get(folderAsk.folderId)?.folder.name ?? '',
          ])}
          confirmLabel={t('optionsFolderSendConfirm')}
          onConfirm={() => {
            const ask = folderAsk;
            setFolderAsk(undefined);
            void applyFolder(ask.folderId, ask.serverIds);
          }}
          onCancel={() => {
            setFolderAsk(undefined);
            setFolderPending(undefined);
          }}
        >
          <p>{tCount(folderAsk.archives, 'optionsFolderSendExplain')}</p>
        </ConfirmDialog>
      )}
      {removing && (
        <ConfirmDialog
          title={t('optionsRemoveTitle', [removing.name])}
          confirmLabel={t('optionsRemove')}
          onConfirm={() => void remove(removing)}
          onCancel={() => setRemoving(undefined)}
        >
          <p>{t('optionsRemoveExplain')}</p>
        </ConfirmDialog>
      )}
    </main>
  );
}
