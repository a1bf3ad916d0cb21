/**
 * The rules of audits as records, checked by the same functions on the device (before an op is
 * queued) and on the server (when it arrives), so both refuse in the same words:
 *
 * - who runs audits: technicians at their own site, desk staff and admins at every site (an
 *   auditor is a technician: see README, "Audits"; requesters never sign in to the app);
 * - a plan: its locations at its site, its auditors people who run audits and see the site;
 * - its scope changes only while it is planned (the snapshot is fixed when it starts);
 * - start only a planned audit, close only one in progress, cancel one not yet closed;
 * - a scan: for an audit started (a closed one still records it, as late), at a location of
 *   the audit's site.
 */
import type { Role } from '../domain/entities';
import type { TransitionCheck } from '../itsm/lifecycle';
import type { ClosePlan, CloseDecisions, ReviewDecision, UnknownDecision } from './close';
import type { MergedAudit } from './merge';
import { AUDIT_SCOPE_FIELDS, type Audit, type AuditAction, type AuditCreateData, type AuditScan, type AuditSummary } from './records';

const ok: TransitionCheck = { ok: true };

export const AUDIT_NOT_VISIBLE = 'Audit not found or not visible to you.';
export const ONLY_AUDIT_STAFF = 'Only technicians, desk staff and admins run audits.';

/** Who may plan and run an audit at a site. */
export function checkAuditActor(viewer: { role: Role; siteId: string | null }, siteId: string): TransitionCheck {
  if (viewer.role === 'admin' || viewer.role === 'agent') return ok;
  if (viewer.role !== 'technician') return { ok: false, reason: ONLY_AUDIT_STAFF };
  if (viewer.siteId === null) return { ok: false, reason: 'You have no site, so you cannot run audits. Ask an admin to set your site.' };
  return viewer.siteId === siteId ? ok : { ok: false, reason: 'Technicians run audits at their own site only.' };
}

export interface PlanFacts {
  /** The site of a location, or undefined when it does not exist. */
  siteOfLocation(locationId: string): string | undefined;
  /** A person, or null when they do not exist. */
  person(id: string): { displayName: string; role: Role; siteId: string | null } | null;
}

/** Whether a plan's scope and auditors fit its site. */
export function checkAuditPlan(plan: Pick<AuditCreateData, 'siteId' | 'locationIds' | 'auditorIds'>, facts: PlanFacts): TransitionCheck {
  for (const id of plan.locationIds) {
    const site = facts.siteOfLocation(id);
    if (site === undefined) return { ok: false, reason: 'A location of the audit does not exist.' };
    if (site !== plan.siteId) return { ok: false, reason: 'A location of the audit is at another site: an audit covers one site.' };
  }
  if (new Set(plan.auditorIds).size !== plan.auditorIds.length) return { ok: false, reason: 'An auditor is named twice.' };
  for (const id of plan.auditorIds) {
    const person = facts.person(id);
    if (!person) return { ok: false, reason: 'An auditor of the audit does not exist.' };
    if (person.role === 'requester') return { ok: false, reason: `${person.displayName} does not run audits: choose technicians, desk staff or admins.` };
    if (person.role === 'technician' && person.siteId !== plan.siteId) return { ok: false, reason: `${person.displayName} works at another site and would not see this audit.` };
  }
  return ok;
}

/** A patch of an audit: its scope only while planned; nothing once closed or cancelled. */
export function checkAuditPatch(audit: Pick<Audit, 'number' | 'state'>, changed: readonly string[]): TransitionCheck {
  if (audit.state === 'closed' || audit.state === 'cancelled') return { ok: false, reason: `${audit.number} is ${audit.state === 'closed' ? 'closed' : 'cancelled'}: it can no longer be changed.` };
  const scope = changed.filter((f) => (AUDIT_SCOPE_FIELDS as readonly string[]).includes(f));
  if (scope.length > 0 && audit.state !== 'planned') {
    return { ok: false, reason: `${audit.number} has started: its scope (locations, kinds, categories) was fixed when it started and can no longer be changed.` };
  }
  return ok;
}

/** Whether an action may be done on the audit in its state. */
export function checkAuditAction(audit: Pick<Audit, 'number' | 'state'>, action: AuditAction): TransitionCheck {
  const { number, state } = audit;
  switch (action.action) {
    case 'start':
      if (state === 'planned') return ok;
      return { ok: false, reason: state === 'in_progress' ? `${number} has already started.` : `${number} is ${state === 'closed' ? 'closed' : 'cancelled'}: it cannot start.` };
    case 'close':
      if (state === 'in_progress') return ok;
      return { ok: false, reason: state === 'planned' ? `${number} has not started: start it, scan, then close it.` : state === 'closed' ? `${number} is already closed.` : `${number} was cancelled: it cannot be closed.` };
    case 'cancel':
      if (state === 'planned' || state === 'in_progress') return ok;
      return { ok: false, reason: state === 'closed' ? `${number} is closed: a closed audit cannot be cancelled.` : `${number} is already cancelled.` };
  }
}

/**
 * Whether a scan is recorded: the audit has started (a closed one records it as late), and
 * the location is one of the audit's site. `locationSite` is undefined when the location does
 * not exist.
 */
export function checkScan(audit: Pick<Audit, 'number' | 'state' | 'siteId'>, locationSite: string | undefined): TransitionCheck {
  if (audit.state === 'cancelled') return { ok: false, reason: `${audit.number} was cancelled: the scan was not recorded.` };
  if (audit.state === 'planned') return { ok: false, reason: `${audit.number} has not started: start it before scanning.` };
  if (locationSite === undefined) return { ok: false, reason: 'The location does not exist.' };
  if (locationSite !== audit.siteId) return { ok: false, reason: 'The location label is of another site: scan a location of the audit’s site.' };
  return ok;
}

/**
 * Whether `viewer` may add details (a note, a photo, the condition, the holder's answer) to a
 * scan: only the auditor who made it, while the audit runs; a scan that arrived after the close
 * keeps what it said, for the closer to see.
 */
export function checkScanDetails(audit: Pick<Audit, 'number' | 'state'>, scan: Pick<AuditScan, 'auditorId' | 'late'>, viewerId: string): TransitionCheck {
  if (scan.auditorId !== viewerId) return { ok: false, reason: 'Only the auditor who made a scan may add to it.' };
  if (scan.late || audit.state === 'closed') return { ok: false, reason: `${audit.number} is closed: its scans can no longer be changed.` };
  if (audit.state === 'cancelled') return { ok: false, reason: `${audit.number} was cancelled: its scans can no longer be changed.` };
  return ok;
}

/** The closer's decisions of a close action, as close.ts reads them. */
export function closeDecisionsOf(action: Extract<AuditAction, { action: 'close' }>): CloseDecisions {
  return {
    stillSearching: new Set(action.stillSearching),
    reviews: new Map(Object.entries(action.reviews) as [string, ReviewDecision][]),
    unknown: new Map(Object.entries(action.unknown) as [string, UnknownDecision][]),
  };
}

/** The counts kept on a closed audit. */
export function auditSummaryOf(merged: MergedAudit, plan: ClosePlan, done: { missing: number; moved: number; registered: number }): AuditSummary {
  return {
    ...merged.counts,
    missing: done.missing,
    stillSearching: plan.stillSearching.length,
    moved: done.moved,
    registered: done.registered,
    dismissed: plan.dismissed.length,
    lateScans: 0,
  };
}

/** What an asset's history says of its audit: "Audited in AUD-0003: found in its place." */
export function auditedReason(number: string, verdict: 'found' | 'found_elsewhere' | 'outside_audit' | 'retired_found'): string {
  const words = { found: 'found in its place', found_elsewhere: 'found elsewhere', outside_audit: 'found, outside the audit’s scope', retired_found: 'found, though retired or disposed' }[verdict];
  return `Audited in ${number}: ${words}.`;
}

export const notFoundReason = (number: string) => `Not found in audit ${number}`;
export const foundMoveReason = (number: string) => `Found here in audit ${number}`;
export const registeredName = (code: string) => `Unknown tag ${code}`;

export interface CloseFacts {
  siteId: string;
  /** The site of a location, or undefined when it does not exist. */
  siteOfLocation(locationId: string): string | undefined;
  /** Whether an asset already has this tag. */
  tagTaken(tag: string): boolean;
}

/**
 * What the close plan needs of the world besides the scans: a reviewed asset moved to a
 * location of the audit's site, and an unknown code registered under its own code as the tag,
 * which must be free. Every problem in words (the app shows them before signing).
 */
export function checkCloseFacts(plan: ClosePlan, facts: CloseFacts): TransitionCheck {
  const reasons: string[] = [];
  for (const move of plan.moves) {
    const site = facts.siteOfLocation(move.to);
    if (site === undefined) reasons.push('A move goes to a location that does not exist.');
    else if (site !== facts.siteId) reasons.push('A move goes to a location of another site: an audit moves assets within its site.');
  }
  for (const r of plan.register) {
    if (facts.tagTaken(r.code)) reasons.push(`The unknown tag ${r.code} cannot be registered: the asset tag ${r.code} is already used by another asset (dismiss it, or look for that asset).`);
  }
  return reasons.length > 0 ? { ok: false, reason: [...new Set(reasons)].join(' ') } : ok;
}
