/** One entry page of a WACZ (pages/pages.jsonl). */
export interface WaczPage {
  id: string;
  url: string;
  title: string;
  /** Capture time, ms. */
  capturedAt: number;
  /** Page text for full-text search in replay tools. */
  text?: string;
}

/**
 * pages/pages.jsonl: the header line, then one JSON line per page. Tools (ReplayWeb.page, the
 * WACZ validator) read `url` and `ts`; the text makes the archive searchable there too.
 */
export function pagesJsonl(pages: WaczPage[]): string {
  const header = { format: 'json-pages-1.0', id: 'pages', title: 'All Pages', hasText: true };
  const lines = [JSON.stringify(header)];
  for (const page of pages) {
    lines.push(
      JSON.stringify({
        id: page.id,
        url: page.url,
        ts: new Date(page.capturedAt).toISOString(),
        title: page.title,
        ...(page.text ? { text: page.text } : {}),
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}
