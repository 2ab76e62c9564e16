// @ts-check
// The Chromium every test and benchmark drives, and the flags for a quiet, offline,
// deterministic browser (the machine has no network beyond loopback).

/**
 * Debian's chromium by default; CHROME_PATH for another Chromium build. Branded Google Chrome
 * ignores --load-extension, so it cannot run the extension tests.
 */
export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Flags shared by every launch. */
export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
