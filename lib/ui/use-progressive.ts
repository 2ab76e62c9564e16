import { useEffect, useState } from 'preact/hooks';

/** Runs `fn` when the main thread is idle (a timer where idle callbacks do not exist). */
function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    // The timeout keeps a busy page progressing; idle periods come first on a quiet one.
    const handle = requestIdleCallback(fn, { timeout: 500 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(fn, 0);
  return () => clearTimeout(timer);
}

/**
 * How many of `total` items a long list renders now: `first` at once, then `chunk` more in
 * each idle period until all show. Rows below the fold are built only while the page waits
 * for nothing else, so they never delay its first data: an IndexedDB answer arriving meanwhile
 * waits at most one small chunk, where it used to wait for a hundred rows. The second value
 * renders everything at once (keyboard focus moving to a row not built yet).
 */
export function useProgressive(total: number, first: number, chunk: number): [number, () => void] {
  const [shown, setShown] = useState(first);
  useEffect(() => {
    if (shown >= total) return;
    return whenIdle(() => setShown((n) => n + chunk));
  }, [shown, total]);
  return [Math.min(shown, total), () => setShown(Infinity)];
}
