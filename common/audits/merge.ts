/**
 * Merging the scans of several auditors into one account of an audit, the same on every
 * device and on the server. Scans are append-only facts (who scanned what, where, when, and
 * whether they chose to move a misplaced asset), so merging is a pure function of the set:
 * the answer does not depend on the order the scans arrived in, and nothing is ever lost.
 *
 * - An asset scanned by two auditors (or twice by one) counts once; the earliest scan says
 *   where it was found; the others are counted as repeats.
 * - Its verdict is worked out again from the snapshot (the device's verdict is kept on the
 *   scan as it was shown); for an asset outside the snapshot the device's verdict stands.
 * - "Move it here" choices: when every choice made agrees, it stands; when auditors chose
 *   differently (one moves it, another leaves it, or two move it to different places), or
 *   found it in two places, the asset is set aside for review with the choices in words.
 * - Unknown codes are kept once per code, with every scan of them.
 */
import type { AuditIndex} from './classify';
import { GONE_STATES, type ScanVerdict } from './classify';

/** One scan as merging needs it (a subset of the synced audit scan). */
export interface ScanFacts {
  id: string;
  auditorId: string;
  /** Where the auditor was. */
  locationId: string;
  /** The code as scanned, and its comparison key. */
  code: string;
  key: string;
  /** The asset it named (null: unknown, or a serial several assets share). */
  assetId: string | null;
  /** The verdict the device showed. */
  verdict: ScanVerdict;
  /** For an asset found elsewhere: move it to `locationId`, or leave it where it is recorded. */
  move: 'move' | 'leave' | null;
  /** What the auditor wrote about it, and their photo of it (unknown tags keep theirs for the closer); absent: not read. */
  note?: string;
  photoSha256?: string | null;
  scannedAt: string;
}

export type MoveChoice = { kind: 'move'; locationId: string; auditorIds: string[] } | { kind: 'leave'; auditorIds: string[] };

export interface AssetOutcome {
  assetId: string;
  verdict: Extract<ScanVerdict, 'found' | 'found_elsewhere' | 'outside_audit' | 'retired_found'>;
  /** Where the earliest scan found it. */
  foundIn: string;
  /** Where the snapshot expected it (null outside the snapshot, or when it named no place). */
  expectedLocationId: string | null;
  scanIds: string[];
  auditorIds: string[];
  /** The agreed move, when every choice made says "move it here". */
  moveTo: string | null;
  /** Why a person must decide (choices differ, found in two places), or null. */
  review: { reasons: string[]; choices: MoveChoice[]; foundIn: string[] } | null;
}

export interface UnknownOutcome {
  key: string;
  /** The code as first scanned. */
  code: string;
  locationId: string;
  scanIds: string[];
  auditorIds: string[];
  /** The auditors' notes on it, in the order written, each once. */
  notes: string[];
  /** Their photos of it (content hashes), each once. */
  photos: string[];
}

export interface MergedAudit {
  assets: Map<string, AssetOutcome>;
  unknown: UnknownOutcome[];
  /** Scans of a serial several assets share that nobody resolved. */
  unresolved: ScanFacts[];
  counts: {
    expected: number;
    found: number;
    foundElsewhere: number;
    notFound: number;
    outside: number;
    retiredFound: number;
    unknown: number;
    /** Scans beyond the first of an asset or an unknown code. */
    repeats: number;
    scans: number;
  };
}

function byTimeThenId(a: ScanFacts, b: ScanFacts): number {
  return a.scannedAt < b.scannedAt ? -1 : a.scannedAt > b.scannedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function pushUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/** The choices made on an asset's scans, one per distinct choice, in the order first made. */
function choicesOf(scans: readonly ScanFacts[]): MoveChoice[] {
  const choices = new Map<string, MoveChoice>();
  for (const s of scans) {
    if (s.move === null) continue;
    const key = s.move === 'move' ? `move:${s.locationId}` : 'leave';
    const choice = choices.get(key) ?? (s.move === 'move' ? { kind: 'move' as const, locationId: s.locationId, auditorIds: [] } : { kind: 'leave' as const, auditorIds: [] });
    pushUnique(choice.auditorIds, s.auditorId);
    choices.set(key, choice);
  }
  return [...choices.values()];
}

export function mergeScans(index: AuditIndex, scans: readonly ScanFacts[]): MergedAudit {
  const sorted = [...scans].sort(byTimeThenId);
  const perAsset = new Map<string, ScanFacts[]>();
  const perCode = new Map<string, ScanFacts[]>();
  const unresolved: ScanFacts[] = [];
  for (const s of sorted) {
    if (s.assetId !== null) {
      const list = perAsset.get(s.assetId);
      if (list) list.push(s);
      else perAsset.set(s.assetId, [s]);
    } else if (s.verdict === 'ambiguous') unresolved.push(s);
    else {
      const list = perCode.get(s.key);
      if (list) list.push(s);
      else perCode.set(s.key, [s]);
    }
  }

  const assets = new Map<string, AssetOutcome>();
  const counts = { expected: index.size, found: 0, foundElsewhere: 0, notFound: 0, outside: 0, retiredFound: 0, unknown: perCode.size, repeats: 0, scans: scans.length };
  for (const [assetId, list] of perAsset) {
    const first = list[0]!;
    const row = index.byId.get(assetId);
    let verdict: AssetOutcome['verdict'];
    if (!row) verdict = first.verdict === 'retired_found' ? 'retired_found' : 'outside_audit';
    else if (GONE_STATES.includes(row.state)) verdict = 'retired_found';
    else verdict = row.locationId === null || row.locationId === first.locationId ? 'found' : 'found_elsewhere';

    const auditorIds: string[] = [];
    const foundIn: string[] = [];
    for (const s of list) {
      pushUnique(auditorIds, s.auditorId);
      pushUnique(foundIn, s.locationId);
    }
    const choices = verdict === 'found_elsewhere' ? choicesOf(list) : [];
    const reasons: string[] = [];
    if (foundIn.length > 1) reasons.push(`Scanned in ${foundIn.length} places.`);
    if (choices.length > 1) reasons.push('Auditors chose differently whether to move it.');
    const agreed = choices.length === 1 && foundIn.length === 1 && choices[0]!.kind === 'move' ? choices[0]!.locationId : null;
    assets.set(assetId, {
      assetId,
      verdict,
      foundIn: first.locationId,
      expectedLocationId: row?.locationId ?? null,
      scanIds: list.map((s) => s.id),
      auditorIds,
      moveTo: agreed,
      review: reasons.length > 0 ? { reasons, choices, foundIn } : null,
    });
    counts.repeats += list.length - 1;
    if (verdict === 'found') counts.found++;
    else if (verdict === 'found_elsewhere') counts.foundElsewhere++;
    else if (verdict === 'outside_audit') counts.outside++;
    else counts.retiredFound++;
  }
  // Counted over what was scanned, not over the snapshot: a screen merges after every scan, and
  // an audit may expect 50,000 assets.
  let expectedSeen = 0;
  for (const id of assets.keys()) if (index.byId.has(id)) expectedSeen++;
  counts.notFound = index.size - expectedSeen;

  const unknown: UnknownOutcome[] = [];
  for (const [key, list] of perCode) {
    const auditorIds: string[] = [];
    const notes: string[] = [];
    const photos: string[] = [];
    for (const s of list) {
      pushUnique(auditorIds, s.auditorId);
      if (s.note?.trim()) pushUnique(notes, s.note.trim());
      if (s.photoSha256) pushUnique(photos, s.photoSha256);
    }
    unknown.push({ key, code: list[0]!.code, locationId: list[0]!.locationId, scanIds: list.map((s) => s.id), auditorIds, notes, photos });
    counts.repeats += list.length - 1;
  }
  return { assets, unknown, unresolved, counts };
}
