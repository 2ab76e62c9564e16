/**
 * A button that switches a list filter on and off ("Not synced", "Failed (N)"), its state
 * given to assistive technology as pressed.
 */
export function FilterToggle(props: {
  pressed: boolean;
  label: string;
  title: string;
  onToggle(on: boolean): void;
}) {
  return (
    <button
      type="button"
      class={`small secondary filter-toggle${props.pressed ? ' current' : ''}`}
      aria-pressed={props.pressed}
      title={props.title}
      onClick={() => props.onToggle(!props.pressed)}
    >
      {props.label}
    </button>
  );
}
