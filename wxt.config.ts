import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Chromium MV3 only: capture depends on chrome.debugger (CDP), which Firefox lacks.
export default defineConfig({
  // Explicit imports keep grep, lint and vi.mock targets obvious (house style).
  imports: false,
  // wxt/browser is webextension-polyfill's promise-based `browser` (the design card's
  // choice): the standard WebExtension API everywhere, so code written here does not tie
  // itself to chrome.* callbacks.
  modules: ['@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  browser: 'chrome',
  // CAIRN_OUT_DIR lets parallel builds (benchmarks, a second checkout) keep separate outputs;
  // the e2e harness reads the same variable.
  outDir: process.env.CAIRN_OUT_DIR ?? '.output',
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    minimum_chrome_version: '125',
    // Only what capture needs today; sync adds its hosts as optional permissions at run time.
    permissions: [
      'debugger',
      'tabs',
      'contextMenus',
      'storage',
      'unlimitedStorage',
      'notifications',
      // Sync: the outbox is drained on alarms, so it survives worker and browser restarts.
      'alarms',
    ],
    // Sync servers' origins, requested one at a time from the options page (user gesture).
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // warcio hashes with hash-wasm (WebAssembly), which MV3 blocks unless allowed here.
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';",
    },
    action: {
      default_title: '__MSG_actionTitle__',
    },
    commands: {
      'archive-page': {
        suggested_key: { default: 'Alt+Shift+A' },
        description: '__MSG_commandArchivePage__',
      },
    },
  },
});
