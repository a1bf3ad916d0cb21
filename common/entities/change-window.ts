import { ChangeWindowSchema } from '../changes/records';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';

const windowPatch = patchOf(ChangeWindowSchema, {
  name: 'conflict',
  kind: 'conflict',
  enforcement: 'conflict',
  timeZone: 'conflict',
  startsOn: 'conflict',
  startTime: 'conflict',
  durationMinutes: 'conflict',
  rrule: 'conflict',
  ciIds: 'conflict',
  serviceIds: 'conflict',
  siteIds: 'conflict',
  notes: 'conflict',
});

/**
 * A maintenance or freeze window (common/changes/windows.ts), once or recurring. Everyone sees
 * them (the calendar draws them and every device checks collisions against them); desk staff
 * and admins edit them.
 */
export const changeWindow = defineEntity({
  name: 'change_window',
  schema: ChangeWindowSchema,
  table: 'change_windows',
  scope: scope.everyone(),
  replica: { table: 'changeWindows', indexes: ['kind'] },
  ops: { create: ChangeWindowSchema.omit({ id: true, updatedAt: true, rev: true }), patch: windowPatch, delete: true },
});
