/**
 * What is taken from the finished page besides its network traffic: a full-page screenshot,
 * the visible text of the page and its frames, and the page's final URL and title.
 */
import { base64ToBytes } from '../bytes';
import type { Clock } from './clock';
import { messageOf, withTimeout } from './clock';
import type { EvaluateResult, LayoutMetrics } from './cdp-types';
import type { SendCommand } from './target-sessions';
import type { CaptureMetadata, CaptureResource } from './types';

/** Screenshots stop at this many device pixels high (Chrome's texture limit is 16384). */
export const MAX_SCREENSHOT_PX = 16_384;
/** Per command: a tab that does not render (hidden, crashed) must not hold the capture up long. */
const EXTRA_TIMEOUT_MS = 10_000;

type Viewport = CaptureMetadata['viewport'];

/** The top page's size and pixel density, from Page.getLayoutMetrics. */
export async function readViewport(
  send: SendCommand,
  clock: Clock,
): Promise<{ viewport: Viewport; content: { width: number; height: number } }> {
  const m = await withTimeout(
    clock,
    send<LayoutMetrics>('Page.getLayoutMetrics', {}, undefined),
    EXTRA_TIMEOUT_MS,
    'Page.getLayoutMetrics',
  );
  const css = m.cssLayoutViewport ?? { clientWidth: 0, clientHeight: 0 };
  // layoutViewport is in device pixels, cssLayoutViewport in CSS pixels: their ratio is the DPR.
  const dpr =
    css.clientWidth > 0 && m.layoutViewport ? m.layoutViewport.clientWidth / css.clientWidth : 1;
  return {
    viewport: {
      width: css.clientWidth,
      height: css.clientHeight,
      deviceScaleFactor: Math.round(dpr * 100) / 100 || 1,
    },
    content: m.cssContentSize ?? { width: css.clientWidth, height: css.clientHeight },
  };
}

/**
 * A full-page PNG as the resource `urn:view:<url>`, clipped to MAX_SCREENSHOT_PX device
 * pixels in height (and width). Returns a note when the page had to be cut.
 */
export async function takeScreenshot(
  send: SendCommand,
  clock: Clock,
  pageUrl: string,
  layout: { viewport: Viewport; content: { width: number; height: number } },
): Promise<{ resource: CaptureResource; note?: string }> {
  const dpr = layout.viewport.deviceScaleFactor || 1;
  const maxCss = Math.floor(MAX_SCREENSHOT_PX / dpr);
  const width = Math.max(
    1,
    Math.min(Math.ceil(Math.max(layout.content.width, layout.viewport.width)), maxCss),
  );
  const fullHeight = Math.ceil(Math.max(layout.content.height, layout.viewport.height));
  const height = Math.max(1, Math.min(fullHeight, maxCss));
  return {
    resource: await screenshot(send, clock, pageUrl, {
      captureBeyondViewport: true,
      clip: { x: 0, y: 0, width, height, scale: 1 },
    }),
    note:
      height < fullHeight
        ? `the screenshot shows the first ${height} of ${fullHeight} CSS pixels of the page`
        : undefined,
  };
}

/**
 * The part of the page on screen as the resource `urn:view:<url>`. Page.captureScreenshot
 * is answered by the browser process, so it works while the tab's next document is on its
 * way (commands for the renderer wait until that document commits), and it does not resize
 * the tab the way a full-page screenshot does, which would flash on a tab the user looks at.
 */
export async function takeVisibleScreenshot(
  send: SendCommand,
  clock: Clock,
  pageUrl: string,
): Promise<CaptureResource> {
  return screenshot(send, clock, pageUrl, {});
}

/** A PNG screenshot with `params` as the resource `urn:view:<url>`. */
async function screenshot(
  send: SendCommand,
  clock: Clock,
  pageUrl: string,
  params: object,
): Promise<CaptureResource> {
  const shot = await withTimeout(
    clock,
    send<{ data: string }>('Page.captureScreenshot', { format: 'png', ...params }, undefined),
    EXTRA_TIMEOUT_MS,
    'Page.captureScreenshot',
  );
  const bytes = base64ToBytes(shot.data);
  return {
    uri: `urn:view:${pageUrl}`,
    contentType: 'image/png',
    body: new Blob([bytes as BlobPart], { type: 'image/png' }),
    createdAt: clock.now(),
  };
}

/** innerText of a document and of the same-process frames it can reach. */
const TEXT_EXPRESSION = `(() => {
  const out = [];
  const walk = (w, depth) => {
    try {
      const d = w.document;
      if (d && d.body) { const t = d.body.innerText; if (t && t.trim()) out.push(t.trim()); }
    } catch (e) { return; }
    if (depth > 8) return;
    for (let i = 0; i < w.frames.length; i++) walk(w.frames[i], depth + 1);
  };
  walk(window, 0);
  return out.join('\\n\\n');
})()`;

/**
 * The text of the page: the top document (and frames in its process) first, then each
 * out-of-process iframe's session. Sessions that fail are listed in `failures`.
 */
export async function collectText(
  send: SendCommand,
  clock: Clock,
  sessions: Array<{ sessionId: string; url: string }>,
): Promise<{ text: string; failures: string[] }> {
  const targets: Array<{ sessionId: string | undefined; url: string }> = [
    { sessionId: undefined, url: 'the page' },
    ...sessions,
  ];
  const results = await Promise.all(
    targets.map(async ({ sessionId, url }) => {
      try {
        const r = await withTimeout(
          clock,
          send<EvaluateResult>(
            'Runtime.evaluate',
            { expression: TEXT_EXPRESSION, returnByValue: true },
            sessionId,
          ),
          EXTRA_TIMEOUT_MS,
          'Runtime.evaluate',
        );
        if (r.exceptionDetails)
          throw new Error(
            r.exceptionDetails.exception?.description ?? r.exceptionDetails.text ?? 'script error',
          );
        return { text: typeof r.result?.value === 'string' ? r.result.value : '' };
      } catch (error) {
        return { failure: `${url}: ${messageOf(error)}` };
      }
    }),
  );
  return {
    text: results
      .map((r) => r.text ?? '')
      .filter((t) => t.length > 0)
      .join('\n\n'),
    failures: results.flatMap((r) => (r.failure ? [r.failure] : [])),
  };
}

/** The text resource `urn:text:<url>`. */
export function textResource(pageUrl: string, text: string, createdAt: number): CaptureResource {
  return {
    uri: `urn:text:${pageUrl}`,
    contentType: 'text/plain; charset=utf-8',
    body: new Blob([text], { type: 'text/plain; charset=utf-8' }),
    createdAt,
  };
}

/** The top frame's current URL and title (works for PDFs too, unlike document.title). */
export async function readPageInfo(
  send: SendCommand,
  clock: Clock,
): Promise<{ url: string; title: string }> {
  const h = await withTimeout(
    clock,
    send<{ currentIndex: number; entries: Array<{ url: string; title: string }> }>(
      'Page.getNavigationHistory',
      {},
      undefined,
    ),
    EXTRA_TIMEOUT_MS,
    'Page.getNavigationHistory',
  );
  const entry = h.entries[h.currentIndex];
  return { url: entry?.url ?? '', title: entry?.title ?? '' };
}

/** What `collectExtras` gathered; fields stay undefined when their command failed. */
export interface Extras {
  viewport?: Viewport;
  url?: string;
  title?: string;
  resources: CaptureResource[];
  notes: string[];
}

/**
 * The finished page's extras. With `full`, the screenshot (if wanted) and the text; always
 * the page's URL, title and viewport. Failures become notes, never errors: a PDF or a tab
 * that does not render still ends as a capture.
 */
export async function collectExtras(
  send: SendCommand,
  clock: Clock,
  opts: {
    full: boolean;
    screenshot: boolean;
    fallbackUrl: string;
    childDocuments: Array<{ sessionId: string; url: string }>;
  },
): Promise<Extras> {
  const out: Extras = { resources: [], notes: [] };
  const layout = await readViewport(send, clock).catch((error: unknown) => {
    out.notes.push(`page size not read: ${messageOf(error)}`);
    return undefined;
  });
  out.viewport = layout?.viewport;
  try {
    const info = await readPageInfo(send, clock);
    // about:blank stays after a link that turned out to be a download: keep the link's URL.
    if (info.url && !info.url.startsWith('about:')) out.url = info.url;
    out.title = info.title;
  } catch (error) {
    out.notes.push(`page title not read: ${messageOf(error)}`);
  }
  if (!opts.full) return out;
  const pageUrl = out.url ?? opts.fallbackUrl;
  if (opts.screenshot && layout) {
    try {
      const shot = await takeScreenshot(send, clock, pageUrl, layout);
      out.resources.push(shot.resource);
      if (shot.note) out.notes.push(shot.note);
    } catch (error) {
      out.notes.push(`no screenshot: ${messageOf(error)}`);
    }
  }
  const text = await collectText(send, clock, opts.childDocuments);
  for (const failure of text.failures) out.notes.push(`text not read from ${failure}`);
  if (text.text) out.resources.push(textResource(pageUrl, text.text, clock.now()));
  else out.notes.push('no page text found');
  return out;
}
