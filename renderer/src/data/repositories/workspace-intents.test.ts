/**
 * The issue-4 intents: creating every kind of ticket, field changes with the priority matrix
 * and assignee rules, bulk changes, reopening, tasks, links and articles. Each must write the
 * record and its op together, or nothing with a reason a person can read.
 */
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Group, Person } from '@fielddesk/common/domain/entities';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { createTicketRepository } from './tickets';
import { createTaskRepository } from './tasks';
import { createLinkRepository } from './links';
import { createArticleRepository } from './articles';
import { freshDb, group, makeAsset, makeTicket, requester, seed, site, tech } from '../../../test/fixtures';

const NOW = new Date('2026-03-03T10:00:00.000Z');
const otherGroup: Group = { id: uuidv7(), name: 'Network Team', rev: 5 };
const outsider: Person = { ...tech, id: uuidv7(), username: 'tech9', displayName: 'Sam Lee', groupIds: [otherGroup.id], rev: 6 };

async function setup(tickets = [makeTicket()]) {
  const db = freshDb('intents');
  await seed(db, tickets);
  await db.groups.put(otherGroup);
  await db.persons.put(outsider);
  const ctx = { db, userId: tech.id, now: () => NOW };
  return { db, tickets: createTicketRepository(ctx), tasks: createTaskRepository(ctx), links: createLinkRepository(ctx), articles: createArticleRepository(ctx) };
}

describe('creating tickets', () => {
  it('takes the priority from the matrix and keeps a chosen one', async () => {
    const { db, tickets } = await setup([]);
    const a = await tickets.createTicket({ kind: 'incident', title: 'Core switch down', impact: 1, urgency: 1, groupId: group.id });
    const b = await tickets.createTicket({ kind: 'incident', title: 'Mouse squeaks', impact: 1, urgency: 1, priority: 4 });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect((await db.tickets.get(a.id))?.priority).toBe(1);
    expect((await db.tickets.get(b.id))?.priority).toBe(4);
    const [op] = await db.outbox.toArray();
    expect(op?.op).toMatchObject({ entity: 'ticket', kind: 'create', data: { priority: 1, impact: 1, urgency: 1 } });
  });

  it('creates a service request with its catalog item\'s fulfilment tasks, in one transaction', async () => {
    const { db, tickets } = await setup([]);
    const item = DEFAULT_ITSM_CONFIG.catalog[0]!;
    const result = await tickets.createTicket({ kind: 'service_request', title: 'Laptop for new starter', catalogItemId: item.id, groupId: group.id, siteId: site.id });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const tasks = await db.tasks.where('ticketId').equals(result.id).toArray();
    expect(tasks.map((t) => t.title).sort()).toEqual([...item.tasks].sort());
    expect(tasks.every((t) => t.groupId === group.id && t.status === 'open' && t.number === null)).toBe(true);
    expect(await db.outbox.count()).toBe(1 + item.tasks.length);
  });

  it('refuses kind-specific fields on the wrong kind and an unknown catalog item', async () => {
    const { db, tickets } = await setup([]);
    expect(await tickets.createTicket({ kind: 'incident', title: 'x', knownError: true, workaround: 'y' })).toEqual({
      ok: false,
      reason: 'Root cause, workaround and known error belong to problems, not to this ticket.',
    });
    expect(await tickets.createTicket({ kind: 'problem', title: 'x', knownError: true })).toEqual({
      ok: false,
      reason: 'A known error needs a workaround: write what to do until the root cause is fixed.',
    });
    expect(await tickets.createTicket({ kind: 'service_request', title: 'x', catalogItemId: 'nope' })).toEqual({
      ok: false,
      reason: 'The catalog item is not in the service catalog.',
    });
    expect(await tickets.createTicket({ kind: 'incident', title: '  ' })).toEqual({ ok: false, reason: 'Title: a title is required.' });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.tickets.count()).toBe(0);
  });
});

describe('changing ticket fields', () => {
  it('recomputes the priority when impact or urgency change', async () => {
    const ticket = makeTicket({ impact: 2, urgency: 2, priority: 3 });
    const { db, tickets } = await setup([ticket]);
    expect((await tickets.updateTicket(ticket.id, { impact: 1 })).ok).toBe(true);
    expect(await db.tickets.get(ticket.id)).toMatchObject({ impact: 1, urgency: 2, priority: 2 });
    const [entry] = await db.outbox.toArray();
    expect(entry?.op).toMatchObject({ kind: 'patch', fields: { impact: 1, priority: 2 } });
  });

  it('refuses an assignee outside the group, naming both', async () => {
    const ticket = makeTicket();
    const { db, tickets } = await setup([ticket]);
    expect(await tickets.updateTicket(ticket.id, { assigneeId: outsider.id })).toEqual({
      ok: false,
      reason: 'Sam Lee is not a member of the group "Field Support". Choose someone from the group, or change the group first.',
    });
    expect(await tickets.updateTicket(ticket.id, { assigneeId: requester.id })).toMatchObject({ ok: false });
    expect(await db.outbox.count()).toBe(0);
    // Moving it to the other group with that person together is fine.
    expect((await tickets.updateTicket(ticket.id, { assigneeId: outsider.id, groupId: otherGroup.id })).ok).toBe(true);
  });

  it('assigning a new ticket makes it "Assigned" in the same op', async () => {
    const ticket = makeTicket({ status: 'new', assigneeId: null, respondedAt: null });
    const { db, tickets } = await setup([ticket]);
    expect((await tickets.updateTicket(ticket.id, { assigneeId: tech.id })).ok).toBe(true);
    const stored = await db.tickets.get(ticket.id);
    expect(stored).toMatchObject({ status: 'assigned', assigneeId: tech.id, respondedAt: NOW.toISOString() });
    expect(await db.outbox.count()).toBe(1);
  });

  it('says so when nothing changes', async () => {
    const ticket = makeTicket();
    const { tickets } = await setup([ticket]);
    expect(await tickets.updateTicket(ticket.id, { title: ticket.title })).toEqual({ ok: false, reason: 'Nothing changed.' });
  });
});

describe('reopening and holds', () => {
  it('reopens within the period and refuses after it', async () => {
    const recent = makeTicket({ status: 'resolved', resolvedAt: '2026-03-01T10:00:00.000Z', resolutionNotes: 'Fixed' });
    const old = makeTicket({ status: 'resolved', resolvedAt: '2026-02-01T10:00:00.000Z', resolutionNotes: 'Fixed' });
    const { db, tickets } = await setup([recent, old]);
    expect((await tickets.changeTicketStatus(recent.id, 'in_progress')).ok).toBe(true);
    expect((await db.tickets.get(recent.id))?.resolvedAt).toBeNull();
    expect(await tickets.changeTicketStatus(old.id, 'in_progress')).toEqual({
      ok: false,
      reason: 'This ticket was resolved on 2026-02-01; it can only be reopened within 7 days of being resolved. Raise a new ticket instead.',
    });
  });

  it('a hold opens a hold period on the device at once', async () => {
    const ticket = makeTicket({ status: 'in_progress' });
    const { db, tickets } = await setup([ticket]);
    await tickets.changeTicketStatus(ticket.id, 'on_hold', { onHoldReason: 'Waiting for parts' });
    expect((await db.tickets.get(ticket.id))?.slaHolds).toEqual([{ from: NOW.toISOString(), to: null }]);
  });
});

describe('bulk changes', () => {
  it('assigns many tickets in one go and reports what it refused and why', async () => {
    const mine = Array.from({ length: 5 }, () => makeTicket({ status: 'new', assigneeId: null, respondedAt: null }));
    const already = makeTicket({ assigneeId: tech.id });
    const otherTeam = makeTicket({ groupId: otherGroup.id, assigneeId: null, status: 'new', number: 'INC-2002' });
    const { db, tickets } = await setup([...mine, already, otherTeam]);
    const result = await tickets.bulkUpdate([...mine, already, otherTeam].map((t) => t.id), { assigneeId: tech.id });
    expect(result.applied).toHaveLength(5);
    expect(result.unchanged).toEqual([already.id]);
    expect(result.refused).toEqual([
      { ticketId: otherTeam.id, number: 'INC-2002', reason: 'Alex Morgan is not a member of the group "Network Team". Choose someone from the group, or change the group first.' },
    ]);
    expect(await db.outbox.count()).toBe(5);
  });

  it('changes status and priority in bulk through the same rules', async () => {
    const a = makeTicket({ status: 'assigned' });
    const b = makeTicket({ status: 'new', assigneeId: null });
    const { tickets } = await setup([a, b]);
    const status = await tickets.bulkUpdate([a.id, b.id], { status: 'in_progress' });
    expect(status.applied).toEqual([a.id]);
    expect(status.refused[0]?.reason).toBe('A ticket must have an assignee to be "In progress".');
    const priority = await tickets.bulkUpdate([a.id, b.id], { priority: 1 });
    expect(priority.applied).toEqual([a.id, b.id]);
  });
});

describe('tasks', () => {
  it('creates a task of a ticket with the ticket\'s group, then completes it', async () => {
    const ticket = makeTicket();
    const { db, tasks } = await setup([ticket]);
    const created = await tasks.createTask({ ticketId: ticket.id, title: 'Order toner', assigneeId: tech.id, dueAt: '2026-03-04T10:00:00.000Z' });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(await db.tasks.get(created.id)).toMatchObject({ groupId: group.id, siteId: site.id, status: 'open', createdById: tech.id });
    expect((await tasks.updateTask(created.id, { status: 'done' })).ok).toBe(true);
    expect(await db.tasks.get(created.id)).toMatchObject({ status: 'done', completedAt: NOW.toISOString() });
  });

  it('refuses a due date in the past and an assignee outside the group', async () => {
    const ticket = makeTicket();
    const { db, tasks } = await setup([ticket]);
    expect(await tasks.createTask({ ticketId: ticket.id, title: 'Late', dueAt: '2026-03-02T10:00:00.000Z' })).toEqual({
      ok: false,
      reason: 'The due date 2026-03-02 10:00 UTC is in the past; choose a date from now on.',
    });
    expect((await tasks.createTask({ ticketId: ticket.id, title: 'Wrong person', assigneeId: outsider.id })).ok).toBe(false);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a standalone task belongs to the technician\'s site', async () => {
    const { db, tasks } = await setup([]);
    const created = await tasks.createTask({ title: 'Replace toner in room 2.14' });
    expect(created.ok).toBe(true);
    if (created.ok) expect(await db.tasks.get(created.id)).toMatchObject({ ticketId: null, siteId: tech.siteId });
  });
});

describe('links and articles', () => {
  it('links an asset once, and unlinking removes it at once', async () => {
    const ticket = makeTicket();
    const asset = makeAsset({ tag: 'LAP-0001', serial: 'SN1', name: 'Laptop', model: 'X1', manufacturer: 'Lenovo', rev: 9 });
    const { db, links } = await setup([ticket]);
    await db.assets.put(asset);
    const linked = await links.link(ticket.id, 'asset', asset.id);
    expect(linked.ok).toBe(true);
    expect(await links.link(ticket.id, 'asset', asset.id)).toEqual({ ok: false, reason: 'This asset is already linked to the ticket.' });
    expect(await links.link(ticket.id, 'configuration_item', uuidv7())).toEqual({ ok: false, reason: 'The configuration item is not on this device.' });
    if (!linked.ok) return;
    expect((await links.unlink(linked.id)).ok).toBe(true);
    expect(await db.ticketLinks.count()).toBe(0);
    expect((await db.outbox.toArray()).map((e) => e.op.kind)).toEqual(['create', 'delete']);
  });

  it('writes an article from a ticket\'s resolution, then edits it', async () => {
    const ticket = makeTicket({ status: 'resolved', resolutionNotes: 'Cleaned the rollers.' });
    const { db, articles } = await setup([ticket]);
    const created = await articles.createArticle({ title: 'Printer jams', body: '## Fix\n\nClean the rollers.', sourceTicketId: ticket.id });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(await db.knowledgeArticles.get(created.id)).toMatchObject({ number: null, sourceTicketId: ticket.id, published: false, authorId: tech.id });
    expect((await articles.updateArticle(created.id, { published: true })).ok).toBe(true);
    expect((await db.knowledgeArticles.get(created.id))?.published).toBe(true);
    expect(await articles.createArticle({ title: 'x', body: ' ' })).toEqual({ ok: false, reason: 'Body: an article needs a body.' });
  });
});
