/** Reads everything the activity timeline needs for one ticket, live from the replica. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useWorkspace } from '../../../app/workspaceContext';
import { ticketIdOf } from '../../../data/apply';
import type { FieldDeskDb } from '../../../data/db';
import { ticketNumber } from '../../../data/display';
import { buildTimeline, type TimelineItem } from './buildTimeline';

async function loadTimeline(db: FieldDeskDb, ticketId: string): Promise<TimelineItem[]> {
  const [events, worklogs, attachments, tasks, links] = await Promise.all([
    db.ticketEvents.where('ticketId').equals(ticketId).toArray(),
    db.worklogs.where('ticketId').equals(ticketId).toArray(),
    db.attachments.where('ticketId').equals(ticketId).toArray(),
    db.tasks.where('ticketId').equals(ticketId).toArray(),
    db.ticketLinks.where('ticketId').equals(ticketId).primaryKeys(),
  ]);
  // Ops about this ticket: its own, its worklogs/attachments/new tasks/new links (ticketIdOf),
  // and patches of its tasks and deletes of its links (which carry only the record id).
  const ownIds = new Set<string>([ticketId, ...tasks.map((t) => t.id), ...links]);
  const touches = (op: Parameters<typeof ticketIdOf>[0]) => ticketIdOf(op) === ticketId || ownIds.has(op.id);
  const pending = (await db.outbox.toArray()).filter((e) => touches(e.op));
  const conflicts = (await db.fieldConflicts.toArray()).filter((c) => ownIds.has(c.recordId));
  const rejections = (await db.rejections.toArray()).filter((r) => touches(r.op));

  const personIds = new Set<string>();
  const groupIds = new Set<string>();
  const ticketIds = new Set<string>();
  for (const e of events) {
    personIds.add(e.actorId);
    if (e.type === 'assignee') [e.from, e.to].forEach((id) => id && personIds.add(id));
    if (e.type === 'group') [e.from, e.to].forEach((id) => id && groupIds.add(id));
    if (e.type === 'problem') [e.from, e.to].forEach((id) => id && ticketIds.add(id));
  }
  worklogs.forEach((w) => personIds.add(w.authorId));
  attachments.forEach((a) => personIds.add(a.authorId));
  const [persons, groups, problems] = await Promise.all([db.persons.bulkGet([...personIds]), db.groups.bulkGet([...groupIds]), db.tickets.bulkGet([...ticketIds])]);
  const personNames = new Map(persons.flatMap((p) => (p ? [[p.id, p.displayName] as const] : [])));
  const groupNames = new Map(groups.flatMap((g) => (g ? [[g.id, g.name] as const] : [])));
  const ticketNames = new Map(problems.flatMap((t) => (t ? [[t.id, ticketNumber(t)] as const] : [])));

  return buildTimeline({
    events,
    worklogs,
    attachments,
    tasks,
    sync: { pending, conflicts, rejections },
    names: { person: (id) => personNames.get(id), group: (id) => groupNames.get(id), ticket: (id) => ticketNames.get(id) },
  });
}

/** The ticket's timeline, newest first; undefined while loading. */
export function useTimeline(ticketId: string): TimelineItem[] | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(() => loadTimeline(db, ticketId), [db, ticketId]);
}
