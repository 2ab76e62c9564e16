import { t } from '../lib/i18n';

/** What the options page makes of a typed server address. */
export type BaseUrlCheck =
  | {
      ok: true;
      /** The address without a trailing slash, query or fragment. */
      url: string;
      origin: string;
      /** Plain HTTP to a host that is not this machine: allowed only after a warning. */
      insecure: boolean;
    }
  | { ok: false; message: string };

/**
 * True for names and addresses that never leave this machine: localhost (and *.localhost,
 * which Chrome resolves to loopback), 127.0.0.0/8 and ::1.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Checks a server address as typed. Only http(s) with a host is accepted; user names,
 * passwords and query strings are refused because secrets must never travel in URLs.
 */
export function checkBaseUrl(input: string): BaseUrlCheck {
  const text = input.trim();
  if (!text) return { ok: false, message: t('optionsUrlRequired') };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return { ok: false, message: t('optionsUrlNoScheme') };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: t('optionsUrlInvalid') };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: t('optionsUrlScheme', [url.protocol.replace(/:$/, '')]) };
  }
  if (!url.hostname) return { ok: false, message: t('optionsUrlInvalid') };
  if (url.username || url.password) return { ok: false, message: t('optionsUrlCredentials') };
  if (url.search || url.hash) return { ok: false, message: t('optionsUrlQuery') };
  const path = url.pathname.replace(/\/+$/, '');
  return {
    ok: true,
    url: `${url.origin}${path}`,
    origin: url.origin,
    insecure: url.protocol === 'http:' && !isLoopbackHost(url.hostname),
  };
}
