/**
 * What the change calendar draws besides changes (issue 15): maintenance and freeze windows,
 * releases and CAB meetings. Desk staff and administrators create and edit them
 * (common/changes/rules.ts checkCalendarEditor); everyone reads them. A window's or meeting's
 * recurrence is checked by common/changes/windows.ts, in the app's words. Edits merge per field.
 */
import { checkChangeWindow } from '@fielddesk/common/changes/lifecycle';
import type { CabMeeting, ChangeWindow, Release } from '@fielddesk/common/changes/records';
import { checkCalendarEditor } from '@fielddesk/common/changes/rules';
import { checkWindowRule } from '@fielddesk/common/changes/windows';
import { entities } from '@fielddesk/common/entities/registry';
import type { TransitionCheck } from '@fielddesk/common/itsm/lifecycle';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import type { BatchContext } from './context';
import { patchDeclared, putCreated } from './declared-patch';
import { enforce, reject } from './shared';

const WINDOW_POLICIES = entities.change_window.ops.patch.policies;
const RELEASE_POLICIES = entities.release.ops.patch.policies;
const CAB_POLICIES = entities.cab_meeting.ops.patch.policies;

/** A window's or meeting's recurrence (a meeting is never a freeze: it is checked as a maintenance-like rule). */
const checkRecurrence = (r: Pick<ChangeWindow, 'id' | 'timeZone' | 'startsOn' | 'startTime' | 'durationMinutes' | 'rrule'> & { kind?: ChangeWindow['kind'] }): TransitionCheck =>
  checkWindowRule({ id: r.id, kind: r.kind ?? 'maintenance', timeZone: r.timeZone, startsOn: r.startsOn, startTime: r.startTime, durationMinutes: r.durationMinutes, rrule: r.rrule });

async function checkGroup(b: BatchContext, groupId: string): Promise<void> {
  await b.checkReferences({ groupId });
}

async function fresh(b: BatchContext, entity: 'change_window' | 'release' | 'cab_meeting', id: string, what: string): Promise<void> {
  enforce(checkCalendarEditor(b.viewer));
  if ((await b.record(entity, id)) || (await b.tombstoneRev(entity, id))) reject(`A ${what} with this id already exists.`);
}

async function removeOne(b: BatchContext, entity: 'change_window' | 'cab_meeting', op: { opId: string; id: string }, notFound: string): Promise<OpResult> {
  enforce(checkCalendarEditor(b.viewer));
  const state = await b.record(entity, op.id);
  if (!state) return { opId: op.opId, status: 'duplicate', original: { status: 'applied', rev: (await b.tombstoneRev(entity, op.id)) || 0 } };
  if (!(await b.visible(entity, op.id))) reject(notFound);
  const rev = await b.nextRev();
  b.remove(entity, op.id, rev);
  return { opId: op.opId, status: 'applied', rev, record: { ...state.record, rev } };
}

export async function changeWindowCreate(b: BatchContext, op: OpOf<'change_window', 'create'>): Promise<OpResult> {
  await fresh(b, 'change_window', op.id, 'window');
  const window: ChangeWindow = { id: op.id, ...op.data, updatedAt: b.info.nowIso, rev: 0 };
  enforce(checkRecurrence(window));
  window.rev = await b.nextRev();
  putCreated(b, 'change_window', window, WINDOW_POLICIES);
  return { opId: op.opId, status: 'applied', rev: window.rev, record: { ...window } };
}

export async function changeWindowPatch(b: BatchContext, op: OpOf<'change_window', 'patch'>): Promise<OpResult> {
  enforce(checkCalendarEditor(b.viewer));
  return patchDeclared(b, op, { entity: 'change_window', what: 'window', notFound: 'The window does not exist.', policies: WINDOW_POLICIES, check: async (next) => checkRecurrence(next) });
}

export const changeWindowDelete = (b: BatchContext, op: OpOf<'change_window', 'delete'>) => removeOne(b, 'change_window', op, 'The window does not exist.');

export async function releaseCreate(b: BatchContext, op: OpOf<'release', 'create'>): Promise<OpResult> {
  await fresh(b, 'release', op.id, 'release');
  enforce(checkChangeWindow(op.data.windowStart, op.data.windowEnd));
  if (op.data.ownerId && !(await b.record('person', op.data.ownerId))) reject('The owner does not exist.');
  const release: Release = { id: op.id, ...op.data, number: await b.nextNumber('release'), updatedAt: b.info.nowIso, rev: await b.nextRev() };
  putCreated(b, 'release', release, RELEASE_POLICIES);
  return { opId: op.opId, status: 'applied', rev: release.rev, record: { ...release } };
}

export async function releasePatch(b: BatchContext, op: OpOf<'release', 'patch'>): Promise<OpResult> {
  enforce(checkCalendarEditor(b.viewer));
  return patchDeclared(b, op, {
    entity: 'release',
    what: 'release',
    notFound: 'The release does not exist.',
    policies: RELEASE_POLICIES,
    check: async (next, _current, changed) => {
      if (changed.includes('ownerId') && next.ownerId && !(await b.record('person', next.ownerId))) return { ok: false, reason: 'The owner does not exist.' };
      return checkChangeWindow(next.windowStart, next.windowEnd);
    },
  });
}

export async function cabMeetingCreate(b: BatchContext, op: OpOf<'cab_meeting', 'create'>): Promise<OpResult> {
  await fresh(b, 'cab_meeting', op.id, 'CAB meeting');
  await checkGroup(b, op.data.groupId);
  const meeting: CabMeeting = { id: op.id, ...op.data, updatedAt: b.info.nowIso, rev: 0 };
  enforce(checkRecurrence(meeting));
  meeting.rev = await b.nextRev();
  putCreated(b, 'cab_meeting', meeting, CAB_POLICIES);
  return { opId: op.opId, status: 'applied', rev: meeting.rev, record: { ...meeting } };
}

export async function cabMeetingPatch(b: BatchContext, op: OpOf<'cab_meeting', 'patch'>): Promise<OpResult> {
  enforce(checkCalendarEditor(b.viewer));
  return patchDeclared(b, op, {
    entity: 'cab_meeting',
    what: 'CAB meeting',
    notFound: 'The CAB meeting does not exist.',
    policies: CAB_POLICIES,
    check: async (next, _current, changed) => {
      if (changed.includes('groupId')) await checkGroup(b, next.groupId);
      return checkRecurrence(next);
    },
  });
}

export const cabMeetingDelete = (b: BatchContext, op: OpOf<'cab_meeting', 'delete'>) => removeOne(b, 'cab_meeting', op, 'The CAB meeting does not exist.');
