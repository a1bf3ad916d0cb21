/**
 * Closing an audit: from the merged scans (merge.ts) and the closer's decisions to the plan
 * of what changes, or the reasons it cannot close yet. The same function runs on the device
 * (to show the plan before signing) and on the server (which applies it), so both say the
 * same thing.
 *
 * - What was expected and not found becomes missing, unless the closer keeps it "still
 *   searching"; an asset already missing stays so, and a retired or disposed one is left.
 * - Agreed moves are applied; an asset set aside for review is moved or left as the closer
 *   decides, and the audit cannot close while one is undecided.
 * - Each unknown code is registered as a new asset later, or dismissed with a reason; the
 *   audit cannot close while one is undecided.
 */
import type { AssetState } from '../assets/lifecycle';
import { type AuditIndex, GONE_STATES } from './classify';
import type { MergedAudit } from './merge';

export type ReviewDecision = { kind: 'move'; locationId: string } | { kind: 'leave' };
export type UnknownDecision = { kind: 'register' } | { kind: 'dismiss'; reason: string };

export interface CloseDecisions {
  /** Expected assets not found that stay as they are while someone keeps looking. */
  stillSearching: ReadonlySet<string>;
  /** For each asset set aside for review: move it, or leave it where it is recorded. */
  reviews: ReadonlyMap<string, ReviewDecision>;
  /** For each unknown code (by key). */
  unknown: ReadonlyMap<string, UnknownDecision>;
}

export interface ClosePlan {
  /** Expected assets not found that become missing. */
  missing: string[];
  stillSearching: string[];
  moves: Array<{ assetId: string; from: string | null; to: string }>;
  /** Unknown codes to register as new assets (where they were scanned). */
  register: Array<{ key: string; code: string; locationId: string }>;
  dismissed: Array<{ key: string; code: string; reason: string }>;
  /** Every asset the audit saw (it enters their history and sets their next audit date). */
  audited: string[];
}

export type CloseResult = { ok: true; plan: ClosePlan } | { ok: false; reasons: string[] };

/** States from which a not-found asset is reported missing. */
const BECOMES_MISSING: readonly AssetState[] = ['in_stock', 'in_use', 'in_maintenance'];

function listed(tags: string[]): string {
  return tags.length <= 5 ? tags.join(', ') : `${tags.slice(0, 5).join(', ')} and ${tags.length - 5} more`;
}

export function planClose(index: AuditIndex, merged: MergedAudit, decisions: CloseDecisions): CloseResult {
  const reasons: string[] = [];
  const plan: ClosePlan = { missing: [], stillSearching: [], moves: [], register: [], dismissed: [], audited: [] };

  const undecided: string[] = [];
  for (const outcome of merged.assets.values()) {
    plan.audited.push(outcome.assetId);
    const tag = index.byId.get(outcome.assetId)?.tag ?? outcome.assetId;
    if (outcome.review) {
      const decision = decisions.reviews.get(outcome.assetId);
      if (!decision) undecided.push(tag);
      else if (decision.kind === 'move') plan.moves.push({ assetId: outcome.assetId, from: outcome.expectedLocationId, to: decision.locationId });
    } else if (outcome.moveTo !== null) plan.moves.push({ assetId: outcome.assetId, from: outcome.expectedLocationId, to: outcome.moveTo });
  }
  if (undecided.length > 0) {
    reasons.push(`${undecided.length === 1 ? '1 asset waits' : `${undecided.length} assets wait`} for a decision on where it is (move it or leave it): ${listed(undecided)}.`);
  }

  const undecidedCodes: string[] = [];
  for (const u of merged.unknown) {
    const decision = decisions.unknown.get(u.key);
    if (!decision) undecidedCodes.push(u.code);
    else if (decision.kind === 'register') plan.register.push({ key: u.key, code: u.code, locationId: u.locationId });
    else if (decision.reason.trim().length === 0) reasons.push(`Dismissing the unknown tag ${u.code} needs a reason.`);
    else plan.dismissed.push({ key: u.key, code: u.code, reason: decision.reason.trim() });
  }
  if (undecidedCodes.length > 0) {
    reasons.push(`${undecidedCodes.length === 1 ? '1 unknown tag needs' : `${undecidedCodes.length} unknown tags need`} a decision (register it or dismiss it with a reason): ${listed(undecidedCodes)}.`);
  }
  if (merged.unresolved.length > 0) {
    reasons.push(`${merged.unresolved.length === 1 ? '1 scan names' : `${merged.unresolved.length} scans name`} a serial number several assets share: pick the asset for ${listed(merged.unresolved.map((s) => s.code))}.`);
  }

  for (const row of index.byId.values()) {
    if (merged.assets.has(row.assetId) || GONE_STATES.includes(row.state)) continue;
    if (decisions.stillSearching.has(row.assetId)) plan.stillSearching.push(row.assetId);
    else if (BECOMES_MISSING.includes(row.state)) plan.missing.push(row.assetId);
  }
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, plan };
}
