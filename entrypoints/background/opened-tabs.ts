import { browser } from 'wxt/browser';
import { isRecordableUrl } from '../../lib/capture';
import { ask, notify, onNotificationButton } from '../../lib/platform/notifications';
import { readCaptureSettings, saveCaptureSettings } from '../../lib/storage/items';
import { errorMessage } from '../../lib/errors';
import { t } from '../../lib/i18n';
import { captureService } from './capture';

/** Questions about an opened tab are named `cairn-opened-<archive id>:<tab id>`. */
const OPENED_TAB_NOTIFICATION = 'cairn-opened-';

/**
 * A tab was created: when a tab being recorded opened it (a link with target=_blank,
 * window.open), it is recorded into the same archive, left alone, or the user is asked,
 * as the "Tabs opened from a recorded tab" setting says.
 */
export async function handleTabCreated(tab: {
  id?: number;
  openerTabId?: number;
  url?: string;
  pendingUrl?: string;
}): Promise<void> {
  if (tab.id === undefined || tab.openerTabId === undefined) return;
  const archiveId = captureService().recordingOfTab(tab.openerTabId);
  if (!archiveId) return;
  // A tab may be created before its address is known (window.open, some links): wait for
  // it. Cairn's own capture tabs stay blank until their capture starts, and are skipped.
  let url = tab.pendingUrl || tab.url || '';
  if (!isRecordableUrl(url)) url = await firstAddress(tab.id);
  if (!isRecordableUrl(url) || captureService().isCapturingTab(tab.id)) return;
  const { openedTabs } = await readCaptureSettings();
  if (openedTabs === 'leave') return;
  if (openedTabs === 'record') {
    await record(archiveId, tab.id);
    return;
  }
  await ask(
    `${OPENED_TAB_NOTIFICATION}${archiveId}:${tab.id}`,
    t('openedTabTitle'),
    t('openedTabMessage', [url]),
    [t('openedTabRecord'), t('openedTabLeave')],
  );
}

/** The user's answer to the question about an opened tab; it is kept for the next ones. */
export async function handleOpenedTabChoice(notificationId: string, button: number): Promise<void> {
  if (!notificationId.startsWith(OPENED_TAB_NOTIFICATION)) return;
  const [archiveId, tabId] = notificationId.slice(OPENED_TAB_NOTIFICATION.length).split(':');
  const recordIt = button === 0;
  await saveCaptureSettings({ openedTabs: recordIt ? 'record' : 'leave' });
  if (recordIt && archiveId && tabId) await record(archiveId, Number(tabId));
}

/** How long a new tab may take to get its address. */
const ADDRESS_WAIT_MS = 10_000;

/** The first address a new tab navigates to (empty when none comes soon). */
function firstAddress(tabId: number): Promise<string> {
  return new Promise((resolve) => {
    const done = (url: string) => {
      clearTimeout(timer);
      browser.tabs.onUpdated.removeListener(listener);
      resolve(url);
    };
    const listener = (id: number, change: { url?: string }) => {
      if (id === tabId && change.url && change.url !== 'about:blank') done(change.url);
    };
    const timer = setTimeout(() => done(''), ADDRESS_WAIT_MS);
    browser.tabs.onUpdated.addListener(listener);
  });
}

async function record(archiveId: string, tabId: number): Promise<void> {
  try {
    await captureService().recordOpenedTab(archiveId, tabId);
  } catch (error) {
    await notify(`cairn-error-${Date.now()}`, t('notifyFailedTitle'), errorMessage(error));
  }
}

/** Listens for tabs that recorded tabs open, and for the answers about them. */
export function setupOpenedTabs(): void {
  browser.tabs.onCreated.addListener((tab) => void handleTabCreated(tab));
  onNotificationButton((id, index) => void handleOpenedTabChoice(id, index));
}
