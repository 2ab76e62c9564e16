import { render, type ComponentType } from 'preact';
import { openDbEarly } from '../db/schema';
import { lastDestinationItem, type CaptureDestination } from '../storage/items';

/** A page that opens on the library and takes the last capture destination. */
export type LibraryPageApp = ComponentType<{ destination: Promise<CaptureDestination> }>;

/**
 * Renders the popup or the library page into #app. The first screen's reads start before the
 * first render, so their browser-process time (the database opening, the storage read)
 * overlaps the render rather than following it.
 */
export function startLibraryPage(App: LibraryPageApp): void {
  performance.mark('cairn:script');
  openDbEarly();
  const destination = lastDestinationItem.getValue();
  render(<App destination={destination} />, document.getElementById('app')!);
}
