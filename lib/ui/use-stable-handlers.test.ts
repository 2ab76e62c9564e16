// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, renderHook } from '@testing-library/preact';
import { useStableHandlers } from './use-stable-handlers';

afterEach(cleanup);

describe('useStableHandlers', () => {
  it('keeps one object across renders whose functions call the latest render', () => {
    const { result, rerender } = renderHook(
      ({ n }: { n: number }) => useStableHandlers({ add: (x: number) => x + n }),
      { initialProps: { n: 1 } },
    );
    const first = result.current;
    expect(first.add(1)).toBe(2);
    rerender({ n: 10 });
    expect(result.current).toBe(first);
    expect(first.add(1)).toBe(11);
  });
});
