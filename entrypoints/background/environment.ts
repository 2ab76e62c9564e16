import { browser } from 'wxt/browser';

/** Who made the capture, for warcinfo and the metadata record. */
export function browserEnvironment(): {
  software: string;
  browserVersion: string;
  userAgent: string;
} {
  const manifest = browser.runtime.getManifest();
  const ua = navigator.userAgent;
  const chromeVersion = /Chrom(?:e|ium)\/([\d.]+)/.exec(ua)?.[1] ?? 'unknown';
  return {
    software: `Cairn/${manifest.version} (Chrome extension; warcio.js)`,
    browserVersion: `Chromium ${chromeVersion}`,
    userAgent: ua,
  };
}
