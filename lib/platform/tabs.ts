import { browser } from 'wxt/browser';

/** The active tab of the last focused normal window (what the toolbar button means). */
export async function getActiveTab(): Promise<chrome.tabs.Tab | undefined> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab;
}

/** One tab, or undefined when it no longer exists. */
export async function getTab(tabId: number): Promise<chrome.tabs.Tab | undefined> {
  try {
    return await browser.tabs.get(tabId);
  } catch {
    return undefined;
  }
}

/**
 * Opens a blank tab in the background. Link captures record into it from the very first
 * request: the recorder attaches while it is blank and then navigates it.
 */
export async function openBackgroundTab(openerTabId?: number): Promise<chrome.tabs.Tab> {
  return browser.tabs.create({ url: 'about:blank', active: false, openerTabId });
}

/** Closes a tab, ignoring one that is already gone. */
export async function closeTab(tabId: number): Promise<void> {
  await browser.tabs.remove(tabId).catch(() => undefined);
}

/** Whether the user allowed Cairn to access file:// URLs (chrome://extensions toggle). */
export async function hasFileAccess(): Promise<boolean> {
  return new Promise((resolve) => chrome.extension.isAllowedFileSchemeAccess(resolve));
}
