/**
 * The verdict on one scan in an audit, given at once on the auditor's device and the same on
 * the server: the asset is found where it was expected, found elsewhere (expected in another
 * location), outside this audit, an unknown tag, scanned twice (counted once), a retired or
 * disposed asset that turned up, or a serial number that names several assets (a person
 * picks; we never guess, as in inventory/matching.ts).
 *
 * An audit fixes its expected assets when it starts (the snapshot: each asset's tag, serial,
 * state and expected location); `AuditIndex` holds them for look-ups by tag and by serial in
 * constant time, which is what keeps a verdict within a frame in an audit of 50,000 assets.
 * A code that is in no expected row is looked up by the caller among every asset it knows
 * (the device's replica, or the server's table) and passed in as `outside`.
 *
 * The verdicts are a table (`VERDICTS`): what each is called, its tone and its sound, and
 * whether it counts towards "found of expected".
 */
import type { AssetState } from '../assets/lifecycle';
import { codeKey } from './codes';

export const SCAN_VERDICTS = ['found', 'found_elsewhere', 'outside_audit', 'unknown', 'duplicate', 'retired_found', 'ambiguous'] as const;
export type ScanVerdict = (typeof SCAN_VERDICTS)[number];

export interface VerdictLook {
  label: string;
  /** good: green; warn: amber; bad: red; info: blue. */
  tone: 'good' | 'warn' | 'bad' | 'info';
  /** Which of the three sounds the screen plays. */
  sound: 'ok' | 'attention' | 'error';
}

export const VERDICTS: Record<ScanVerdict, VerdictLook> = {
  found: { label: 'Found', tone: 'good', sound: 'ok' },
  found_elsewhere: { label: 'Found elsewhere', tone: 'warn', sound: 'attention' },
  outside_audit: { label: 'Outside this audit', tone: 'info', sound: 'attention' },
  unknown: { label: 'Unknown tag', tone: 'bad', sound: 'error' },
  duplicate: { label: 'Scanned twice', tone: 'info', sound: 'attention' },
  retired_found: { label: 'Retired asset found', tone: 'bad', sound: 'error' },
  ambiguous: { label: 'Several assets have this serial', tone: 'warn', sound: 'error' },
};

/** States of an asset that should no longer be anywhere to be scanned. */
export const GONE_STATES: readonly AssetState[] = ['retired', 'disposed'];

/** One expected asset of an audit, as its snapshot fixed it when the audit started. */
export interface ExpectedAsset {
  assetId: string;
  tag: string;
  serial: string | null;
  state: AssetState;
  /** Where it should be; null when the record names no location. */
  locationId: string | null;
}

/** An asset the audit did not expect, as the caller knows it (replica or server). */
export interface KnownAsset {
  id: string;
  tag: string;
  serial: string | null;
  state: AssetState;
  locationId: string | null;
}

/** The expected assets of an audit, indexed by tag, by serial and by location. */
export class AuditIndex {
  readonly byId = new Map<string, ExpectedAsset>();
  private readonly byTag = new Map<string, ExpectedAsset>();
  private readonly bySerial = new Map<string, ExpectedAsset[]>();
  private readonly byLocation = new Map<string | null, ExpectedAsset[]>();

  constructor(expected: Iterable<ExpectedAsset>) {
    for (const row of expected) {
      this.byId.set(row.assetId, row);
      this.byTag.set(codeKey(row.tag), row);
      const here = this.byLocation.get(row.locationId);
      if (here) here.push(row);
      else this.byLocation.set(row.locationId, [row]);
      if (row.serial) {
        const key = codeKey(row.serial);
        const rows = this.bySerial.get(key);
        if (rows) rows.push(row);
        else this.bySerial.set(key, [row]);
      }
    }
  }

  get size(): number {
    return this.byId.size;
  }

  /** The assets expected in a location (a scan's screen asks after every scan: not a walk over all of them). */
  at(locationId: string | null): readonly ExpectedAsset[] {
    return this.byLocation.get(locationId) ?? [];
  }

  /** The expected assets a code names: by tag first, then by serial (several when a serial is shared). */
  lookup(key: string): { matchedBy: 'tag' | 'serial'; rows: readonly ExpectedAsset[] } | null {
    const byTag = this.byTag.get(key);
    if (byTag) return { matchedBy: 'tag', rows: [byTag] };
    const bySerial = this.bySerial.get(key);
    return bySerial ? { matchedBy: 'serial', rows: bySerial } : null;
  }
}

/** The assets (outside the snapshot) a code names: by tag first, then by serial. */
export function matchKnown(key: string, known: readonly KnownAsset[]): { matchedBy: 'tag' | 'serial'; rows: KnownAsset[] } | null {
  const byTag = known.filter((a) => codeKey(a.tag) === key);
  if (byTag.length > 0) return { matchedBy: 'tag', rows: byTag };
  const bySerial = known.filter((a) => a.serial !== null && codeKey(a.serial) === key);
  return bySerial.length > 0 ? { matchedBy: 'serial', rows: bySerial } : null;
}

export interface ScanInput {
  /** The code's comparison key (codes.ts `codeKey`). */
  key: string;
  /** The location the auditor is in (scanned or picked first). */
  locationId: string;
  index: AuditIndex;
  /** What this audit has already counted: asset ids, and `code:<key>` for unknown codes. */
  seen: ReadonlySet<string>;
  /** The caller's look-up of the code among assets outside the snapshot (empty when none). */
  outside: readonly KnownAsset[];
}

export interface Classification {
  verdict: ScanVerdict;
  /** The asset the code names, or null (unknown, ambiguous). */
  assetId: string | null;
  matchedBy: 'tag' | 'serial' | null;
  /** Where the asset was expected (found elsewhere) or is recorded (outside the audit). */
  expectedLocationId: string | null;
  /** The asset was recorded missing and has turned up. */
  wasMissing: boolean;
  /** For `ambiguous`: the assets the serial names. */
  candidates: string[];
  /** What the scan counts as in `seen` (asset id, or `code:<key>`); null when it counts as nothing. */
  seenKey: string | null;
}

export function unknownSeenKey(key: string): string {
  return `code:${key}`;
}

/** The verdict on one scan. Pure; constant time when the code is in the snapshot. */
export function classifyScan(input: ScanInput): Classification {
  const { key, locationId, index, seen } = input;
  const base = { matchedBy: null, expectedLocationId: null, wasMissing: false, candidates: [] as string[] };
  const inSnapshot = index.lookup(key);
  const match = inSnapshot ?? matchKnown(key, input.outside);
  if (!match) {
    const seenKey = unknownSeenKey(key);
    return { ...base, verdict: seen.has(seenKey) ? 'duplicate' : 'unknown', assetId: null, seenKey };
  }
  if (match.rows.length > 1) {
    const ids = match.rows.map((r) => ('assetId' in r ? r.assetId : r.id));
    return { ...base, verdict: 'ambiguous', assetId: null, matchedBy: match.matchedBy, candidates: ids, seenKey: null };
  }
  const row = match.rows[0]!;
  const assetId = 'assetId' in row ? row.assetId : row.id;
  const common = { assetId, matchedBy: match.matchedBy, wasMissing: row.state === 'missing', candidates: [], seenKey: assetId };
  if (seen.has(assetId)) return { ...common, verdict: 'duplicate', expectedLocationId: row.locationId };
  if (GONE_STATES.includes(row.state)) return { ...common, verdict: 'retired_found', expectedLocationId: row.locationId };
  if (!inSnapshot) return { ...common, verdict: 'outside_audit', expectedLocationId: row.locationId };
  if (row.locationId !== null && row.locationId !== locationId) return { ...common, verdict: 'found_elsewhere', expectedLocationId: row.locationId };
  return { ...common, verdict: 'found', expectedLocationId: row.locationId };
}

/** Whether a verdict counts the asset as found for "found of expected". */
export function countsAsFound(verdict: ScanVerdict): boolean {
  return verdict === 'found' || verdict === 'found_elsewhere';
}
