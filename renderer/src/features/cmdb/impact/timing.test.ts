import { describe, expect, it } from 'vitest';
import { IMPACT_MEASURES, measureSince, timed } from './timing';

describe('impact timing', () => {
  it('records each step as one measure, the latest only, and passes the result through', () => {
    expect(timed(IMPACT_MEASURES.layout, () => 42)).toBe(42);
    expect(timed(IMPACT_MEASURES.layout, () => 'again')).toBe('again');
    const entries = performance.getEntriesByName(IMPACT_MEASURES.layout, 'measure');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.duration).toBeGreaterThanOrEqual(0);
  });

  it('records a step that throws, and lets the error through', () => {
    expect(() =>
      timed(IMPACT_MEASURES.traversal, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(performance.getEntriesByName(IMPACT_MEASURES.traversal, 'measure')).toHaveLength(1);
  });

  it('never throws itself, even given a start in the future', () => {
    expect(() => measureSince(IMPACT_MEASURES.load, performance.now() + 60_000)).not.toThrow();
  });
});
