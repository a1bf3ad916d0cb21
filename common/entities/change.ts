import { ChangeCreateDataSchema, ChangeRequestSchema } from '../changes/records';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';

/** Technicians get the change requests whose window touches the next this many days. */
export const CHANGE_HORIZON_DAYS = 90;

/**
 * What a patch may change: the plan and its people, merged per field (a field changed on two
 * devices is a conflict to settle). The state changes only through change_event moves, which
 * the server checks (common/changes/lifecycle.ts) and keeps as history; the risk is recomputed
 * from the answers by the server (common/changes/risk.ts); the type only while the change is new
 * (common/changes/rules.ts checkChangePatch).
 */
const changePatch = patchOf(ChangeRequestSchema, {
  type: 'conflict',
  title: 'conflict',
  description: 'conflict',
  reason: 'conflict',
  category: 'conflict',
  riskAnswers: 'conflict',
  windowStart: 'conflict',
  windowEnd: 'conflict',
  downtimeMinutes: 'conflict',
  implementationPlan: 'conflict',
  backoutPlan: 'conflict',
  testPlan: 'conflict',
  siteId: 'conflict',
  ownerId: 'conflict',
  assigneeId: 'conflict',
  groupId: 'conflict',
  releaseId: 'conflict',
  problemId: 'conflict',
  outcome: 'conflict',
  reviewNotes: 'conflict',
});

/**
 * A change request (issue 15, common/changes/records.ts). Technicians see the changes whose
 * window touches their horizon and the ones they implement or own, whatever the date; desk
 * staff and admins all. Numbered CHG-0001… by the server.
 */
export const change = defineEntity({
  name: 'change',
  schema: ChangeRequestSchema,
  table: 'changes',
  scope: scope.anyOf(scope.window('windowStart', 'windowEnd', CHANGE_HORIZON_DAYS), scope.isViewer('assigneeId'), scope.isViewer('ownerId')),
  replica: { table: 'changes', indexes: ['number', 'status', 'windowStart', 'windowEnd', 'siteId', 'assigneeId', 'releaseId'] },
  ops: { create: ChangeCreateDataSchema, patch: changePatch },
  numbering: { prefixes: { change: 'CHG' } },
});
