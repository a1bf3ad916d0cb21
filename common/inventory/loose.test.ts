import { describe, expect, it } from 'vitest';
import { formatMb, looseFlag, looseList, looseNumber, looseText } from './loose';

describe('loose readers', () => {
  it.each([
    ['  PF3K9Z1 ', 'PF3K9Z1'],
    [123456, '123456'],
    ['   ', null],
    [true, null],
    [Number.NaN, null],
    [undefined, null],
  ] as const)('looseText(%j) is %j', (value, expected) => expect(looseText(value)).toBe(expected));

  it.each([
    ['8192', 8192],
    [2300, 2300],
    ['', null],
    ['fast', null],
    [-1, null],
    [null, null],
  ] as const)('looseNumber(%j) is %j', (value, expected) => expect(looseNumber(value)).toBe(expected));

  it('reads a lone object as a list of one and drops what is not an object', () => {
    expect(looseList({ name: 'cpu' })).toEqual([{ name: 'cpu' }]);
    expect(looseList([{ a: 1 }, 'x', null, [1]])).toEqual([{ a: 1 }]);
    expect(looseList('eth0')).toEqual([]);
  });

  it('reads flags sent as booleans, numbers or strings', () => {
    expect([true, 1, '1', 'true'].map(looseFlag)).toEqual([true, true, true, true]);
    expect([false, 0, '0', 'yes', null].map(looseFlag)).toEqual([false, false, false, false, false]);
  });

  it('says sizes the way people read them', () => {
    expect(formatMb(512)).toBe('512 MB');
    expect(formatMb(256060)).toBe('250.1 GB');
    expect(formatMb(1024000)).toBe('1,000 GB');
    expect(formatMb(2 * 1024 * 1024)).toBe('2 TB');
    expect(formatMb(null)).toBe('');
  });
});
