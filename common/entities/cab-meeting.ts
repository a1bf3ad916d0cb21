import { CabMeetingSchema } from '../changes/records';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';

const cabPatch = patchOf(CabMeetingSchema, {
  name: 'conflict',
  groupId: 'conflict',
  timeZone: 'conflict',
  startsOn: 'conflict',
  startTime: 'conflict',
  durationMinutes: 'conflict',
  rrule: 'conflict',
  agenda: 'conflict',
  notes: 'conflict',
});

/** A recurring Change Advisory Board meeting: its members (a group), when it meets, the filter its agenda comes from. Everyone sees them. */
export const cabMeeting = defineEntity({
  name: 'cab_meeting',
  schema: CabMeetingSchema,
  table: 'cab_meetings',
  scope: scope.everyone(),
  replica: { table: 'cabMeetings', indexes: ['groupId'] },
  ops: { create: CabMeetingSchema.omit({ id: true, updatedAt: true, rev: true }), patch: cabPatch, delete: true },
});
