import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './support/browser';
import { useCaptureSuite } from './support/capture-suite';
import {
  listArchives,
  listRecords,
  sendCairn,
  setCaptureSettings,
  stopServiceWorker,
  waitForEnd,
} from './support/extension-state';
import { seededRandom } from '../servers/faults.js';
import type { FixtureSite } from '../fixtures/site/server.js';

// Soak: 50 captures of assorted pages while the service worker is stopped at random moments,
// as Chrome may do at any time. Nothing already stored may be lost, no archive may stay
// "capturing", and every outcome is one a user can read. The figures are printed.

let ext: ExtensionBrowser;
let site: FixtureSite;
let state: Page;

useCaptureSuite('soak', (suite) => {
  ({ ext, site, state } = suite);
});

const CAPTURES = 50;
const PAGES = ['/simple.html', '/form.html', '/', '/slow-forever.html', '/lazy-bottom.html'];

describe('soak', () => {
  it(`${CAPTURES} captures with the worker stopped at random moments lose nothing`, async () => {
    // A short time limit keeps the never-ending and slow pages of the mix from dominating the
    // run; they end as partial (time limit), which is one of the outcomes counted.
    await setCaptureSettings(state, { maxDurationSec: 5 });
    const seed = Number(process.env.CAIRN_SOAK_SEED ?? 9);
    const random = seededRandom(seed);
    // Records seen stored before a stop, as "archive/seq/type/url": each must still exist.
    const storedBeforeStops = new Set<string>();
    const ids: string[] = [];
    let stops = 0;
    for (let i = 0; i < CAPTURES; i++) {
      const path = PAGES[Math.floor(random() * PAGES.length)]!;
      const url = `${site.origin}${path}${path.includes('?') ? '&' : '?'}soak=${i}`;
      const reply = await sendCairn<{ archiveId: string }>(state, 'captureUrl', {
        url,
        trigger: 'url-box',
      });
      expect(reply.ok, JSON.stringify(reply)).toBe(true);
      if (!reply.ok) return;
      const id = reply.result.archiveId;
      ids.push(id);
      if (random() < 0.5) {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 3000)));
        for (const r of await listRecords(state, id)) {
          storedBeforeStops.add(`${id}/${r.seq}/${r.warcType}/${r.url ?? ''}`);
        }
        await stopServiceWorker(ext, state);
        stops++;
      }
      await waitForEnd(state, id, 90_000);
    }

    const archives = (await listArchives(state)).filter((a) => ids.includes(a.id));
    let lost = 0;
    const present = new Set<string>();
    for (const id of ids) {
      for (const r of await listRecords(state, id)) {
        present.add(`${id}/${r.seq}/${r.warcType}/${r.url ?? ''}`);
      }
    }
    for (const key of storedBeforeStops) if (!present.has(key)) lost++;
    const capturing = archives.filter((a) => a.status === 'capturing').length;
    const outcomes = new Map<string, number>();
    for (const a of archives) {
      const kind = `${a.status}${a.reasonCode ? ` (${a.reasonCode})` : ''}`;
      outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
    }
    console.log(
      [
        `soak, seed ${seed}: ${CAPTURES} captures, worker stopped ${stops} times`,
        `  completed records lost: ${lost} (of ${storedBeforeStops.size} stored before a stop)`,
        `  archives left capturing: ${capturing}`,
        `  outcomes: ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}`,
      ].join('\n'),
    );
    expect(lost).toBe(0);
    expect(capturing).toBe(0);
    expect(archives).toHaveLength(CAPTURES);
    // Every archive that is not complete says why.
    expect(archives.filter((a) => a.status !== 'complete' && !a.reason)).toEqual([]);
  }, 900_000);
});
