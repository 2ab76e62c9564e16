import { useMemo, useRef } from 'preact/hooks';

type Handlers = Record<string, (...args: never[]) => unknown>;

/**
 * The same handler object on every render, each function calling the latest render's
 * version. Memoized rows can then take the handlers without seeing them change, and so skip
 * re-rendering when their data did not change, while the handlers still see current state.
 * The keys must stay the same between renders.
 */
export function useStableHandlers<T extends Handlers>(impl: T): T {
  const latest = useRef(impl);
  // Preact renders synchronously: no event can run between this render and its commit.
  latest.current = impl;
  return useMemo(() => {
    const stable: Record<string, unknown> = {};
    for (const key of Object.keys(impl)) {
      stable[key] = (...args: never[]) => latest.current[key]!(...args);
    }
    return stable as T;
  }, []);
}
