/**
 * Changes (issue 15): raised, edited and moved through their states, with the app's rules and
 * words (common/changes/: lifecycle.ts the moves, rules.ts who and what, risk.ts the risk,
 * collisions.ts the calendar's conflicts).
 *
 * - `change` create: numbered CHG-0001… by the server, New, its risk computed from its answers.
 * - `change` patch: merged per field; the plan only while planning, the type only while New, the
 *   review once implementing; the risk is computed again from the merged record.
 * - `change_event` create: a person's move (checked by lifecycle.ts). Entering Authorize opens
 *   the approval (approvals.ts); leaving it by cancelling withdraws it. A move into Scheduled (a
 *   standard change) or a new window on a booked change is refused when a blocking freeze
 *   covers it (server/src/changes/schedule.ts, the same check the calendar runs while dragging).
 */
import { assessRisk, type RiskAssessment } from '@fielddesk/common/changes/risk';
import { DEFAULT_CHANGE_CONFIG } from '@fielddesk/common/changes/config';
import { BOOKED_CHANGE_STATES, checkChangeMove, checkChangeWindow, type ChangeState } from '@fielddesk/common/changes/lifecycle';
import { newChange } from '@fielddesk/common/changes/new-change';
import type { ChangeEvent, ChangeRequest } from '@fielddesk/common/changes/records';
import { CHANGE_NOT_VISIBLE, checkChangeActor, checkChangePatch } from '@fielddesk/common/changes/rules';
import { classOf } from '@fielddesk/common/cmdb/classes';
import { entities } from '@fielddesk/common/entities/registry';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import { blockingFreeze } from '../../changes/schedule';
import { openApproval, withdrawApprovals } from './approvals';
import type { BatchContext } from './context';
import { patchDeclared, putCreated } from './declared-patch';
import { clampTime, enforce, reject } from './shared';

const POLICIES = entities.change.ops.patch.policies;

type CreateOp = OpOf<'change', 'create'>;
type PatchOp = OpOf<'change', 'patch'>;
type MoveOp = OpOf<'change_event', 'create'>;

/** The people, group, site, release and problem a change names: the batch reads them up front. */
export const changeRefs = (op: CreateOp | PatchOp) => {
  const f = op.kind === 'create' ? op.data : op.fields;
  return [
    ['person', f.ownerId],
    ['person', f.assigneeId],
    ['release', f.releaseId],
    ['ticket', f.problemId],
  ] as const;
};

export const changeEventRefs = (op: MoveOp) => [['change', op.data.changeId] as const];

/** The risk of a change as it stands: its answers, and the facts of its CIs (a business service among them). */
async function riskOf(b: BatchContext, change: ChangeRequest, at: string): Promise<RiskAssessment> {
  const config = (await b.config()).changes ?? DEFAULT_CHANGE_CONFIG;
  const links = await b.findAll('change_ci', 'changeId', [change.id]);
  await b.readMany('configuration_item', links.map((l) => l.configurationItemId));
  let businessServiceImpacted = false;
  for (const l of links) {
    const ci = (await b.record('configuration_item', l.configurationItemId))?.record;
    if (ci && classOf(ci.ciType) === 'business_service') businessServiceImpacted = true;
  }
  return assessRisk(config.risk, change.riskAnswers, {
    type: change.type,
    windowStart: change.windowStart,
    at,
    affectedCiCount: links.length,
    businessServiceImpacted,
    downtimeMinutes: change.downtimeMinutes,
    backoutPlan: change.backoutPlan,
  });
}

/** The people and records a change names exist (and the problem is a problem). */
async function checkChangeRefs(b: BatchContext, f: Partial<ChangeRequest>): Promise<void> {
  await b.checkReferences({ groupId: f.groupId, siteId: f.siteId });
  for (const [field, id] of [['owner', f.ownerId], ['assignee', f.assigneeId]] as const) {
    if (id && !(await b.record('person', id))) reject(`The ${field} does not exist.`);
  }
  if (f.releaseId && !(await b.record('release', f.releaseId))) reject('The release does not exist.');
  if (f.problemId) {
    const problem = (await b.record('ticket', f.problemId))?.record;
    if (!problem || problem.kind !== 'problem') reject('The linked problem does not exist or is not a problem.');
  }
}

/** A booked change may not sit in a blocking freeze. */
async function checkFreeze(b: BatchContext, change: ChangeRequest): Promise<void> {
  const freeze = await blockingFreeze(b, change);
  if (freeze) reject(freeze);
}

export async function changeCreate(b: BatchContext, op: CreateOp): Promise<OpResult> {
  enforce(checkChangeActor(b.viewer));
  if ((await b.record('change', op.id)) || (await b.tombstoneRev('change', op.id))) reject('A change with this id already exists.');
  const data = op.data;
  enforce(checkChangeWindow(data.windowStart, data.windowEnd));
  await checkChangeRefs(b, data);
  const at = clampTime(op.clientTime, b.info.nowIso);
  const change = newChange({ id: op.id, ...data, number: await b.nextNumber('change'), createdAt: at, updatedAt: b.info.nowIso, rev: 0 });
  const risk = await riskOf(b, change, at);
  change.risk = risk.risk;
  change.riskWhy = risk.why;
  change.rev = await b.nextRev();
  putCreated(b, 'change', change, POLICIES);
  return { opId: op.opId, status: 'applied', rev: change.rev, record: { ...change } };
}

export async function changePatch(b: BatchContext, op: PatchOp): Promise<OpResult> {
  enforce(checkChangeActor(b.viewer));
  if (!(await b.visible('change', op.id))) return reject(CHANGE_NOT_VISIBLE);
  return patchDeclared(b, op, {
    entity: 'change',
    what: 'change',
    notFound: CHANGE_NOT_VISIBLE,
    policies: POLICIES,
    check: async (next, current, changed) => {
      const verdict = checkChangePatch(current, next, changed);
      if (!verdict.ok) return verdict;
      await checkChangeRefs(b, Object.fromEntries(changed.map((f) => [f, (next as Record<string, unknown>)[f]])) as Partial<ChangeRequest>);
      if (BOOKED_CHANGE_STATES.includes(next.status) && (changed.includes('windowStart') || changed.includes('windowEnd'))) await checkFreeze(b, next);
      // The risk follows the merged record: written with it (the server's own field, never patched).
      const risk = await riskOf(b, next, clampTime(op.clientTime, b.info.nowIso));
      next.risk = risk.risk;
      next.riskWhy = risk.why;
      return { ok: true };
    },
  });
}

export async function changeEventCreate(b: BatchContext, op: MoveOp): Promise<OpResult> {
  enforce(checkChangeActor(b.viewer));
  if (await b.record('change_event', op.id)) reject('This change move was already recorded.');
  const move = op.data;
  const state = await b.record('change', move.changeId);
  if (!state || !(await b.visible('change', move.changeId))) return reject(CHANGE_NOT_VISIBLE);
  const change = state.record;
  const from: ChangeState = change.status;
  const outcome = move.outcome ?? change.outcome;
  enforce(checkChangeMove(change.type, from, move.to, { windowStart: change.windowStart, windowEnd: change.windowEnd, outcome, reason: move.reason }));
  const at = clampTime(op.clientTime, b.info.nowIso);
  const after: ChangeRequest = { ...change, status: move.to, outcome, updatedAt: b.info.nowIso };
  if (BOOKED_CHANGE_STATES.includes(move.to) && !BOOKED_CHANGE_STATES.includes(from)) await checkFreeze(b, after);
  if (from === 'authorize') await withdrawApprovals(b, change.id);
  after.rev = await b.nextRev();
  b.put('change', { ...state, record: after });
  const event: ChangeEvent = { id: op.id, changeId: change.id, action: 'move', fromState: from, toState: move.to, actorId: b.viewer.id, at, reason: move.reason, rev: await b.nextRev() };
  b.add('change_event', event);
  if (move.to === 'authorize') await openApproval(b, after, at);
  return { opId: op.opId, status: 'applied', rev: event.rev, record: { ...event } };
}
