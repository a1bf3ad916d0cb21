/**
 * Pull scope per entity and role, records leaving and entering scope, scope-version resets,
 * the moving 90-day changes window and `remaining`, on SQLite and PostgreSQL. Each test
 * keeps a replica the way a client does (puts, deletes, reset) and compares it with what
 * the database says the user may see.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import type { EntityName } from '@fielddesk/common/domain/entities';
import { parseCursor, type Change, type PullResponse } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../app';
import { bearer, loginDesktop, OpFactory, personId, push } from '../../test/http';
import { describeStores } from '../../test/stores';
import { canSeeTask, changeWindow, dayOf, formatScopeVersion, parseScopeVersion, samePersonScope } from './scope';

const DAY = 86_400_000;

/** A client's replica: entity -> id -> record. */
class Replica {
  readonly records = new Map<string, Map<string, unknown>>();
  cursor = '0';
  resets = 0;
  deletes: Change[] = [];

  apply(page: PullResponse): void {
    if (page.reset) {
      this.records.clear();
      this.resets++;
    }
    for (const c of page.changes) {
      const table = this.records.get(c.entity) ?? new Map<string, unknown>();
      this.records.set(c.entity, table);
      if (c.op === 'put') table.set(c.id, c.data);
      else {
        table.delete(c.id);
        this.deletes.push(c);
      }
    }
    this.cursor = page.cursor;
  }

  ids(entity: EntityName): string[] {
    return [...(this.records.get(entity)?.keys() ?? [])].sort();
  }
}

describeStores('sync pull scope', (h) => {
  let s: FieldDeskServer;
  let clock = Date.now();
  let tokens: Record<string, string>;

  const pull = (token: string, cursor: string, limit = 5000) =>
    s.app.inject({ method: 'GET', url: `${API.pull}?cursor=${cursor}&limit=${limit}`, headers: bearer(token) });

  async function sync(replica: Replica, token: string, limit = 5000): Promise<PullResponse[]> {
    const pages: PullResponse[] = [];
    for (let i = 0; i < 1000; i++) {
      const res = await pull(token, replica.cursor, limit);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<PullResponse>();
      replica.apply(page);
      pages.push(page);
      if (!page.hasMore) return pages;
    }
    throw new Error('pull never finished');
  }

  const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
  const me = async (username: string) => (await loginDesktop(s.app, username)).body.user;

  beforeAll(async () => {
    s = await h.start({ now: () => clock, sessionTtlHours: 24 * 90 });
    tokens = {};
    for (const u of ['tech1', 'tech2', 'tech3', 'tech5', 'admin', 'desk1']) tokens[u] = (await loginDesktop(s.app, u)).token;
  });

  it('technicians get their tickets, their site’s assets and CIs, the knowledge base, changes of the next 90 days', async () => {
    const tech1 = await me('tech1');
    const r = new Replica();
    await sync(r, tokens.tech1!, 700);

    const tickets = await s.db
      .selectFrom('tickets')
      .select('id')
      .where((eb) => eb.or([eb('group_id', 'in', tech1.groupIds), eb('site_id', '=', tech1.siteId)]))
      .execute();
    expect(r.ids('ticket')).toEqual(ids(tickets));
    const worklogs = await s.db.selectFrom('worklogs').select('id').where('ticket_id', 'in', tickets.map((t) => t.id)).execute();
    expect(r.ids('worklog')).toEqual(ids(worklogs));

    expect(r.ids('asset')).toEqual(ids(await s.db.selectFrom('assets').select('id').where('site_id', '=', tech1.siteId).execute()));
    const cis = await s.db.selectFrom('configuration_items').select('id').where('site_id', '=', tech1.siteId).execute();
    expect(cis.length).toBeGreaterThan(5);
    expect(r.ids('configuration_item')).toEqual(ids(cis));

    const articles = await s.db.selectFrom('knowledge_articles').select(['id', 'published', 'author_id']).execute();
    const expectedArticles = articles.filter((a) => Number(a.published) === 1 || a.author_id === tech1.id);
    expect(articles.some((a) => Number(a.published) === 0 && a.author_id !== tech1.id)).toBe(true);
    expect(articles.some((a) => Number(a.published) === 0 && a.author_id === tech1.id)).toBe(true);
    expect(r.ids('knowledge_article')).toEqual(ids(expectedArticles));

    const now = clock;
    // The changes whose window touches the next 90 days, and the ones tech1 implements or owns, whenever.
    const changes = await s.db.selectFrom('changes').select(['id', 'window_start', 'window_end', 'assignee_id', 'owner_id']).execute();
    const theirs = (c: (typeof changes)[number]) => c.assignee_id === tech1.id || c.owner_id === tech1.id;
    const inWindow = changes.filter((c) => Date.parse(c.window_end) >= now - DAY && Date.parse(c.window_start) <= now + 91 * DAY);
    const clearlyOut = changes.filter((c) => (Date.parse(c.window_end) < now - DAY || Date.parse(c.window_start) > now + 92 * DAY) && !theirs(c));
    expect(clearlyOut.length).toBeGreaterThan(3);
    for (const c of inWindow.filter((c) => Date.parse(c.window_end) >= now && Date.parse(c.window_start) <= now + 90 * DAY)) expect(r.ids('change')).toContain(c.id);
    for (const c of changes.filter(theirs)) expect(r.ids('change')).toContain(c.id);
    for (const c of clearlyOut) expect(r.ids('change')).not.toContain(c.id);

    expect(r.ids('site')).toHaveLength(3);
    expect(r.ids('group')).toHaveLength(3);
    expect(r.ids('person')).toHaveLength(28);
    expect(r.resets).toBe(0);
  });

  it('admins and agents see everything', async () => {
    for (const user of ['admin', 'desk1']) {
      const r = new Replica();
      await sync(r, tokens[user]!, 2000);
      for (const [entity, table] of [
        ['ticket', 'tickets'],
        ['asset', 'assets'],
        ['configuration_item', 'configuration_items'],
        ['knowledge_article', 'knowledge_articles'],
        ['change', 'changes'],
        ['task', 'tasks'],
        ['ticket_link', 'ticket_links'],
        ['ticket_event', 'ticket_events'],
        ['itsm_config', 'itsm_config'],
      ] as const) {
        expect(r.ids(entity), `${user} ${entity}`).toEqual(ids(await s.db.selectFrom(table).select('id').execute()));
      }
    }
  });

  it('attachments follow their ticket', async () => {
    const tech1 = await me('tech1');
    const visible = await s.db.selectFrom('tickets').select('id').where('site_id', '=', tech1.siteId).limit(1).executeTakeFirstOrThrow();
    const hidden = await s.db
      .selectFrom('tickets')
      .select('id')
      .where('site_id', '!=', tech1.siteId)
      .where('group_id', 'not in', tech1.groupIds)
      .limit(1)
      .executeTakeFirstOrThrow();
    const r = new Replica();
    await sync(r, tokens.tech1!);
    const attachmentFor = async (ticketId: string) => {
      const id = randomUUID();
      await s.store.write(async (tx) => {
        await tx.db
          .insertInto('attachments')
          .values({
            id,
            ticket_id: ticketId,
            sha256: 'a'.repeat(64),
            file_name: 'photo.jpg',
            mime_type: 'image/jpeg',
            size: 1234,
            kind: 'photo',
            author_id: tech1.id,
            created_at: new Date(clock).toISOString(),
            uploaded: 0,
            rev: await tx.nextRev(),
          })
          .execute();
      });
      return id;
    };
    const mine = await attachmentFor(visible.id);
    const theirs = await attachmentFor(hidden.id);
    await sync(r, tokens.tech1!);
    expect(r.ids('attachment')).toEqual([mine]);
    expect(r.records.get('attachment')?.get(mine)).toMatchObject({ ticketId: visible.id, uploaded: false, size: 1234, kind: 'photo' });
    const admin = new Replica();
    await sync(admin, tokens.admin!);
    expect(admin.ids('attachment')).toEqual(expect.arrayContaining([mine, theirs]));
  });

  it('tasks: technicians get those of their groups and site and every task assigned to them; a task reassigned away leaves', async () => {
    const tech1 = await me('tech1'); // Field Support at HQ
    const tech5 = await me('tech5'); // Service Desk at DC
    const r = new Replica();
    await sync(r, tokens.tech1!);
    const expected = await s.db
      .selectFrom('tasks')
      .select('id')
      .where((eb) => eb.or([eb('group_id', 'in', tech1.groupIds), eb('site_id', '=', tech1.siteId), eb('assignee_id', '=', tech1.id)]))
      .execute();
    expect(r.ids('task')).toEqual(ids(expected));
    const allTasks = await s.db.selectFrom('tasks').select(['id', 'group_id', 'site_id', 'assignee_id']).execute();
    expect(r.ids('task').length).toBeLessThan(allTasks.length);
    // The in-memory rule (push) agrees with the SQL one (pull), for every technician.
    for (const username of ['tech1', 'tech2', 'tech3', 'tech5']) {
      const viewer = await me(username);
      const replica = username === 'tech1' ? r : new Replica();
      if (replica !== r) await sync(replica, tokens[username]!);
      const inMemory = allTasks.filter((t) => canSeeTask(viewer, { groupId: t.group_id, siteId: t.site_id, assigneeId: t.assignee_id }));
      expect(replica.ids('task'), username).toEqual(ids(inMemory));
    }
    // The seed gives tech1 tasks outside their group and site: they arrive because tech1 is the assignee.
    const elsewhere = await s.db
      .selectFrom('tasks')
      .select('id')
      .where('assignee_id', '=', tech1.id)
      .where((eb) => eb.or([eb('group_id', 'is', null), eb('group_id', 'not in', tech1.groupIds)]))
      .where((eb) => eb.or([eb('site_id', 'is', null), eb('site_id', '!=', tech1.siteId)]))
      .execute();
    expect(elsewhere.length).toBeGreaterThan(0);
    for (const t of elsewhere) expect(r.ids('task')).toContain(t.id);

    // A Service Desk task at DC, assigned to tech1 (written directly: triggers catch every writer).
    const serviceDesk = (await s.db.selectFrom('groups').select('id').where('name', '=', 'Service Desk').executeTakeFirstOrThrow()).id;
    const id = randomUUID();
    const at = new Date(clock).toISOString();
    await s.store.write(async (tx) => {
      await tx.db
        .insertInto('tasks')
        .values({
          id,
          number: null,
          ticket_id: null,
          title: 'Swap the label printer at the DC shipping desk',
          description: '',
          status: 'open',
          assignee_id: tech1.id,
          group_id: serviceDesk,
          site_id: tech5.siteId,
          due_at: null,
          created_by_id: tech5.id,
          created_at: at,
          updated_at: at,
          completed_at: null,
          field_revs: '{}',
          rev: await tx.nextRev(),
        })
        .execute();
    });
    const t5 = new Replica();
    await sync(t5, tokens.tech5!);
    await sync(r, tokens.tech1!);
    expect(r.ids('task')).toContain(id);
    expect(t5.ids('task')).toContain(id);
    expect(r.records.get('task')?.get(id)).toMatchObject({ assigneeId: tech1.id, groupId: serviceDesk, status: 'open' });

    const reassign = async (assignee: string) =>
      s.store.write(async (tx) => {
        await tx.db.updateTable('tasks').set({ assignee_id: assignee, rev: await tx.nextRev() }).where('id', '=', id).execute();
      });
    // Reassigned to tech5: it leaves tech1's replica as a delete, tech5 keeps it.
    await reassign(tech5.id);
    const [page] = await sync(r, tokens.tech1!);
    expect(page?.reset).toBeUndefined();
    expect(page?.changes).toEqual([{ entity: 'task', id, rev: expect.any(Number), op: 'delete' }]);
    expect(r.ids('task')).not.toContain(id);
    const [t5Page] = await sync(t5, tokens.tech5!);
    expect(t5Page?.changes.map((c) => [c.entity, c.id, c.op])).toEqual([['task', id, 'put']]);
    expect(t5.records.get('task')?.get(id)).toMatchObject({ assigneeId: tech5.id });

    // Assigned back: it returns; and the replica agrees with a fresh download.
    await reassign(tech1.id);
    await sync(r, tokens.tech1!);
    expect(r.ids('task')).toContain(id);
    const fresh = new Replica();
    await sync(fresh, tokens.tech1!);
    expect(r.ids('task')).toEqual(fresh.ids('task'));
  });

  it('ticket links and history events follow their ticket; a removed link arrives as a tombstone', async () => {
    const tech1 = await me('tech1');
    const visibleTickets = await s.db
      .selectFrom('tickets')
      .select('id')
      .where((eb) => eb.or([eb('group_id', 'in', tech1.groupIds), eb('site_id', '=', tech1.siteId)]))
      .execute();
    const visibleIds = visibleTickets.map((t) => t.id);
    const r = new Replica();
    await sync(r, tokens.tech1!, 400);
    const seededLinks = await s.db.selectFrom('ticket_links').select('id').where('ticket_id', 'in', visibleIds).execute();
    const seededEvents = await s.db.selectFrom('ticket_events').select('id').where('ticket_id', 'in', visibleIds).execute();
    expect(seededLinks.length).toBeGreaterThan(10);
    expect(r.ids('ticket_link')).toEqual(ids(seededLinks));
    expect(r.ids('ticket_event')).toEqual(ids(seededEvents));
    expect((await s.db.selectFrom('ticket_events').select('id').execute()).length).toBeGreaterThan(seededEvents.length);

    const hidden = await s.db
      .selectFrom('tickets')
      .select('id')
      .where('site_id', '!=', tech1.siteId)
      .where('group_id', 'not in', tech1.groupIds)
      .limit(1)
      .executeTakeFirstOrThrow();
    const visible = visibleIds[0]!;
    const at = new Date(clock).toISOString();
    const add = async (ticketId: string) => {
      const link = randomUUID();
      const event = randomUUID();
      await s.store.write(async (tx) => {
        await tx.db
          .insertInto('ticket_links')
          .values({ id: link, ticket_id: ticketId, target_entity: 'configuration_item', target_id: randomUUID(), author_id: tech1.id, created_at: at, rev: await tx.nextRev() })
          .execute();
        await tx.db
          .insertInto('ticket_events')
          .values({ id: event, ticket_id: ticketId, type: 'priority', from_value: '3', to_value: '2', actor_id: tech1.id, at, recorded_at: at, rev: await tx.nextRev() })
          .execute();
      });
      return { link, event };
    };
    const mine = await add(visible);
    const theirs = await add(hidden.id);
    await sync(r, tokens.tech1!);
    expect(r.ids('ticket_link')).toContain(mine.link);
    expect(r.ids('ticket_event')).toContain(mine.event);
    expect(r.ids('ticket_link')).not.toContain(theirs.link);
    expect(r.ids('ticket_event')).not.toContain(theirs.event);
    expect(r.records.get('ticket_event')?.get(mine.event)).toEqual({
      id: mine.event,
      ticketId: visible,
      type: 'priority',
      from: '3',
      to: '2',
      actorId: tech1.id,
      at,
      recordedAt: at,
      rev: expect.any(Number),
    });

    // Unlinking deletes the row and leaves a tombstone (as push does).
    await s.store.write(async (tx) => {
      await tx.db.deleteFrom('ticket_links').where('id', '=', mine.link).execute();
      await tx.db.insertInto('tombstones').values({ entity: 'ticket_link', id: mine.link, rev: await tx.nextRev(), deleted_at: at }).execute();
    });
    const [page] = await sync(r, tokens.tech1!);
    expect(page?.changes).toEqual([{ entity: 'ticket_link', id: mine.link, rev: expect.any(Number), op: 'delete' }]);
    expect(r.ids('ticket_link')).not.toContain(mine.link);
  });

  it('a ticket reassigned out of a technician’s scope is deleted from their replica, with its worklogs and history', async () => {
    // tech2: Field Support at DC. A Field Support ticket at another site leaves when moved to Service Desk.
    const tech2 = await me('tech2');
    const groups = await s.db.selectFrom('groups').select(['id', 'name']).execute();
    const serviceDesk = groups.find((g) => g.name === 'Service Desk')!.id;
    const fieldSupport = groups.find((g) => g.name === 'Field Support')!.id;
    // Unassigned, so the group may change without refusing the assignee.
    const ticket = await s.db
      .selectFrom('tickets')
      .select(['id', 'rev'])
      .where('group_id', '=', fieldSupport)
      .where('site_id', '!=', tech2.siteId)
      .where('assignee_id', 'is', null)
      .where('id', 'in', (eb) => eb.selectFrom('worklogs').select('ticket_id'))
      .where('status', 'not in', ['closed'])
      .limit(1)
      .executeTakeFirstOrThrow();
    const logs = await s.db.selectFrom('worklogs').select('id').where('ticket_id', '=', ticket.id).execute();
    expect(logs.length).toBeGreaterThan(0);
    const history = await s.db.selectFrom('ticket_events').select('id').where('ticket_id', '=', ticket.id).execute();
    expect(history.length).toBeGreaterThan(0);

    const r = new Replica();
    await sync(r, tokens.tech2!);
    expect(r.ids('ticket')).toContain(ticket.id);
    for (const l of logs) expect(r.ids('worklog')).toContain(l.id);
    const before = r.cursor;

    const f = new OpFactory();
    const res = await push(s.app, tokens.admin!, f.clientId, [f.patch(ticket.id, Number(ticket.rev), { groupId: serviceDesk })]);
    expect(res.body?.results[0]?.status).toBe('applied');

    const [page] = await sync(r, tokens.tech2!);
    expect(page?.reset).toBeUndefined();
    expect(page?.changes.filter((c) => c.op === 'delete').map((c) => [c.entity, c.id])).toEqual(
      expect.arrayContaining([['ticket', ticket.id], ...logs.map((l) => ['worklog', l.id]), ...history.map((e) => ['ticket_event', e.id])]),
    );
    expect(page?.changes.every((c) => c.op === 'delete' || c.entity !== 'ticket' || c.id !== ticket.id)).toBe(true);
    expect(JSON.stringify(page?.changes)).not.toContain('"data"');
    expect(r.ids('ticket')).not.toContain(ticket.id);
    for (const l of logs) expect(r.ids('worklog')).not.toContain(l.id);
    expect(parseCursor(r.cursor).rev).toBeGreaterThan(parseCursor(before).rev);

    // Someone who can still see it gets the new version, and no delete.
    const tech5 = new Replica(); // Service Desk at DC
    await sync(tech5, tokens.tech5!);
    expect(tech5.ids('ticket')).toContain(ticket.id);

    // Moving it back brings it and its older worklogs back.
    const now = await s.db.selectFrom('tickets').select('rev').where('id', '=', ticket.id).executeTakeFirstOrThrow();
    const back = await push(s.app, tokens.admin!, f.clientId, [f.patch(ticket.id, Number(now.rev), { groupId: fieldSupport })]);
    expect(back.body?.results[0]?.status).toBe('applied');
    await sync(r, tokens.tech2!);
    expect(r.ids('ticket')).toContain(ticket.id);
    for (const l of logs) expect(r.ids('worklog')).toContain(l.id);
    for (const e of history) expect(r.ids('ticket_event')).toContain(e.id);

    // A replica pulled from scratch now agrees with the incremental one.
    const fresh = new Replica();
    await sync(fresh, tokens.tech2!);
    for (const e of ['ticket', 'worklog', 'ticket_event', 'ticket_link', 'task', 'asset', 'knowledge_article', 'change'] as const) expect(r.ids(e), e).toEqual(fresh.ids(e));
  });

  it('assets and CIs moved to another site, and unpublished articles, leave the replica', async () => {
    const tech3 = await me('tech3'); // LAB
    const r = new Replica();
    await sync(r, tokens.tech3!);
    const asset = await s.db.selectFrom('assets').select('id').where('site_id', '=', tech3.siteId).limit(1).executeTakeFirstOrThrow();
    const ci = await s.db.selectFrom('configuration_items').select('id').where('site_id', '=', tech3.siteId).limit(1).executeTakeFirstOrThrow();
    const article = await s.db.selectFrom('knowledge_articles').select('id').where('published', '=', 1).where('author_id', '!=', tech3.id).limit(1).executeTakeFirstOrThrow();
    expect(r.ids('asset')).toContain(asset.id);
    expect(r.ids('knowledge_article')).toContain(article.id);
    const other = await s.db.selectFrom('sites').select('id').where('code', '=', 'DC').executeTakeFirstOrThrow();
    await s.store.write(async (tx) => {
      await tx.db.updateTable('assets').set({ site_id: other.id, location_id: null, rev: await tx.nextRev() }).where('id', '=', asset.id).execute();
      await tx.db.updateTable('configuration_items').set({ site_id: other.id, rev: await tx.nextRev() }).where('id', '=', ci.id).execute();
      await tx.db.updateTable('knowledge_articles').set({ published: 0, rev: await tx.nextRev() }).where('id', '=', article.id).execute();
    });
    await sync(r, tokens.tech3!);
    expect(r.ids('asset')).not.toContain(asset.id);
    expect(r.ids('configuration_item')).not.toContain(ci.id);
    expect(r.ids('knowledge_article')).not.toContain(article.id);
    // Others are told nothing about records they never saw (tech1 is at HQ; the asset goes DC -> LAB).
    const tech1 = new Replica();
    await sync(tech1, tokens.tech1!);
    await s.store.write(async (tx) => {
      await tx.db.updateTable('assets').set({ site_id: tech3.siteId, rev: await tx.nextRev() }).where('id', '=', asset.id).execute();
    });
    const [page] = await sync(tech1, tokens.tech1!);
    expect(page?.changes.filter((c) => c.id === asset.id)).toEqual([]);
    await sync(r, tokens.tech3!);
    expect(r.ids('asset')).toContain(asset.id);
  });

  it('a change of the person’s groups, site or role resets their replica; old-style cursors reset too', async () => {
    const r = new Replica();
    await sync(r, tokens.tech1!);
    const before = r.ids('ticket').length;
    const current = parseCursor(r.cursor);
    expect(current.scopeVersion).not.toBeNull();

    // No change: no reset.
    expect((await pull(tokens.tech1!, r.cursor)).json<PullResponse>().reset).toBeUndefined();
    // A plain "<rev>" cursor (older client): reset and download from the start.
    const legacy = (await pull(tokens.tech1!, String(current.rev))).json<PullResponse>();
    expect(legacy.reset).toBe(true);
    expect(legacy.changes.length).toBeGreaterThan(100);

    // tech1 joins Service Desk: tickets of that group (with old revs) must arrive.
    const tech1Id = await personId(s, 'tech1');
    const serviceDesk = (await s.db.selectFrom('groups').select('id').where('name', '=', 'Service Desk').executeTakeFirstOrThrow()).id;
    await s.store.write(async (tx) => {
      await tx.db.insertInto('person_groups').values({ person_id: tech1Id, group_id: serviceDesk }).execute();
      await tx.db.updateTable('persons').set({ rev: await tx.nextRev() }).where('id', '=', tech1Id).execute();
    });
    const pages = await sync(r, tokens.tech1!, 500);
    expect(pages[0]?.reset).toBe(true);
    expect(pages.slice(1).every((p) => !p.reset)).toBe(true);
    expect(r.resets).toBe(1);
    expect(r.ids('ticket').length).toBeGreaterThan(before);
    const now1 = await me('tech1');
    expect(now1.groupIds).toContain(serviceDesk);
    const all = await s.db
      .selectFrom('tickets')
      .select('id')
      .where((eb) => eb.or([eb('group_id', 'in', now1.groupIds), eb('site_id', '=', now1.siteId)]))
      .execute();
    expect(r.ids('ticket')).toEqual(ids(all));

    // Moving site also resets.
    const cursor = r.cursor;
    const lab = (await s.db.selectFrom('sites').select('id').where('code', '=', 'LAB').executeTakeFirstOrThrow()).id;
    const hq = (await s.db.selectFrom('sites').select('id').where('code', '=', 'HQ').executeTakeFirstOrThrow()).id;
    await s.db.updateTable('persons').set({ site_id: lab }).where('id', '=', tech1Id).execute();
    const moved = (await pull(tokens.tech1!, cursor)).json<PullResponse>();
    expect(moved.reset).toBe(true);
    expect(samePersonScope(parseCursor(moved.cursor).scopeVersion!, 0)).toBe(false);
    // Restore tech1 for the other tests.
    await s.db.updateTable('persons').set({ site_id: hq }).where('id', '=', tech1Id).execute();
    await s.db.deleteFrom('person_groups').where('person_id', '=', tech1Id).where('group_id', '=', serviceDesk).execute();
  });

  it('garbage and future cursors are refused with 400; a bad scope version only resets', async () => {
    const high = await s.store.currentRev();
    for (const bad of ['x', '1.2.3', '-5', '01']) expect((await pull(tokens.tech1!, bad)).statusCode, bad).toBe(400);
    const future = await pull(tokens.tech1!, `${high + 10}.5`);
    expect(future.statusCode).toBe(400);
    expect(future.json().error).toBe('invalid_cursor');
    const wrongScope = (await pull(tokens.tech1!, `${high}.999999999`)).json<PullResponse>();
    expect(wrongScope.reset).toBe(true);
  });

  it('the changes window moves with the days: changes drift out and in without a reset', async () => {
    const r = new Replica();
    await sync(r, tokens.tech1!);
    const seenBefore = r.ids('change');
    clock += 45 * DAY;
    try {
      const pages = await sync(r, tokens.tech1!);
      expect(pages[0]?.reset).toBeUndefined();
      const day = dayOf(clock);
      const w = changeWindow(day);
      const tech1Id = (await s.db.selectFrom('persons').select('id').where('username', '=', 'tech1').executeTakeFirstOrThrow()).id;
      const expected = await s.db
        .selectFrom('changes')
        .select('id')
        .where((eb) => eb.or([eb.and([eb('window_end', '>=', w.from), eb('window_start', '<', w.to)]), eb('assignee_id', '=', tech1Id), eb('owner_id', '=', tech1Id)]))
        .execute();
      expect(r.ids('change')).toEqual(ids(expected));
      expect(r.ids('change')).not.toEqual(seenBefore);
      expect(r.deletes.some((c) => c.entity === 'change')).toBe(true);
      expect(parseScopeVersion(parseCursor(r.cursor).scopeVersion!).day).toBe(day);
      // And it matches a fresh download on the same day.
      const fresh = new Replica();
      await sync(fresh, tokens.tech1!);
      expect(fresh.ids('change')).toEqual(r.ids('change'));
    } finally {
      clock -= 45 * DAY;
    }
  });

  it('says about how many changes remain', async () => {
    const first = (await pull(tokens.admin!, '0', 200)).json<PullResponse>();
    const total = await s.store.currentRev();
    expect(first.hasMore).toBe(true);
    expect(first.remaining).toBeGreaterThan((total - 200) * 0.8);
    expect(first.remaining).toBeLessThanOrEqual(total);
    const r = new Replica();
    const pages = await sync(r, tokens.tech1!, 300);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages[0]!.remaining).toBeGreaterThan(0);
    expect(pages.at(-1)!.remaining).toBe(0);
    for (const p of pages) expect(p).toHaveProperty('remaining');
  });

  describe('scope version encoding', () => {
    it('packs the person version and the day and reads them back', () => {
      const v = formatScopeVersion(7, 20_413);
      expect(parseScopeVersion(v)).toEqual({ personVersion: 7, day: 20_413 });
      expect(samePersonScope(v, 7)).toBe(true);
      expect(samePersonScope(v, 8)).toBe(false);
      expect(String(formatScopeVersion(99_999, 99_999))).toMatch(/^[1-9][0-9]{0,9}$/);
    });
  });
});
