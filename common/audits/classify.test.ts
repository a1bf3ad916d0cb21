import { describe, expect, it } from 'vitest';
import { AuditIndex, classifyScan, countsAsFound, type ExpectedAsset, type KnownAsset, unknownSeenKey, VERDICTS } from './classify';
import { codeKey, readCode } from './codes';

const ROOM_A = '0190aaaa-0000-7000-8000-00000000000a';
const ROOM_B = '0190aaaa-0000-7000-8000-00000000000b';

const expected: ExpectedAsset[] = [
  { assetId: 'a1', tag: 'FD-000001', serial: 'CZC111', state: 'in_use', locationId: ROOM_A },
  { assetId: 'a2', tag: 'FD-000002', serial: 'CZC222', state: 'in_stock', locationId: ROOM_B },
  { assetId: 'a3', tag: 'FD-000003', serial: null, state: 'missing', locationId: ROOM_A },
  { assetId: 'a4', tag: 'FD-000004', serial: 'SHARED', state: 'in_use', locationId: ROOM_A },
  { assetId: 'a5', tag: 'FD-000005', serial: 'SHARED', state: 'in_use', locationId: ROOM_A },
  { assetId: 'a6', tag: 'FD-000006', serial: null, state: 'retired', locationId: ROOM_A },
  { assetId: 'a7', tag: 'FD-000007', serial: null, state: 'in_use', locationId: null },
];
const outsideRows: KnownAsset[] = [
  { id: 'o1', tag: 'FD-000100', serial: 'OUT100', state: 'in_use', locationId: 'elsewhere' },
  { id: 'o2', tag: 'FD-000101', serial: null, state: 'disposed', locationId: null },
];
const index = new AuditIndex(expected);

/** What the caller's look-up of a code among the other assets finds. */
const outside = (key: string) => outsideRows.filter((a) => codeKey(a.tag) === key || (a.serial !== null && codeKey(a.serial) === key));

describe('classifyScan', () => {
  it.each([
    // code, scanned in, already seen, verdict, asset, expected location, matched by
    ['FD-000001', ROOM_A, [], 'found', 'a1', ROOM_A, 'tag'],
    ['fd-000001', ROOM_A, [], 'found', 'a1', ROOM_A, 'tag'],
    [' czc111 ', ROOM_A, [], 'found', 'a1', ROOM_A, 'serial'],
    ['FD-000002', ROOM_A, [], 'found_elsewhere', 'a2', ROOM_B, 'tag'],
    ['FD-000001', ROOM_A, ['a1'], 'duplicate', 'a1', ROOM_A, 'tag'],
    ['FD-000007', ROOM_B, [], 'found', 'a7', null, 'tag'],
    ['FD-000006', ROOM_A, [], 'retired_found', 'a6', ROOM_A, 'tag'],
    ['FD-000100', ROOM_A, [], 'outside_audit', 'o1', 'elsewhere', 'tag'],
    ['OUT100', ROOM_A, [], 'outside_audit', 'o1', 'elsewhere', 'serial'],
    ['FD-000101', ROOM_A, [], 'retired_found', 'o2', null, 'tag'],
    ['NOPE-1', ROOM_A, [], 'unknown', null, null, null],
    ['NOPE-1', ROOM_A, [unknownSeenKey('NOPE-1')], 'duplicate', null, null, null],
    ['SHARED', ROOM_A, [], 'ambiguous', null, null, 'serial'],
  ] as const)('%s in %s (seen %j) is %s', (code, locationId, seen, verdict, assetId, expectedLocationId, matchedBy) => {
    const key = codeKey(code);
    const result = classifyScan({ key, locationId, index, seen: new Set(seen), outside: index.lookup(key) ? [] : outside(key) });
    expect(result).toMatchObject({ verdict, assetId, expectedLocationId, matchedBy });
  });

  it('says which assets share a serial, and counts nothing for it', () => {
    const result = classifyScan({ key: 'SHARED', locationId: ROOM_A, index, seen: new Set(), outside: [] });
    expect(result.candidates).toEqual(['a4', 'a5']);
    expect(result.seenKey).toBeNull();
  });

  it('marks an asset recorded missing that turned up', () => {
    const result = classifyScan({ key: 'FD-000003', locationId: ROOM_A, index, seen: new Set(), outside: [] });
    expect(result).toMatchObject({ verdict: 'found', wasMissing: true, seenKey: 'a3' });
  });

  it('has a look and a sound for every verdict, and counts only found ones', () => {
    for (const look of Object.values(VERDICTS)) expect(look.label.length).toBeGreaterThan(0);
    expect(Object.entries(VERDICTS).filter(([v]) => countsAsFound(v as keyof typeof VERDICTS)).map(([v]) => v)).toEqual(['found', 'found_elsewhere']);
  });

  it('lists the assets expected in a location, and those with none', () => {
    expect(index.at(ROOM_A).map((r) => r.assetId)).toEqual(['a1', 'a3', 'a4', 'a5', 'a6']);
    expect(index.at(ROOM_B).map((r) => r.assetId)).toEqual(['a2']);
    expect(index.at(null).map((r) => r.assetId)).toEqual(['a7']);
    expect(index.at('nowhere')).toEqual([]);
  });

  it('answers from a 50,000-asset snapshot by tag and serial', () => {
    const big = Array.from({ length: 50_000 }, (_, i): ExpectedAsset => ({ assetId: `x${i}`, tag: `FD-${String(i).padStart(6, '0')}`, serial: `S${i}`, state: 'in_use', locationId: ROOM_A }));
    const bigIndex = new AuditIndex(big);
    expect(bigIndex.size).toBe(50_000);
    expect(classifyScan({ key: 'FD-049999', locationId: ROOM_A, index: bigIndex, seen: new Set(), outside: [] }).assetId).toBe('x49999');
    expect(classifyScan({ key: 'S12345', locationId: ROOM_B, index: bigIndex, seen: new Set(), outside: [] })).toMatchObject({ assetId: 'x12345', verdict: 'found_elsewhere' });
  });
});

describe('readCode', () => {
  it.each([
    ['FD-000123', { kind: 'asset', code: 'FD-000123', key: 'FD-000123' }],
    ['  fd 000123 ', { kind: 'asset', code: 'fd 000123', key: 'FD000123' }],
    ['LOC:0190AAAA-0000-7000-8000-00000000000A', { kind: 'location', locationId: ROOM_A }],
    ['loc:0190aaaa000070008000' + '00000000000b', { kind: 'location', locationId: ROOM_B }],
    ['LOC:room-2', { kind: 'invalid', reason: '“LOC:room-2” looks like a location label but names no location.' }],
    ['', { kind: 'invalid', reason: 'The code is empty.' }],
    ['FD\u0007123', { kind: 'invalid', reason: 'The code holds control characters: check the scanner’s settings (it should send the code and Enter only).' }],
    ['X'.repeat(129), { kind: 'invalid', reason: 'The code is 129 characters long; a tag, serial number or location label has at most 128.' }],
  ] as const)('%j', (raw, expected) => {
    expect(readCode(raw)).toEqual(expected);
  });
});
