// @ts-check
// The capture benchmark's heavy page: /heavy.html with 156 subresources (~30 MB decoded) of
// images, scripts, stylesheets and fetched JSON. It is served by the fixture site as an extra
// route (so it gets the same request log), started through startHeavySite(). Everything is
// generated deterministically, once, before the server starts: the benchmark times page
// loads, not the generator.
//   node bench/capture/heavy-site.js   prints the URL and serves until Ctrl+C
import { fileURLToPath } from 'node:url';
import { bmp } from '../../test/fixtures/site/content/bmp.js';
import { mix32 } from '../../test/fixtures/site/content/prng.js';
import { TYPES } from '../../test/fixtures/site/core/static.js';
import { startFixtureSite } from '../../test/fixtures/site/server.js';

/** @typedef {import('../../test/fixtures/site/core/types.js').Route} Route */
/** @typedef {import('../../test/fixtures/site/core/types.js').Reply} Reply */
/** @typedef {import('../../test/fixtures/site/server.js').FixtureSite} FixtureSite */

export const HEAVY_PATH = '/heavy.html';
const COUNTS = { images: 100, scripts: 20, styles: 12, json: 24 };

/**
 * @typedef {object} HeavyResource
 * @property {string} type
 * @property {Buffer} body
 * @property {('br' | 'gzip')[]} [encodings]
 */

/** @type {Map<string, HeavyResource> | undefined} */
let built;

/**
 * Every subresource of the heavy page by path, plus the page itself; built on first use.
 * @returns {Map<string, HeavyResource>}
 */
function resources() {
  if (built) return built;
  built = new Map();
  /** @type {{ images: string[], scripts: string[], styles: string[], json: string[] }} */
  const paths = { images: [], scripts: [], styles: [], json: [] };
  for (let i = 0; i < COUNTS.images; i++) {
    const path = `/heavy/img-${pad(i)}.bmp`;
    built.set(path, { type: TYPES.bmp, body: noiseBmp(i) });
    paths.images.push(path);
  }
  for (let i = 0; i < COUNTS.scripts; i++) {
    const path = `/heavy/script-${pad(i)}.js`;
    built.set(path, { type: TYPES.js, body: Buffer.from(script(i)), encodings: ['gzip'] });
    paths.scripts.push(path);
  }
  for (let i = 0; i < COUNTS.styles; i++) {
    const path = `/heavy/style-${pad(i)}.css`;
    built.set(path, { type: TYPES.css, body: Buffer.from(style(i)), encodings: ['gzip'] });
    paths.styles.push(path);
  }
  for (let i = 0; i < COUNTS.json; i++) {
    const path = `/heavy/data-${pad(i)}.json`;
    built.set(path, { type: TYPES.json, body: Buffer.from(json(i)) });
    paths.json.push(path);
  }
  built.set(HEAVY_PATH, { type: TYPES.html, body: Buffer.from(page(paths)) });
  return built;
}

/**
 * The heavy page's route, for startFixtureSite({ routes: [heavyRoute] }).
 * @type {Route}
 */
export function heavyRoute(ctx) {
  const resource = resources().get(ctx.url.pathname);
  if (!resource) return undefined;
  return {
    headers: { 'Content-Type': resource.type },
    body: resource.body,
    encodings: resource.encodings,
  };
}

/**
 * How heavy the page is: its subresource count and their total decoded size.
 * @returns {{ subresources: number, totalBytes: number }}
 */
export function heavyStats() {
  let subresources = 0;
  let totalBytes = 0;
  for (const [path, resource] of resources()) {
    if (path === HEAVY_PATH) continue;
    subresources++;
    totalBytes += resource.body.length;
  }
  return { subresources, totalBytes };
}

/**
 * Starts the fixture site with the heavy page. `url` is the page to load; it is done when
 * document.title is 'heavy done' (<html data-heavy="done">): the load event has fired and
 * every JSON fetch has finished.
 * @param {{ port?: number, crossPort?: number }} [options]
 * @returns {Promise<FixtureSite & { url: string, stats: { subresources: number, totalBytes: number } }>}
 */
export async function startHeavySite(options = {}) {
  const stats = heavyStats(); // builds everything before the first request
  const site = await startFixtureSite({ ...options, routes: [heavyRoute] });
  return { ...site, url: site.origin + HEAVY_PATH, stats };
}

/**
 * A square BMP of pseudo-random pixels, 50 KB to 1 MB, sizes spread log-uniformly so there
 * are many small images and a few big ones, like a real page.
 * @param {number} i
 * @returns {Buffer}
 */
function noiseBmp(i) {
  const bytes = 50_000 * 20 ** (mix32(11, i) / 2 ** 32);
  const side = Math.round(Math.sqrt(bytes / 3));
  const tint = mix32(12, i);
  return bmp(side, side, (x, y) => {
    const v = mix32(i, y * side + x);
    // A per-image tint plus 12 bits of noise a pixel: distinct in a screenshot, and about as
    // compressible as a photo's raw pixels (deflate halves it), so Cairn deflates it.
    return [
      (tint & 0xff) ^ (v & 0x3f),
      ((tint >> 8) & 0xff) ^ ((v >> 8) & 0x3f),
      (tint >> 16) & 0xff,
    ];
  });
}

/**
 * A script of 20–80 KB that registers itself in window.__heavy.
 * @param {number} i
 * @returns {string}
 */
function script(i) {
  const lines = [`(window.__heavy = window.__heavy || []).push('script-${pad(i)}');`];
  const target = 20_000 + (mix32(21, i) % 60_000);
  let size = lines[0]?.length ?? 0;
  for (let n = 0; size < target; n++) {
    const line = `window.__heavyData_${i}_${n} = ${JSON.stringify(words(i * 1000 + n, 12))};`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

/**
 * A stylesheet of 10–30 KB of distinct rules.
 * @param {number} i
 * @returns {string}
 */
function style(i) {
  const target = 10_000 + (mix32(31, i) % 20_000);
  let css = `.heavy-grid img:nth-child(${i + 1}) { outline: 1px solid #${hex6(mix32(32, i))}; }\n`;
  for (let n = 0; css.length < target; n++) {
    css += `.heavy-s${i}-r${n} { color: #${hex6(mix32(33 + i, n))}; margin: ${n % 17}px; }\n`;
  }
  return css;
}

/**
 * A JSON document of 10–60 KB.
 * @param {number} i
 * @returns {string}
 */
function json(i) {
  const target = 10_000 + (mix32(41, i) % 50_000);
  /** @type {{ id: number, words: string[] }[]} */
  const rows = [];
  let size = 0;
  for (let n = 0; size < target; n++) {
    const row = { id: n, words: words(i * 7919 + n, 8) };
    rows.push(row);
    size += JSON.stringify(row).length + 1;
  }
  return JSON.stringify({ index: i, rows });
}

/**
 * @param {{ images: string[], scripts: string[], styles: string[], json: string[] }} paths
 * @returns {string}
 */
function page(paths) {
  const styles = paths.styles.map((p) => `<link rel="stylesheet" href="${p}">`).join('\n');
  const scripts = paths.scripts.map((p) => `<script src="${p}" defer></script>`).join('\n');
  const images = paths.images.map((p) => `<img src="${p}" width="64" height="64" alt="">`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Cairn bench: heavy page</title>
<link rel="icon" href="data:,">
${styles}
${scripts}
<style>
body { margin: 16px; font: 16px/1.4 sans-serif; }
.heavy-grid { display: grid; grid-template-columns: repeat(10, 64px); gap: 6px; }
.heavy-grid img { display: block; }
</style>
</head>
<body>
<h1>Heavy page</h1>
<p id="heavy-status">loading</p>
<div class="heavy-grid">${images}</div>
<script>
// Done = load event (images, scripts, styles) and every JSON fetch, which load does not wait for.
const fetched = Promise.all(${JSON.stringify(paths.json)}.map((u) => fetch(u).then((r) => r.json())));
const loaded = new Promise((resolve) => addEventListener('load', resolve));
Promise.all([fetched, loaded]).then(([docs]) => {
  document.getElementById('heavy-status').textContent = 'done: ' + docs.length + ' JSON documents';
  document.documentElement.dataset.heavy = 'done';
  document.title = 'heavy done';
});
</script>
</body>
</html>
`;
}

/**
 * @param {number} seed
 * @param {number} count
 * @returns {string[]}
 */
function words(seed, count) {
  return Array.from({ length: count }, (_, k) => mix32(seed, k).toString(36));
}

/**
 * @param {number} n
 * @returns {string}
 */
function hex6(n) {
  return (n & 0xffffff).toString(16).padStart(6, '0');
}

/**
 * @param {number} n
 * @returns {string}
 */
function pad(n) {
  return String(n).padStart(3, '0');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const site = await startHeavySite();
  const mb = (site.stats.totalBytes / 1e6).toFixed(1);
  console.log(`Heavy page: ${site.url} (${site.stats.subresources} subresources, ${mb} MB)`);
  process.on('SIGINT', () => site.close().then(() => process.exit(0)));
}
