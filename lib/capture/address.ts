/**
 * What people type or paste as an address to archive, checked before anything is stored: a
 * bare host gets a scheme, text that is not an address is refused with a reason, and an
 * address carrying a user name or password is refused so the secret never reaches an archive
 * row, a title, the search index or a sync server.
 */

/** A checked address, or the reason it was refused. */
export type AddressVerdict =
  | {
      ok: true;
      url: string;
      /**
       * The user typed no scheme and https:// was assumed; when https cannot connect, the
       * capture may fall back to http:// (many small sites still have no TLS).
       */
      schemeGuessed: boolean;
    }
  | { ok: false; code: string; message: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):(\/\/)?/i;
// "localhost:8080/x" and "example.com:443" look like a scheme followed by a port: a host.
const HOST_WITH_PORT = /^[^:/\s]+:\d+(\/|$)/;
// Schemes written without "//" that people paste; anything else before a ":" without "//"
// ("user:secret@host") is read as a host, so the text is checked as a web address.
const OPAQUE_SCHEMES = new Set(['about', 'data', 'javascript', 'blob', 'view-source', 'mailto']);

function hasScheme(text: string): boolean {
  const match = SCHEME.exec(text);
  if (!match || HOST_WITH_PORT.test(text)) return false;
  return match[2] !== undefined || OPAQUE_SCHEMES.has(match[1]!.toLowerCase());
}

/**
 * Reads a typed address. Refuses empty text, text with spaces (a sentence, "exa mple.com"),
 * addresses that do not parse, and addresses with credentials (`user:secret@host`).
 */
export function parseAddress(input: string): AddressVerdict {
  const text = input.trim();
  if (!text) return no('empty-url', 'Type or paste the address of a page to archive.');
  if (/\s/.test(text)) {
    return no(
      'invalid-url',
      `"${shorten(text)}" is not a web address: addresses cannot contain spaces. Type or paste an address such as https://example.com/page.`,
    );
  }
  const schemed = hasScheme(text);
  const candidate = schemed ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return no(
      'invalid-url',
      `"${shorten(text)}" is not a web address. Type or paste an address such as https://example.com/page.`,
    );
  }
  if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.hostname) {
    return no('invalid-url', `"${shorten(text)}" has no site name after the scheme.`);
  }
  if (url.username || url.password) {
    return no(
      'credentials-in-url',
      'This address contains a user name or password (the part before "@"). Cairn does not store passwords in archives. Log in to the site in this browser instead, then archive the address without them.',
    );
  }
  return { ok: true, url: url.href, schemeGuessed: !schemed };
}

/**
 * The key under which two captures are "the same page" for duplicate checks: the address
 * without its #fragment, which names a place in the page and is never sent to the server.
 */
export function captureKey(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/** Whether an address is a local file (captured only with file access, and never synced). */
export function isLocalFile(url: string): boolean {
  return /^file:/i.test(url);
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function no(code: string, message: string): AddressVerdict {
  return { ok: false, code, message };
}
