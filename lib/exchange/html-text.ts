/** Most characters of page text kept for search. */
const MAX_TEXT = 200_000;

/**
 * The title and readable text of an archived HTML page, for the library's list and search.
 * Decoded with the charset the response declared, else the page's own `<meta charset>`, else
 * UTF-8. Uses DOMParser where there is one (extension pages); elsewhere a plain strip of tags.
 */
export function htmlTitleAndText(
  bytes: Uint8Array,
  declaredCharset?: string,
): { title?: string; text: string } {
  const html = decode(bytes, declaredCharset);
  if (typeof DOMParser !== 'undefined') {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    for (const el of doc.querySelectorAll('script, style, noscript, template')) el.remove();
    const title = doc.title.trim();
    return { ...(title ? { title } : {}), text: squeeze(doc.body?.textContent ?? '') };
  }
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const body = html
    .replace(/<(script|style|noscript|template|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ');
  const cleanTitle = title ? squeeze(entities(title)) : '';
  return { ...(cleanTitle ? { title: cleanTitle } : {}), text: squeeze(entities(body)) };
}

function decode(bytes: Uint8Array, declared?: string): string {
  const sniffed = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(
    new TextDecoder('latin1').decode(bytes.subarray(0, 2048)),
  )?.[1];
  for (const label of [declared, sniffed, 'utf-8']) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // An unknown label: try the next one.
    }
  }
  return new TextDecoder().decode(bytes);
}

function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function entities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}
