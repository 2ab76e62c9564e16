import { t } from '../i18n';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/**
 * The page shown in the replay frame for an address that was not archived: it says so and
 * offers the live site as a deliberate choice, opened in a new tab outside the viewer. It
 * never loads the live page by itself.
 */
export function notArchivedPage(url: string): Response {
  const safe = escapeHtml(url);
  const isWeb = /^https?:\/\//i.test(url);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${escapeHtml(t('viewerNotArchivedTitle'))}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:3rem auto;max-width:40rem;padding:0 1rem;color:#222}
code{word-break:break-all;background:#f3f3f3;padding:.1rem .3rem}</style></head>
<body><h1 id="cairn-not-archived">${escapeHtml(t('viewerNotArchivedTitle'))}</h1>
<p>${escapeHtml(t('viewerNotArchivedBody'))}</p><p><code>${safe}</code></p>
${isWeb ? `<p><a href="${safe}" target="_blank" rel="noopener noreferrer">${escapeHtml(t('viewerOpenLive'))}</a></p>` : ''}
</body></html>`;
  return new Response(html, {
    status: 404,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      // The page is Cairn's own and needs no script.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
