import { describe, expect, it } from 'vitest';
import { checkedInView, isTyping, setRange, toggle } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const sorted = (s: Set<string>) => [...s].sort();

describe('selection', () => {
  it('toggles one row', () => {
    expect(sorted(toggle(new Set(['a']), 'b'))).toEqual(['a', 'b']);
    expect(sorted(toggle(new Set(['a', 'b']), 'b'))).toEqual(['a']);
  });

  it('shift-click sets the range from the anchor, either direction, to the clicked row’s new state', () => {
    expect(sorted(setRange(new Set(['b']), order, 'b', 'd', true))).toEqual(['b', 'c', 'd']);
    expect(sorted(setRange(new Set(['d']), order, 'd', 'a', true))).toEqual(['a', 'b', 'c', 'd']);
    expect(sorted(setRange(new Set(order), order, 'b', 'd', false))).toEqual(['a', 'e']);
    expect(sorted(setRange(new Set(), order, null, 'c', true))).toEqual(['c']);
    expect(sorted(setRange(new Set(), order, 'gone', 'c', true))).toEqual(['c']);
  });

  it('acts only on checked rows the view still lists, in view order', () => {
    expect(checkedInView(new Set(['e', 'x', 'a']), order)).toEqual(['a', 'e']);
  });

  it('knows when a key is typed into a field', () => {
    expect(isTyping(document.createElement('input'))).toBe(true);
    expect(isTyping(document.createElement('textarea'))).toBe(true);
    expect(isTyping(document.createElement('div'))).toBe(false);
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    expect(isTyping(checkbox)).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});
