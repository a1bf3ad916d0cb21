/**
 * On-site asset audits (issue 14): the plan, its actions, and the scans.
 *
 * - Who: technicians at their own site, desk staff and admins everywhere (common/audits/rules.ts
 *   checkAuditActor; an auditor is a technician, who needs no ticket group to audit).
 * - `audit` create (numbered AUD-0001… by the server) and patch, merged per field; its scope
 *   only while planned.
 * - `audit_event` create: an action. `start` fixes the snapshot from the assets table by the
 *   same function the app uses offline (common/audits/expected.ts), one audit_expected row per
 *   expected asset, written in bulk at flush. `close` merges the scans (merge.ts), plans the
 *   close with the closer's decisions (close.ts, refused in the app's words while something
 *   waits for a decision), then in the batch's one transaction: what was not found becomes
 *   missing and agreed or reviewed moves are made, through the asset actions a person would
 *   take (common/assets/actions.ts: the same rules, the same history), unknown codes to
 *   register become assets in stock tagged with their code, every asset the audit saw gets
 *   its `lastAuditedOn` and an 'audited' history entry; the audit keeps its counts and the
 *   closer's signature. `cancel`: a planned or running audit, with a reason.
 * - `audit_scan` create: append-only. A scan for an audit closed meanwhile is still recorded,
 *   marked late, and counted on the audit (summary.lateScans) for the closer to see; one for a
 *   cancelled, unstarted or missing audit, another site's location, or from someone who does
 *   not run audits at the audit's site, is refused in words. `audit_scan` patch: its auditor
 *   adds details (note, photo, condition, holder's answer) while the audit runs
 *   (rules.ts checkScanDetails); what the scan says is never changed.
 */
import { randomUUID } from 'node:crypto';
import { applyAssetAction, checkAssetAction, gatherActionFacts, type ActionWorld, type AssetAction, type AssetCheckout } from '@fielddesk/common/assets/actions';
import { AVAILABLE_SUBSTATE, checkSubstate, type AssetLifecycleConfig, type TransitionCheck } from '@fielddesk/common/assets/lifecycle';
import { AuditIndex } from '@fielddesk/common/audits/classify';
import { planClose } from '@fielddesk/common/audits/close';
import { codeKey } from '@fielddesk/common/audits/codes';
import { expectedRowId, snapshotOf, type ScopedAsset } from '@fielddesk/common/audits/expected';
import { mergeScans } from '@fielddesk/common/audits/merge';
import type { Audit, AuditAction, AuditEvent, AuditExpected, AuditScan } from '@fielddesk/common/audits/records';
import {
  AUDIT_NOT_VISIBLE,
  auditedReason,
  auditSummaryOf,
  checkAuditAction,
  checkAuditActor,
  checkAuditPatch,
  checkAuditPlan,
  checkCloseFacts,
  checkScan,
  checkScanDetails,
  closeDecisionsOf,
  foundMoveReason,
  notFoundReason,
  registeredName,
  type PlanFacts,
} from '@fielddesk/common/audits/rules';
import { newAsset } from '@fielddesk/common/assets/new-asset';
import type { AssetKind } from '@fielddesk/common/domain/entities';
import type { AssetState } from '@fielddesk/common/assets/lifecycle';
import { entities } from '@fielddesk/common/entities/registry';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import { batchWorld, serverEvent } from './assets';
import type { BatchContext } from './context';
import { patchDeclared, putCreated } from './declared-patch';
import { clampTime, enforce, reject } from './shared';

const AUDIT_POLICIES = entities.audit.ops.patch.policies;
const SCAN_POLICIES = entities.audit_scan.ops.patch.policies;
const SCAN_NOT_VISIBLE = 'Scan not found or not visible to you.';
const ASSET_POLICIES = entities.asset.ops.patch.policies;

type AuditOp = OpOf<'audit', 'create'> | OpOf<'audit', 'patch'>;
type ScanOp = OpOf<'audit_scan', 'create'>;
type ScanDetailsOp = OpOf<'audit_scan', 'patch'>;
type ActionOp = OpOf<'audit_event', 'create'>;

/** The locations and people a plan names: the batch reads them up front. */
export const auditRefs = (op: AuditOp) => {
  const fields = op.kind === 'create' ? op.data : op.fields;
  return [...(fields.locationIds ?? []).map((id) => ['location', id] as const), ...(fields.auditorIds ?? []).map((id) => ['person', id] as const)];
};

/** A new scan's audit and location (details added to a scan read its audit once the scan is read). */
export const auditScanRefs = (op: ScanOp | ScanDetailsOp) =>
  op.kind === 'create'
    ? ([
        ['audit', op.data.auditId],
        ['location', op.data.locationId],
      ] as const)
    : [];

/** An action's audit. */
export const auditEventRefs = (op: ActionOp) => [['audit', op.data.auditId] as const];

/** What checkAuditPlan reads about the plan's locations and auditors, from the batch. */
async function planFacts(b: BatchContext, plan: { locationIds?: readonly string[]; auditorIds?: readonly string[] }): Promise<PlanFacts> {
  const sites = new Map<string, string | undefined>();
  const people = new Map<string, ReturnType<PlanFacts['person']>>();
  for (const id of plan.locationIds ?? []) sites.set(id, (await b.location(id))?.siteId);
  for (const id of plan.auditorIds ?? []) {
    const p = (await b.record('person', id))?.record;
    people.set(id, p ? { displayName: p.displayName, role: p.role, siteId: p.siteId } : null);
  }
  return { siteOfLocation: (id) => sites.get(id), person: (id) => people.get(id) ?? null };
}

/**
 * The audit an op names, if the viewer may act on it. A patch or an action on another site's
 * audit finds it "not found or not visible", as in the app, where it is not in the replica; a
 * scan says why (an auditor moved to another site while offline learns what happened).
 */
async function actionableAudit(b: BatchContext, auditId: string, why: 'hide' | 'say' = 'hide') {
  const state = await b.record('audit', auditId);
  if (!state || (why === 'hide' && !(await b.visible('audit', auditId)))) return reject(AUDIT_NOT_VISIBLE);
  enforce(checkAuditActor(b.viewer, state.record.siteId));
  return state;
}

export async function auditCreate(b: BatchContext, op: OpOf<'audit', 'create'>): Promise<OpResult> {
  const data = op.data;
  enforce(checkAuditActor(b.viewer, data.siteId));
  if ((await b.record('audit', op.id)) || (await b.tombstoneRev('audit', op.id))) reject('An audit with this id already exists.');
  await b.checkReferences({ siteId: data.siteId });
  enforce(checkAuditPlan(data, await planFacts(b, data)));
  const rev = await b.nextRev();
  const audit: Audit = {
    id: op.id,
    number: await b.nextNumber('audit'),
    ...data,
    state: 'planned',
    startedAt: null,
    startedById: null,
    closedAt: null,
    closedById: null,
    expectedCount: null,
    summary: null,
    signature: null,
    signedName: null,
    createdById: b.viewer.id,
    createdAt: clampTime(op.clientTime, b.info.nowIso),
    updatedAt: b.info.nowIso,
    rev,
  };
  putCreated(b, 'audit', audit, AUDIT_POLICIES);
  return { opId: op.opId, status: 'applied', rev, record: { ...audit } };
}

export async function auditPatch(b: BatchContext, op: OpOf<'audit', 'patch'>): Promise<OpResult> {
  await actionableAudit(b, op.id);
  return patchDeclared(b, op, {
    entity: 'audit',
    what: 'audit',
    notFound: AUDIT_NOT_VISIBLE,
    policies: AUDIT_POLICIES,
    check: async (next, current, changed) => {
      const verdict = checkAuditPatch(current, changed);
      if (!verdict.ok) return verdict;
      return checkAuditPlan(next, await planFacts(b, next));
    },
  });
}

export async function auditScanCreate(b: BatchContext, op: ScanOp): Promise<OpResult> {
  const data = op.data;
  if (await b.record('audit_scan', op.id)) reject('A scan with this id already exists.');
  const auditState = await actionableAudit(b, data.auditId, 'say');
  const audit = auditState.record;
  enforce(checkScan(audit, (await b.location(data.locationId))?.siteId));
  const late = audit.state === 'closed';
  const scan: AuditScan = {
    id: op.id,
    ...data,
    siteId: audit.siteId,
    auditorId: b.viewer.id,
    key: codeKey(data.code),
    scannedAt: clampTime(op.clientTime, b.info.nowIso),
    late,
    rev: await b.nextRev(),
  };
  b.add('audit_scan', scan);
  if (late && audit.summary) {
    // The closer sees that scans arrived after they closed it.
    const rev = await b.nextRev();
    b.put('audit', { ...auditState, record: { ...audit, summary: { ...audit.summary, lateScans: audit.summary.lateScans + 1 }, updatedAt: b.info.nowIso, rev } });
  }
  return { opId: op.opId, status: 'applied', rev: scan.rev, record: { ...scan } };
}

export async function auditScanPatch(b: BatchContext, op: ScanDetailsOp): Promise<OpResult> {
  const scan = (await b.record('audit_scan', op.id))?.record;
  if (!scan || !(await b.visible('audit_scan', op.id))) return reject(SCAN_NOT_VISIBLE);
  const audit = (await actionableAudit(b, scan.auditId, 'say')).record;
  return patchDeclared(b, op, {
    entity: 'audit_scan',
    what: 'scan',
    notFound: SCAN_NOT_VISIBLE,
    policies: SCAN_POLICIES,
    check: async (_next, current) => checkScanDetails(audit, current, b.viewer.id),
  });
}

export async function auditEventCreate(b: BatchContext, op: ActionOp): Promise<OpResult> {
  const action = op.data;
  if (await b.record('audit_event', op.id)) reject('An audit action with this id already exists.');
  const auditState = await actionableAudit(b, action.auditId);
  const audit = auditState.record;
  enforce(checkAuditAction(audit, action));
  const at = clampTime(op.clientTime, b.info.nowIso);

  let after: Audit;
  let details: Record<string, unknown>;
  switch (action.action) {
    case 'start': {
      const count = await writeSnapshot(b, audit);
      after = { ...audit, state: 'in_progress', startedAt: at, startedById: b.viewer.id, expectedCount: count };
      details = { expectedCount: count };
      break;
    }
    case 'close': {
      const closed = await closeAudit(b, audit, action, at);
      after = closed.audit;
      details = closed.details;
      break;
    }
    case 'cancel':
      after = { ...audit, state: 'cancelled' };
      details = { reason: action.reason, from: audit.state };
      break;
  }
  const rev = await b.nextRev();
  b.put('audit', { ...auditState, record: { ...after, updatedAt: b.info.nowIso, rev } });
  const event: AuditEvent = { id: op.id, auditId: audit.id, action: action.action, actorId: b.viewer.id, at, details, rev: await b.nextRev() };
  b.add('audit_event', event);
  return { opId: op.opId, status: 'applied', rev: event.rev, record: { ...event } };
}

/** The assets of a site as expectedOf reads them (their model's category joined), straight from the table. */
async function assetsOfSite(b: BatchContext, siteId: string): Promise<ScopedAsset[]> {
  const rows = await b
    .transaction()
    .db.selectFrom('assets as a')
    .leftJoin('asset_models as m', 'm.id', 'a.model_id')
    .select(['a.id', 'a.tag', 'a.serial', 'a.kind', 'a.state', 'a.site_id', 'a.location_id', 'm.category'])
    .where('a.site_id', '=', siteId)
    .execute();
  return rows.map((r) => ({ id: r.id, tag: r.tag, serial: r.serial, kind: r.kind as AssetKind, state: r.state as AssetState, siteId: r.site_id, locationId: r.location_id, category: r.category ?? null }));
}

/** Fixes an audit's snapshot: one audit_expected row per asset its scope expects, each at its own rev. */
async function writeSnapshot(b: BatchContext, audit: Audit): Promise<number> {
  const rows = snapshotOf(audit, await assetsOfSite(b, audit.siteId));
  for (const row of rows) {
    const record: AuditExpected = { id: expectedRowId(audit.id, row.assetId), auditId: audit.id, ...row, siteId: audit.siteId, rev: await b.nextRev() };
    b.add('audit_expected', record);
  }
  return rows.length;
}

/** The batch's world for the asset actions a close takes, with every open check-out read at once. */
async function closeWorld(b: BatchContext, assetIds: readonly string[]): Promise<ActionWorld> {
  const open = new Map<string, AssetCheckout>();
  for (const c of await b.findAll('asset_checkout', 'assetId', assetIds)) if (c.checkedInAt === null) open.set(c.assetId, c);
  return { ...batchWorld(b), openCheckout: async (assetId) => open.get(assetId) ?? null };
}

/** One asset action of the close, checked and applied as a person's would be; the refusal when the rules say no. */
async function closeAction(b: BatchContext, world: ActionWorld, action: AssetAction, at: string, config: AssetLifecycleConfig | undefined): Promise<TransitionCheck> {
  const state = await b.record('asset', action.assetId);
  if (!state) return { ok: false, reason: 'The asset no longer exists.' };
  const facts = await gatherActionFacts(state.record, action, world, b.viewer.id, config);
  const verdict = checkAssetAction(action, facts);
  if (!verdict.ok) return verdict;
  const rev = await b.nextRev();
  const done = applyAssetAction(action, facts, randomUUID(), at, rev);
  b.put('asset', { ...state, record: { ...done.asset, rev } });
  if (done.checkout) b.put('asset_checkout', { record: done.checkout, fieldRevs: {}, writers: {} });
  b.add('asset_event', done.event);
  return { ok: true };
}

async function closeAudit(b: BatchContext, audit: Audit, action: Extract<AuditAction, { action: 'close' }>, at: string): Promise<{ audit: Audit; details: Record<string, unknown> }> {
  const expected = await b.findAll('audit_expected', 'auditId', [audit.id]);
  const index = new AuditIndex(expected);
  const scans = await b.findAll('audit_scan', 'auditId', [audit.id]);
  const merged = mergeScans(index, scans);
  const planned = planClose(index, merged, closeDecisionsOf(action));
  if (!planned.ok) return reject(planned.reasons.join(' '));
  const { plan } = planned;

  // What the plan needs of the world: the moves' locations, the unknown codes' tags.
  const sites = new Map<string, string | undefined>();
  for (const m of plan.moves) sites.set(m.to, (await b.location(m.to))?.siteId);
  const taken = new Set<string>();
  for (const r of plan.register) if (await b.findOne('asset', { tag: r.code })) taken.add(r.code);
  enforce(checkCloseFacts(plan, { siteId: audit.siteId, siteOfLocation: (id) => sites.get(id), tagTaken: (tag) => taken.has(tag) }));

  // Everything is checked: from here on the close is written whole.
  const config = (await b.config()).assetLifecycle;
  const touched = [...new Set([...plan.missing, ...plan.moves.map((m) => m.assetId), ...plan.audited])];
  await b.readMany('asset', touched);
  // Only the assets an action touches need their open check-out.
  const world = await closeWorld(b, [...new Set([...plan.missing, ...plan.moves.map((m) => m.assetId)])]);
  const skipped: { assetId: string; reason: string }[] = [];
  let missing = 0;
  let moved = 0;
  for (const assetId of plan.missing) {
    const done = await closeAction(b, world, { action: 'state', assetId, to: 'missing', substate: null, reason: notFoundReason(audit.number) }, at, config);
    if (done.ok) missing++;
    else skipped.push({ assetId, reason: done.reason });
  }
  for (const m of plan.moves) {
    const done = await closeAction(b, world, { action: 'move', assetId: m.assetId, locationId: m.to, reason: foundMoveReason(audit.number) }, at, config);
    if (done.ok) moved++;
    else skipped.push({ assetId: m.assetId, reason: done.reason });
  }

  const day = at.slice(0, 10);
  const registered: { code: string; assetId: string }[] = [];
  const substate = checkSubstate('in_stock', AVAILABLE_SUBSTATE, config).ok ? AVAILABLE_SUBSTATE : null;
  for (const r of plan.register) {
    const asset = newAsset({
      id: randomUUID(),
      tag: r.code,
      name: registeredName(r.code),
      state: 'in_stock',
      substate,
      siteId: audit.siteId,
      locationId: r.locationId,
      notes: `Registered from an unknown tag scanned in audit ${audit.number}.`,
      lastAuditedOn: day,
      rev: await b.nextRev(),
    });
    putCreated(b, 'asset', asset, ASSET_POLICIES);
    b.add('asset_event', { ...serverEvent(b, asset, 'created', at, asset.rev), reason: `Registered in audit ${audit.number}.` });
    registered.push({ code: r.code, assetId: asset.id });
  }

  // Every asset the audit saw: its last audit date, and a line in its history.
  for (const assetId of plan.audited) {
    const state = await b.record('asset', assetId);
    if (!state) continue;
    const rev = await b.nextRev();
    const asset = { ...state.record, lastAuditedOn: day, rev };
    b.put('asset', { ...state, record: asset });
    b.add('asset_event', { ...serverEvent(b, asset, 'audited', at, await b.nextRev()), reason: auditedReason(audit.number, merged.assets.get(assetId)!.verdict) });
  }

  const summary = auditSummaryOf(merged, plan, { missing, moved, registered: registered.length });
  return {
    audit: { ...audit, state: 'closed', closedAt: at, closedById: b.viewer.id, summary, signature: action.signature, signedName: action.signedName },
    details: {
      summary,
      stillSearching: plan.stillSearching,
      moves: plan.moves,
      registered,
      dismissed: plan.dismissed,
      skipped,
      signedName: action.signedName,
      notes: action.notes,
    },
  };
}
