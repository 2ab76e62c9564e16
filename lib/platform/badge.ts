import { browser } from 'wxt/browser';

const COLORS = { busy: '#b45309', done: '#15803d', warn: '#b45309', error: '#b91c1c' } as const;

/** Shows a short status on the toolbar icon of one tab. */
export async function setBadge(
  tabId: number,
  text: string,
  tone: keyof typeof COLORS,
): Promise<void> {
  try {
    await browser.action.setBadgeBackgroundColor({ tabId, color: COLORS[tone] });
    await browser.action.setBadgeText({ tabId, text });
  } catch {
    // The tab may be gone (link captures close theirs); the badge is only a hint.
  }
}

/** Clears the badge of one tab. */
export async function clearBadge(tabId: number): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: '' }).catch(() => undefined);
}
