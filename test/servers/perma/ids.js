// @ts-check
// Perma identifiers and URL keys: GUIDs from the real alphabet (server-apis.md A3), API keys,
// and the SURT form the `url=` filter compares (A4).
import { seededRandom } from '../faults.js';

export const GUID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';

/**
 * A seeded generator of new GUIDs, `XXXX-XXXX`, never starting with four letters.
 * @param {number} seed
 */
export function guidGenerator(seed) {
  const random = seededRandom(seed);
  /** @param {string} alphabet */
  const pick = (alphabet) => alphabet[Math.floor(random() * alphabet.length)] ?? '2';
  return () => {
    const chars = Array.from({ length: 8 }, () => pick(GUID_ALPHABET));
    if (chars.slice(0, 4).every((c) => !DIGITS.includes(c))) {
      chars[Math.floor(random() * 4)] = pick(DIGITS);
    }
    return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
  };
}

/**
 * A deterministic 40-character lowercase hex API key (real keys are HMAC-SHA1 hex digests).
 * @param {number} seed
 */
export function apiKeyFor(seed) {
  const random = seededRandom(seed * 7919 + 17);
  return Array.from({ length: 40 }, () => Math.floor(random() * 16).toString(16)).join('');
}

/**
 * The SURT key of a URL, as the `url=` filter compares them: host reversed, `www.` dropped,
 * lower case, default port dropped, query sorted, fragment dropped. Undefined if unparseable.
 * @param {string} raw
 */
export function surt(raw) {
  let url;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
  if (!url.hostname) return undefined;
  const host = url.hostname
    .toLowerCase()
    .replace(/^www\d*\./, '')
    .split('.')
    .reverse()
    .join(',');
  const port = url.port ? `:${url.port}` : '';
  const query = [...url.searchParams]
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('&');
  return `${host}${port})${url.pathname}${query ? `?${query}` : ''}`.toLowerCase();
}
