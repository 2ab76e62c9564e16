// @ts-check
/* global chrome -- evaluated inside the extension's own pages */
// Viewer benchmark: time from opening Cairn's viewer to the first paint of the archived page
// in its replay frame, for a small archive (/simple.html) and for the 200 MB one (/big.html,
// which holds a 200 MB response), in one browser run of the built extension in Chromium.
// Replay reads the archive's own index rows and parses only the records a page asks for, so
// the two should be close. Printed: the median of --runs openings each, and their ratio
// (target: the 200 MB archive's first paint under 1 s).
//   npm run bench:viewer          (builds first)
//   node bench/viewer/run.js [--runs N]
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFixtureSite } from '../../test/fixtures/site/server.js';
import { launchExtension } from '../../test/support/chrome.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const extensionDir = path.resolve(root, process.env.CAIRN_OUT_DIR ?? '.output', 'chrome-mv3');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

/** @param {number[]} xs */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
  console.error(`No build at ${extensionDir}: run "npm run build" first.`);
  process.exit(1);
}

const site = await startFixtureSite();
const profile = await mkdtemp(path.join(tmpdir(), 'cairn-bench-viewer-'));
const { context, base } = await launchExtension(profile, extensionDir, {
  viewport: { width: 1280, height: 900 },
});

try {
  const state = await context.newPage();
  await state.goto(`${base}/library.html`);

  /** Archives a URL through the URL box's path; returns the ended archive row. */
  const archive = async (/** @type {string} */ url) => {
    const reply = await state.evaluate(
      (data) => chrome.runtime.sendMessage({ cairn: 1, name: 'captureUrl', data }),
      { url, trigger: 'url-box' },
    );
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const id = reply.result.archiveId;
    for (;;) {
      const row = await state.evaluate(
        (archiveId) =>
          new Promise((resolve) => {
            const open = indexedDB.open('cairn');
            open.onsuccess = () => {
              const get = open.result
                .transaction('archives')
                .objectStore('archives')
                .get(archiveId);
              get.onsuccess = () => {
                resolve(get.result);
                open.result.close();
              };
            };
          }),
        id,
      );
      if (row && row.status !== 'capturing') return row;
      await state.waitForTimeout(500);
    }
  };

  /** Opens the viewer and returns ms from its navigation start to the replay's first paint. */
  const firstPaint = async (/** @type {string} */ archiveId) => {
    const viewer = await context.newPage();
    await viewer.goto(`${base}/viewer.html?archive=${archiveId}`);
    const start = await viewer.evaluate(() => performance.timeOrigin);
    let frame;
    for (let i = 0; i < 600 && !frame; i++) {
      frame = viewer.frames().find((f) => f.url().startsWith('https://replay.cairn.invalid/'));
      if (!frame) await viewer.waitForTimeout(20);
    }
    if (!frame) throw new Error('no replay frame');
    const painted = await frame.evaluate(
      () =>
        new Promise((resolve) => {
          const done = (/** @type {PerformanceEntry} */ entry) =>
            resolve(performance.timeOrigin + entry.startTime);
          const seen = performance.getEntriesByName('first-contentful-paint')[0];
          if (seen) return done(seen);
          new PerformanceObserver((list) => {
            const entry = list.getEntriesByName('first-contentful-paint')[0];
            if (entry) done(entry);
          }).observe({ type: 'paint', buffered: true });
        }),
    );
    await viewer.close();
    return Number(painted) - start;
  };

  const small = await archive(`${site.origin}/simple.html`);
  const big = await archive(`${site.origin}/big.html`);
  const size = (/** @type {{ size: number }} */ a) =>
    a.size < 1048576 ? `${(a.size / 1024).toFixed(0)} KB` : `${(a.size / 1048576).toFixed(1)} MB`;
  console.log(`small archive: ${size(small)} (${small.status}); big: ${size(big)} (${big.status})`);

  const smallTimes = [];
  const bigTimes = [];
  for (let i = 0; i < RUNS; i++) {
    smallTimes.push(await firstPaint(small.id));
    bigTimes.push(await firstPaint(big.id));
  }
  const s = median(smallTimes);
  const b = median(bigTimes);
  console.log(`first paint in the viewer, median of ${RUNS}:`);
  console.log(`  small archive    ${s.toFixed(0)} ms`);
  console.log(`  200 MB archive   ${b.toFixed(0)} ms (target under 1000 ms)`);
  console.log(`  ratio big/small  ${(b / s).toFixed(2)}`);
} finally {
  await context.close();
  await site.close();
  await rm(profile, { recursive: true, force: true });
}
