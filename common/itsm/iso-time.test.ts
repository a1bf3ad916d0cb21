import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatIsoTimestamp, parseIsoTimestamp } from './iso-time';

describe('ISO timestamps', () => {
  it('format like toISOString, and parse back, over all of 0000–9999 and beyond', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(formatIsoTimestamp(ms)).toBe(iso);
        expect(parseIsoTimestamp(iso)).toBe(Date.parse(iso));
        const noMillis = iso.replace(/\.\d{3}Z$/, 'Z');
        expect(parseIsoTimestamp(noMillis)).toBe(Date.parse(noMillis));
      }),
      { numRuns: 2000 },
    );
  });

  it('agree with Date.parse on anything else', () => {
    const cases = [
      '2025-02-29T00:00:00.000Z', // not a leap year
      '2024-02-29T12:00:00.000Z',
      '2025-04-31T00:00:00Z',
      '2025-13-01T00:00:00.000Z',
      '2025-03-03T24:00:00.000Z',
      '2025-03-03T09:60:00.000Z',
      '2025-03-03T09:00:00.000+01:00',
      '2025-03-03T09:00+01:00',
      '2025-03-03 09:00:00.000Z',
      '2025-03-03T09:0a:00.000Z',
      '2025-03-03T09:00:00,000Z',
      'yesterday',
      '',
    ];
    for (const c of cases) expect(parseIsoTimestamp(c), c).toEqual(Date.parse(c));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.nat(23), fc.string({ minLength: 1, maxLength: 1 }), (ms, at, ch) => {
        const iso = new Date(ms).toISOString();
        const mutated = iso.slice(0, at) + ch + iso.slice(at + 1);
        expect(parseIsoTimestamp(mutated)).toEqual(Date.parse(mutated));
      }),
      { numRuns: 2000 },
    );
  });

  it('leave invalid instants to toISOString (which throws)', () => {
    expect(() => formatIsoTimestamp(Number.NaN)).toThrow(RangeError);
    expect(formatIsoTimestamp(0.5)).toBe(new Date(0.5).toISOString());
  });
});
