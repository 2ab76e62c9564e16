import { render, type ComponentType } from 'preact';
import { openDbEarly } from '../db/schema';
import { lastDestinationItem, type CaptureDestination } from '../storage/items';
import { readUiState, type BrowserLayout, type BrowserUiState } from '../storage/ui-state';

/**
 * A page that opens on the library: it takes the last capture destination and where its
 * library browser was left on this device.
 */
export type LibraryPageApp = ComponentType<{
  destination: Promise<CaptureDestination>;
  ui: Promise<BrowserUiState>;
}>;

/**
 * Renders the popup or the library page into #app. The first screen's reads start before the
 * first render, so their browser-process time (the database opening, the storage read)
 * overlaps the render rather than following it.
 */
export function startLibraryPage(App: LibraryPageApp, layout: BrowserLayout): void {
  performance.mark('cairn:script');
  // The small UI-state database first: its open is what the browser waits for last.
  const ui = readUiState(layout);
  openDbEarly();
  const destination = lastDestinationItem.getValue();
  void ui.then(() => performance.mark('cairn:ui'));
  render(<App destination={destination} ui={ui} />, document.getElementById('app')!);
}
