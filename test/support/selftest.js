// @ts-check
// Self-test of the WARC validators and the replay harness (node test/support/selftest.js):
// builds a small WARC by hand, validates it with Python's warcio and with readWarcRecords, then
// screenshots the page live and replayed in ReplayWeb.page and compares the two. A second WARC
// that lacks the image must be caught as different, so the comparison is known to have teeth.
// Needs scripts/setup-python.sh and Chromium (CHROME_PATH, default /usr/bin/chromium).
// Screenshots go to $SELFTEST_OUT (default <tmpdir>/cairn-selftest).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pngjs from 'pngjs';
import { chromium } from 'playwright-core';
import { WARCRecord, WARCSerializer } from 'warcio';
import {
  compareScreenshots,
  screenshotLive,
  screenshotReplay,
  startReplayServer,
} from './replay.js';
import { readWarcRecords, warcioCheck, warcioIndex } from './warcio-check.js';
import { CHROME_ARGS, CHROME_PATH } from './chrome.js';

const OUT = process.env.SELFTEST_OUT || path.join(tmpdir(), 'cairn-selftest');
const VIEWPORT = { width: 800, height: 600 };
const TITLE = 'Cairn replay self-test';
/** Above this, live and replay are "different"; the missing-image control must exceed it. */
const MAX_DIFF = 0.005;

const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>${TITLE}</title></head>
<body style="margin: 0; font-family: sans-serif; background: #fdfdf8">
<h1 style="margin: 16px">Replay self-test</h1>
<div style="width: 240px; height: 120px; margin: 16px; background: #c0392b; border: 4px solid #1f3a93"></div>
<img src="/pattern.png" width="160" height="96" style="margin: 16px" alt="pattern">
<p style="margin: 16px">Text, so that anti-aliased glyph edges are part of the comparison.</p>
<div style="height: 800px; margin: 16px; background: linear-gradient(#fdfdf8, #85c1e9)">Taller than the viewport, as most pages are.</div>
</body></html>
`;

/** A striped PNG: an image whose absence changes many pixels. */
function makePattern() {
  const png = new pngjs.PNG({ width: 160, height: 96 });
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const stripe = Math.floor((x + y) / 12) % 2 === 0;
      png.data.set(stripe ? [39, 174, 96, 255] : [241, 196, 15, 255], i);
    }
  }
  return pngjs.PNG.sync.write(png);
}

/** @typedef {{ path: string, type: string, body: Buffer }} Resource */

/**
 * The "live site": serves the resources and remembers every path asked for.
 * @param {Resource[]} resources
 */
async function startLiveServer(resources) {
  /** @type {string[]} */
  const log = [];
  const server = createServer((req, res) => {
    log.push(req.url ?? '');
    const resource = resources.find((r) => r.path === req.url);
    if (!resource) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': resource.type, 'Content-Length': resource.body.length });
    res.end(resource.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  assert(address && typeof address === 'object');
  return { origin: `http://127.0.0.1:${address.port}`, log, server };
}

/**
 * A .warc.gz with a warcinfo record and a request/response pair per resource.
 * @param {string} file
 * @param {string} origin
 * @param {Resource[]} resources
 */
async function writeWarc(file, origin, resources) {
  const date = new Date().toISOString();
  const records = [
    WARCRecord.createWARCInfo({ filename: path.basename(file) }, { software: 'selftest' }),
  ];
  for (const resource of resources) {
    const url = origin + resource.path;
    const response = WARCRecord.create(
      {
        url,
        date,
        type: 'response',
        statusline: 'HTTP/1.1 200 OK',
        httpHeaders: {
          'Content-Type': resource.type,
          'Content-Length': String(resource.body.length),
        },
      },
      [resource.body],
    );
    const request = WARCRecord.create(
      {
        url,
        date,
        type: 'request',
        statusline: `GET ${resource.path} HTTP/1.1`,
        httpHeaders: { Host: new URL(origin).host },
        warcHeaders: { 'WARC-Concurrent-To': String(response.warcHeader('WARC-Record-ID')) },
      },
      [],
    );
    records.push(response, request);
  }
  const parts = [];
  for (const record of records) parts.push(await WARCSerializer.serialize(record, { gzip: true }));
  await writeFile(file, Buffer.concat(parts));
}

/** @param {Buffer} data */
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/**
 * Python warcio and readWarcRecords agree with each other and with what the live server sends.
 * @param {string} warcPath
 * @param {string} origin
 * @param {Resource[]} resources
 */
async function checkWarc(warcPath, origin, resources) {
  // Python warcio: the file parses and every digest that warcio.js wrote verifies.
  const check = await warcioCheck(warcPath);
  assert(check.ok, `warcio check failed:\n${check.output}`);
  assert.equal(check.records.length, 1 + 2 * resources.length, check.output);
  for (const r of check.records.filter((r) => r.type !== 'warcinfo')) {
    assert.equal(r.digest, 'pass', `${r.recordId}: ${r.messages}`);
  }
  const index = await warcioIndex(warcPath);
  const responses = index.filter((e) => e['warc-type'] === 'response');
  assert.deepEqual(
    responses.map((e) => [e['warc-target-uri'], e['http:status']]),
    resources.map((r) => [origin + r.path, '200']),
  );
  console.log(`warcio check: ok, ${check.records.length} records; index: ${index.length} lines`);
  console.log(JSON.stringify(responses[0]));

  // warcio.js in Node: payload hashes equal the bytes the live server sends.
  const records = await readWarcRecords(warcPath);
  for (const resource of resources) {
    const url = origin + resource.path;
    const record = records.find((r) => r.type === 'response' && r.targetUri === url);
    assert(record, `no response record for ${url}`);
    assert.equal(record.payloadSha256, sha256(resource.body));
    assert.equal(record.payloadLength, resource.body.length);
    assert.equal(record.status, 200);
    const request = records.find(
      (r) => r.type === 'request' && r.concurrentTo[0] === record.recordId,
    );
    assert(request, `no request record for ${url}`);
  }
  // Both readers agree on where each record starts.
  assert.deepEqual(
    records.map((r) => [r.recordId, r.offset]),
    index.map((e) => [e['warc-record-id'], e.offset]),
  );
  console.log(`readWarcRecords: ${records.length} records, payload hashes match`);
}

/**
 * Live and replayed screenshots match; without the image they do not.
 * @param {{ origin: string, log: string[] }} live
 * @param {string} warcPath
 * @param {string} noImageWarc
 */
async function checkReplay(live, warcPath, noImageWarc) {
  const pageUrl = `${live.origin}/page.html`;
  const browser = await chromium.launch({
    executablePath: CHROME_PATH,
    headless: true,
    args: CHROME_ARGS,
  });
  const replay = await startReplayServer({ warcPath });
  const replayNoImage = await startReplayServer({ warcPath: noImageWarc });
  try {
    const context = await browser.newContext();
    const shot = { ...VIEWPORT, title: TITLE };
    const livePng = await screenshotLive(context, pageUrl, shot);
    const liveRequests = live.log.length;
    const replayPng = await screenshotReplay(context, replay, pageUrl, shot);
    const noImagePng = await screenshotReplay(context, replayNoImage, pageUrl, shot);
    await writeFile(path.join(OUT, 'live.png'), livePng);
    await writeFile(path.join(OUT, 'replay.png'), replayPng);
    await writeFile(path.join(OUT, 'replay-no-image.png'), noImagePng);
    await assert.rejects(
      screenshotReplay(context, replay, `${live.origin}/not-archived.html`, shot),
      /Archived Page Not Found/,
    );
    // Replay must come from the archive alone, never from the live site.
    assert.deepEqual(live.log.slice(liveRequests), [], 'replay reached the live server');

    const same = await compareScreenshots(livePng, replayPng, {
      diffPath: path.join(OUT, 'diff.png'),
    });
    const missing = await compareScreenshots(livePng, noImagePng, {
      diffPath: path.join(OUT, 'diff-no-image.png'),
    });
    console.log(`live vs replay: diffRatio ${same.diffRatio.toFixed(6)} (${same.diffPixels} px)`);
    console.log(
      `live vs replay without image: diffRatio ${missing.diffRatio.toFixed(6)} (${missing.diffPixels} px)`,
    );
    console.log(`screenshots in ${OUT}`);
    assert(same.diffRatio <= MAX_DIFF, `replay differs from live: ${same.diffRatio}`);
    assert(missing.diffRatio > MAX_DIFF, `a missing image went unnoticed: ${missing.diffRatio}`);
  } finally {
    await replay.close();
    await replayNoImage.close();
    await browser.close();
  }
}

async function main() {
  await mkdir(OUT, { recursive: true });
  /** @type {Resource[]} */
  const resources = [
    { path: '/page.html', type: 'text/html; charset=utf-8', body: Buffer.from(PAGE_HTML) },
    { path: '/pattern.png', type: 'image/png', body: makePattern() },
  ];
  const live = await startLiveServer(resources);
  try {
    const warcPath = path.join(OUT, 'selftest.warc.gz');
    const noImageWarc = path.join(OUT, 'selftest-no-image.warc.gz');
    await writeWarc(warcPath, live.origin, resources);
    await writeWarc(noImageWarc, live.origin, resources.slice(0, 1));
    await checkWarc(warcPath, live.origin, resources);
    await checkReplay(live, warcPath, noImageWarc);
  } finally {
    live.server.closeAllConnections();
    live.server.close();
  }
  console.log('selftest: OK');
}

main().catch((error) => {
  console.error(error);
  console.log('selftest: FAILED');
  process.exitCode = 1;
});
