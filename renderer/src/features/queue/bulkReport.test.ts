import { describe, expect, it } from 'vitest';
import { bulkReport } from './bulkReport';

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
