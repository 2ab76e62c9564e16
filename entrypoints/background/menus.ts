import { browser } from 'wxt/browser';
import {
  MENU_ARCHIVE_LINK,
  MENU_ARCHIVE_PAGE,
  MENU_RECORD_TAB,
  createContextMenus,
} from '../../lib/platform/context-menus';
import { notify } from '../../lib/platform/notifications';
import { getActiveTab } from '../../lib/platform/tabs';
import { errorMessage } from '../../lib/errors';
import { t } from '../../lib/i18n';
import { captureService } from './capture';

/**
 * Context-menu click handler (exactly what chrome.contextMenus.onClicked calls). "Archive
 * link" records the link in a background tab; "Archive this page" captures the page's tab;
 * "Record this tab" records the tab itself from now on while the user uses it.
 */
export async function handleMenuClick(
  info: Pick<chrome.contextMenus.OnClickData, 'menuItemId' | 'linkUrl' | 'pageUrl'>,
  tab?: Pick<chrome.tabs.Tab, 'id'>,
): Promise<void> {
  try {
    if (info.menuItemId === MENU_ARCHIVE_LINK && info.linkUrl) {
      await captureService().captureUrl(info.linkUrl, {
        trigger: 'link-menu',
        openerTabId: tab?.id,
      });
    } else if (info.menuItemId === MENU_ARCHIVE_PAGE && tab?.id !== undefined) {
      await captureService().captureTab(tab.id, { trigger: 'page-menu' });
    } else if (info.menuItemId === MENU_RECORD_TAB && tab?.id !== undefined) {
      // From the menu there is no question to ask: the page is left as it is.
      await captureService().recordTab(tab.id, { reloadFirst: false });
    }
  } catch (error) {
    await notify(`cairn-error-${Date.now()}`, t('notifyFailedTitle'), errorMessage(error));
  }
}

/** Keyboard-shortcut handler (exactly what chrome.commands.onCommand calls). */
export async function handleCommand(
  command: string,
  tab?: Pick<chrome.tabs.Tab, 'id'>,
): Promise<void> {
  if (command !== 'archive-page') return;
  try {
    const tabId = tab?.id ?? (await getActiveTab())?.id;
    if (tabId === undefined) throw new Error('There is no active tab to archive.');
    await captureService().captureTab(tabId, { trigger: 'command' });
  } catch (error) {
    await notify(`cairn-error-${Date.now()}`, t('notifyFailedTitle'), errorMessage(error));
  }
}

/** Registers the context menus (on install/update) and the click and shortcut listeners. */
export function setupMenusAndCommands(): void {
  browser.runtime.onInstalled.addListener(() => {
    void createContextMenus({
      link: t('menuArchiveLink'),
      page: t('menuArchivePage'),
      record: t('menuRecordTab'),
    });
  });
  chrome.contextMenus.onClicked.addListener((info, tab) => void handleMenuClick(info, tab));
  browser.commands.onCommand.addListener((command, tab) => void handleCommand(command, tab));
}
