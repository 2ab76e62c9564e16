import { afterAll, beforeAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { openStatePage } from './extension-state';
import { startFixtureSite, type FixtureSite } from '../../fixtures/site/server.js';

/** What a capture e2e file works with. */
export interface CaptureSuite {
  /** The built extension in Chromium, fresh profile. */
  ext: ExtensionBrowser;
  /** The fixture site on two loopback ports. */
  site: FixtureSite;
  /** An extension page for raw IndexedDB reads and protocol messages. */
  state: Page;
  /** A scratch folder for saved WARCs, removed afterwards. */
  out: string;
}

/**
 * Registers the set-up every capture e2e file shares (fixture site, extension, state page,
 * scratch folder) and its teardown; `ready` receives the suite once it is up.
 */
export function useCaptureSuite(
  name: string,
  ready: (suite: CaptureSuite) => void | Promise<void>,
): void {
  let suite: Partial<CaptureSuite> = {};
  beforeAll(async () => {
    const out = await mkdtemp(path.join(tmpdir(), `cairn-e2e-${name}-`));
    suite = { out };
    suite.site = await startFixtureSite();
    suite.ext = await launchWithExtension();
    suite.state = await openStatePage(suite.ext);
    await ready(suite as CaptureSuite);
  });
  afterAll(async () => {
    await suite.ext?.close();
    await suite.site?.close();
    if (suite.out) await rm(suite.out, { recursive: true, force: true });
  });
}
