/**
 * Header conversions between CDP's shapes and the ordered `HeaderList` of an Exchange.
 */
import type { CdpHeaders } from './cdp-types';
import type { HeaderList } from './types';

/** CDP header object → list; values CDP joined with '\n' (Set-Cookie) become separate lines. */
export function headerListFromObject(headers: CdpHeaders | undefined): HeaderList {
  const list: HeaderList = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    for (const line of String(value).split('\n')) list.push([name, line]);
  }
  return list;
}

/** Fetch domain `[{name, value}]` → list. */
export function headerListFromEntries(
  entries: Array<{ name: string; value: string }> | undefined,
): HeaderList {
  return (entries ?? []).map(({ name, value }) => [name, value]);
}

/** First value of a header, case-insensitive. */
export function getHeader(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/**
 * Parses an HTTP/1 response head as CDP's `headersText` gives it (status line, header lines,
 * blank line). This keeps the server's order, case and duplicates exactly.
 */
export function parseResponseHead(
  text: string,
): { statusText: string; headers: HeaderList } | undefined {
  const lines = text.split(/\r?\n/);
  const status = /^HTTP\/\d(?:\.\d)?\s+\d{3}\s?(.*)$/.exec(lines[0] ?? '');
  if (!status) return undefined;
  const headers: HeaderList = [];
  for (const line of lines.slice(1)) {
    if (line === '') break;
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) {
      // Obsolete line folding (RFC 9112 §5.2): a continuation of the previous value.
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { statusText: status[1]?.trim() ?? '', headers };
}

/** The media type of a Content-Type value, lower case, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
