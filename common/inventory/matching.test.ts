import { describe, expect, it } from 'vitest';
import { identityOf, isAnonymous, matchAsset, MATCH_RULE_LABELS, type CandidateFacts, type IdentityFacts, type MatchRule } from './matching';

const SERIAL = '640HP72';
const UUID = '4c4c4544-0034-3010-8048-b6c04f503732';
const MAC = '00:e0:4c:68:01:db';

describe('identityOf', () => {
  it('normalises every field and drops junk', () => {
    expect(
      identityOf({
        serial: ' 640hp72 ',
        uuid: '4C4C4544-0034-3010-8048-B6C04F503732',
        macs: ['00-E0-4C-68-01-DB', '00:e0:4c:68:01:db', '00:00:00:00:00:00', '52:54:00:fa:20:0e', null, '44:85:00:2b:90:bc'],
        name: 'GLPIXPS',
      }),
    ).toEqual({ serial: SERIAL, uuid: UUID, macs: ['00:e0:4c:68:01:db', '44:85:00:2b:90:bc'], name: 'glpixps' });
  });

  it('leaves an all-junk device anonymous', () => {
    const identity = identityOf({ serial: 'To Be Filled By O.E.M.', uuid: 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', macs: ['00:00:00:00:00:00'], name: 'localhost' });
    expect(isAnonymous(identity)).toBe(true);
  });

  it('refuses facts of the wrong shape, naming the field', () => {
    expect(() => identityOf({ serial: 42 } as unknown as IdentityFacts)).toThrow(/serial/);
    expect(() => identityOf({ macs: 'aa:bb' } as unknown as IdentityFacts)).toThrow(/macs/);
  });
});

type Case = {
  name: string;
  device: IdentityFacts;
  candidates: CandidateFacts[];
  expected: { kind: 'matched'; rule: MatchRule; id: string } | { kind: 'ambiguous'; rule: MatchRule; ids: string[] } | null;
};

const cases: Case[] = [
  {
    name: 'serial and uuid both equal',
    device: { serial: SERIAL, uuid: UUID },
    candidates: [{ id: 'a', serial: SERIAL, uuid: UUID }],
    expected: { kind: 'matched', rule: 'serial+uuid', id: 'a' },
  },
  {
    name: 'serial+uuid wins over a serial-only and a uuid-only candidate',
    device: { serial: SERIAL, uuid: UUID },
    candidates: [
      { id: 'serial-only', serial: SERIAL, uuid: '11111111-2222-3333-4444-555555555555' },
      { id: 'uuid-only', serial: 'OTHER1', uuid: UUID },
      { id: 'both', serial: SERIAL, uuid: UUID },
    ],
    expected: { kind: 'matched', rule: 'serial+uuid', id: 'both' },
  },
  {
    name: 'serial alone (the board, hence the uuid, was replaced)',
    device: { serial: SERIAL, uuid: UUID },
    candidates: [{ id: 'a', serial: SERIAL, uuid: '11111111-2222-3333-4444-555555555555' }],
    expected: { kind: 'matched', rule: 'serial', id: 'a' },
  },
  {
    name: 'serial wins over uuid',
    device: { serial: SERIAL, uuid: UUID },
    candidates: [
      { id: 'by-uuid', uuid: UUID },
      { id: 'by-serial', serial: SERIAL },
    ],
    expected: { kind: 'matched', rule: 'serial', id: 'by-serial' },
  },
  {
    name: 'uuid when the serial is junk',
    device: { serial: 'To Be Filled By O.E.M.', uuid: UUID },
    candidates: [
      { id: 'junk-serial', serial: 'To Be Filled By O.E.M.' },
      { id: 'a', serial: 'Default string', uuid: UUID.toUpperCase() },
    ],
    expected: { kind: 'matched', rule: 'uuid', id: 'a' },
  },
  {
    name: 'uuid wins over MAC',
    device: { uuid: UUID, macs: [MAC] },
    candidates: [
      { id: 'by-mac', macs: [MAC] },
      { id: 'by-uuid', uuid: UUID },
    ],
    expected: { kind: 'matched', rule: 'uuid', id: 'by-uuid' },
  },
  {
    name: 'any shared MAC, written differently',
    device: { macs: ['44:85:00:2b:90:bc', '00-E0-4C-68-01-DB'], name: 'glpixps' },
    candidates: [{ id: 'a', macs: ['00e0.4c68.01db'] }],
    expected: { kind: 'matched', rule: 'mac', id: 'a' },
  },
  {
    name: 'MAC wins over name',
    device: { macs: [MAC], name: 'glpixps' },
    candidates: [
      { id: 'by-name', name: 'glpixps' },
      { id: 'by-mac', macs: [MAC] },
    ],
    expected: { kind: 'matched', rule: 'mac', id: 'by-mac' },
  },
  {
    name: 'a shared virtual or zero MAC is not a match',
    device: { macs: ['52:54:00:fa:20:0e', '00:00:00:00:00:00', '02:42:ac:11:00:02'] },
    candidates: [{ id: 'a', macs: ['52:54:00:fa:20:0e', '00:00:00:00:00:00', '02:42:ac:11:00:02'] }],
    expected: null,
  },
  {
    name: 'name, case-insensitively',
    device: { name: 'LF014' },
    candidates: [{ id: 'a', name: ' lf014 ' }],
    expected: { kind: 'matched', rule: 'name', id: 'a' },
  },
  {
    name: 'localhost is not a name to match on',
    device: { name: 'localhost' },
    candidates: [{ id: 'a', name: 'localhost' }],
    expected: null,
  },
  {
    name: 'junk serials on both sides never match',
    device: { serial: 'To Be Filled By O.E.M.', uuid: 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF' },
    candidates: [{ id: 'a', serial: 'to be filled by o.e.m.', uuid: 'ffffffff-ffff-ffff-ffff-ffffffffffff' }],
    expected: null,
  },
  {
    name: 'nothing in common: new',
    device: { serial: SERIAL, uuid: UUID, macs: [MAC], name: 'glpixps' },
    candidates: [{ id: 'a', serial: 'OTHER1', uuid: '11111111-2222-3333-4444-555555555555', macs: ['44:85:00:2b:90:bc'], name: 'other' }],
    expected: null,
  },
  {
    name: 'no candidates: new',
    device: { serial: SERIAL },
    candidates: [],
    expected: null,
  },
  {
    name: 'two assets with the same serial: ambiguous, not guessed',
    device: { serial: SERIAL, uuid: UUID },
    candidates: [
      { id: 'a', serial: SERIAL },
      { id: 'b', serial: SERIAL.toLowerCase() },
      { id: 'c', uuid: UUID },
    ],
    expected: { kind: 'ambiguous', rule: 'serial', ids: ['a', 'b'] },
  },
  {
    name: 'two assets with the same serial and uuid: ambiguous at serial+uuid',
    device: { serial: SERIAL, uuid: UUID },
    candidates: [
      { id: 'a', serial: SERIAL, uuid: UUID },
      { id: 'b', serial: SERIAL, uuid: UUID },
    ],
    expected: { kind: 'ambiguous', rule: 'serial+uuid', ids: ['a', 'b'] },
  },
  {
    name: 'two assets sharing one of our MACs: ambiguous at mac, the name is not consulted',
    device: { macs: [MAC, '44:85:00:2b:90:bc'], name: 'glpixps' },
    candidates: [
      { id: 'a', macs: [MAC] },
      { id: 'b', macs: ['44:85:00:2b:90:bc'] },
      { id: 'c', name: 'glpixps' },
    ],
    expected: { kind: 'ambiguous', rule: 'mac', ids: ['a', 'b'] },
  },
  {
    name: 'two assets with the same name: ambiguous at name',
    device: { name: 'pc-01' },
    candidates: [
      { id: 'a', name: 'PC-01' },
      { id: 'b', name: 'pc-01' },
    ],
    expected: { kind: 'ambiguous', rule: 'name', ids: ['a', 'b'] },
  },
  {
    name: 'the same asset listed twice is one match',
    device: { serial: SERIAL },
    candidates: [
      { id: 'a', serial: SERIAL },
      { id: 'a', serial: SERIAL },
    ],
    expected: { kind: 'matched', rule: 'serial', id: 'a' },
  },
];

describe('matchAsset', () => {
  it.each(cases)('$name', ({ device, candidates, expected }) => {
    const result = matchAsset(identityOf(device), candidates);
    if (expected === null) {
      expect(result).toBeNull();
    } else if (expected.kind === 'matched') {
      expect(result).toMatchObject({ kind: 'matched', rule: expected.rule, candidate: { id: expected.id } });
    } else {
      expect(result?.kind).toBe('ambiguous');
      expect(result?.rule).toBe(expected.rule);
      expect(result?.kind === 'ambiguous' ? result.candidates.map((c) => c.id) : []).toEqual(expected.ids);
    }
  });

  it("returns the caller's own candidate object", () => {
    const candidate = { id: 'a', serial: SERIAL, assetTag: 'FD-0001' };
    const result = matchAsset(identityOf({ serial: SERIAL }), [candidate]);
    expect(result?.kind === 'matched' && result.candidate).toBe(candidate);
  });

  it('refuses a candidate without an id, naming it', () => {
    expect(() => matchAsset(identityOf({ serial: SERIAL }), [{ id: '', serial: SERIAL }])).toThrow(/Candidate 0.*id/);
  });

  it('labels every rule for the UI', () => {
    expect(MATCH_RULE_LABELS.serial).toBe('serial number');
    expect(Object.keys(MATCH_RULE_LABELS)).toEqual(['serial+uuid', 'serial', 'uuid', 'mac', 'name']);
  });
});
