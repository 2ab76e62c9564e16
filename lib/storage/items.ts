import { storage } from 'wxt/utils/storage';

/** User-tunable capture settings (chrome.storage.local; no secrets here). */
export interface CaptureSettings {
  /** Per-body cap in bytes; a longer body is stored truncated and marked WARC-Truncated. */
  maxBodySize: number;
  /** Hard time limit of one capture; the page is kept as it was when the limit hit. */
  maxDurationSec: number;
  /** Quiet network period after load before a capture is considered settled. */
  idleMs: number;
  /** Scroll through the page to load lazy content before finishing. */
  autoScroll: boolean;
  /** Store a full-page screenshot in the WARC. */
  screenshot: boolean;
  /**
   * Minutes during which opening the popup on a page already archived shows that archive
   * (with "Archive again") instead of making another copy; 0 turns the check off.
   */
  duplicateWindowMin: number;
  /** "Record this tab" stops after this many minutes without activity in the tab. */
  recordIdleMin: number;
  /**
   * Tabs a recorded tab opens (target=_blank, window.open): ask each time (the answer is
   * remembered here), record them into the same archive, or leave them alone.
   */
  openedTabs: 'ask' | 'record' | 'leave';
}

/** Defaults: generous enough for video-sized bodies, short enough that nothing hangs. */
export const DEFAULT_CAPTURE_SETTINGS: CaptureSettings = {
  maxBodySize: 1024 * 1024 * 1024,
  maxDurationSec: 60,
  idleMs: 1500,
  autoScroll: true,
  screenshot: true,
  duplicateWindowMin: 10,
  recordIdleMin: 30,
  openedTabs: 'ask',
};

/** Capture settings (versioned so later changes can migrate). */
export const captureSettingsItem = storage.defineItem<CaptureSettings>('local:captureSettings', {
  fallback: DEFAULT_CAPTURE_SETTINGS,
  version: 1,
});

/** Folder and private flag the user last chose, reused for the next capture. */
export interface CaptureDestination {
  folderId?: string;
  isPrivate: boolean;
}

/** The last destination used (the library remembers the folder between captures). */
export const lastDestinationItem = storage.defineItem<CaptureDestination>('local:lastDestination', {
  fallback: { isPrivate: false },
  version: 1,
});

/** Reads settings, filling fields added after the user's copy was saved. */
export async function readCaptureSettings(): Promise<CaptureSettings> {
  return { ...DEFAULT_CAPTURE_SETTINGS, ...(await captureSettingsItem.getValue()) };
}

/** Saves part of the capture settings over the stored ones. */
export async function saveCaptureSettings(patch: Partial<CaptureSettings>): Promise<void> {
  await captureSettingsItem.setValue({ ...(await readCaptureSettings()), ...patch });
}
