// @ts-check
// Import benchmark: a big WARC file (2 GB by default, --mb N for another size) imported
// through the library page's "Import files…", in one browser run of the built extension in
// Chromium. The file is written first, with Node's zlib, one gzip member per record of about
// 1 MB of pseudo-random payload. Printed: the time the import took and its rate, the library
// page's JS heap before and at its peak during the import (sampled through the DevTools
// protocol; target: growth well under the file's size, bounded memory), and whether the
// archive holds every byte of the file. Figures are printed, never asserted.
//   npm run bench:import          (builds first)
//   node bench/import/run.js [--mb N]
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { launchExtension } from '../../test/support/chrome.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const extensionDir = path.resolve(root, process.env.CAIRN_OUT_DIR ?? '.output', 'chrome-mv3');
const mbArg = process.argv.indexOf('--mb');
const MB = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 2048;
const mb = (/** @type {number} */ bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
  console.error(`No build at ${extensionDir}: run "npm run build" first.`);
  process.exit(1);
}

/** Writes a WARC of about `megabytes` MB: warcinfo, then one page and ~1 MB responses. */
async function writeWarc(/** @type {string} */ file, /** @type {number} */ megabytes) {
  const out = createWriteStream(file);
  const write = (/** @type {Buffer} */ chunk) =>
    new Promise((resolve) => (out.write(chunk) ? resolve(undefined) : out.once('drain', resolve)));
  const record = (/** @type {string[]} */ headers, /** @type {Buffer} */ block) =>
    gzipSync(
      Buffer.concat([
        Buffer.from(
          `WARC/1.1\r\n${headers.join('\r\n')}\r\nContent-Length: ${block.length}\r\n\r\n`,
        ),
        block,
        Buffer.from('\r\n\r\n'),
      ]),
      { level: 1 },
    );
  const date = '2026-01-02T03:04:05Z';
  const common = (/** @type {string} */ type, /** @type {string} */ url) => [
    `WARC-Type: ${type}`,
    `WARC-Record-ID: <urn:uuid:${crypto.randomUUID()}>`,
    `WARC-Date: ${date}`,
    `WARC-Target-URI: ${url}`,
    'Content-Type: application/http; msgtype=response',
  ];
  const html = Buffer.from(
    `<!doctype html><title>Big bench page</title><p>${'media '.repeat(200)}</p>`,
  );
  await write(
    record(
      common('response', 'https://bench.example/'),
      Buffer.concat([
        Buffer.from(
          `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${html.length}\r\n\r\n`,
        ),
        html,
      ]),
    ),
  );
  const payload = randomBytes(1024 * 1024);
  for (let i = 0; i < megabytes; i++) {
    // A different payload each time (first bytes vary) without generating 1 MB anew.
    payload.writeUInt32BE(i, 0);
    await write(
      record(
        common('response', `https://bench.example/media/${i}.bin`),
        Buffer.concat([
          Buffer.from(
            `HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${payload.length}\r\n\r\n`,
          ),
          payload,
        ]),
      ),
    );
  }
  await new Promise((resolve) => out.end(resolve));
}

const dir = await mkdtemp(path.join(tmpdir(), 'cairn-bench-import-'));
const file = path.join(dir, 'big.warc.gz');
await writeWarc(file, MB);
const size = (await stat(file)).size;
const profile = await mkdtemp(path.join(tmpdir(), 'cairn-bench-import-profile-'));
const { context, base } = await launchExtension(profile, extensionDir, {
  viewport: { width: 1280, height: 900 },
});
try {
  const page = await context.newPage();
  await page.goto(`${base}/library.html`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = async () =>
    /** @type {{ usedSize: number }} */ (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const baseline = await heap();
  let peak = baseline;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await heap());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const section = page.getByRole('region', { name: 'Import' });
  const started = Date.now();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    section.getByRole('button', { name: 'Import files…' }).click(),
  ]);
  await chooser.setFiles(file);
  const status = section.getByRole('status');
  await status
    .filter({ hasText: /big\.warc\.gz: (imported|already|not imported)/ })
    .waitFor({ timeout: 3_600_000 });
  const seconds = (Date.now() - started) / 1000;
  sampling = false;
  await sampler;
  const line = await status.innerText();
  const stored = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('cairn');
        open.onsuccess = () => {
          const get = open.result.transaction('archives').objectStore('archives').getAll();
          get.onsuccess = () => resolve(get.result.map((/** @type {any} */ a) => a.size));
        };
      }),
  );
  console.log(`file: ${mb(size)}, ${MB + 1} response records`);
  console.log(`result: ${line.trim()}`);
  console.log(
    `import took ${seconds.toFixed(1)} s (${(size / 1048576 / seconds).toFixed(1)} MB/s)`,
  );
  console.log(
    `archive holds ${JSON.stringify(stored)} bytes; the file has ${size}: ${JSON.stringify(stored) === JSON.stringify([size]) ? 'every byte' : 'MISMATCH'}`,
  );
  console.log(
    `library page heap: baseline ${mb(baseline)}, peak ${mb(peak)}, growth ${mb(peak - baseline)} (${((100 * (peak - baseline)) / size).toFixed(2)}% of the file)`,
  );
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
}
