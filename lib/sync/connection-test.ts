import { t } from '../i18n';
import type { ConnectionProblem, ConnectionTestResult, ServerKind } from '../storage/sync-types';
import { capabilitiesFromOpenApi, createArchiveBoxClient } from './archivebox-client';
import type { RequestTrace } from './http';
import { createPermaClient } from './perma-client';
import { checkBaseUrl } from './server-url';
import { SyncError } from './sync-error';

/** What to test: a saved server or a draft from the options form. */
export interface ConnectionTarget {
  kind: ServerKind;
  baseUrl: string;
  /** The key or token; undefined when none was given. */
  secret?: string;
  allowInsecureHttp?: boolean;
  /** Perma: the chosen remote parent folder (checked for forced privacy). */
  remoteParentId?: string;
}

export interface ConnectionTestDeps {
  hasPermission(baseUrl: string): Promise<boolean>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  onTrace?: (trace: RequestTrace) => void;
  now?: () => number;
}

/** Tokens expiring sooner than this get a warning. */
const EXPIRY_WARNING_MS = 7 * 24 * 3600_000;

function emptyResult(hostPermission: boolean): ConnectionTestResult {
  return { ok: false, reachable: false, isApi: false, authOk: false, hostPermission, problems: [] };
}

/** Maps a failed request to what it says about the server. */
function noteFailure(result: ConnectionTestResult, error: unknown, kind: ServerKind): void {
  const add = (p: ConnectionProblem) => result.problems.push(p);
  if (!(error instanceof SyncError)) {
    add({ code: 'server-error', message: String(error) });
    return;
  }
  if (error.kind === 'transient' && error.details.status === undefined) {
    add({ code: error.code === 'timeout' ? 'timeout' : 'unreachable', message: error.message });
    return;
  }
  result.reachable = true;
  if (error.code === 'redirected') {
    add({
      code: 'wrong-host-routing',
      message: kind === 'archivebox' ? t('syncTestWrongHost') : error.message,
    });
  } else if (error.code === 'control-plane-disabled') {
    result.isApi = true;
    add({ code: 'control-plane-disabled', message: error.message });
  } else if (error.code === 'html-instead-of-json') {
    add({ code: 'html-instead-of-json', message: error.message });
  } else if (error.code === 'not-api' || error.code === 'api-disabled') {
    add({ code: 'not-api', message: error.message });
  } else if (error.code === 'not-superuser') {
    result.isApi = true;
    result.authOk = true;
    result.superuser = false;
    add({ code: 'not-superuser', message: error.message });
  } else if (error.kind === 'credentials') {
    result.isApi = true;
    add({ code: 'bad-credentials', message: error.message });
  } else {
    result.isApi = error.details.status !== undefined && error.details.status < 500;
    add({ code: 'server-error', message: error.message });
  }
}

async function testPerma(
  target: ConnectionTarget,
  baseUrl: string,
  deps: ConnectionTestDeps,
  result: ConnectionTestResult,
): Promise<void> {
  const client = createPermaClient({
    baseUrl,
    apiKey: target.secret ?? '',
    fetch: deps.fetch,
    timeoutMs: deps.timeoutMs,
    onTrace: deps.onTrace,
  });
  result.capabilities = { flavor: 'perma', fileUpload: true };
  try {
    const user = await client.getUser();
    result.reachable = result.isApi = result.authOk = true;
    result.user = user.full_name || [user.first_name, user.last_name].filter(Boolean).join(' ');
  } catch (error) {
    noteFailure(result, error, 'perma');
    return;
  }
  if (target.remoteParentId) {
    try {
      const folder = await client.getFolder(Number(target.remoteParentId));
      if (folder.organization !== null) {
        const org = await client.getOrganization(folder.organization);
        result.orgForcesPrivate = org.default_to_private;
      }
    } catch (error) {
      noteFailure(result, error, 'perma');
    }
  }
}

async function testArchiveBox(
  target: ConnectionTarget,
  baseUrl: string,
  deps: ConnectionTestDeps,
  result: ConnectionTestResult,
): Promise<void> {
  const client = createArchiveBoxClient({
    baseUrl,
    token: target.secret ?? '',
    fetch: deps.fetch,
    timeoutMs: deps.timeoutMs,
    onTrace: deps.onTrace,
  });
  try {
    const api = await client.openApi();
    result.reachable = result.isApi = true;
    result.capabilities = capabilitiesFromOpenApi(api.paths);
    result.serverVersion = api.version ?? result.capabilities.flavor.replace('archivebox-', '');
  } catch (error) {
    noteFailure(result, error, 'archivebox');
    return;
  }
  if (!target.secret) return;
  try {
    if (!(await client.checkToken())) {
      result.problems.push({ code: 'bad-credentials', message: t('syncErrorArchiveBoxToken') });
      return;
    }
    // check_api_token ignores superuser status: a real call proves the API is usable (B8).
    await client.findSnapshots(undefined, 1);
    result.authOk = true;
    result.superuser = true;
    result.user = client.auth.username;
    result.tokenExpiresAt = client.auth.expires;
    const expires = client.auth.expires ? Date.parse(client.auth.expires) : NaN;
    if (!Number.isNaN(expires) && expires - (deps.now ?? Date.now)() < EXPIRY_WARNING_MS) {
      result.problems.push({
        code: 'token-expires-soon',
        message: t('syncTestTokenExpires', [new Date(expires).toISOString().slice(0, 10)]),
      });
    }
  } catch (error) {
    noteFailure(result, error, 'archivebox');
  }
}

/**
 * "Test connection": reports exactly what works (reachable, API, credentials, superuser,
 * user, version or capabilities, token expiry) and what does not. Never throws for a
 * server-side problem.
 */
export async function testConnection(
  target: ConnectionTarget,
  deps: ConnectionTestDeps,
): Promise<ConnectionTestResult> {
  const checked = checkBaseUrl(target.kind, target.baseUrl, target.allowInsecureHttp);
  if (!checked.ok) {
    const result = emptyResult(false);
    result.problems.push({ code: checked.code, message: checked.message });
    return result;
  }
  const result = emptyResult(await deps.hasPermission(checked.baseUrl));
  if (!result.hostPermission) {
    result.problems.push({ code: 'no-host-permission', message: t('syncTestNoPermission') });
  }
  if (!target.secret) {
    result.problems.push({ code: 'no-credentials', message: t('syncTestNoCredentials') });
  }
  if (target.kind === 'perma') await testPerma(target, checked.baseUrl, deps, result);
  else await testArchiveBox(target, checked.baseUrl, deps, result);
  result.ok =
    result.reachable &&
    result.isApi &&
    result.authOk &&
    result.superuser !== false &&
    result.problems.every((p) => p.code === 'token-expires-soon');
  return result;
}
