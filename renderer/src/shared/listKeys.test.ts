import { describe, expect, it } from 'vitest';
import { applyListKey, enterOnControl, readListKey, type ListCursor, type ListKeyAction } from './listKeys';

function list(cursorId: string | null, checked: string[] = []): ListCursor & { scrolled: number | null; opened: string | null } {
  const l = {
    cursorId,
    checked: new Set(checked) as ReadonlySet<string>,
    scrolled: null as number | null,
    opened: null as string | null,
    setCursor(id: string | null) {
      l.cursorId = id;
    },
    setChecked(c: ReadonlySet<string>) {
      l.checked = c;
    },
  };
  return l;
}

const ids = ['a', 'b', 'c'];
const run = (action: ListKeyAction, l: ReturnType<typeof list>) =>
  applyListKey(
    action,
    ids,
    l,
    (id) => (l.opened = id),
    (i) => (l.scrolled = i),
  );

describe('list keys', () => {
  it.each<[string, ListKeyAction, string | null, string[], boolean, string | null, string[]]>([
    ['first move down starts at the top', { type: 'move', by: 1 }, null, [], true, 'a', []],
    ['first move up starts at the bottom', { type: 'move', by: -1 }, null, [], true, 'c', []],
    ['stops at the last row', { type: 'move', by: 1 }, 'c', [], true, 'c', []],
    ['x toggles the row under the cursor', { type: 'toggle' }, 'b', ['a'], true, 'b', ['a', 'b']],
    ['x without a cursor does nothing', { type: 'toggle' }, null, [], false, null, []],
    ['Ctrl+A checks every row', { type: 'checkAll' }, null, [], true, null, ['a', 'b', 'c']],
    ['Esc clears', { type: 'clear' }, 'a', ['a', 'c'], true, 'a', []],
    ['Esc with nothing checked is left alone', { type: 'clear' }, 'a', [], false, 'a', []],
  ])('%s', (_, action, cursor, checked, done, cursorAfter, checkedAfter) => {
    const l = list(cursor, checked);
    expect(run(action, l)).toBe(done);
    expect(l.cursorId).toBe(cursorAfter);
    expect([...l.checked].sort()).toEqual(checkedAfter);
  });

  it('opens the row under the cursor and scrolls to a moved one', () => {
    const l = list('b');
    run({ type: 'open' }, l);
    expect(l.opened).toBe('b');
    run({ type: 'move', by: -1 }, l);
    expect(l.scrolled).toBe(0);
  });

  it('reads a key, and Esc in the filter box only leaves the box', () => {
    const box = document.createElement('input');
    document.body.append(box);
    box.focus();
    const esc = new KeyboardEvent('keydown', { key: 'Escape' });
    Object.defineProperty(esc, 'target', { value: box });
    expect(readListKey(esc, box)).toBeNull();
    expect(document.activeElement).not.toBe(box);
    const j = new KeyboardEvent('keydown', { key: 'j' });
    Object.defineProperty(j, 'target', { value: document.body });
    expect(readListKey(j, box)).toEqual({ key: 'j', ctrlKey: false, metaKey: false, altKey: false, typing: false });
    box.remove();
  });

  it('leaves Enter on a button to the button', () => {
    const button = document.createElement('button');
    const enter = new KeyboardEvent('keydown', { key: 'Enter' });
    Object.defineProperty(enter, 'target', { value: button });
    expect(enterOnControl(enter)).toBe(true);
  });
});
