import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/**
 * Subscribes a Preact component to a Dexie query; it re-renders whenever the background writes
 * to the tables the query read (Dexie propagates changes across extension pages).
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: setValue,
      error: (error) => console.error('[cairn] live query failed', error),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return value;
}
