// Keeps the keyboard inside an open dialog: Tab from the last field goes to the first, Shift+Tab from the
// first to the last; when the dialog closes, the focus goes back to what opened it.

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** Where Tab (or Shift+Tab) goes from `index` among `count` fields, wrapping at both ends; -1 when there are none. */
export function trapTarget(count: number, index: number, shift: boolean): number {
  if (count <= 0) return -1;
  if (index < 0) return shift ? count - 1 : 0;
  return shift ? (index - 1 + count) % count : (index + 1) % count;
}

export function focusablesIn(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.closest('[inert]') && el.getClientRects().length > 0);
}

/** Handles a Tab keydown inside `root`: moves the focus itself (wrapping), so it never leaves. */
export function keepTabInside(root: HTMLElement, e: KeyboardEvent): void {
  if (e.key !== 'Tab') return;
  const items = focusablesIn(root);
  const next = trapTarget(items.length, items.indexOf(document.activeElement as HTMLElement), e.shiftKey);
  e.preventDefault();
  if (next >= 0) items[next]!.focus();
  else root.focus();
}
