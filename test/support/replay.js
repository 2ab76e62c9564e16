// @ts-check
// Replays a WARC in ReplayWeb.page (the npm package's prebuilt ui.js and sw.js, served locally)
// and screenshots an archived page, so the end-to-end tests can check that what Cairn archived
// renders like the live page in a replay tool that is not ours.
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import pngjs from 'pngjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RWP_DIR = path.join(REPO, 'node_modules/replaywebpage');

/** @typedef {import('playwright-core').BrowserContext} BrowserContext */
/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Frame} Frame */

/**
 * @typedef {object} ReplayServer
 * @property {string} origin e.g. http://127.0.0.1:40123
 * @property {(pageUrl: string, ts?: string) => string} url The embedding page that replays
 *   `pageUrl` (at `ts`, 14-digit or ISO 8601; latest capture if omitted).
 * @property {string[]} requests Paths the server was asked for, in order (for debugging).
 * @property {() => Promise<void>} close
 */

/**
 * Serves ReplayWeb.page and one WARC (or WACZ) on 127.0.0.1 (random port):
 * - /embed?url=…&ts=… the embedding page, a full-viewport <replay-web-page embed="replayonly">;
 * - /ui.js, /replay/sw.js ReplayWeb.page's front end and service worker. The worker's scope is
 *   /replay/, so the archived pages load under /replay/w/…, which this server never serves (it
 *   serves nothing but these files, so a replay that escapes the worker fails visibly);
 * - /archive.warc(.gz) the WARC, with Range support (ReplayWeb.page may read it in slices).
 * @param {{ warcPath: string }} options
 * @returns {Promise<ReplayServer>}
 */
export async function startReplayServer({ warcPath }) {
  const uiPath = path.join(RWP_DIR, 'ui.js');
  const swPath = path.join(RWP_DIR, 'sw.js');
  await stat(swPath).catch(() => {
    throw new Error(`ReplayWeb.page not found in ${RWP_DIR}: run npm install`);
  });
  // ReplayWeb.page picks the loader by the source's file name, so keep the real extension.
  const archiveName = warcPath.endsWith('.wacz')
    ? '/archive.wacz'
    : warcPath.endsWith('.gz')
      ? '/archive.warc.gz'
      : '/archive.warc';
  const archiveSize = (await stat(warcPath)).size;
  /** @type {string[]} */
  const requests = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname);
    if (url.pathname === '/embed') {
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(embedPage(archiveName, url.searchParams.get('url'), url.searchParams.get('ts')));
    } else if (url.pathname === '/ui.js' || url.pathname === '/replay/ui.js') {
      // The second is what the index page that the service worker generates asks for.
      sendFile(res, uiPath, 'text/javascript');
    } else if (url.pathname === '/replay/sw.js') {
      sendFile(res, swPath, 'text/javascript');
    } else if (url.pathname === archiveName) {
      sendArchive(req, res, warcPath, archiveSize);
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('replay server has no port');
  const origin = `http://127.0.0.1:${address.port}`;

  return {
    origin,
    requests,
    url(pageUrl, ts) {
      const params = new URLSearchParams({ url: pageUrl });
      if (ts) params.set('ts', ts);
      return `${origin}/embed?${params}`;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * @param {string} source
 * @param {string | null} pageUrl
 * @param {string | null} ts
 */
function embedPage(source, pageUrl, ts) {
  const attrs = [
    `source="${escapeAttr(source)}"`,
    'replayBase="/replay/"',
    'embed="replayonly"',
    pageUrl ? `url="${escapeAttr(pageUrl)}"` : '',
    ts ? `ts="${escapeAttr(ts)}"` : '',
  ].join(' ');
  // The element fills the viewport, so the archived page gets the same viewport as the live one.
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>replay</title>
<style>html, body { margin: 0; width: 100%; height: 100%; overflow: hidden; }
replay-web-page { display: block; width: 100vw; height: 100vh; }</style>
<script src="/ui.js"></script></head>
<body><replay-web-page ${attrs}></replay-web-page></body></html>`;
}

/** @param {string} value */
function escapeAttr(value) {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {string} file
 * @param {string} type
 */
function sendFile(res, file, type) {
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  createReadStream(file).pipe(res);
}

/**
 * The WARC as opaque bytes: no Content-Encoding, which would make the browser gunzip a .warc.gz
 * before ReplayWeb.page sees it. Honours a single `bytes=` range.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} file
 * @param {number} size
 */
function sendArchive(req, res, file, size) {
  const headers = {
    'Content-Type': file.endsWith('.gz') ? 'application/gzip' : 'application/warc',
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-store',
  };
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  let start = 0;
  let end = size - 1;
  if (range && (range[1] || range[2])) {
    if (range[1]) {
      start = Number(range[1]);
      if (range[2]) end = Math.min(Number(range[2]), size - 1);
    } else {
      start = Math.max(0, size - Number(range[2])); // suffix range: the last N bytes
    }
    if (start > end || start >= size) {
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(206, {
      ...headers,
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Content-Length': end - start + 1,
    });
  } else {
    res.writeHead(200, { ...headers, 'Content-Length': size });
  }
  if (req.method === 'HEAD' || size === 0) res.end();
  else createReadStream(file, { start, end }).pipe(res);
}

/**
 * @typedef {object} ShotOptions
 * @property {number} width Viewport width of the archived (or live) page.
 * @property {number} height
 * @property {string | RegExp} [title] Wait until the page's document.title matches.
 * @property {number} [timeout] Milliseconds for the page to render (default 60 000).
 * @property {string} [ts] Timestamp to replay (replay only).
 */

/** Titles of the pages ReplayWeb.page shows in place of a URL that the archive lacks. */
const REPLAY_ERROR_TITLES = ['Archived Page Not Found', 'Original Archived Page Missing'];

/**
 * Opens `pageUrl` from the replay server in a new tab of `browserContext` and waits until the
 * archived page has rendered (see waitForRendered). The caller closes `page`.
 * @param {BrowserContext} browserContext
 * @param {ReplayServer} replayServer
 * @param {string} pageUrl
 * @param {ShotOptions} options
 * @returns {Promise<{ page: Page, frame: Frame }>} `frame` shows the archived page.
 */
export async function openReplay(browserContext, replayServer, pageUrl, options) {
  const timeout = options.timeout ?? 60_000;
  const deadline = Date.now() + timeout;
  const page = await browserContext.newPage();
  /** @type {string[]} */
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  try {
    await page.setViewportSize({ width: options.width, height: options.height });
    await page.goto(replayServer.url(pageUrl, options.ts), { timeout });
    // ReplayWeb.page's first load in a fresh profile registers its service worker and now and
    // then never shows the archived page (seen once in ~20 runs, on CI). One reload, as a user
    // would do, gets past it; a WARC that cannot be replayed still fails after the reload.
    let reloaded = false;
    for (;;) {
      let frame;
      try {
        const wait = reloaded ? deadline - Date.now() : Math.min(30_000, deadline - Date.now());
        frame = await waitForReplayFrame(page, pageUrl, wait);
      } catch (error) {
        if (reloaded || Date.now() > deadline) {
          throw new Error(`${error}; console errors: ${consoleErrors.join(' | ') || 'none'}`);
        }
        reloaded = true;
        await page.reload({ timeout });
        continue;
      }
      try {
        await waitForRendered(frame, options.title, deadline - Date.now(), REPLAY_ERROR_TITLES);
        return { page, frame };
      } catch (error) {
        // ReplayWeb.page may reload its iframe (e.g. once its service worker takes control):
        // then look for the new frame rather than fail on the detached one.
        if (!frame.isDetached() || Date.now() > deadline) throw error;
      }
    }
  } catch (error) {
    await page.close();
    throw error;
  }
}

/**
 * Replays `pageUrl` (openReplay) and returns a PNG of the archived page's viewport: the iframe
 * that ReplayWeb.page renders it in, which fills the tab's viewport of width x height.
 * @param {BrowserContext} browserContext
 * @param {ReplayServer} replayServer
 * @param {string} pageUrl
 * @param {ShotOptions} options
 * @returns {Promise<Buffer>}
 */
export async function screenshotReplay(browserContext, replayServer, pageUrl, options) {
  const { page, frame } = await openReplay(browserContext, replayServer, pageUrl, options);
  try {
    const element = await frame.frameElement();
    const box = await element.boundingBox();
    if (
      !box ||
      Math.round(box.width) !== options.width ||
      Math.round(box.height) !== options.height
    ) {
      throw new Error(
        `replay iframe is ${box?.width}x${box?.height}, expected ${options.width}x${options.height}`,
      );
    }
    return await element.screenshot({
      animations: 'disabled',
      caret: 'hide',
      timeout: options.timeout ?? 60_000,
    });
  } finally {
    await page.close();
  }
}

/**
 * The live counterpart of screenshotReplay: same viewport, same readiness test, same options.
 * @param {BrowserContext} browserContext
 * @param {string} pageUrl
 * @param {ShotOptions} options
 * @returns {Promise<Buffer>}
 */
export async function screenshotLive(browserContext, pageUrl, options) {
  const timeout = options.timeout ?? 60_000;
  const page = await browserContext.newPage();
  try {
    await page.setViewportSize({ width: options.width, height: options.height });
    await page.goto(pageUrl, { timeout });
    await waitForRendered(page.mainFrame(), options.title, timeout);
    return await page.screenshot({ animations: 'disabled', caret: 'hide', timeout });
  } finally {
    await page.close();
  }
}

/**
 * ReplayWeb.page nests frames (its app, then the archived page); the one we want is the frame
 * whose URL is the replay of `pageUrl`: <origin>/replay/w/<collection>/<timestamp>mp_/<pageUrl>.
 * @param {Page} page
 * @param {string} pageUrl
 * @param {number} timeout
 * @returns {Promise<Frame>}
 */
async function waitForReplayFrame(page, pageUrl, timeout) {
  const deadline = Date.now() + Math.max(0, timeout);
  for (;;) {
    const frame = page.frames().find((f) => isReplayOf(f.url(), pageUrl));
    if (frame) return frame;
    if (Date.now() > deadline) {
      const urls = page.frames().map((f) => f.url());
      throw new Error(`no replay frame for ${pageUrl} after ${timeout} ms; frames: ${urls}`);
    }
    await page.waitForTimeout(100);
  }
}

/**
 * @param {string} frameUrl
 * @param {string} pageUrl
 */
function isReplayOf(frameUrl, pageUrl) {
  // A WACZ's pages are replayed under `/<collection>/:<file hash>/<ts>mp_/<url>`.
  const match = /\/replay\/w\/[^/]+\/(?::[^/]+\/)?[^/]*mp_\/(.*)$/.exec(frameUrl);
  return !!match && sameUrl(String(match[1]), pageUrl);
}

/**
 * @param {string} a
 * @param {string} b
 */
function sameUrl(a, b) {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

/**
 * Ready means: the frame has fired load, its fonts have loaded, every <img> that the browser
 * means to load now (lazy ones off screen excepted) has finished, the title matches if one is
 * given, and two frames have been painted since. A title in `errorTitles` fails at once.
 * @param {Frame} frame
 * @param {string | RegExp | undefined} title
 * @param {number} timeout
 * @param {string[]} [errorTitles]
 */
async function waitForRendered(frame, title, timeout, errorTitles = []) {
  const deadline = Date.now() + Math.max(0, timeout);
  const left = () => Math.max(1, deadline - Date.now());
  await frame.waitForLoadState('load', { timeout: left() });
  await frame.waitForFunction(
    () =>
      document.readyState === 'complete' &&
      document.fonts.status === 'loaded' &&
      [...document.images].every((img) => {
        if (img.complete) return true;
        const rect = img.getBoundingClientRect();
        const onScreen = rect.bottom > 0 && rect.top < innerHeight;
        return img.loading === 'lazy' && !onScreen;
      }),
    undefined,
    { timeout: left() },
  );
  const wanted =
    title === undefined
      ? { any: true }
      : typeof title === 'string'
        ? { text: title }
        : { re: title.source, flags: title.flags };
  try {
    // Resolves on the wanted title or on an error title, so a "not found" page fails fast.
    await frame.waitForFunction(
      ({ wanted, errorTitles }) =>
        errorTitles.includes(document.title) ||
        ('any' in wanted
          ? true
          : 'text' in wanted
            ? document.title === wanted.text
            : new RegExp(wanted.re, wanted.flags).test(document.title)),
      { wanted, errorTitles },
      { timeout: left() },
    );
  } catch (error) {
    if (frame.isDetached()) throw error;
    throw new Error(`title is "${await frame.title()}", expected ${title}`, { cause: error });
  }
  const shown = await frame.title();
  if (errorTitles.includes(shown)) throw new Error(`replay shows "${shown}" for ${frame.url()}`);
  // Two animation frames: what the load handlers changed has been painted.
  await frame.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

/**
 * @typedef {object} CompareOptions
 * @property {number} [threshold] pixelmatch's per-pixel colour threshold, 0..1 (default 0.1).
 * @property {boolean} [includeAA] Count anti-aliased pixels as differences (default false).
 * @property {string} [diffPath] Where to write a PNG that marks differing pixels in red.
 */

/**
 * Pixel comparison of two PNGs. Anti-aliasing noise (text edges rendered a shade apart) is
 * ignored by pixelmatch's detector; a missing image, font or block shows as a solid area.
 * Differently sized images are compared over their overlap, and the rest counts as different.
 * @param {Buffer} pngA
 * @param {Buffer} pngB
 * @param {CompareOptions} [options]
 * @returns {Promise<{ diffRatio: number, diffPixels: number, totalPixels: number,
 *   sizeA: [number, number], sizeB: [number, number] }>}
 */
export async function compareScreenshots(pngA, pngB, options = {}) {
  const a = decodePng(pngA);
  const b = decodePng(pngB);
  const width = Math.min(a.width, b.width);
  const height = Math.min(a.height, b.height);
  const cropA = crop(a, width, height);
  const cropB = crop(b, width, height);
  const diff = new pngjs.PNG({ width, height });
  const mismatched = pixelmatch(cropA, cropB, diff.data, width, height, {
    threshold: options.threshold ?? 0.1,
    includeAA: options.includeAA ?? false,
  });
  const totalPixels = Math.max(a.width, b.width) * Math.max(a.height, b.height);
  const diffPixels = mismatched + (totalPixels - width * height);
  if (options.diffPath) await writeFile(options.diffPath, pngjs.PNG.sync.write(diff));
  return {
    diffRatio: totalPixels ? diffPixels / totalPixels : 0,
    diffPixels,
    totalPixels,
    sizeA: [a.width, a.height],
    sizeB: [b.width, b.height],
  };
}

/**
 * @param {Buffer} png
 * @returns {{ width: number, height: number, data: Buffer }}
 */
function decodePng(png) {
  return pngjs.PNG.sync.read(png);
}

/**
 * RGBA pixels of the top-left width x height of an image.
 * @param {{ width: number, height: number, data: Buffer }} image
 * @param {number} width
 * @param {number} height
 */
function crop(image, width, height) {
  if (image.width === width && image.height === height) return image.data;
  const out = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    image.data.copy(out, y * width * 4, y * image.width * 4, (y * image.width + width) * 4);
  }
  return out;
}
