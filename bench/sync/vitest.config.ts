import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

// The sync benchmark runs the real sync service (Dexie on fake-indexeddb, WXT storage on the
// fake browser) in Node, so it runs under Vitest like the tests; bench/sync/run.js starts it.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['bench/sync/sync.bench-run.ts'],
    environment: 'node',
    setupFiles: ['test/setup/vitest-setup.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 120_000,
  },
});
