import type { KeyboardEvent } from 'react';

function focusables(container: HTMLElement): HTMLElement[] {
  return [
    ...container.querySelectorAll<HTMLElement>('button:not([disabled]), [href], input, select, textarea'),
  ];
}

/** Tab and Shift+Tab wrap around inside a modal dialog: the focus never reaches the page behind it. */
export function keepFocusInside(event: KeyboardEvent, container: HTMLElement | null): void {
  if (container === null) return;
  const all = focusables(container);
  const first = all[0];
  const last = all.at(-1);
  if (first === undefined || last === undefined) {
    event.preventDefault();
    return;
  }
  const active = container.ownerDocument.activeElement;
  const outside = active === container || !container.contains(active);
  if (event.shiftKey && (active === first || outside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || outside)) {
    event.preventDefault();
    first.focus();
  }
}

const moves: Record<string, (index: number, count: number) => number> = {
  ArrowDown: (index, count) => Math.min(index + 1, count - 1),
  ArrowUp: (index) => Math.max(index - 1, 0),
  Home: () => 0,
  End: (_index, count) => count - 1,
};

/** Arrows, Home and End move the focus among a dialog's entries (`[data-entry]`). */
export function moveAmongEntries(event: KeyboardEvent, container: HTMLElement | null): void {
  const move = moves[event.key];
  if (move === undefined || container === null) return;
  const entries = [...container.querySelectorAll<HTMLElement>('[data-entry]')];
  if (entries.length === 0) return;
  event.preventDefault();
  const index = entries.indexOf(container.ownerDocument.activeElement as HTMLElement);
  const next = index < 0 ? 0 : move(index, entries.length);
  entries[next]?.focus();
}
