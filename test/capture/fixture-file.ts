/**
 * Writes the CDP traffic of a capture recorded from real Chromium (RECORD_CDP=1) as a fixture
 * under test/fixtures/cdp/, which the replay tests play back without a browser.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import type { TabTransport } from './chromium';
import { FIXTURE_DIR, type CdpFixture } from './fake-transport';
import type { TestSite } from './site';

const IGNORED_EVENTS = new Set([
  'Network.policyUpdated',
  'Network.resourceChangedPriority',
  'Page.frameResized',
  'Page.frameStartedLoading',
  'Page.frameStoppedLoading',
  'Page.frameStartedNavigating',
  'Page.frameRequestedNavigation',
  'Page.lifecycleEvent',
  'Target.targetInfoChanged',
  'Inspector.workerScriptLoaded',
]);

export async function saveFixture(
  meta: { name: string; description: string; facts?: Record<string, unknown>; recordedBy?: string },
  options: object,
  tab: TabTransport,
  site: TestSite,
): Promise<void> {
  const {
    environment: _e,
    clock: _c,
    onPages: _p,
    ...recorded
  } = options as Record<string, unknown>;
  // Kept small: events the recorder ignores are dropped, bulky fields it never reads removed,
  // and the screenshot replaced by a 1x1 PNG.
  // Events before the recorder's first command belong to the test's own set-up (a page it
  // opened first); a replay would take them for the recording's.
  const first = tab.entries.findIndex((e) => e.type === 'command');
  const entries = tab.entries
    .slice(Math.max(0, first))
    .filter((e) => !IGNORED_EVENTS.has(e.method))
    .map((e) => {
      if (e.type === 'command' && e.method === 'Page.captureScreenshot' && e.result) {
        return {
          ...e,
          result: {
            data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
          },
        };
      }
      if (e.type !== 'event' || !e.params) return e;
      const {
        initiator: _i,
        associatedCookies: _a,
        connectTiming: _t,
        clientSecurityState: _s,
        ...params
      } = e.params as Record<string, unknown>;
      const response = params.response as Record<string, unknown> | undefined;
      if (response) {
        const { timing: _timing, securityDetails: _sec, ...rest } = response;
        params.response = rest;
      }
      return { ...e, params };
    });
  const fixture: CdpFixture = {
    name: meta.name,
    description: meta.description,
    browser: `Chromium 156 (Debian), headless, recorded by ${meta.recordedBy ?? 'test/capture/recorder-chromium.test.ts'} with RECORD_CDP=1`,
    options: recorded as CdpFixture['options'],
    facts: {
      origin: site.origin,
      otherOrigin: site.otherOrigin,
      closedPort: site.closedPort,
      ...meta.facts,
    },
    entries,
  };
  const file = path.join(FIXTURE_DIR, `${meta.name}.json`);
  // Formatted like the rest of the repository, so `prettier --check .` stays clean.
  const config = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(
    file,
    await prettier.format(JSON.stringify(fixture), { ...config, parser: 'json' }),
  );
}
