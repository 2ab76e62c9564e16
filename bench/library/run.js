// Library benchmark: popup time to interactive and search time, for an empty library and for
// 10,000 archives in 300 folders, in the real built extension in Chromium.
//
//   npm run bench:library            (builds first; CAIRN_OUT_DIR picks the build output)
//   node bench/library/run.js [--archives N] [--folders N] [--runs N]
//
// The library is seeded through the real repositories (lib/db/repos, bundled with esbuild)
// evaluated inside one of the extension's own pages, so it lands in the extension's real
// IndexedDB. Figures are printed, never asserted: timings depend on the machine. A blank page
// added to a copy of the build gives the floor under any page of the extension.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchExtension } from '../../test/support/chrome.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const extensionDir = path.resolve(root, process.env.CAIRN_OUT_DIR ?? '.output', 'chrome-mv3');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const ARCHIVES = arg('archives', 10_000);
const FOLDERS = arg('folders', 300);
const RUNS = arg('runs', 9);
/**
 * --profile DIR keeps the browser profile (and its seeded library) for another run. Chromium
 * derives an unpacked extension's id from its folder, so a kept profile only sees its library
 * when the build is loaded from the same CAIRN_OUT_DIR it was seeded with.
 */
const profileArg = process.argv.includes('--profile')
  ? path.resolve(process.argv[process.argv.indexOf('--profile') + 1])
  : undefined;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

async function bundleSeeder() {
  const result = await build({
    entryPoints: [path.join(here, 'seed-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome125',
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

/** The page's cairn:* performance marks (ms from navigation start), by name without "cairn:". */
function marksOf(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('cairn:'))
        .map((m) => [m.name.slice('cairn:'.length), m.startTime]),
    ),
  );
}

/**
 * Opens `file` of the extension in a new tab and returns ms from navigation to data-ready;
 * `marks`, when given, collects the page's cairn:* marks of this open.
 */
async function timeToReady(context, base, file, marks) {
  const page = await context.newPage();
  try {
    await page.goto(`${base}/${file}`, { waitUntil: 'commit' });
    // A MutationObserver in the page notes the moment the page marks itself ready;
    // performance.now() counts from the navigation's start.
    const ready = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const ready = () => document.querySelector('[data-ready="true"]');
          if (ready()) return resolve(performance.now());
          const timer = setTimeout(() => reject(new Error('page never became ready')), 60_000);
          new MutationObserver((_, observer) => {
            if (!ready()) return;
            observer.disconnect();
            clearTimeout(timer);
            resolve(performance.now());
          }).observe(document, { subtree: true, childList: true, attributes: true });
        }),
    );
    const pageMarks = await marksOf(page);
    if (marks) marks.push(pageMarks);
    // The page's own ready mark is the same moment, and also right for a page that was ready
    // before this evaluate could start observing it (the blank floor page).
    return pageMarks.ready ?? ready;
  } finally {
    await page.close();
  }
}

/**
 * Types `query` into the popup's search box, submits it and returns ms until the results
 * heading shows the expected total for it (so the rendered list is the new one), then clears.
 */
async function uiSearch(page, query, total) {
  return page.evaluate(
    async ({ query, expected }) => {
      const input = document.querySelector('input[type="search"]');
      const heading = () => document.querySelector('#archives-heading')?.textContent ?? '';
      const setAndSubmit = async (value) => {
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => requestAnimationFrame(() => r()));
        const t0 = performance.now();
        input.form.requestSubmit();
        return t0;
      };
      const until = (predicate) =>
        new Promise((resolve, reject) => {
          if (predicate()) return resolve(performance.now());
          const timer = setTimeout(
            () => reject(new Error(`timeout; heading: ${heading()}`)),
            30_000,
          );
          const observer = new MutationObserver(() => {
            if (!predicate()) return;
            observer.disconnect();
            clearTimeout(timer);
            resolve(performance.now());
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        });
      const t0 = await setAndSubmit(query);
      // While the search runs the heading says "Searching for …", so wait for the total.
      const t1 = await until(
        () => heading().startsWith(expected) && heading().includes(`“${query}”`),
      );
      await setAndSubmit('');
      await until(() => !heading().includes('“'));
      return t1 - t0;
    },
    { query, expected: String(total) },
  );
}

async function measure(context, base, tools, label, queries) {
  const quiet = await waitForQuietMachine();
  if (!quiet)
    console.log(`  (${label}: the machine never went quiet for a second; figures may run high)`);
  // First open is cold (module compile, DB open); report it apart from the median.
  const popup = [];
  const popupMarks = [];
  for (let i = 0; i < RUNS; i++)
    popup.push(await timeToReady(context, base, 'popup.html?noCapture', popupMarks));
  const library = [];
  for (let i = 0; i < Math.min(RUNS, 5); i++) {
    library.push(await timeToReady(context, base, 'library.html'));
  }
  const tree = await tools.evaluate((runs) => globalThis.cairnBench.timeFolderTree(runs), RUNS);
  const repoSearch = await tools.evaluate(
    ([qs, rounds]) => globalThis.cairnBench.timeSearch(qs, rounds),
    [queries, 5],
  );
  const uiTimes = [];
  const page = await context.newPage();
  await page.goto(`${base}/popup.html?noCapture`);
  await page.waitForSelector('[data-ready="true"]');
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      const total = parseInt(repoSearch.totals[q], 10);
      if (!total) continue; // "0 results" would not tell old from new
      uiTimes.push(await uiSearch(page, q, total));
    }
  }
  await page.close();
  return {
    label,
    popupFirst: popup[0],
    popupMedian: median(popup.slice(1)),
    // Where the popup's time goes: the median of each mark over the warm opens.
    popupMarks: Object.fromEntries(
      [...new Set(popupMarks.slice(1).flatMap((m) => Object.keys(m)))].map((name) => [
        name,
        median(popupMarks.slice(1).map((m) => m[name] ?? NaN)),
      ]),
    ),
    libraryMedian: median(library.slice(1)),
    treeMedian: median(tree),
    repoSearchMedian: median(repoSearch.times),
    repoSearchMax: Math.max(...repoSearch.times),
    uiSearchMedian: uiTimes.length ? median(uiTimes) : NaN,
    totals: repoSearch.totals,
    byQuery: Object.fromEntries(
      Object.entries(repoSearch.byQuery).map(([q, xs]) => [q, median(xs)]),
    ),
  };
}

/**
 * The floor under any extension page's time to interactive on this machine: a blank page
 * (one module that marks itself ready) added to a copy of the same build, opened the same
 * way. Chromium's navigation, renderer and module start-up cost this much before any line of
 * Cairn can run.
 */
async function measureFloor() {
  await waitForQuietMachine();
  const dir = await mkdtemp(path.join(tmpdir(), 'cairn-bench-floor-'));
  const ext = path.join(dir, 'extension');
  await cp(extensionDir, ext, { recursive: true });
  await writeFile(
    path.join(ext, 'floor.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title>' +
      '<script type="module" src="./floor.js"></script></head><body><main></main></body></html>',
  );
  await writeFile(
    path.join(ext, 'floor.js'),
    "performance.mark('cairn:script');\n" +
      "document.querySelector('main').setAttribute('data-ready', 'true');\n" +
      "performance.mark('cairn:ready');\n",
  );
  const { context, base } = await launchExtension(path.join(dir, 'profile'), ext);
  try {
    const times = [];
    for (let i = 0; i < RUNS; i++) times.push(await timeToReady(context, base, 'floor.html'));
    return median(times.slice(1));
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Launches the extension on `profile` with a tools page: an extension page without UI. */
async function launchWithTools(profile, seeder) {
  const { context, base } = await launchExtension(profile, extensionDir);
  // A page of the extension's origin without UI, so nothing but the seeder touches the db.
  const tools = await context.newPage();
  await tools.goto(`${base}/manifest.json`);
  await tools.evaluate(seeder);
  return { context, base, tools };
}

/** Busy and total CPU jiffies since boot, from /proc/stat (Linux); undefined elsewhere. */
async function cpuTimes() {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * Waits (up to 60 s) until the whole machine spent under 15% of its CPU time busy over one
 * second, so a measurement does not start while the browser still compacts its database or a
 * build finishes. Returns false when it never did (or the machine cannot tell).
 */
async function waitForQuietMachine() {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const a = await cpuTimes();
    await new Promise((r) => setTimeout(r, 1000));
    const b = await cpuTimes();
    if (!a || !b) return false;
    if ((b.busy - a.busy) / Math.max(1, b.total - a.total) < 0.15) return true;
  }
  return false;
}

async function main() {
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run "npm run build" first.`);
  }
  const seeder = await bundleSeeder();
  const profile = profileArg ?? (await mkdtemp(path.join(tmpdir(), 'cairn-bench-library-')));
  let { context, base, tools } = await launchWithTools(profile, seeder);
  try {
    await tools.evaluate(() => globalThis.cairnBench.ensureDefaultFolder());

    // Queries: a common word, a mid-frequency one, a rare one, two-word AND, a prefix being
    // typed, a URL host. Chosen from the seeded vocabulary, the same for both libraries.
    const probe = await tools.evaluate(() => globalThis.cairnBench.queryWords());
    const queries = [
      probe.commonWord,
      probe.midWord,
      probe.rareWord,
      `${probe.commonWord} ${probe.midWord}`,
      probe.midWord.slice(0, 3),
      probe.host,
    ];

    console.log(
      `Cairn library bench: Chromium ${context.browser()?.version() ?? ''}, extension ${extensionDir}`,
    );
    // Timings scale with machine load; print it so figures from busy machines are read as such.
    console.log(
      `${cpus().length} CPUs, load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    const existing = await tools.evaluate(() => globalThis.cairnBench.librarySize());
    let empty = {};
    if (existing.archives === 0) {
      empty = await measure(context, base, tools, 'empty library', queries);
      console.log(`Seeding ${ARCHIVES} archives in ${FOLDERS} folders through lib/db/repos ...`);
      const info = await tools.evaluate((opts) => globalThis.cairnBench.seed(opts), {
        folders: FOLDERS,
        archives: ARCHIVES,
        textWords: 250,
        batch: 250,
      });
      console.log(
        `  seeded ${info.archives} archives, ${info.folders} folders in ${(info.ms / 1000).toFixed(1)} s`,
      );
      // Measure the library as a user meets it on another day, not in the seeding's wake: the
      // seeding page's large heap shares the extension's renderer (its garbage collections
      // delay the popup), and the browser is still compacting what was just written. A fresh
      // browser on the same profile drops the first; waiting for a quiet machine, the second.
      await context.close();
      ({ context, base, tools } = await launchWithTools(profile, seeder));
    } else {
      console.log(
        `Reusing ${existing.archives} archives in ${existing.folders} folders of ${profile} (no empty figures)`,
      );
    }
    const full = await measure(context, base, tools, 'full library', queries);

    const row = (name, key) =>
      console.log(
        `${name.padEnd(50)} ${ms(empty[key] ?? NaN).padStart(12)} ${ms(full[key]).padStart(12)}`,
      );
    console.log('');
    console.log(`${'figure'.padEnd(50)} ${'empty'.padStart(12)} ${'full'.padStart(12)}`);
    row('popup time to interactive, first open', 'popupFirst');
    row(`popup time to interactive, median`, 'popupMedian');
    row('library page time to interactive, median', 'libraryMedian');
    row('folder tree with counts (repo), median', 'treeMedian');
    row('search (repo), median', 'repoSearchMedian');
    row('search (repo), slowest', 'repoSearchMax');
    row('search in the popup (submit to rendered), median', 'uiSearchMedian');
    const floor = await measureFloor();
    console.log(
      `${'floor: a blank page of this build, median'.padEnd(50)} ${ms(floor).padStart(12)} ${ms(floor).padStart(12)}`,
    );
    console.log(
      `${'popup time to interactive / floor'.padEnd(50)} ${(empty.popupMedian / floor).toFixed(2).padStart(12)} ${(full.popupMedian / floor).toFixed(2).padStart(12)}`,
    );
    console.log('');
    console.log('popup marks, median ms from navigation start (warm opens):');
    for (const name of Object.keys(full.popupMarks).sort(
      (a, b) => full.popupMarks[a] - full.popupMarks[b],
    )) {
      console.log(
        `  ${name.padEnd(48)} ${ms(empty.popupMarks?.[name] ?? NaN).padStart(12)} ${ms(full.popupMarks[name]).padStart(12)}`,
      );
    }
    console.log('');
    console.log(
      'search (repo) per query, median ("+": common words, the search stopped at enough hits):',
    );
    console.log(
      `  ${'query'.padEnd(24)} ${'matches'.padStart(8)} ${'empty'.padStart(10)} ${'full'.padStart(10)}`,
    );
    for (const q of queries) {
      console.log(
        `  ${JSON.stringify(q).padEnd(24)} ${full.totals[q].padStart(8)} ${ms(empty.byQuery?.[q] ?? NaN).padStart(10)} ${ms(full.byQuery[q]).padStart(10)}`,
      );
    }

    if (profileArg) return; // keep the seeded library intact for the next run
    // Deleting frees storage: estimate before and after purging 1,000 archives.
    const before = await tools.evaluate(() => navigator.storage.estimate());
    const del = await tools.evaluate(() => globalThis.cairnBench.trashAndPurge(1000));
    await new Promise((r) => setTimeout(r, 2000));
    const after = await tools.evaluate(() => navigator.storage.estimate());
    console.log('');
    console.log(`trash 1000 archives: ${ms(del.trashMs)}; purge them: ${ms(del.purgeMs)}`);
    console.log(
      `storage estimate: ${(before.usage / 1e6).toFixed(1)} MB before, ${(after.usage / 1e6).toFixed(1)} MB 2 s after the purge`,
    );
    // The seeded rows are small, so they live inside IndexedDB's LevelDB files, whose space
    // comes back only when LevelDB compacts; a real capture's bodies are files of their own,
    // freed at once (library-archives.e2e.ts proves the estimate drops).
    console.log('  (small rows: their space returns when the database compacts, not at once)');
  } finally {
    await context.close();
    if (!profileArg) await rm(profile, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
