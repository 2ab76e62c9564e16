// Runs the sync benchmark (bench/sync/sync.bench-run.ts) under Vitest, which provides the
// fake browser storage and fake IndexedDB the sync service runs on in Node.
// Options through the environment: BENCH_ARCHIVES (1000), BENCH_FAILURE_RATE (0.1),
// BENCH_CONCURRENCY (4), BENCH_SEED (7).
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const result = spawnSync(
  'npx',
  ['vitest', 'run', '--config', 'bench/sync/vitest.config.ts', '--reporter=default'],
  { cwd: root, stdio: 'inherit', env: process.env },
);
process.exit(result.status ?? 1);
