/**
 * An asset's history as people read it: one line per event (created, state changes, check-outs
 * and check-ins, acceptance, moves, edits), with its tickets, the changes that affect its CI (at
 * the start of their window, so one still to come heads the list) and its last inventory, newest
 * first. Pure: the screen gives the names it found on this device; a name it does not have
 * reads as "someone not on this device" (never an id).
 */
import type { AssetEvent } from '@fielddesk/common/assets/actions';
import type { CheckoutTarget } from '@fielddesk/common/assets/checkout';
import { stateLabel, type AssetLifecycleConfig } from '@fielddesk/common/assets/lifecycle';
import type { ChangeState } from '@fielddesk/common/changes/lifecycle';
import type { ChangeRequest } from '@fielddesk/common/changes/records';
import { changeName } from '@fielddesk/common/itsm/changes';

export interface TimelineNames {
  person(id: string): string | undefined;
  location(id: string): string | undefined;
  asset(id: string): string | undefined;
}

export interface TimelineEntry {
  key: string;
  at: string;
  kind: AssetEvent['kind'] | 'ticket' | 'change' | 'inventory';
  title: string;
  detail: string;
  /** Who did it, when known. */
  actor: string | null;
  /** Made on this device and not yet synced. */
  pending: boolean;
  /** A ticket's id, for a link. */
  ticketId?: string;
  /** When it ends, for what lasts a while (a change's window). */
  until?: string;
}

/** What a change did or will do to the asset, by its status. */
const CHANGE_WORDS: Record<ChangeState, string> = {
  new: 'planned (new)',
  assess: 'being assessed',
  authorize: 'waiting for approval',
  scheduled: 'scheduled',
  implement: 'being implemented',
  review: 'in review',
  closed: 'completed',
  rejected: 'rejected',
  cancelled: 'cancelled',
};

const UNKNOWN: Record<CheckoutTarget['kind'], string> = { person: 'someone not on this device', location: 'a location not on this device', asset: 'an asset not on this device' };

export function targetName(target: CheckoutTarget, names: TimelineNames): string {
  const found = target.kind === 'person' ? names.person(target.id) : target.kind === 'location' ? names.location(target.id) : names.asset(target.id);
  return found ?? UNKNOWN[target.kind];
}

const where = (id: string | null, names: TimelineNames) => (id ? (names.location(id) ?? 'a location not on this device') : 'no location');

function describe(e: AssetEvent, names: TimelineNames, config?: AssetLifecycleConfig): { title: string; detail: string } {
  const to = e.toState ? stateLabel({ state: e.toState, substate: e.toSubstate }, config) : null;
  const from = e.fromState ? stateLabel({ state: e.fromState, substate: e.fromSubstate }, config) : null;
  const reason = e.reason.trim();
  switch (e.kind) {
    case 'created':
      return { title: `Created${to ? `, ${to}` : ''}`, detail: e.toLocationId ? `At ${where(e.toLocationId, names)}` : '' };
    case 'received':
      return { title: `Received${to ? `, ${to}` : ''}`, detail: reason };
    case 'state':
      return { title: from ? `${from} → ${to ?? '?'}` : `To ${to ?? '?'}`, detail: reason };
    case 'check_out':
      return { title: `Checked out to ${e.target ? targetName(e.target, names) : '?'}`, detail: reason };
    case 'check_in':
      return {
        title: `Checked in${e.target ? ` from ${targetName(e.target, names)}` : ''}${to ? `, ${to}` : ''}`,
        detail: [e.toLocationId !== e.fromLocationId && e.toLocationId ? `Put away at ${where(e.toLocationId, names)}` : '', reason].filter(Boolean).join(' · '),
      };
    case 'accept':
      return { title: `Accepted${e.target ? ` by ${targetName(e.target, names)}` : ''} with a signature`, detail: '' };
    case 'move':
      return { title: `Moved from ${where(e.fromLocationId, names)} to ${where(e.toLocationId, names)}`, detail: reason };
    case 'edited':
      return { title: 'Details edited', detail: reason };
    case 'audited':
      return { title: 'Audited', detail: reason };
  }
}

export function timelineOf(
  events: readonly AssetEvent[],
  tickets: readonly { id: string; number: string | null; title: string; createdAt: string }[],
  inventoriedAt: string | null,
  names: TimelineNames,
  config?: AssetLifecycleConfig,
  changes: readonly Pick<ChangeRequest, 'id' | 'number' | 'title' | 'status' | 'windowStart' | 'windowEnd'>[] = [],
): TimelineEntry[] {
  const entries: TimelineEntry[] = events.map((e) => ({
    key: `event:${e.id}`,
    at: e.at,
    kind: e.kind,
    ...describe(e, names, config),
    actor: e.actorId ? (names.person(e.actorId) ?? 'someone not on this device') : null,
    pending: e.rev === 0,
  }));
  for (const t of tickets) {
    entries.push({ key: `ticket:${t.id}`, at: t.createdAt, kind: 'ticket', title: `Ticket ${t.number ?? '(not yet numbered)'} raised`, detail: t.title, actor: null, pending: false, ticketId: t.id });
  }
  for (const c of changes) {
    entries.push({ key: `change:${c.id}`, at: c.windowStart, until: c.windowEnd, kind: 'change', title: `Change ${changeName(c)} ${CHANGE_WORDS[c.status]}`, detail: c.number ? c.title : '', actor: null, pending: false });
  }
  if (inventoriedAt) entries.push({ key: 'inventory', at: inventoriedAt, kind: 'inventory', title: 'Last inventory recorded', detail: '', actor: null, pending: false });
  return entries.sort((a, b) => b.at.localeCompare(a.at) || a.key.localeCompare(b.key));
}
