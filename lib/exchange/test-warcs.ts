import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const venv = resolve(__dirname, '../../.venv/bin');

/** The WARC files of test/fixtures/warc/make_warcs.py, written by Python warcio. */
export function makeWarcs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-warcs-'));
  const made = spawnSync(
    join(venv, 'python'),
    [resolve(__dirname, '../../test/fixtures/warc/make_warcs.py'), dir],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(made.stderr);
  return dir;
}
