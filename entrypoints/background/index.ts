import { defineBackground } from '#imports';
import { setupMessages } from './messages';
import { setupCapture } from './capture';
import { setupTrash } from './trash';
import { setupSync } from './sync';
import { setupMenusAndCommands, handleMenuClick, handleCommand } from './menus';
import { setupOpenedTabs, handleOpenedTabChoice } from './opened-tabs';

export default defineBackground(() => {
  // Listeners first and synchronously: an event that woke the worker must not be missed.
  setupMessages();
  setupMenusAndCommands();
  setupCapture();
  setupOpenedTabs();
  setupTrash();
  setupSync();
  // The same handlers chrome.contextMenus / chrome.commands call, reachable from the worker's
  // own console and from end-to-end tests (web pages cannot reach the worker's global scope).
  Object.assign(globalThis, { cairn: { handleMenuClick, handleCommand, handleOpenedTabChoice } });
});
