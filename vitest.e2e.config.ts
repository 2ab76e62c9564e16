import { defineConfig } from 'vitest/config';

// End-to-end tests: the built extension in a real Chromium. One file at a time, since each
// starts its own browser and the machine has two cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
