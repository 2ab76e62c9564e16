import { t } from '../i18n';
import type { ServerKind } from '../storage/sync-types';
import { normalizeArchiveBoxBase } from './archivebox-client';
import { normalizePermaBase } from './perma-client';

/** True for hosts that never leave the machine (plain HTTP is fine there). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

/** A checked server base URL, or the reason it cannot be used. */
export type BaseUrlCheck =
  | { ok: true; baseUrl: string; insecure: boolean }
  | { ok: false; code: 'invalid-url' | 'insecure-http'; message: string };

/**
 * Validates and normalises a base URL typed by the user: http(s) only, no credentials or
 * query in it, and plain HTTP only for loopback hosts unless the user accepted the warning.
 */
export function checkBaseUrl(
  kind: ServerKind,
  input: string,
  allowInsecureHttp = false,
): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, code: 'invalid-url', message: t('syncUrlInvalid') };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, code: 'invalid-url', message: t('syncUrlInvalid') };
  }
  if (url.username || url.password || url.search || url.hash) {
    // A key pasted into the URL would end up in logs and histories: refuse it.
    return { ok: false, code: 'invalid-url', message: t('syncUrlNoExtras') };
  }
  const insecure = url.protocol === 'http:' && !isLoopbackHost(url.hostname);
  if (insecure && !allowInsecureHttp) {
    return { ok: false, code: 'insecure-http', message: t('syncUrlInsecure') };
  }
  const raw = `${url.origin}${url.pathname}`;
  const baseUrl = kind === 'perma' ? normalizePermaBase(raw) : normalizeArchiveBoxBase(raw);
  return { ok: true, baseUrl, insecure };
}
