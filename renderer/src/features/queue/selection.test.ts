import { describe, expect, it } from 'vitest';
import { checkedInView, setRange, toggle } from './selection';
import { bulkReport } from './bulkReport';

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
});

describe('bulk report', () => {
  it('says how many changed and why the others were refused, grouping equal reasons', () => {
    const r = bulkReport({
      applied: Array.from({ length: 42 }, (_, i) => `t${i}`),
      unchanged: [],
      refused: [
        { ticketId: 'x1', number: 'INC-0001', reason: 'A closed ticket cannot change state (asked for "Assigned").' },
        { ticketId: 'x2', number: 'INC-0002', reason: 'A closed ticket cannot change state (asked for "Assigned").' },
        { ticketId: 'x3', number: 'INC-0003', reason: 'Sam Lee is not in the group "Network".' },
      ],
    });
    expect(r.summary).toBe(
      '42 changed, 3 refused: A closed ticket cannot change state (asked for "Assigned"). (INC-0001, INC-0002); Sam Lee is not in the group "Network". (INC-0003)',
    );
    expect(r.tone).toBe('partial');
    expect(r.refusals).toHaveLength(2);
  });

  it('tells apart all changed, already so, and nothing changed', () => {
    expect(bulkReport({ applied: ['a'], unchanged: ['b'], refused: [] })).toMatchObject({ summary: '1 changed, 1 already as asked', tone: 'ok' });
    expect(bulkReport({ applied: [], unchanged: [], refused: [{ ticketId: 'a', number: 'INC-1', reason: 'No.' }] }).tone).toBe('refused');
  });
});
