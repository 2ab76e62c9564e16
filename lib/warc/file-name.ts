import { CairnError } from '../errors';

/** Longest host part kept in a file name (file systems allow 255 bytes for the whole name). */
const MAX_HOST_LENGTH = 60;

/**
 * A readable download name: `cairn-<host>-<YYYYMMDD-HHMMSS>.warc.gz`, with the time in UTC
 * (like WARC-Date, so the name matches the records whatever the user's time zone).
 *
 * Only `[a-z0-9.-]` appear in the host part: `www.` is dropped, IPv6 colons become dashes,
 * international names stay in punycode, and URLs without a host (file:, about:) give `page`.
 * Two captures of one host in the same second get the same name; the downloader must
 * uniquify.
 */
export function warcFileName(opts: { url: string; date: Date }): string {
  const time = opts.date.getTime();
  if (Number.isNaN(time)) {
    throw new CairnError('invalid-date', 'warc: warcFileName expected a valid date');
  }
  return `cairn-${hostSlug(opts.url)}-${timestamp(opts.date)}.warc.gz`;
}

function hostSlug(url: string): string {
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    // Not a URL: fall through to the generic name.
  }
  const slug = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/^www\./, '')
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .slice(0, MAX_HOST_LENGTH)
    .replace(/^[-.]+|[-.]+$/g, '');
  return slug || 'page';
}

function timestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}-` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
  );
}
