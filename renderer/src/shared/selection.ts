/**
 * Multi-select over a list's rows (the ticket queue, the Assets list), as pure functions of the current view order: a click
 * toggles one row, a shift-click sets every row between the anchor (the last row clicked) and
 * this one to the clicked row's new state, Ctrl+A checks every row of the view.
 */

export function toggle(checked: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(checked);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/**
 * Sets the rows from `anchorId` to `id` (inclusive, in view order) to `value`. Without an anchor
 * in the view, only `id` changes.
 */
export function setRange(checked: ReadonlySet<string>, order: readonly string[], anchorId: string | null, id: string, value: boolean): Set<string> {
  const next = new Set(checked);
  const to = order.indexOf(id);
  const from = anchorId === null ? -1 : order.indexOf(anchorId);
  const [lo, hi] = from < 0 || to < 0 ? [to, to] : from < to ? [from, to] : [to, from];
  for (let i = Math.max(0, lo); i <= hi; i++) {
    if (value) next.add(order[i]!);
    else next.delete(order[i]!);
  }
  if (to < 0) {
    if (value) next.add(id);
    else next.delete(id);
  }
  return next;
}

/** The checked rows that the view still lists, in view order (what a bulk action acts on). */
export function checkedInView(checked: ReadonlySet<string>, order: readonly string[]): string[] {
  if (checked.size === 0) return [];
  return order.filter((id) => checked.has(id));
}

/** Inputs that take no typed text: a list's letter keys still work after one is clicked (a row's checkbox). */
const NOT_TYPED = ['checkbox', 'radio', 'button', 'submit', 'reset'];

/** True when the event's target is a field being typed into (a list's letter shortcuts then stay quiet). */
export function isTyping(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TYPED.includes(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}
