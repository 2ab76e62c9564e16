import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  extensionHandle,
  extensionWorker,
  launchExtensionContext,
  type ExtensionBrowser,
} from './support/browser';

/**
 * Host permissions: chrome.permissions.request opens a native prompt that headless Chromium
 * shows to nobody, so the promise never settles, and Playwright cannot answer extension
 * prompts (microsoft/playwright#32755). What works: launch once to install the unpacked
 * extension, write the grant into the profile's Preferences (extensions.settings.<id>:
 * granted_permissions, active_permissions and runtime_granted_permissions .explicit_host),
 * and launch again. Chrome then treats the origin as granted, permissions.contains() is true,
 * and the options page's permissions.request() resolves true at once without a prompt. The
 * origin must still be declared in the manifest's optional_host_permissions, otherwise
 * request() rejects with "Only permissions specified in the manifest may be requested."
 */
export const GRANTED_HOSTS = ['http://127.0.0.1/*'];

/** The same handle as launchWithExtension's, so the shared e2e helpers accept it. */
export type GrantedBrowser = ExtensionBrowser;

/**
 * Chromium with the built Cairn (CAIRN_OUT_DIR) loaded on a fresh profile, with `hosts` already
 * granted as optional host permissions (see above).
 */
export async function launchWithGrantedHosts(hosts: string[]): Promise<GrantedBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'cairn-e2e-options-'));
  const first = await launchExtensionContext(profile);
  const extensionId = new URL((await extensionWorker(first)).url()).host;
  await first.close();
  const prefsFile = path.join(profile, 'Default', 'Preferences');
  const prefs = JSON.parse(await readFile(prefsFile, 'utf8'));
  const settings = prefs.extensions.settings[extensionId];
  const empty = { api: [], explicit_host: [], manifest_permissions: [], scriptable_host: [] };
  for (const key of ['granted_permissions', 'active_permissions', 'runtime_granted_permissions']) {
    settings[key] = { ...empty, ...settings[key], explicit_host: hosts };
  }
  await writeFile(prefsFile, JSON.stringify(prefs));
  const context = await launchExtensionContext(profile);
  return extensionHandle(context, extensionId, profile);
}

/** axe-core's violations on the page (WCAG 2 A/AA rules). */
export async function axeViolations(page: Page): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const source = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through CDP: the page's CSP (rightly) refuses inline script tags.
  await page.evaluate(source);
  return page.evaluate(async () => {
    interface AxeResult {
      violations: Array<{ id: string; nodes: Array<{ target: string[] }> }>;
    }
    const axe = (
      window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<AxeResult> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    });
    return result.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
}
