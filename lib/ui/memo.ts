import { h, type Component, type FunctionComponent } from 'preact';

/** True when both props objects hold the same values under the same keys. */
export function shallowEqualProps(a: object, b: object): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.is(left[key], right[key]));
}

/**
 * A component that renders `inner` again only when its props changed (shallowly): Preact's
 * own memo lives in preact/compat, whose global vnode hook then rewrites the props of every
 * element the extension renders. A search re-rendering its list spent some 4 ms per change
 * in that hook alone.
 */
export function memo<P extends object>(inner: FunctionComponent<P>): FunctionComponent<P> {
  // Preact calls a function component with its instance as `this`; its shouldComponentUpdate
  // is honoured as for a class component.
  function Memo(this: Component<P>, props: P) {
    this.shouldComponentUpdate = (next: P) => !shallowEqualProps(props, next);
    return h(inner, props);
  }
  Memo.displayName = `Memo(${inner.displayName ?? inner.name})`;
  return Memo;
}
