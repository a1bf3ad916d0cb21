/**
 * What one scanned or typed code does on the audit run screen, decided before anything is
 * written: a location label makes that location the current one; a code that names an asset (by
 * tag or serial) or names nothing is a scan, classified at once (common/audits/classify.ts); and
 * anything else is refused in words — a burst that is no code, a label of a location this device
 * does not know or of another site, a label of a location outside the audit's scope, an asset
 * scanned before any location. Pure, so every case is tested without a screen.
 */
import { classifyScan, countsAsFound, unknownSeenKey, type AuditIndex, type Classification, type KnownAsset } from '@fielddesk/common/audits/classify';
import { codeKey, readCode } from '@fielddesk/common/audits/codes';
import type { MergedAudit } from '@fielddesk/common/audits/merge';
import type { AuditScan } from '@fielddesk/common/audits/records';

export interface ScanContext {
  audit: { siteId: string; locationIds: readonly string[] };
  /** The location the auditor is in, or null before one is scanned or picked. */
  locationId: string | null;
  /** A location this device knows, with its site and name; undefined when it does not know it. */
  location(id: string): { siteId: string; name: string } | undefined;
  siteName(id: string): string;
  index: AuditIndex;
  /** What the audit has counted already (seenOf). */
  seen: ReadonlySet<string>;
  /** The device's assets outside the snapshot that the code names (by tag or serial). */
  outside: readonly KnownAsset[];
}

export type ScanStep =
  | { kind: 'location'; locationId: string }
  | { kind: 'refused'; code: string; reason: string }
  | { kind: 'scan'; code: string; key: string; classification: Classification };

export function scanStep(raw: string, ctx: ScanContext): ScanStep {
  const read = readCode(raw);
  const code = raw.trim();
  if (read.kind === 'invalid') return { kind: 'refused', code, reason: read.reason };
  if (read.kind === 'location') {
    const place = ctx.location(read.locationId);
    if (!place) return { kind: 'refused', code, reason: 'This location label names a location this device does not know: a label of another site, or of a location made since the last sync.' };
    if (place.siteId !== ctx.audit.siteId) {
      return { kind: 'refused', code, reason: `“${place.name}” is a location of ${ctx.siteName(place.siteId)}, not of the site this audit covers (${ctx.siteName(ctx.audit.siteId)}).` };
    }
    if (ctx.audit.locationIds.length > 0 && !ctx.audit.locationIds.includes(read.locationId)) {
      return { kind: 'refused', code, reason: `“${place.name}” is not one of the locations this audit covers.` };
    }
    return { kind: 'location', locationId: read.locationId };
  }
  if (ctx.locationId === null) return { kind: 'refused', code, reason: 'Scan the location’s label (or pick the location) first: each scan is recorded where you are.' };
  const classification = classifyScan({ key: read.key, locationId: ctx.locationId, index: ctx.index, seen: ctx.seen, outside: ctx.outside });
  return { kind: 'scan', code: read.code, key: read.key, classification };
}

/** What an audit's scans have counted, as classifyScan reads it: asset ids, and `code:<key>` for unknown codes. */
export function seenOf(scans: readonly Pick<AuditScan, 'assetId' | 'key' | 'verdict'>[]): Set<string> {
  const seen = new Set<string>();
  for (const s of scans) {
    if (s.assetId !== null) seen.add(s.assetId);
    else if (s.verdict === 'unknown' || s.verdict === 'duplicate') seen.add(unknownSeenKey(s.key));
  }
  return seen;
}

/** Keeps the assets whose tag or serial is the code (the replica's look-up is by either, ignoring case). */
export function namedBy<A extends { tag: string; serial: string | null }>(key: string, assets: readonly A[]): A[] {
  return assets.filter((a) => codeKey(a.tag) === key || (a.serial !== null && codeKey(a.serial) === key));
}

export interface Progress {
  expected: number;
  found: number;
  /** Of the current location: expected there, and of those found (anywhere). */
  here: { expected: number; found: number } | null;
}

/** Found of expected, for the whole audit and the current location, from the merged scans. */
export function progressOf(index: AuditIndex, merged: MergedAudit, locationId: string | null): Progress {
  const found = [...merged.assets.values()].filter((o) => countsAsFound(o.verdict)).length;
  if (locationId === null) return { expected: index.size, found, here: null };
  const here = index.at(locationId);
  const foundHere = here.filter((row) => merged.assets.has(row.assetId)).length;
  return { expected: index.size, found, here: { expected: here.length, found: foundHere } };
}
