// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/preact';
import { useProgressive } from './use-progressive';

function List(props: { total: number }) {
  const [shown, showAll] = useProgressive(props.total, 3, 2);
  return (
    <div>
      <p data-testid="shown">{shown}</p>
      <button onClick={showAll}>all</button>
    </div>
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** Idle callbacks held until the test runs them, as a busy page would hold them. */
function holdIdleCallbacks() {
  const queued: (() => void)[] = [];
  vi.stubGlobal('requestIdleCallback', (fn: () => void) => queued.push(fn));
  vi.stubGlobal('cancelIdleCallback', vi.fn());
  return queued;
}

const shown = () => Number(screen.getByTestId('shown').textContent);

describe('useProgressive', () => {
  it('renders the first items at once and one chunk per idle period, never more than all', async () => {
    const queued = holdIdleCallbacks();
    render(<List total={6} />);
    expect(shown()).toBe(3);
    // Nothing more is built until the page is idle.
    await act(async () => {
      await new Promise((r) => setTimeout(r, 30));
    });
    expect(shown()).toBe(3);
    for (const expected of [5, 6]) {
      await act(async () => {
        await new Promise((r) => setTimeout(r, 0)); // effects ran and queued the next chunk
        queued.shift()!();
      });
      expect(shown()).toBe(expected);
    }
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(queued).toHaveLength(0);
  });

  it('shows everything at once when asked', async () => {
    holdIdleCallbacks();
    render(<List total={40} />);
    expect(shown()).toBe(3);
    await act(async () => {
      screen.getByText('all').click();
    });
    expect(shown()).toBe(40);
  });

  it('falls back to timers where idle callbacks do not exist', async () => {
    vi.stubGlobal('requestIdleCallback', undefined);
    render(<List total={7} />);
    expect(shown()).toBe(3);
    await vi.waitFor(() => expect(shown()).toBe(7));
  });
});
