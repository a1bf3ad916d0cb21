/**
 * The keys every list with a keyboard cursor and checkboxes shares (the ticket queue, the Assets
 * list): reading a key press the way a list does, and acting on the moves and selections that
 * mean the same in every list (next / previous row, open, select, select all, clear). A list
 * adds its own keys (bulk actions, queues) on top, in its own shortcut table.
 */
import { isTyping, toggle } from './selection';

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** True when the key was typed into a field (then the list leaves it alone). */
  typing: boolean;
}

export type ListKeyAction = { type: 'move'; by: 1 | -1 } | { type: 'open' } | { type: 'toggle' } | { type: 'checkAll' } | { type: 'clear' };

/**
 * The key press as a list reads it, or null when the list must leave it alone: Esc in the
 * list's own filter box leaves the box (and does nothing else).
 */
export function readListKey(event: KeyboardEvent, filterBox: HTMLElement | null): KeyInput | null {
  if (event.defaultPrevented) return null;
  const typing = isTyping(event.target);
  if (typing && event.key === 'Escape' && filterBox && event.target === filterBox) {
    filterBox.blur();
    return null;
  }
  return { key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, typing };
}

/** True for Enter on a link, button or menu entry: it belongs to that control, not to "open the row". */
export function enterOnControl(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  return event.key === 'Enter' && !!target && target !== document.body && !!target.closest('a, button, [role="menuitem"], [role="option"]');
}

export interface ListCursor {
  cursorId: string | null;
  checked: ReadonlySet<string>;
  setCursor(id: string | null): void;
  setChecked(checked: ReadonlySet<string>, anchorId?: string | null): void;
}

/**
 * Acts on a list key over the rows in view order. Returns false when it did nothing (no row
 * under the cursor, nothing to clear), so the key is left to the page.
 */
export function applyListKey(action: ListKeyAction, viewIds: readonly string[], list: ListCursor, open: (id: string) => void, scrollTo: (index: number) => void): boolean {
  const at = list.cursorId ? viewIds.indexOf(list.cursorId) : -1;
  switch (action.type) {
    case 'move': {
      if (viewIds.length === 0) return false;
      const from = at < 0 ? (action.by > 0 ? -1 : viewIds.length) : at;
      const next = Math.min(viewIds.length - 1, Math.max(0, from + action.by));
      list.setCursor(viewIds[next]!);
      scrollTo(next);
      return true;
    }
    case 'open':
      if (at < 0) return false;
      open(viewIds[at]!);
      return true;
    case 'toggle':
      if (at < 0) return false;
      list.setChecked(toggle(list.checked, viewIds[at]!), viewIds[at]!);
      return true;
    case 'checkAll':
      list.setChecked(new Set(viewIds), null);
      return true;
    case 'clear':
      if (list.checked.size === 0) return false;
      list.setChecked(new Set(), null);
      return true;
  }
}
