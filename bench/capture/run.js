// @ts-check
/* global chrome -- evaluated inside the extension's own pages and worker */
// Capture benchmark, in one browser run of the built extension in Chromium:
//  1. load time of a heavy page (156 subresources, ~30 MB) recorded versus not recorded,
//     alternating runs, beside two floors measured the same way: the debugger attached with
//     Network events on, and with Fetch interception added (every response paused and let
//     through at once), nothing recorded. Recorded runs take the toolbar button's path (a
//     background capture tab); printed: recorded load / Fetch floor (target at most 1.05),
//     time until the archive is complete / plain load (target at most 3), and where that
//     time goes (quiet period, scroll, screenshot and text, body reads, last writes), then
//     how long the deflate deferred to after the capture takes, and what it saves;
//  2. peak JS heap of the background service worker while a 1 GB response is captured
//     (--big-mb N for another size), measured through the DevTools protocol (target: it grows
//     by less than 64 MB).
// Figures are printed, never asserted.
//   npm run bench:capture          (builds first)
//   node bench/capture/run.js [--runs N]
import WebSocket from 'ws';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHeavySite } from './heavy-site.js';
import { launchExtension } from '../../test/support/chrome.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const extensionDir = path.resolve(root, process.env.CAIRN_OUT_DIR ?? '.output', 'chrome-mv3');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const bigArg = process.argv.indexOf('--big-mb');
const BIG_MB = bigArg > 0 ? Number(process.argv[bigArg + 1]) : 1024;
/** Cairn's deferred body reads running at once (lib/capture/traffic.ts). */
const READS_IN_FLIGHT = 4;
const DEBUG_PORT = 9300 + Math.floor(Math.random() * 500);

/** @param {number[]} xs */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mb = (/** @type {number} */ bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
  console.error(`No build at ${extensionDir}: run "npm run build" first.`);
  process.exit(1);
}

const site = await startHeavySite();
const profile = await mkdtemp(path.join(tmpdir(), 'cairn-bench-'));
const { context, worker, base } = await launchExtension(profile, extensionDir, {
  viewport: { width: 1280, height: 900 },
  args: [`--remote-debugging-port=${DEBUG_PORT}`],
});

try {
  const control = await context.newPage();
  await control.goto(`${base}/popup.html?noCapture`);

  /** Sends a protocol message as Cairn's pages do. */
  const send = (/** @type {string} */ name, /** @type {unknown} */ data) =>
    control.evaluate(({ name, data }) => chrome.runtime.sendMessage({ cairn: 1, name, data }), {
      name,
      data,
    });

  /** Waits until an archive has left 'capturing' (raw IndexedDB read, like the e2e helpers). */
  const waitForEnd = async (/** @type {string} */ id) => {
    for (;;) {
      const row = await control.evaluate(
        (archiveId) =>
          new Promise((resolve, reject) => {
            const open = indexedDB.open('cairn');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const request = open.result
                .transaction('archives')
                .objectStore('archives')
                .get(archiveId);
              request.onsuccess = () => {
                open.result.close();
                resolve(request.result);
              };
            };
          }),
        id,
      );
      if (row && row.status !== 'capturing') return row;
      await control.waitForTimeout(200);
    }
  };

  /**
   * Waits until the capture's deferred deflate has run (the archive is off the pending list
   * kept with idb-keyval), so it never overlaps the next measured load. Returns the time.
   */
  const waitForDeflate = async (/** @type {string} */ id) => {
    const started = Date.now();
    for (;;) {
      const pending = await control.evaluate(
        (archiveId) =>
          new Promise((resolve, reject) => {
            const open = indexedDB.open('cairn-work');
            open.onerror = () => reject(open.error);
            open.onupgradeneeded = () => open.result.createObjectStore('state');
            open.onsuccess = () => {
              const request = open.result.transaction('state').objectStore('state').get('deflate');
              request.onsuccess = () => {
                open.result.close();
                resolve((request.result ?? []).includes(archiveId));
              };
            };
          }),
        id,
      );
      if (!pending) return Date.now() - started;
      await control.waitForTimeout(100);
    }
  };

  // --- 1. recorded versus plain load time --------------------------------------------------
  const page = await context.newPage();
  await page.goto(site.url, { waitUntil: 'load' });
  const tabId = await worker.evaluate(
    async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id,
    site.url,
  );
  /** Load time of the page's current document: navigation start to the end of load. */
  const loadTime = () =>
    page.evaluate(() => {
      const [nav] = /** @type {PerformanceNavigationTiming[]} */ (
        performance.getEntriesByType('navigation')
      );
      return nav.loadEventEnd - nav.startTime;
    });

  /**
   * Load time with the debugger attached by hand (see the floors below); detached after.
   * With `readBodies`, also the time to read every response body once after the load, as
   * Cairn's deferred reads do (Network.getResponseBody, READS_IN_FLIGHT at a time), with
   * nothing decoded, hashed or stored: the least reading them through chrome.debugger costs.
   */
  const floorLoad = async (/** @type {boolean} */ withFetch, readBodies = false) => {
    await worker.evaluate(
      async ({ id, withFetch }) => {
        const target = { tabId: id };
        const g = /** @type {any} */ (globalThis);
        if (!g.benchContinue) {
          // Only during floor runs: Cairn's own captures answer their pauses themselves.
          g.benchContinue = (
            /** @type {any} */ source,
            /** @type {string} */ method,
            /** @type {any} */ params,
          ) => {
            if (source.tabId !== g.benchFloorTab) return;
            if (method === 'Network.loadingFinished') g.benchFinished.push(params.requestId);
            if (method !== 'Fetch.requestPaused') return;
            void chrome.debugger
              .sendCommand(source, 'Fetch.continueResponse', { requestId: params.requestId })
              .catch(() =>
                chrome.debugger
                  .sendCommand(source, 'Fetch.continueRequest', { requestId: params.requestId })
                  .catch(() => undefined),
              );
          };
          chrome.debugger.onEvent.addListener(g.benchContinue);
        }
        g.benchFloorTab = id;
        g.benchFinished = [];
        await chrome.debugger.attach(target, '1.3');
        // Cairn's buffer sizes (lib/capture/target-sessions.ts), so every body is still there.
        await chrome.debugger.sendCommand(target, 'Network.enable', {
          maxTotalBufferSize: 256 * 1024 * 1024,
          maxResourceBufferSize: 48 * 1024 * 1024,
        });
        await chrome.debugger.sendCommand(target, 'Network.setCacheDisabled', {
          cacheDisabled: true,
        });
        if (withFetch)
          await chrome.debugger.sendCommand(target, 'Fetch.enable', {
            patterns: [{ urlPattern: '*', requestStage: 'Response' }],
          });
      },
      { id: tabId, withFetch },
    );
    await page.goto(site.url, { waitUntil: 'load' });
    const ms = await loadTime();
    const readMs = await worker.evaluate(
      async ({ id, readBodies, inFlight }) => {
        const target = { tabId: id };
        const g = /** @type {any} */ (globalThis);
        let readMs = 0;
        if (readBodies) {
          const queue = [...g.benchFinished];
          const started = performance.now();
          const reader = async () => {
            for (let requestId = queue.shift(); requestId; requestId = queue.shift())
              await chrome.debugger
                .sendCommand(target, 'Network.getResponseBody', { requestId })
                .catch(() => undefined);
          };
          await Promise.all(Array.from({ length: inFlight }, reader));
          readMs = performance.now() - started;
        }
        await chrome.debugger.detach(target);
        g.benchFloorTab = undefined;
        return readMs;
      },
      { id: tabId, readBodies, inFlight: READS_IN_FLIGHT },
    );
    return { ms, readMs };
  };

  const plain = [];
  const floor = [];
  const fetchFloor = [];
  /** Reading every body once after the Fetch floor's load, nothing stored, ms. */
  const readFloor = [];
  const recorded = [];
  /** Click to archive complete (row created to row ended), ms. */
  const complete = [];
  /** @type {Record<string, number>[]} */
  const milestones = [];
  /** Time from the archive's completion until its deferred deflate had run, ms. */
  const deflates = [];
  /** The archive's stored size when complete, then after the deflate. */
  const sizes = [];
  for (let run = 0; run < RUNS; run++) {
    // Plain: the same tab, cache disabled through DevTools as the recorder disables it.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.goto(site.url, { waitUntil: 'load' });
    plain.push(await loadTime());
    await cdp.detach();

    // Floors, with the extension's own chrome.debugger and nothing recorded: Network events
    // alone (the least any chrome.debugger recorder costs here), then Fetch interception as
    // architecture.md prescribes, each response paused and let through at once.
    floor.push((await floorLoad(false)).ms);
    const withFetch = await floorLoad(true, true);
    fetchFloor.push(withFetch.ms);
    readFloor.push(withFetch.readMs);

    // Recorded: the toolbar button's path. Cairn loads the page's address in a background
    // capture tab of its own (the user's tab is not touched) and records every response; the
    // load and the later milestones are the archive's own timings, from the capture's start.
    const reply = await send('captureTab', { tabId, trigger: 'action', again: true });
    if (!reply.ok) throw new Error(`capture failed to start: ${reply.error.message}`);
    const archive = await waitForEnd(reply.result.archiveId);
    if (archive.status !== 'complete')
      throw new Error(`capture ${archive.status}: ${archive.reason}`);
    recorded.push(archive.timings.load);
    complete.push(archive.endedAt - archive.createdAt);
    milestones.push(archive.timings);
    const sizeComplete = archive.size;
    deflates.push(await waitForDeflate(archive.id));
    const deflated = await waitForEnd(archive.id);
    sizes.push([sizeComplete, deflated.size]);
  }
  const ratio = median(recorded) / median(plain);
  const floorRatio = median(floor) / median(plain);
  const fetchFloorRatio = median(fetchFloor) / median(plain);
  /** One series of load times: its median, then every run. */
  const series = (/** @type {string} */ label, /** @type {number[]} */ xs) =>
    console.log(
      `${label.padEnd(14)} (median of ${RUNS}): ${median(xs).toFixed(0)} ms  [${xs.map((x) => x.toFixed(0)).join(', ')}]`,
    );
  console.log(`heavy page: ${site.stats.subresources} subresources, ${mb(site.stats.totalBytes)}`);
  series('plain load', plain);
  series('debugger floor', floor);
  series('Fetch floor', fetchFloor);
  series('recorded load', recorded);
  console.log(
    `debugger floor / plain load time: ${floorRatio.toFixed(2)} (chrome.debugger with Network events alone, nothing recorded)`,
  );
  console.log(
    `Fetch floor / plain load time: ${fetchFloorRatio.toFixed(2)} (plus Fetch interception, every response paused and let through at once)`,
  );
  console.log(
    `recorded / plain load time: ${ratio.toFixed(2)} (in the background capture tab, from the capture's start)`,
  );
  const overFetch = median(recorded) / median(fetchFloor);
  console.log(
    `recorded load / Fetch floor: ${overFetch.toFixed(2)} (target <= 1.05) ${overFetch <= 1.05 ? 'OK' : 'OVER TARGET'}`,
  );
  const completeRatio = median(complete) / median(plain);
  series('complete', complete);
  console.log(
    `archive complete / plain load time: ${completeRatio.toFixed(2)} (target <= 3) ${completeRatio <= 3 ? 'OK' : 'OVER TARGET'}`,
  );
  // What any recorder using Fetch interception and chrome.debugger body reads must spend on
  // this page, before it stores, scrolls or screenshots anything: the Fetch floor's load,
  // then every body read once.
  series('read floor', readFloor);
  const bodyFloor = median(fetchFloor) + median(readFloor);
  console.log(
    `Fetch floor + read floor / plain load time: ${(bodyFloor / median(plain)).toFixed(2)} (every body read after the load with Network.getResponseBody, ${READS_IN_FLIGHT} at a time, nothing stored)`,
  );
  console.log(
    `archive complete / (Fetch floor + read floor): ${(median(complete) / bodyFloor).toFixed(2)}`,
  );
  // Where the wait goes: each step's median duration, from one milestone to the next. The
  // scroll starts once the page is parsed, which can be before its load event: the part
  // after the load is what the load did not already cover.
  const overlap = milestones
    .filter((m) => m.idle !== undefined && m.load !== undefined)
    .map((m) => Math.max(0, m.load - m.idle));
  if (overlap.length > 0)
    console.log(`  auto-scroll began ${median(overlap).toFixed(0)} ms before the load event`);
  for (const m of milestones) if (m.idle !== undefined) m.idle = Math.max(m.idle, m.load ?? 0);
  const steps = [
    ['navigate', 'tab setup before the load'],
    ['load', 'page load'],
    ['idle', 'wait before the scroll'],
    ['scrollDone', 'auto-scroll (after the load)'],
    ['finishing', 'quiet after the scroll'],
    ['extras', 'screenshot and text'],
    ['reads', 'deferred body reads'],
    ['drained', 'last record writes'],
    ['written', 'metadata and release'],
  ];
  let previous = 'start';
  for (const [key, label] of steps) {
    const durations = milestones
      .filter((m) => m[key] !== undefined)
      .map((m) => m[key] - (previous === 'start' ? 0 : (m[previous] ?? m[key])));
    if (durations.length === 0) continue;
    console.log(`  ${label.padEnd(36)} ${median(durations).toFixed(0)} ms`);
    previous = key;
  }

  const [sizeComplete, sizeDeflated] = sizes[sizes.length - 1];
  console.log(
    `deflate after the capture (background, nobody waits): ${median(deflates).toFixed(0)} ms; the archive went from ${mb(sizeComplete)} to ${mb(sizeDeflated)}`,
  );

  // --- 2. service worker heap while a big response is captured ----------------------------
  const targets = await (await fetch(`http://127.0.0.1:${DEBUG_PORT}/json/list`)).json();
  const swTarget = targets.find(
    (/** @type {{ type: string, url: string }} */ t) =>
      t.type === 'service_worker' && t.url.startsWith(`${base}/`),
  );
  if (!swTarget) throw new Error('the extension service worker is not listed');
  const ws = new WebSocket(swTarget.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let nextId = 1;
  /** @type {Map<number, (value: any) => void>} */
  const pending = new Map();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  const call = (/** @type {string} */ method, params = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  const heap = async () =>
    /** @type {{ usedSize: number }} */ (await call('Runtime.getHeapUsage')).usedSize;

  await call('HeapProfiler.collectGarbage');
  const baseline = await heap();
  let peak = baseline;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await heap());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  // A gigabyte takes longer than the default time limit to arrive.
  await control.evaluate(async () => {
    const current = (await chrome.storage.local.get('captureSettings')).captureSettings ?? {};
    await chrome.storage.local.set({ captureSettings: { ...current, maxDurationSec: 900 } });
  });
  const started = Date.now();
  const big = await send('captureUrl', {
    url: `${site.origin}/big.html?src=/big/${BIG_MB}mb.bin`,
    trigger: 'url-box',
  });
  if (!big.ok) throw new Error(`big capture failed to start: ${big.error.message}`);
  const bigArchive = await waitForEnd(big.result.archiveId);
  sampling = false;
  await sampler;
  ws.close();
  console.log(
    `${BIG_MB} MB capture: ${bigArchive.status}, ${mb(bigArchive.size)} stored in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(
    `service worker heap: baseline ${mb(baseline)}, peak ${mb(peak)}, growth ${mb(peak - baseline)} (target < 64 MB) ${peak - baseline < 64 * 1048576 ? 'OK' : 'OVER TARGET'}`,
  );
} finally {
  await context.close();
  await site.close();
  await rm(profile, { recursive: true, force: true });
}
