import { liveQuery } from 'dexie';
import { useLayoutEffect, useState } from 'preact/hooks';

/**
 * Subscribes a Preact component to a Dexie query; it re-renders whenever the background writes
 * to the tables the query read (Dexie propagates changes across extension pages).
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[], initial: T): T {
  return useLiveValue(query, deps, initial, false).value;
}

/**
 * Like useLiveQuery, and also says whether the value answers the current `deps` (pages mark
 * themselves ready only once real data is on screen). While a new query runs, the previous
 * value stays (no flash of an empty list) but `loaded` is false.
 */
export function useLiveQueryState<T>(
  query: () => Promise<T>,
  deps: unknown[],
  initial: T,
): { value: T; loaded: boolean } {
  return useLiveValue(query, deps, initial, true);
}

/**
 * The subscription behind both hooks. Without `trackLoaded` an answer equal to the value
 * shown changes nothing: a popup's "no current capture" answer used to render it all again.
 */
function useLiveValue<T>(
  query: () => Promise<T>,
  deps: unknown[],
  initial: T,
  trackLoaded: boolean,
): { value: T; loaded: boolean } {
  const key = JSON.stringify(deps);
  const [state, setState] = useState<{ value: T; key?: string }>({ value: initial });
  // A layout effect subscribes in the same task as the render: Preact runs plain effects only
  // after the next frame, and a page's chain of queries (tree, then list) paid that each time.
  useLayoutEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) =>
        setState((prev) => (!trackLoaded && Object.is(prev.value, value) ? prev : { value, key })),
      error: (error) => console.error('[cairn] live query failed', error),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return { value: state.value, loaded: state.key === key };
}
