// Opens Debian's Chromium (or CHROME_PATH) with the built extension on a fresh, throw-away
// profile. `npm start` builds first. Branded Google Chrome ignores --load-extension.
import { spawn } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const extension = path.resolve('.output/chrome-mv3');
if (!existsSync(path.join(extension, 'manifest.json'))) {
  console.error('No build found: run "npm run build" (npm start does it for you).');
  process.exit(1);
}
const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
const profile = mkdtempSync(path.join(tmpdir(), 'cairn-profile-'));
const args = [
  `--user-data-dir=${profile}`,
  `--disable-extensions-except=${extension}`,
  `--load-extension=${extension}`,
  '--no-first-run',
  '--no-default-browser-check',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ...process.argv.slice(2),
];
console.log(`Starting ${chrome} with Cairn (profile ${profile})`);
const child = spawn(chrome, args, { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
