import { browser } from 'wxt/browser';

/** The match pattern covering one server's origin, e.g. `http://127.0.0.1:8000/*`. */
export function originPattern(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.host}/*`;
}

/**
 * Asks the user for access to a sync server's origin. Must run in an extension page inside a
 * user gesture (the options page's Save / Test click handler): Chrome refuses the prompt
 * anywhere else, including the background worker. Resolves true when access is granted.
 */
export async function requestServerPermission(baseUrl: string): Promise<boolean> {
  return browser.permissions.request({ origins: [originPattern(baseUrl)] });
}

/** Whether Cairn may already reach this server's origin. */
export async function hasServerPermission(baseUrl: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [originPattern(baseUrl)] });
  } catch {
    return false;
  }
}

/** Gives up access to a removed server's origin (errors mean it was never granted). */
export async function releaseServerPermission(baseUrl: string): Promise<void> {
  try {
    await browser.permissions.remove({ origins: [originPattern(baseUrl)] });
  } catch {
    // Not granted, or a required permission: nothing to give back.
  }
}
