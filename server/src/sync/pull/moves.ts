/**
 * Leaving and entering a viewer's scope between two pulls.
 *
 * Scope moves: `scope_moves` (written by triggers, migrations 0002 and 0004) holds the old
 * scope values of every record whose scope columns changed, at the rev of that change. For a
 * technician, a move in the page's rev range whose old values they could see, of a record
 * they cannot see now, becomes a delete (for a ticket: also of its worklogs, attachments,
 * links and events; a task also leaves when it is reassigned away from them, since its
 * assignee is part of its scope). A ticket that enters their scope brings its older children
 * along; a task that enters arrives by the normal path (the write that moved it gave it a new
 * rev). These follow-on changes carry the rev of the move, so a page may run a little over
 * `limit`.
 *
 * Days: a cursor made on another day (cursor.ts) is corrected by windowCorrections, for the
 * change requests whose window moved in or out of the horizon since.
 */
import type { Kysely } from 'kysely';
import type { EntityName } from '@fielddesk/common/domain/entities';
import type { Change } from '@fielddesk/common/sync/protocol';
import { attachmentFromRow, changeFromRow, ticketEventFromRow, ticketLinkFromRow, worklogFromRow } from '../../db/records';
import type { Database, ScopeMoveTable } from '../../db/types';
import { canSeeArticle, canSeeChange, canSeeSiteRecord, canSeeTask, canSeeTicket, changeScopeCondition, couldSeeBefore, type Viewer } from '../scope';
import { CHILDREN, del, put } from './sources';

/** Whether the viewer may see each of the given records now (missing records: no). */
async function visibleNow(db: Kysely<Database>, viewer: Viewer, entity: string, ids: string[], day: number): Promise<Set<string>> {
  const seen = new Set<string>();
  if (ids.length === 0) return seen;
  switch (entity) {
    case 'ticket':
      for (const r of await db.selectFrom('tickets').select(['id', 'group_id', 'site_id']).where('id', 'in', ids).execute())
        if (canSeeTicket(viewer, { groupId: r.group_id, siteId: r.site_id })) seen.add(r.id);
      break;
    case 'task':
      for (const r of await db.selectFrom('tasks').select(['id', 'group_id', 'site_id', 'assignee_id']).where('id', 'in', ids).execute())
        if (canSeeTask(viewer, { groupId: r.group_id, siteId: r.site_id, assigneeId: r.assignee_id })) seen.add(r.id);
      break;
    case 'asset':
      for (const r of await db.selectFrom('assets').select(['id', 'site_id']).where('id', 'in', ids).execute()) if (canSeeSiteRecord(viewer, r.site_id)) seen.add(r.id);
      break;
    case 'asset_inventory':
      for (const r of await db.selectFrom('asset_inventories').select(['id', 'site_id']).where('id', 'in', ids).execute())
        if (canSeeSiteRecord(viewer, r.site_id)) seen.add(r.id);
      break;
    case 'configuration_item':
      for (const r of await db.selectFrom('configuration_items').select(['id', 'site_id']).where('id', 'in', ids).execute())
        if (canSeeSiteRecord(viewer, r.site_id)) seen.add(r.id);
      break;
    case 'knowledge_article':
      for (const r of await db.selectFrom('knowledge_articles').select(['id', 'published', 'author_id']).where('id', 'in', ids).execute())
        if (canSeeArticle(viewer, { published: Number(r.published) === 1, authorId: r.author_id })) seen.add(r.id);
      break;
    case 'change':
      for (const r of await db.selectFrom('changes').select(['id', 'window_start', 'window_end']).where('id', 'in', ids).execute())
        if (canSeeChange(viewer, { windowStart: r.window_start, windowEnd: r.window_end }, day)) seen.add(r.id);
      break;
  }
  return seen;
}

/** A scope move that matters to the viewer: their record leaving their scope, or a ticket entering it. */
export interface MoveOutcome {
  move: ScopeMoveTable;
  leaving: boolean;
}

/**
 * The scope moves of a technician's page range that matter to them: leaving (they could see
 * the old values, not the record now) or, for tickets, entering (the other way round).
 * `horizon` is the rev up to which the moves are known (the last read when more may follow).
 */
export async function relevantMoves(
  db: Kysely<Database>,
  viewer: Viewer,
  after: number,
  high: number,
  take: number,
  day: number,
  cursorDay: number,
): Promise<{ moves: MoveOutcome[]; horizon: number }> {
  const rows = await db.selectFrom('scope_moves').selectAll().where('rev', '>', after).where('rev', '<=', high).orderBy('rev').limit(take).execute();
  const horizon = rows.length === take ? Number(rows[rows.length - 1]?.rev) : Number.POSITIVE_INFINITY;
  const byEntity = new Map<string, string[]>();
  for (const r of rows) byEntity.set(r.entity, [...(byEntity.get(r.entity) ?? []), r.id]);
  const visible = new Map<string, Set<string>>();
  for (const [entity, ids] of byEntity) visible.set(entity, await visibleNow(db, viewer, entity, [...new Set(ids)], day));
  const moves: MoveOutcome[] = [];
  for (const move of rows) {
    const now = visible.get(move.entity)?.has(move.id) ?? false;
    const before = couldSeeBefore(viewer, move, cursorDay);
    if (before && !now) moves.push({ move: { ...move, rev: Number(move.rev) }, leaving: true });
    else if (!before && now && move.entity === 'ticket') moves.push({ move: { ...move, rev: Number(move.rev) }, leaving: false });
  }
  return { moves, horizon };
}

/** Turns relevant moves into changes: deletes for leaving records, older children for entering tickets. */
export async function moveChanges(db: Kysely<Database>, moves: MoveOutcome[], after: number): Promise<Change[]> {
  const out: Change[] = [];
  const leavingTickets = new Map<string, number>();
  const enteringTickets = new Map<string, number>();
  for (const { move, leaving } of moves) {
    if (leaving) {
      out.push(del(move.entity as EntityName, move.id, move.rev));
      if (move.entity === 'ticket') leavingTickets.set(move.id, move.rev);
    } else {
      enteringTickets.set(move.id, move.rev);
    }
  }
  if (leavingTickets.size > 0) {
    const ids = [...leavingTickets.keys()];
    const children = await Promise.all(CHILDREN.map(({ table }) => db.selectFrom(table as 'ticket_links').select(['id', 'ticket_id']).where('ticket_id', 'in', ids).execute()));
    CHILDREN.forEach(({ entity }, i) => {
      for (const c of children[i] ?? []) out.push(del(entity, c.id, leavingTickets.get(c.ticket_id) ?? 0));
    });
  }
  if (enteringTickets.size > 0) {
    // Children written after the cursor arrive by the normal path; send the older ones.
    const ids = [...enteringTickets.keys()];
    const [worklogs, attachments, links, events] = await Promise.all([
      db.selectFrom('worklogs').selectAll().where('ticket_id', 'in', ids).where('rev', '<=', after).execute(),
      db.selectFrom('attachments').selectAll().where('ticket_id', 'in', ids).where('rev', '<=', after).execute(),
      db.selectFrom('ticket_links').selectAll().where('ticket_id', 'in', ids).where('rev', '<=', after).execute(),
      db.selectFrom('ticket_events').selectAll().where('ticket_id', 'in', ids).where('rev', '<=', after).execute(),
    ]);
    const at = (ticketId: string) => enteringTickets.get(ticketId) ?? 0;
    for (const w of worklogs) out.push({ ...put('worklog', worklogFromRow(w)), rev: at(w.ticket_id) });
    for (const a of attachments) out.push({ ...put('attachment', attachmentFromRow(a)), rev: at(a.ticket_id) });
    for (const l of links) out.push({ ...put('ticket_link', ticketLinkFromRow(l)), rev: at(l.ticket_id) });
    for (const e of events) out.push({ ...put('ticket_event', ticketEventFromRow(e)), rev: at(e.ticket_id) });
  }
  return out;
}

/**
 * Changes whose window moved in or out of a technician's horizon between the cursor's day
 * and today, for records the cursor already covers (rev <= after).
 */
export async function windowCorrections(db: Kysely<Database>, viewer: Viewer, after: number, cursorDay: number, day: number): Promise<Change[]> {
  const wasIn = changeScopeCondition(viewer, cursorDay);
  const isIn = changeScopeCondition(viewer, day);
  const [left, entered] = await Promise.all([
    db
      .selectFrom('changes')
      .select('id')
      .where(wasIn)
      .where((eb) => eb.not(isIn(eb)))
      .execute(),
    db
      .selectFrom('changes')
      .selectAll()
      .where('rev', '<=', after)
      .where(isIn)
      .where((eb) => eb.not(wasIn(eb)))
      .execute(),
  ]);
  return [...left.map((r) => del('change', r.id, after)), ...entered.map((r) => ({ ...put('change', changeFromRow(r)), rev: after }))];
}
