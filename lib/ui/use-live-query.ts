import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/**
 * Subscribes a Preact component to a Dexie query; it re-renders whenever the background writes
 * to the tables the query read (Dexie propagates changes across extension pages).
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[], initial: T): T {
  return useLiveQueryState(query, deps, initial).value;
}

/**
 * Like useLiveQuery, and also says whether the current `deps` have delivered a result yet
 * (pages mark themselves ready only once real data is on screen).
 */
export function useLiveQueryState<T>(
  query: () => Promise<T>,
  deps: unknown[],
  initial: T,
): { value: T; loaded: boolean } {
  const [state, setState] = useState<{ value: T; loaded: boolean }>({
    value: initial,
    loaded: false,
  });
  useEffect(() => {
    // Keep the previous value while the new query runs (no flash of an empty list).
    setState((s) => (s.loaded ? { ...s, loaded: false } : s));
    const subscription = liveQuery(query).subscribe({
      next: (value) => setState({ value, loaded: true }),
      error: (error) => console.error('[cairn] live query failed', error),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return state;
}
