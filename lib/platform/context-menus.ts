/** Ids of Cairn's context-menu entries. */
export const MENU_ARCHIVE_LINK = 'cairn-archive-link';
export const MENU_ARCHIVE_PAGE = 'cairn-archive-page';
export const MENU_RECORD_TAB = 'cairn-record-tab';

/**
 * (Re)creates the context-menu entries. Must run on install/update (menus persist across
 * worker restarts, so creating them on every start would throw duplicate-id errors).
 */
export async function createContextMenus(titles: {
  link: string;
  page: string;
  record: string;
}): Promise<void> {
  await chrome.contextMenus.removeAll();
  chrome.contextMenus.create({
    id: MENU_ARCHIVE_LINK,
    title: titles.link,
    contexts: ['link'],
    targetUrlPatterns: ['http://*/*', 'https://*/*'],
  });
  chrome.contextMenus.create({ id: MENU_ARCHIVE_PAGE, title: titles.page, contexts: ['page'] });
  chrome.contextMenus.create({ id: MENU_RECORD_TAB, title: titles.record, contexts: ['page'] });
}
