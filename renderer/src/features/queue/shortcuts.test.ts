import { describe, expect, it } from 'vitest';
import { actionFor, SHORTCUTS } from './shortcuts';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; typing: boolean }> = {}) =>
  actionFor({ key, ctrlKey: false, metaKey: false, altKey: false, typing: false, ...mods });

describe('queue shortcuts', () => {
  it('maps the daily keys to actions', () => {
    expect(press('j')).toEqual({ type: 'move', by: 1 });
    expect(press('k')).toEqual({ type: 'move', by: -1 });
    expect(press('Enter')).toEqual({ type: 'open' });
    expect(press('x')).toEqual({ type: 'toggle' });
    expect(press('a')).toEqual({ type: 'assignToMe' });
    expect(press('a', { ctrlKey: true })).toEqual({ type: 'checkAll' });
    expect(press('a', { metaKey: true })).toEqual({ type: 'checkAll' });
    expect(press('/')).toEqual({ type: 'focusFilter' });
    expect(press('?')).toEqual({ type: 'help' });
    expect(press('Escape')).toEqual({ type: 'clear' });
    expect(press('1')).toEqual({ type: 'queue', queue: 'my-open' });
    expect(press('4')).toEqual({ type: 'queue', queue: 'sla' });
  });

  it('leaves keys typed into a field, other modifiers and unknown keys alone', () => {
    expect(press('j', { typing: true })).toBeNull();
    expect(press('a', { typing: true, ctrlKey: true })).toBeNull(); // Ctrl+A selects the text in a field
    expect(press('j', { altKey: true })).toBeNull();
    expect(press('c', { ctrlKey: true })).toBeNull();
    expect(press('q')).toBeNull();
    expect(press('9')).toBeNull();
  });

  it('lists every key it acts on in the help', () => {
    const listed = SHORTCUTS.map((s) => s.keys).join(' ');
    for (const key of ['j', 'k', 'Enter', 'x', 'a', '/', '?', 'Esc', 'Ctrl + A', '1', '6']) expect(listed).toContain(key);
  });
});
