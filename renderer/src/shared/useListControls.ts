/**
 * The mouse and keyboard of a list with a cursor and checkboxes (the ticket queue, the Assets
 * list), as one hook: a checkbox click (shift-click: a range from the anchor), the header's
 * "all", a row click (with Shift, Ctrl or ⌘: select instead of open), and the keys of
 * listKeys.ts, the list's own keys handed to `onOwnKey`. The list state lives in the list's
 * store (read fresh at each event through `list()`), so handlers never act on a stale selection.
 */
import { useCallback, useEffect, useRef, type MouseEvent, type RefObject } from 'react';
import { applyListKey, enterOnControl, readListKey, type KeyInput, type ListCursor, type ListKeyAction } from './listKeys';
import { setRange, toggle } from './selection';

const LIST_KEYS: readonly string[] = ['move', 'open', 'toggle', 'checkAll', 'clear'] satisfies ListKeyAction['type'][];

export interface ListState extends ListCursor {
  anchorId: string | null;
}

export interface ListControlsOptions<A extends { type: string }> {
  /** The rows in view order. */
  viewIds: readonly string[];
  list(): ListState;
  open(id: string): void;
  scrollTo(index: number): void;
  /** The list's text filter (Esc there leaves it). */
  filterRef: RefObject<HTMLElement | null>;
  /** True while a dialog of the list is open: its keys are its own. */
  paused: boolean;
  actionFor(input: KeyInput): A | ListKeyAction | null;
  /** The list's own keys; false when the key did nothing (it is then left to the page). */
  onOwnKey(action: A): boolean;
}

export function useListControls<A extends { type: string }>(options: ListControlsOptions<A>) {
  const latest = useRef(options);
  latest.current = options;
  const { viewIds, paused } = options;

  const onCheck = useCallback(
    (id: string, event: MouseEvent) => {
      const s = latest.current.list();
      if (event.shiftKey && s.anchorId) s.setChecked(setRange(s.checked, viewIds, s.anchorId, id, !s.checked.has(id)), id);
      else s.setChecked(toggle(s.checked, id), id);
      s.setCursor(id);
    },
    [viewIds],
  );
  const onCheckAll = useCallback((value: boolean) => latest.current.list().setChecked(value ? new Set(viewIds) : new Set(), null), [viewIds]);
  const onRowClick = useCallback(
    (id: string, event: MouseEvent) => {
      if (event.shiftKey || event.ctrlKey || event.metaKey) return onCheck(id, event);
      latest.current.list().setCursor(id);
      latest.current.open(id);
    },
    [onCheck],
  );

  useEffect(() => {
    if (paused) return;
    function onKey(event: KeyboardEvent) {
      const o = latest.current;
      const input = readListKey(event, o.filterRef.current);
      const action = input && o.actionFor(input);
      if (!action) return;
      if (action.type === 'open' && enterOnControl(event)) return;
      const done = LIST_KEYS.includes(action.type) ? applyListKey(action as ListKeyAction, o.viewIds, o.list(), o.open, o.scrollTo) : o.onOwnKey(action as A);
      if (done) event.preventDefault();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [paused]);

  return { onCheck, onCheckAll, onRowClick };
}
