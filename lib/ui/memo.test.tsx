// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { memo, shallowEqualProps } from './memo';

afterEach(cleanup);

describe('memo', () => {
  it('renders again only when a prop changed', () => {
    const renders: string[] = [];
    const Label = memo(function Label(props: { text: string; onPick?: () => void }) {
      renders.push(props.text);
      return <span>{props.text}</span>;
    });
    const pick = () => {};
    const view = render(<Label text="a" onPick={pick} />);
    view.rerender(<Label text="a" onPick={pick} />);
    expect(renders).toEqual(['a']);
    view.rerender(<Label text="b" onPick={pick} />);
    expect(renders).toEqual(['a', 'b']);
    expect(view.container.textContent).toBe('b');
    // A new function is a changed prop (callers pass stable handlers for that reason).
    view.rerender(<Label text="b" onPick={() => {}} />);
    expect(renders).toEqual(['a', 'b', 'b']);
  });

  it('still renders on its own state changes', () => {
    let bump: () => void = () => {};
    const Counter = memo(function Counter(_props: { label: string }) {
      const [n, setN] = useState(0);
      bump = () => setN((x) => x + 1);
      return <span>{n}</span>;
    });
    const view = render(<Counter label="x" />);
    act(() => bump());
    expect(view.container.textContent).toBe('1');
    view.rerender(<Counter label="x" />);
    act(() => bump());
    expect(view.container.textContent).toBe('2');
  });
});

describe('shallowEqualProps', () => {
  it('compares values under the same keys', () => {
    const f = () => {};
    expect(shallowEqualProps({ a: 1, f }, { a: 1, f })).toBe(true);
    expect(shallowEqualProps({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(shallowEqualProps({ a: NaN }, { a: NaN })).toBe(true);
    expect(shallowEqualProps({ a: {} }, { a: {} })).toBe(false);
  });
});
