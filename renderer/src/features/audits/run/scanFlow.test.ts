import { describe, expect, it } from 'vitest';
import { AuditIndex, unknownSeenKey, type ExpectedAsset } from '@fielddesk/common/audits/classify';
import { locationLabelCode } from '@fielddesk/common/audits/codes';
import { mergeScans } from '@fielddesk/common/audits/merge';
import { namedBy, progressOf, scanStep, seenOf, type ScanContext } from './scanFlow';

const SITE = 'site-hq';
const OTHER_SITE = 'site-lab';
const ROOM = '0190aaaa-0000-7000-8000-000000000001';
const STORE = '0190aaaa-0000-7000-8000-000000000002';
const LAB_ROOM = '0190aaaa-0000-7000-8000-000000000003';
const UNSYNCED = '0190aaaa-0000-7000-8000-000000000004';

const expected: ExpectedAsset[] = [
  { assetId: 'a1', tag: 'HQ-0001', serial: 'SN-1', state: 'in_use', locationId: ROOM },
  { assetId: 'a2', tag: 'HQ-0002', serial: 'SN-2', state: 'in_stock', locationId: STORE },
  { assetId: 'a3', tag: 'HQ-0003', serial: null, state: 'in_use', locationId: ROOM },
];

function ctx(over: Partial<ScanContext> = {}): ScanContext {
  const places: Record<string, { siteId: string; name: string }> = {
    [ROOM]: { siteId: SITE, name: 'Room 101' },
    [STORE]: { siteId: SITE, name: 'Store room' },
    [LAB_ROOM]: { siteId: OTHER_SITE, name: 'Lab bench' },
  };
  return {
    audit: { siteId: SITE, locationIds: [] },
    locationId: ROOM,
    location: (id) => places[id],
    siteName: (id) => (id === SITE ? 'Headquarters' : 'Lab'),
    index: new AuditIndex(expected),
    seen: new Set(),
    outside: [],
    ...over,
  };
}

describe('scanStep', () => {
  it('a location label makes that location the current one', () => {
    expect(scanStep(locationLabelCode(STORE), ctx({ locationId: null }))).toEqual({ kind: 'location', locationId: STORE });
  });

  it('refuses, in words, a label of another site, of a location this device does not know, and one outside the scope', () => {
    expect(scanStep(locationLabelCode(LAB_ROOM), ctx())).toMatchObject({ kind: 'refused', reason: '“Lab bench” is a location of Lab, not of the site this audit covers (Headquarters).' });
    expect(scanStep(locationLabelCode(UNSYNCED), ctx())).toMatchObject({ kind: 'refused', reason: expect.stringContaining('a location this device does not know') });
    expect(scanStep(locationLabelCode(STORE), ctx({ audit: { siteId: SITE, locationIds: [ROOM] } }))).toMatchObject({ kind: 'refused', reason: '“Store room” is not one of the locations this audit covers.' });
  });

  it('refuses an asset scanned before any location, and a burst that is no code', () => {
    expect(scanStep('HQ-0001', ctx({ locationId: null }))).toMatchObject({ kind: 'refused', reason: expect.stringContaining('location’s label') });
    expect(scanStep('HQ\u0007001', ctx())).toMatchObject({ kind: 'refused', reason: expect.stringContaining('control characters') });
    expect(scanStep('LOC:not-a-uuid', ctx())).toMatchObject({ kind: 'refused', reason: expect.stringContaining('names no location') });
  });

  it('classifies by tag or serial, in any case: found here, found elsewhere, scanned twice, unknown', () => {
    expect(scanStep('hq-0001', ctx())).toMatchObject({ kind: 'scan', code: 'hq-0001', key: 'HQ-0001', classification: { verdict: 'found', assetId: 'a1', matchedBy: 'tag' } });
    expect(scanStep('sn-2', ctx())).toMatchObject({ kind: 'scan', classification: { verdict: 'found_elsewhere', assetId: 'a2', matchedBy: 'serial', expectedLocationId: STORE } });
    expect(scanStep('HQ-0001', ctx({ seen: new Set(['a1']) }))).toMatchObject({ classification: { verdict: 'duplicate' } });
    expect(scanStep('ZZ-9', ctx())).toMatchObject({ classification: { verdict: 'unknown', assetId: null, seenKey: unknownSeenKey('ZZ-9') } });
    expect(scanStep('OUT-1', ctx({ outside: [{ id: 'o1', tag: 'OUT-1', serial: null, state: 'in_use', locationId: null }] }))).toMatchObject({ classification: { verdict: 'outside_audit', assetId: 'o1' } });
  });
});

describe('seenOf, namedBy and progressOf', () => {
  it('counts assets by id and unknown codes by key; an ambiguous serial counts as nothing', () => {
    const seen = seenOf([
      { assetId: 'a1', key: 'HQ-0001', verdict: 'found' },
      { assetId: null, key: 'ZZ-9', verdict: 'unknown' },
      { assetId: null, key: 'SHARED', verdict: 'ambiguous' },
    ]);
    expect([...seen].sort()).toEqual(['a1', unknownSeenKey('ZZ-9')].sort());
  });

  it('keeps the assets whose tag or serial is the code', () => {
    const assets = [
      { id: '1', tag: 'HQ-0001', serial: null },
      { id: '2', tag: 'X', serial: 'hq-0001' },
      { id: '3', tag: 'HQ-00011', serial: null },
    ];
    expect(namedBy('HQ-0001', assets).map((a) => a.id)).toEqual(['1', '2']);
  });

  it('found of expected, in all and here', () => {
    const index = new AuditIndex(expected);
    const scan = (id: string, assetId: string, locationId: string) => ({ id, auditorId: 'u', locationId, code: assetId, key: assetId, assetId, verdict: 'found' as const, move: null, scannedAt: `2026-01-01T00:00:0${id}Z` });
    const merged = mergeScans(index, [scan('1', 'a1', ROOM), scan('2', 'a2', ROOM)]);
    expect(progressOf(index, merged, ROOM)).toEqual({ expected: 3, found: 2, here: { expected: 2, found: 1 } });
    expect(progressOf(index, merged, null)).toEqual({ expected: 3, found: 2, here: null });
  });
});
