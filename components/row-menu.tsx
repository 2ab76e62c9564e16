import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

/** One entry of a row menu. */
export interface RowMenuItem {
  label: string;
  onSelect(): void;
  disabled?: boolean;
  /** A checkable entry (menuitemcheckbox), such as "Private". */
  checked?: boolean;
  danger?: boolean;
}

/**
 * A menu button and its menu (the WAI-ARIA menu button pattern): Enter, Space or Down opens
 * it on the first entry, Up on the last; arrows, Home and End move; Escape closes it and
 * returns focus to the button; Tab or a click elsewhere closes it.
 */
export function RowMenu(props: {
  /** The button's accessible name ("Actions for <title>"). */
  label: string;
  items: RowMenuItem[];
  /** The button's tabindex: the list reaches it with arrow keys, not Tab. */
  tabIndex?: number;
  /** Visible content of the button. */
  children: ComponentChildren;
}) {
  const [open, setOpen] = useState<'first' | 'last' | false>(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  const entries = () =>
    [...(menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])].filter(
      (el) => el.getAttribute('aria-disabled') !== 'true',
    );

  // A layout effect: focus moves into the menu as it appears, before the next key (an effect
  // would wait for a frame, and a quick Enter would reach the button again).
  useLayoutEffect(() => {
    if (!open) return;
    const list = entries();
    (open === 'last' ? list.at(-1) : list[0])?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target))
        setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer, true);
    return () => document.removeEventListener('pointerdown', onPointer, true);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const list = entries();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => list[(to + list.length) % list.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        move(at + 1);
        break;
      case 'ArrowUp':
        move(at - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(list.length - 1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        setOpen(false);
        return;
      default:
        return;
    }
    // The list around the menu must not act on these keys too.
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div class="row-menu">
      <button
        ref={buttonRef}
        type="button"
        class="small secondary row-menu-button"
        aria-label={props.label}
        aria-haspopup="menu"
        aria-expanded={open ? 'true' : 'false'}
        tabIndex={props.tabIndex}
        onClick={() => setOpen(open ? false : 'first')}
        onKeyDown={(event) => {
          if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
          event.preventDefault();
          event.stopPropagation();
          setOpen(event.key === 'ArrowUp' ? 'last' : 'first');
        }}
      >
        {props.children}
      </button>
      {open && (
        <div
          ref={menuRef}
          class="row-menu-list"
          role="menu"
          aria-label={props.label}
          onKeyDown={onMenuKey}
        >
          {props.items.map((item) => (
            <button
              key={item.label}
              type="button"
              role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
              aria-checked={item.checked === undefined ? undefined : item.checked}
              aria-disabled={item.disabled || undefined}
              tabIndex={-1}
              class={item.danger ? 'danger-text' : undefined}
              onClick={() => {
                if (item.disabled) return;
                close(true);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
