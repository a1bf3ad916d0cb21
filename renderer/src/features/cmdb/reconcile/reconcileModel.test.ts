import { describe, expect, it } from 'vitest';
import { DEFAULT_STALE_DAYS, inventoriedWords, parseDays, parseTab, sharedSentence, sharedWords, sinceWords } from './reconcileModel';

describe('CMDB checks words', () => {
  it('says what a group of likely duplicates shares, strongest first, in words', () => {
    const shared = [
      { reason: 'serial' as const, value: '5CG123' },
      { reason: 'uuid' as const, value: '4c4c4544-0042-3510-8052-b4c04f4e4d32' },
      { reason: 'mac' as const, value: '00:1a:2b:3c:4d:5e' },
    ];
    expect(sharedWords(shared)).toEqual(['same serial number 5CG123', 'same UUID 4c4c4544-0042-3510-8052-b4c04f4e4d32', 'same MAC address 00:1a:2b:3c:4d:5e']);
    expect(sharedSentence(shared)).toBe('Same serial number 5CG123, same UUID 4c4c4544-0042-3510-8052-b4c04f4e4d32 and same MAC address 00:1a:2b:3c:4d:5e');
    expect(sharedSentence([{ reason: 'name', value: 'hq-lt-007' }])).toBe('Same name hq-lt-007');
    expect(sharedSentence([])).toBe('They look alike');
  });

  it('says days since an inventory, or never', () => {
    expect(sinceWords(null)).toBe('never');
    expect(sinceWords(1)).toBe('1 day');
    expect(sinceWords(45)).toBe('45 days');
    expect(sinceWords(1200)).toBe(`${(1200).toLocaleString()} days`);
  });

  it('says when an asset was last inventoried, to tell duplicates apart', () => {
    const now = Date.parse('2026-03-10T12:00:00.000Z');
    expect(inventoriedWords(null, now)).toBe('never inventoried');
    expect(inventoriedWords('2026-03-10T08:00:00.000Z', now)).toBe('inventoried today');
    expect(inventoriedWords('2026-03-09T08:00:00.000Z', now)).toBe('inventoried 1 day ago');
    expect(inventoriedWords('2026-02-08T08:00:00.000Z', now)).toBe('inventoried 30 days ago');
    expect(inventoriedWords('not a date', now)).toBe('never inventoried');
  });

  it('reads the threshold and the tab from the address, only the offered choices', () => {
    expect([parseDays('7'), parseDays('90'), parseDays('365')]).toEqual([7, 90, 365]);
    expect([parseDays(null), parseDays('8'), parseDays('abc'), parseDays('30.5')]).toEqual([DEFAULT_STALE_DAYS, DEFAULT_STALE_DAYS, DEFAULT_STALE_DAYS, DEFAULT_STALE_DAYS]);
    expect([parseTab('duplicates'), parseTab('without-ci'), parseTab(null), parseTab('x')]).toEqual(['duplicates', 'without-ci', 'stale', 'stale']);
  });
});
