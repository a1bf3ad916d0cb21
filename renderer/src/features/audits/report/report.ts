/**
 * The audit report as plain data, built from the merged scans (common/audits/merge.ts), the
 * close plan (common/audits/close.ts) and the names the screen knows; csv.ts and pdf.ts turn it
 * into files. Pure: the same report on any device, and testable without a database.
 */
import type { AuditIndex } from '@fielddesk/common/audits/classify';
import type { ClosePlan } from '@fielddesk/common/audits/close';
import type { MergedAudit } from '@fielddesk/common/audits/merge';

export const REPORT_OUTCOMES = ['found', 'found_elsewhere', 'missing', 'still_searching', 'outside_audit', 'retired_found', 'unknown'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

export const OUTCOME_LABELS: Record<ReportOutcome, string> = {
  found: 'Found',
  found_elsewhere: 'Found elsewhere',
  missing: 'Missing',
  still_searching: 'Still searching',
  outside_audit: 'Outside the audit',
  retired_found: 'Retired asset found',
  unknown: 'Unknown tag',
};

export interface ReportRow {
  outcome: ReportOutcome;
  /** The asset's tag, or the code as scanned for an unknown tag. */
  tag: string;
  name: string;
  expectedLocation: string | null;
  foundLocation: string | null;
  /** Moved to, registered, dismissed with a reason… in words. */
  action: string;
  auditors: string[];
}

export interface ReportLocation {
  name: string;
  rows: ReportRow[];
}

export interface ReportCounts {
  expected: number;
  found: number;
  foundElsewhere: number;
  missing: number;
  stillSearching: number;
  outside: number;
  unknown: number;
  retiredFound: number;
  repeats: number;
  late: number;
}

export interface ReportSignature {
  signerName: string;
  signedAt: string;
  /** The signature drawn on screen, as PNG bytes (null: not signed yet). */
  png: Uint8Array | null;
}

export interface AuditReport {
  number: string;
  name: string;
  site: string;
  startedAt: string | null;
  dueAt: string | null;
  closedAt: string | null;
  auditors: string[];
  counts: ReportCounts;
  /** Per location, in name order; "No location" last for assets whose record names none. */
  locations: ReportLocation[];
  signature: ReportSignature | null;
}

export interface ReportInput {
  audit: { number: string; name: string; site: string; startedAt: string | null; dueAt: string | null; closedAt: string | null };
  index: AuditIndex;
  merged: MergedAudit;
  plan: ClosePlan;
  /** Tag and name of every asset the report mentions (expected or scanned). */
  asset: (assetId: string) => { tag: string; name: string } | undefined;
  locationName: (locationId: string) => string;
  personName: (personId: string) => string;
  /** Scans recorded after the audit closed (marked late). */
  lateScans: number;
  signature: ReportSignature | null;
}

const NO_LOCATION = 'No location';

export function buildAuditReport(input: ReportInput): AuditReport {
  const { index, merged, plan, locationName, personName } = input;
  const byLocation = new Map<string, ReportRow[]>();
  const add = (locationId: string | null, row: ReportRow) => {
    const name = locationId === null ? NO_LOCATION : locationName(locationId);
    const rows = byLocation.get(name);
    if (rows) rows.push(row);
    else byLocation.set(name, [row]);
  };
  const assetOf = (id: string) => input.asset(id) ?? { tag: index.byId.get(id)?.tag ?? id, name: '' };
  const moves = new Map(plan.moves.map((m) => [m.assetId, m]));
  const auditorSet = new Set<string>();

  for (const o of merged.assets.values()) {
    const a = assetOf(o.assetId);
    o.auditorIds.forEach((id) => auditorSet.add(id));
    const move = moves.get(o.assetId);
    let action = '';
    if (move) action = `Moved to ${locationName(move.to)}`;
    else if (o.verdict === 'found_elsewhere') action = 'Left where it is recorded';
    add(o.foundIn, {
      outcome: o.verdict,
      tag: a.tag,
      name: a.name,
      expectedLocation: o.expectedLocationId === null ? null : locationName(o.expectedLocationId),
      foundLocation: locationName(o.foundIn),
      action,
      auditors: o.auditorIds.map(personName),
    });
  }
  const notFound = (ids: string[], outcome: 'missing' | 'still_searching') => {
    for (const id of ids) {
      const a = assetOf(id);
      const expected = index.byId.get(id)?.locationId ?? null;
      add(expected, {
        outcome,
        tag: a.tag,
        name: a.name,
        expectedLocation: expected === null ? null : locationName(expected),
        foundLocation: null,
        action: outcome === 'missing' ? 'Marked missing' : 'Still searching',
        auditors: [],
      });
    }
  };
  notFound(plan.missing, 'missing');
  notFound(plan.stillSearching, 'still_searching');
  const registered = new Set(plan.register.map((r) => r.key));
  const dismissed = new Map(plan.dismissed.map((d) => [d.key, d.reason]));
  for (const u of merged.unknown) {
    u.auditorIds.forEach((id) => auditorSet.add(id));
    const reason = dismissed.get(u.key);
    add(u.locationId, {
      outcome: 'unknown',
      tag: u.code,
      // An unknown tag has no name: what its auditors wrote about it stands in its place.
      name: u.notes.join(' · '),
      expectedLocation: null,
      foundLocation: locationName(u.locationId),
      action: registered.has(u.key) ? 'To register as a new asset' : reason !== undefined ? `Dismissed: ${reason}` : '',
      auditors: u.auditorIds.map(personName),
    });
  }

  const order = (o: ReportOutcome) => REPORT_OUTCOMES.indexOf(o);
  const locations = [...byLocation.entries()]
    .sort(([a], [b]) => (a === NO_LOCATION ? 1 : b === NO_LOCATION ? -1 : a.localeCompare(b)))
    .map(([name, rows]) => ({ name, rows: rows.sort((x, y) => order(x.outcome) - order(y.outcome) || x.tag.localeCompare(y.tag)) }));

  return {
    ...input.audit,
    auditors: [...auditorSet].map(personName).sort((a, b) => a.localeCompare(b)),
    counts: {
      expected: merged.counts.expected,
      found: merged.counts.found,
      foundElsewhere: merged.counts.foundElsewhere,
      missing: plan.missing.length,
      stillSearching: plan.stillSearching.length,
      outside: merged.counts.outside,
      unknown: merged.counts.unknown,
      retiredFound: merged.counts.retiredFound,
      repeats: merged.counts.repeats,
      late: input.lateScans,
    },
    locations,
    signature: input.signature,
  };
}

/** The counts in report order, with their labels (the PDF's summary, the screen's). */
export function countLines(c: ReportCounts): Array<[string, number]> {
  return [
    ['Expected', c.expected],
    ['Found', c.found],
    ['Found elsewhere', c.foundElsewhere],
    ['Not found: missing', c.missing],
    ['Not found: still searching', c.stillSearching],
    ['Outside the audit', c.outside],
    ['Unknown tags', c.unknown],
    ['Retired assets found', c.retiredFound],
    ['Repeated scans', c.repeats],
    ['Late scans', c.late],
  ];
}

/** A file name for the report: `audit-<number>.<ext>`, kept to safe characters. */
export function reportFileName(number: string, ext: 'csv' | 'pdf'): string {
  return `audit-${number.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64) || 'report'}.${ext}`;
}
