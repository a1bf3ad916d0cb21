/**
 * The service-desk layer of the demo, built on the core set (seed/demo.ts) and the CMDB and
 * knowledge base (seed/demo-itsm.ts), so the demo looks like a desk in full swing:
 *
 * - every ticket gets impact and urgency that the priority matrix maps to its priority, a
 *   subcategory, and a history (status and assignment events) that its current state,
 *   respondedAt, slaHolds, resolvedAt and closedAt agree with: the history is walked through
 *   the lifecycle's own `statusEffects`, so the fields are what the app would have written;
 * - tickets are re-timed so their SLA clocks (common/itsm/sla.ts, DEFAULT_ITSM_CONFIG) show
 *   a realistic mix at seed time: most on track, some at the warning mark, some breached,
 *   the urgent ones due within hours. For each ticket a target share of its clock is drawn,
 *   and its creation time is found by bisection on computeSla itself, so the clocks land
 *   where intended whatever the weekday, time of day or holiday the seed runs on;
 * - 15 problems with root causes (6 known errors with workarounds), ~45 incidents linked to
 *   them (problemId); problems are timed like the other tickets but always on track, so
 *   they never crowd the SLA queue (raised recently, from incidents of the past weeks);
 * - fulfilment tasks for service requests with a catalog item, tasks on open incidents and
 *   30 standalone tasks across tech1..tech6, due dates relative to the seed time (some
 *   overdue, some due today);
 * - links from tickets to assets and configuration items of their site and to knowledge
 *   articles; public replies to requesters among the internal work notes;
 * - a few knowledge articles written from resolved tickets (sourceTicketId).
 *
 * Pure and deterministic: its own PRNG seed, and the PRNG is never consulted in a way that
 * depends on `now` (only the times move with it).
 */
import type {
  KnowledgeArticle,
  Person,
  Task,
  TaskStatus,
  Ticket,
  TicketEvent,
  TicketLink,
  Worklog,
} from '@fielddesk/common/domain/entities';
import { compileCalendar, type BusinessClock } from '@fielddesk/common/itsm/calendar';
import { priorityFor, slaPolicyFor, type ItsmConfig, type Level, type Priority } from '@fielddesk/common/itsm/config';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { allowedTransitions, statusEffects, type LifecycleFields, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import { computeSla } from '@fielddesk/common/itsm/sla';
import { ON_HOLD_REASONS, RESOLUTIONS } from './catalog';
import {
  ARTICLE_CATEGORIES_BY_TICKET_CATEGORY,
  ARTICLES_FROM_TICKETS,
  ASSET_TYPES_BY_SUBCATEGORY,
  CI_BY_CATEGORY,
  INCIDENT_TASKS,
  PROBLEM_NOTES,
  PROBLEM_TASKS,
  PROBLEMS,
  PUBLIC_REPLIES,
  STANDALONE_TASKS,
} from './catalog-desk';
import type { DemoData, DraftTicket, DraftWorklog } from './demo';
import type { DemoItsmData } from './demo-itsm';
import { createRng, type Rng } from './prng';

export const DEMO_DESK_SEED = 20240613;
export const DEMO_DESK_COUNTS = { problems: PROBLEMS.length, standaloneTasks: 30, incidentTasks: 20 } as const;

export interface DemoDesk {
  itsmConfig: ItsmConfig;
  /** Incidents and service requests of the core set, completed, plus the problems. */
  tickets: Ticket[];
  worklogs: Worklog[];
  tasks: Task[];
  ticketLinks: TicketLink[];
  ticketEvents: TicketEvent[];
  knowledgeArticles: KnowledgeArticle[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const DONE: ReadonlySet<TicketStatus> = new Set<TicketStatus>(['resolved', 'closed']);

/** How a ticket's creation time is chosen: to put one of its SLA clocks at a share (percent) of its target. */
interface TimingGoal {
  clock: 'response' | 'resolution';
  percent: number;
}

/** One step of a ticket's status history; `share` places it between the first response (0) and the end (1). */
interface Step {
  to: TicketStatus;
  share: number;
  reopen?: true;
}

/** Everything drawn for a ticket's life before its times are known. */
interface Plan {
  ticket: DraftTicket;
  impact: Level;
  urgency: Level;
  steps: Step[];
  goal: TimingGoal;
  /** Share of the response target spent before the first response. */
  responseShare: number;
  /** Done tickets: how long before now the (last) resolution happened. */
  resolvedAgo: number;
  /** Closed tickets: how long after the resolution it was closed. */
  closedAfter: number;
  /** The assignee before a reassignment (null: never reassigned). */
  firstAssigneeId: string | null;
  /** A routing fix at triage: the group the ticket first went to (null: none). */
  firstGroupId: string | null;
  /** Who logged the ticket. */
  creatorId: string;
  /** Reasons for earlier, closed holds. */
  pastHoldReason: string;
}

/** A ticket's history as materialized at a creation time. */
interface Life {
  createdAt: number;
  end: number;
  fields: LifecycleFields;
  history: { from: TicketStatus; to: TicketStatus; at: number; reopen: boolean }[];
}

export function buildDemoDesk(nowMs: number, core: DemoData, itsm: DemoItsmData, config: ItsmConfig = DEFAULT_ITSM_CONFIG): DemoDesk {
  const rng = createRng(DEMO_DESK_SEED);
  const now = Math.floor(nowMs / MINUTE) * MINUTE;
  const people = new Map(core.persons.map((p) => [p.id, p]));
  const technicians = core.persons.filter((p) => p.role === 'technician');
  const desk = core.persons.filter((p) => p.role === 'agent');
  const deskAgent = desk[0] ?? technicians[0];
  if (!deskAgent) throw new Error('The demo needs at least one agent or technician.');
  const members = (groupId: string | null) => technicians.filter((t) => groupId !== null && t.groupIds.includes(groupId));
  const siteByCode = new Map(core.sites.map((s) => [s.code, s]));
  const groupByName = new Map(core.groups.map((g) => [g.name, g]));

  // ---- Problems: drafts like the core tickets, then planned like every other ticket ----
  const problemDrafts: { draft: DraftTicket; seed: (typeof PROBLEMS)[number] }[] = PROBLEMS.map((p) => {
    const group = groupByName.get(p.group) ?? core.groups[0];
    if (!group) throw new Error('The demo needs support groups.');
    const assignee = p.status === 'new' ? null : rng.pick(members(group.id));
    const resolution = DONE.has(p.status) ? rng.pick(RESOLUTIONS.problem) : null;
    const draft: DraftTicket = {
      id: rng.uuid(),
      number: null,
      kind: 'problem',
      title: p.title,
      description: p.description,
      status: p.status,
      priority: priorityFor(config.priorityMatrix, p.impact, p.urgency),
      category: p.category,
      subcategory: p.subcategory,
      catalogItemId: null,
      requesterId: null,
      assigneeId: assignee?.id ?? null,
      groupId: group.id,
      siteId: p.site ? (siteByCode.get(p.site)?.id ?? null) : null,
      locationId: null,
      onHoldReason: p.status === 'on_hold' ? 'Waiting for the vendor to release the fixed firmware.' : null,
      resolutionCode: resolution?.code ?? null,
      resolutionNotes: resolution?.notes ?? null,
      createdAt: iso(now),
      updatedAt: iso(now),
      resolvedAt: null,
      closedAt: null,
      rev: 0,
    };
    return { draft, seed: p };
  });

  // ---- Plans: what happened to each ticket, drawn before any time is fixed ----
  const plans = new Map<string, Plan>();
  const planFor = (ticket: DraftTicket, levels: [Level, Level] | null, goal: TimingGoal): Plan => {
    const [impact, urgency] = levels ?? levelsFor(config, ticket.priority, rng);
    const group = members(ticket.groupId);
    const others = group.filter((m) => m.id !== ticket.assigneeId);
    const reassigned = ticket.assigneeId !== null && others.length > 0 && rng.chance(0.15);
    const firstAssigneeId = reassigned ? rng.pick(others).id : null;
    const otherGroups = core.groups.filter((g) => g.id !== ticket.groupId);
    const rerouted = ticket.kind !== 'problem' && otherGroups.length > 0 && rng.chance(0.1);
    const firstGroupId = rerouted ? rng.pick(otherGroups).id : null;
    const selfLogged = ticket.assigneeId !== null && rng.chance(0.25);
    const creatorId = ticket.kind === 'problem' ? (ticket.assigneeId ?? deskAgent.id) : selfLogged && ticket.assigneeId ? ticket.assigneeId : rng.pick(desk.length > 0 ? desk : technicians).id;
    return {
      ticket,
      impact,
      urgency,
      steps: stepsFor(ticket.status, rng),
      goal,
      responseShare: 0,
      resolvedAgo: ticket.status === 'closed' ? rng.int(8 * 24, 45 * 24) * HOUR : rng.int(2 * 60, 6 * 24 * 60) * MINUTE,
      closedAfter: rng.int(24, 7 * 24) * HOUR,
      firstAssigneeId,
      firstGroupId,
      creatorId,
      pastHoldReason: rng.pick(ON_HOLD_REASONS),
    };
  };
  for (const ticket of core.tickets) {
    const goal = slaGoal(ticket.status, rng);
    const plan = planFor(ticket, null, goal);
    // A clock that is to end up on track needs a timely first response too.
    const missResponse = goal.percent > 100 && rng.chance(0.4);
    plan.responseShare = missResponse ? 1.1 + rng.next() * 1.4 : 0.1 + rng.next() * 0.75;
    plans.set(ticket.id, plan);
  }
  for (const { draft, seed } of problemDrafts) {
    // Problems are worked without drama: their clocks on track, done ones within target.
    const percent = DONE.has(draft.status) ? 20 + rng.next() * 70 : 10 + rng.next() * 60;
    const plan = planFor(draft, [seed.impact, seed.urgency], { clock: draft.status === 'new' ? 'response' : 'resolution', percent });
    plan.responseShare = 0.2 + rng.next() * 0.6;
    plans.set(draft.id, plan);
  }

  // ---- Times: each ticket's life, placed so its clock shows the share drawn for it ----
  const lives = new Map<string, Life>();
  for (const plan of plans.values()) lives.set(plan.ticket.id, placeLife(plan, config, now));

  // ---- Problem links: incidents whose title fits a problem ----
  const problemOf = new Map<string, { problemId: string; at: number; actorId: string }>();
  for (const { draft, seed } of problemDrafts) {
    if (!seed.incidents) continue;
    const pattern = seed.incidents;
    // A problem of one site explains the incidents of that site only.
    const candidates = core.tickets.filter(
      (t) => t.kind === 'incident' && pattern.test(t.title) && !problemOf.has(t.id) && (draft.siteId === null || t.siteId === draft.siteId),
    );
    const chosen = shuffle(candidates, rng).slice(0, seed.linkCount);
    const problemLife = lives.get(draft.id);
    for (const incident of chosen) {
      const life = lives.get(incident.id);
      if (!life || !problemLife) continue;
      const from = Math.max(life.createdAt, problemLife.createdAt) + 10 * MINUTE;
      const to = Math.max(from, life.end);
      problemOf.set(incident.id, { problemId: draft.id, at: Math.min(now, from + Math.floor((to - from) * rng.next() * 0.5)), actorId: draft.assigneeId ?? deskAgent.id });
    }
  }

  // ---- Worklogs: the core work notes re-timed with their ticket, plus replies to requesters ----
  const worklogs: Worklog[] = [];
  const byTicket = new Map<string, DraftWorklog[]>();
  for (const w of core.worklogs) byTicket.set(w.ticketId, [...(byTicket.get(w.ticketId) ?? []), w]);
  for (const ticket of core.tickets) {
    const life = lives.get(ticket.id);
    if (!life) continue;
    const oldStart = Date.parse(ticket.createdAt);
    const oldEnd = Date.parse(ticket.closedAt ?? ticket.resolvedAt ?? ticket.updatedAt);
    const lifeEnd = life.fields.closedAt ? Date.parse(life.fields.closedAt) : life.end;
    for (const w of byTicket.get(ticket.id) ?? []) {
      const share = Math.min(1, Math.max(0, (Date.parse(w.createdAt) - oldStart) / Math.max(MINUTE, oldEnd - oldStart)));
      worklogs.push({ ...w, visibility: 'internal', createdAt: iso(Math.min(now, life.createdAt + Math.floor(share * (lifeEnd - life.createdAt)))) });
    }
  }
  // Investigation notes on problems that someone works.
  for (const { draft, seed } of problemDrafts) {
    const life = lives.get(draft.id);
    const count = rng.int(1, PROBLEM_NOTES.length);
    if (!life || !draft.assigneeId || !life.fields.respondedAt) continue;
    const from = Date.parse(life.fields.respondedAt);
    // The last note confirms the root cause: only where there is one.
    const notes = seed.rootCause === null ? Math.min(count, PROBLEM_NOTES.length - 1) : count;
    for (let n = 0; n < notes; n++) {
      const at = from + Math.floor(((n + 1) / (notes + 1)) * (life.end - from));
      worklogs.push({ id: rng.uuid(), ticketId: draft.id, authorId: draft.assigneeId, body: PROBLEM_NOTES[n] ?? PROBLEM_NOTES[0], minutes: rng.int(2, 12) * 5, visibility: 'internal', createdAt: iso(Math.min(now, at)), rev: 0 });
    }
  }
  const requesterFirstName = (t: DraftTicket) => (t.requesterId ? (people.get(t.requesterId)?.displayName.split(' ')[0] ?? 'there') : 'there');
  for (const ticket of core.tickets) {
    const life = lives.get(ticket.id);
    const assignee = ticket.assigneeId ? people.get(ticket.assigneeId) : undefined;
    const fill = (text: string) =>
      text
        .replaceAll('{first}', requesterFirstName(ticket))
        .replaceAll('{assignee}', assignee?.displayName.split(' ')[0] ?? 'A technician')
        .replaceAll('{reason}', ticket.onHoldReason ?? '');
    const ack = rng.pick(PUBLIC_REPLIES.acknowledge);
    const hold = rng.pick(PUBLIC_REPLIES.hold);
    const done = rng.pick(PUBLIC_REPLIES.resolved);
    const replies = rng.chance(0.6);
    const gap = rng.int(5, 50) * MINUTE;
    if (!life || !assignee || !replies || !life.fields.respondedAt) continue;
    const reply = (body: string, at: number) =>
      worklogs.push({ id: rng.uuid(), ticketId: ticket.id, authorId: assignee.id, body: fill(body), minutes: 5, visibility: 'public', createdAt: iso(Math.min(now, at)), rev: 0 });
    reply(ack, Math.min(Date.parse(life.fields.respondedAt) + gap, life.end));
    const openHold = life.fields.slaHolds.find((h) => h.to === null);
    if (ticket.status === 'on_hold' && openHold) reply(hold, Date.parse(openHold.from) + gap);
    if (life.fields.resolvedAt) reply(done, Date.parse(life.fields.resolvedAt) + MINUTE);
  }

  // ---- Links: assets and configuration items of the ticket's site, knowledge articles ----
  const ticketLinks: TicketLink[] = [];
  const linked = new Set<string>();
  const addLink = (ticketId: string, targetEntity: TicketLink['targetEntity'], targetId: string, authorId: string, at: number) => {
    const key = `${ticketId}|${targetEntity}|${targetId}`;
    if (linked.has(key)) return;
    linked.add(key);
    ticketLinks.push({ id: rng.uuid(), ticketId, targetEntity, targetId, authorId, createdAt: iso(Math.min(now, at)), rev: 0 });
  };
  const published = itsm.knowledgeArticles.filter((a) => a.published);
  const allTickets = [...core.tickets, ...problemDrafts.map((p) => p.draft)];
  for (const ticket of allTickets) {
    const life = lives.get(ticket.id);
    // Scanner faults are about the scanners, whatever their subcategory (Wi-Fi).
    const assetTypes = /scanner/i.test(ticket.title) ? ['scanner'] : (ASSET_TYPES_BY_SUBCATEGORY[ticket.subcategory] ?? []);
    const siteAssets = core.assets.filter((a) => a.siteId === ticket.siteId && assetTypes.includes(a.type) && a.state !== 'retired' && a.state !== 'disposed');
    const mine = siteAssets.filter((a) => a.assignedToId !== null && a.assignedToId === ticket.requesterId);
    const asset = siteAssets.length > 0 && rng.chance(0.7) ? rng.pick(mine.length > 0 ? mine : siteAssets) : null;
    const ciRule = CI_BY_CATEGORY[ticket.category];
    const problemSuffix = ticket.kind === 'problem' ? PROBLEMS.find((p) => p.title === ticket.title)?.ciSuffix : undefined;
    const siteCis = itsm.configurationItems.filter(
      (c) =>
        c.siteId !== null &&
        (ticket.siteId === null || c.siteId === ticket.siteId) &&
        ((problemSuffix !== undefined && c.name.endsWith(`-${problemSuffix}`)) ||
          (problemSuffix === undefined && ciRule !== undefined && ((ciRule.types?.includes(c.ciType) ?? false) || (ciRule.suffix !== undefined && c.name.endsWith(`-${ciRule.suffix}`))))),
    );
    const ci = siteCis.length > 0 && rng.chance(ticket.kind === 'problem' ? 1 : 0.45) ? rng.pick(siteCis) : null;
    const articleCategories = ARTICLE_CATEGORIES_BY_TICKET_CATEGORY[ticket.category] ?? [];
    const articles = published.filter((a) => articleCategories.includes(a.category));
    const article = articles.length > 0 && rng.chance(ticket.kind === 'problem' ? 0.8 : 0.3) ? rng.pick(articles) : null;
    const share = rng.next();
    if (!life) continue;
    const author = ticket.assigneeId ?? deskAgent.id;
    const from = life.fields.respondedAt ? Date.parse(life.fields.respondedAt) : life.createdAt;
    const at = from + Math.floor(share * 0.5 * Math.max(0, life.end - from));
    if (asset) addLink(ticket.id, 'asset', asset.id, author, at);
    if (ci) addLink(ticket.id, 'configuration_item', ci.id, author, at + MINUTE);
    if (article) addLink(ticket.id, 'knowledge_article', article.id, author, at + 2 * MINUTE);
  }

  // ---- Knowledge articles written from resolved tickets ----
  const knowledgeArticles = itsm.knowledgeArticles.map((a) => ({ ...a }));
  for (const [title, pattern] of ARTICLES_FROM_TICKETS) {
    const article = knowledgeArticles.find((a) => a.title === title);
    const source = core.tickets.filter((t) => DONE.has(t.status) && t.assigneeId !== null && pattern.test(t.title));
    const ticket = source.length > 0 ? rng.pick(source) : null;
    const delay = rng.int(60, 48 * 60) * MINUTE;
    const edited = rng.int(0, 72) * HOUR;
    const resolvedAt = ticket ? lives.get(ticket.id)?.fields.resolvedAt : null;
    if (!article || !ticket || !resolvedAt) continue;
    const createdAt = Math.min(now, Date.parse(resolvedAt) + delay);
    article.sourceTicketId = ticket.id;
    article.authorId = ticket.assigneeId;
    article.createdAt = iso(createdAt);
    article.updatedAt = iso(Math.min(now, createdAt + edited));
    addLink(ticket.id, 'knowledge_article', article.id, ticket.assigneeId ?? deskAgent.id, createdAt);
  }

  // ---- Tasks ----
  const tasks: Task[] = [];
  const addTask = (t: Omit<Task, 'id' | 'number' | 'rev'>) => tasks.push({ id: rng.uuid(), number: null, ...t, rev: 0 });
  /** A due date relative to now: overdue, later today, or in the next days (never before the task existed). */
  const dueFor = (kind: 'overdue' | 'today' | 'later', createdAt: number, draw: number): number => {
    const endOfDay = Math.floor(now / DAY) * DAY + DAY - MINUTE;
    const raw =
      kind === 'overdue' ? now - (2 + Math.floor(draw * 70)) * HOUR : kind === 'today' ? Math.max(now + 30 * MINUTE, now + Math.floor(draw * (endOfDay - now))) : now + (1 + Math.floor(draw * 9)) * DAY;
    return Math.max(raw, createdAt + HOUR);
  };
  const dueKind = (): 'overdue' | 'today' | 'later' => rng.weighted<'overdue' | 'today' | 'later'>([['overdue', 2], ['today', 3], ['later', 5]]);

  // Fulfilment tasks of service requests with a catalog item.
  for (const ticket of core.tickets) {
    const item = ticket.catalogItemId ? config.catalog.find((c) => c.id === ticket.catalogItemId) : undefined;
    const life = lives.get(ticket.id);
    const plan = plans.get(ticket.id);
    if (!item || !life || !plan) continue;
    const group = members(ticket.groupId);
    const doneCount = DONE.has(ticket.status) ? item.tasks.length : ticket.status === 'new' ? 0 : rng.int(0, item.tasks.length - 1);
    const start = life.fields.respondedAt ? Date.parse(life.fields.respondedAt) : life.createdAt;
    const finish = life.fields.resolvedAt ? Date.parse(life.fields.resolvedAt) : now;
    item.tasks.forEach((title, i) => {
      const helper = group.length > 1 && rng.chance(0.3) ? rng.pick(group) : null;
      const assigneeId = ticket.assigneeId === null ? null : (helper?.id ?? ticket.assigneeId);
      const cancelled = DONE.has(ticket.status) && ticket.resolutionCode === 'Cancelled by requester' && i > 0;
      const status: TaskStatus = cancelled ? 'cancelled' : i < doneCount ? 'done' : i === doneCount && ticket.status === 'in_progress' ? 'in_progress' : 'open';
      const kind = dueKind();
      const draw = rng.next();
      const completedAt = status === 'done' || status === 'cancelled' ? start + Math.floor(((i + 1) / (item.tasks.length + 1)) * (finish - start)) : null;
      const dueAt = status === 'open' || status === 'in_progress' ? dueFor(kind, life.createdAt, draw) : life.createdAt + (i + 2) * DAY;
      addTask({
        ticketId: ticket.id,
        title,
        description: `${item.name}: ${title.toLowerCase()}.`,
        status,
        assigneeId,
        groupId: ticket.groupId,
        siteId: ticket.siteId,
        dueAt: iso(dueAt),
        createdById: plan.creatorId,
        createdAt: iso(life.createdAt),
        updatedAt: iso(Math.min(now, completedAt ?? (status === 'in_progress' ? start : life.createdAt))),
        completedAt: completedAt === null ? null : iso(Math.min(now, completedAt)),
      });
    });
  }

  // The way to the permanent fix, on problems whose root cause is known.
  for (const { draft, seed } of problemDrafts) {
    const life = lives.get(draft.id);
    const draws = PROBLEM_TASKS.map(() => rng.next());
    if (!life || !seed.rootCause || !draft.assigneeId || !life.fields.respondedAt) continue;
    const start = Date.parse(life.fields.respondedAt);
    const finish = life.fields.resolvedAt ? Date.parse(life.fields.resolvedAt) : null;
    PROBLEM_TASKS.forEach((title, i) => {
      // Done when the problem is; otherwise the test is done once the rollout is under way.
      const status: TaskStatus = finish !== null ? 'done' : i === 0 && draft.status === 'in_progress' ? 'done' : 'open';
      const completedAt = status === 'done' ? start + Math.floor(((i + 1) / 3) * ((finish ?? now) - start)) : null;
      const draw = draws[i] ?? 0.5;
      addTask({
        ticketId: draft.id,
        title,
        description: seed.workaround ? `Until then: ${seed.workaround}` : `For ${draft.title}.`,
        status,
        assigneeId: draft.assigneeId,
        groupId: draft.groupId,
        siteId: draft.siteId,
        dueAt: iso(completedAt !== null ? start + (i + 3) * DAY : dueFor(draw < 0.3 ? 'today' : 'later', start, draw)),
        createdById: draft.assigneeId ?? deskAgent.id,
        createdAt: iso(start),
        updatedAt: iso(Math.min(now, completedAt ?? start)),
        completedAt: completedAt === null ? null : iso(Math.min(now, completedAt)),
      });
    });
  }

  // Next steps on open incidents.
  const openIncidents = core.tickets.filter((t) => t.kind === 'incident' && t.assigneeId !== null && (t.status === 'assigned' || t.status === 'in_progress' || t.status === 'on_hold'));
  for (const ticket of shuffle(openIncidents, rng).slice(0, DEMO_DESK_COUNTS.incidentTasks)) {
    const life = lives.get(ticket.id);
    const title = rng.pick(INCIDENT_TASKS);
    const group = members(ticket.groupId);
    const assigneeId = group.length > 1 && rng.chance(0.25) ? rng.pick(group).id : ticket.assigneeId;
    const status = rng.weighted<TaskStatus>([['open', 5], ['in_progress', 3], ['done', 2]]);
    const kind = dueKind();
    const draw = rng.next();
    if (!life || !life.fields.respondedAt) continue;
    const createdAt = Date.parse(life.fields.respondedAt) + Math.floor(draw * 0.5 * (now - Date.parse(life.fields.respondedAt)));
    const completedAt = status === 'done' ? createdAt + Math.floor(draw * 0.5 * (now - createdAt)) : null;
    addTask({
      ticketId: ticket.id,
      title,
      description: `For ${ticket.title}.`,
      status,
      assigneeId,
      groupId: ticket.groupId,
      siteId: ticket.siteId,
      dueAt: iso(status === 'done' ? createdAt + 2 * DAY : dueFor(kind, createdAt, draw)),
      createdById: ticket.assigneeId ?? deskAgent.id,
      createdAt: iso(createdAt),
      updatedAt: iso(completedAt ?? createdAt),
      completedAt: completedAt === null ? null : iso(completedAt),
    });
  }

  // Standalone tasks: several for tech1 (Alex Morgan), the rest spread over tech2..tech6.
  const [lead, ...rest] = technicians;
  if (lead && rest.length > 0) {
    const tech1Plan: { due: 'overdue' | 'today' | 'later'; status: TaskStatus; elsewhere?: true }[] = [
      { due: 'overdue', status: 'open' },
      { due: 'overdue', status: 'in_progress' },
      { due: 'today', status: 'open' },
      { due: 'today', status: 'in_progress', elsewhere: true },
      { due: 'later', status: 'open' },
      { due: 'later', status: 'open', elsewhere: true },
      { due: 'later', status: 'done' },
    ];
    for (let i = 0; i < DEMO_DESK_COUNTS.standaloneTasks; i++) {
      const fixed = tech1Plan[i];
      const assignee: Person = fixed ? lead : (rest[(i - tech1Plan.length) % rest.length] ?? lead);
      const template = STANDALONE_TASKS[i % STANDALONE_TASKS.length] ?? STANDALONE_TASKS[0];
      const status = fixed?.status ?? rng.weighted<TaskStatus>([['open', 5], ['in_progress', 2], ['done', 2], ['cancelled', 1]]);
      const due = fixed?.due ?? dueKind();
      const draw = rng.next();
      const ageHours = rng.int(4, 14 * 24);
      const creator = rng.chance(0.5) ? assignee : deskAgent;
      // Covering for a colleague on another site: no group, so the task is visible to its assignee wherever it is.
      const otherSite = core.sites.find((s) => s.id !== assignee.siteId) ?? null;
      const site = fixed?.elsewhere ? otherSite : (core.sites.find((s) => s.id === assignee.siteId) ?? null);
      const locations = core.locations.filter((l) => l.siteId === site?.id);
      const location = locations.length > 0 ? rng.pick(locations) : null;
      const groupId = fixed?.elsewhere ? null : (assignee.groupIds[i % Math.max(1, assignee.groupIds.length)] ?? null);
      if (!template) break;
      const createdAt = now - ageHours * HOUR;
      const completedAt = status === 'done' || status === 'cancelled' ? createdAt + Math.floor(draw * (now - createdAt)) : null;
      const fill = (text: string) => text.replaceAll('{site}', site?.name ?? 'the site').replaceAll('{location}', location?.name ?? 'the store room');
      addTask({
        ticketId: null,
        title: fixed?.elsewhere ? `Cover for a colleague: ${fill(template.title)}` : fill(template.title),
        description: fill(template.description),
        status,
        assigneeId: assignee.id,
        groupId,
        siteId: site?.id ?? null,
        dueAt: iso(completedAt !== null ? createdAt + 3 * DAY : dueFor(due, createdAt, draw)),
        createdById: creator.id,
        createdAt: iso(createdAt),
        updatedAt: iso(completedAt ?? createdAt),
        completedAt: completedAt === null ? null : iso(completedAt),
      });
    }
  }

  // ---- Tickets and their history ----
  const tickets: Ticket[] = [];
  const ticketEvents: TicketEvent[] = [];
  for (const plan of plans.values()) {
    const life = lives.get(plan.ticket.id);
    if (!life) continue;
    const t = plan.ticket;
    if (life.fields.status !== t.status) throw new Error(`demo ticket "${t.title}": its history ends in ${life.fields.status}, not ${t.status}`);
    const problem = problemOf.get(t.id) ?? null;
    const known = t.kind === 'problem' ? PROBLEMS.find((p) => p.title === t.title) : undefined;
    const events = historyEvents(plan, life, problem, people, now, rng);
    ticketEvents.push(...events);
    const activity = [
      ...events.map((e) => Date.parse(e.at)),
      ...worklogs.filter((w) => w.ticketId === t.id).map((w) => Date.parse(w.createdAt)),
      ...ticketLinks.filter((l) => l.ticketId === t.id).map((l) => Date.parse(l.createdAt)),
    ];
    tickets.push({
      ...t,
      impact: plan.impact,
      urgency: plan.urgency,
      status: life.fields.status,
      createdAt: iso(life.createdAt),
      updatedAt: iso(Math.min(now, Math.max(life.createdAt, ...activity))),
      respondedAt: life.fields.respondedAt,
      slaHolds: life.fields.slaHolds.map((h) => ({ ...h })),
      resolvedAt: life.fields.resolvedAt,
      closedAt: life.fields.closedAt,
      problemId: problem?.problemId ?? null,
      rootCause: known?.rootCause ?? null,
      workaround: known?.workaround ?? null,
      knownError: known !== undefined && known.rootCause !== null && known.workaround !== null,
    });
  }
  // Numbers follow the order tickets were raised in.
  tickets.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  tasks.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));

  return { itsmConfig: config, tickets, worklogs, tasks, ticketLinks, ticketEvents, knowledgeArticles };
}

/** An impact and urgency the matrix maps to the priority (any of the cells that do). */
function levelsFor(config: ItsmConfig, priority: Priority, rng: Rng): [Level, Level] {
  const cells: [Level, Level][] = [];
  for (const impact of [1, 2, 3] as const) for (const urgency of [1, 2, 3] as const) if (priorityFor(config.priorityMatrix, impact, urgency) === priority) cells.push([impact, urgency]);
  if (cells.length === 0) throw new Error(`The priority matrix has no cell for priority ${priority}; the demo tickets need one.`);
  return rng.pick(cells);
}

/**
 * Where a ticket's clock should stand at seed time. Open tickets that someone has picked up:
 * mostly on track, some at the warning mark, some breached (the resolution clock). New
 * tickets: their response clock, mostly fresh. Resolved and closed: most met their target.
 */
function slaGoal(status: TicketStatus, rng: Rng): TimingGoal {
  const between = (lo: number, hi: number) => lo + rng.next() * (hi - lo);
  const level = rng.weighted<'ok' | 'warning' | 'breached'>(
    status === 'new'
      ? [['ok', 75], ['warning', 12], ['breached', 13]]
      : DONE.has(status)
        ? [['ok', 86], ['breached', 14]]
        : [['ok', 66], ['warning', 18], ['breached', 16]],
  );
  const percent = level === 'ok' ? between(DONE.has(status) ? 20 : 5, DONE.has(status) ? 95 : 70) : level === 'warning' ? between(77, 97) : between(104, 220);
  return { clock: status === 'new' ? 'response' : 'resolution', percent };
}

/** The status path to a ticket's current state, with shares of its working life. */
function stepsFor(status: TicketStatus, rng: Rng): Step[] {
  const path: TicketStatus[] = [];
  const hold = rng.chance(0.25);
  const direct = rng.chance(0.35);
  const reopened = rng.chance(0.12);
  switch (status) {
    case 'new':
      break;
    case 'assigned':
      path.push('assigned');
      break;
    case 'in_progress':
      path.push(...(direct ? ['in_progress' as const] : ['assigned' as const, 'in_progress' as const]));
      if (hold) path.push('on_hold', 'in_progress');
      break;
    case 'on_hold':
      path.push('assigned', 'in_progress');
      if (hold) path.push('on_hold', 'in_progress');
      path.push('on_hold');
      break;
    case 'resolved':
    case 'closed':
      path.push(...(direct ? ['in_progress' as const] : ['assigned' as const, 'in_progress' as const]));
      if (hold) path.push('on_hold', 'in_progress');
      if (reopened) path.push('resolved', 'in_progress');
      path.push('resolved');
      if (status === 'closed') path.push('closed');
      break;
  }
  // The first step is the first response; the others spread over the rest of the life.
  const shares = path.map(() => 0.05 + rng.next() * 0.85).sort((a, b) => a - b);
  return path.map((to, i): Step => {
    const share = i === 0 ? 0 : to === 'resolved' && i === path.length - (status === 'closed' ? 2 : 1) ? 1 : (shares[i] ?? 0.5);
    const step: Step = { to, share };
    if (to === 'in_progress' && path[i - 1] === 'resolved') step.reopen = true;
    return step;
  });
}

/**
 * The ticket's life for a creation time: first response after the drawn share of the
 * response target (business time of its calendar), the other steps spread until the end
 * (the last resolution for done tickets, now for open ones), each applied through the
 * lifecycle's statusEffects.
 */
function materialize(plan: Plan, createdAt: number, now: number, clock: BusinessClock | null, responseMinutes: number): Life {
  const done = DONE.has(plan.ticket.status);
  const end = done ? now - plan.resolvedAgo : now;
  let fields: LifecycleFields = { status: 'new', resolvedAt: null, closedAt: null, respondedAt: null, slaHolds: [] };
  const history: Life['history'] = [];
  if (plan.steps.length === 0) return { createdAt, end, fields, history };
  const wanted = clock ? clock.addBusinessMinutes(createdAt, plan.responseShare * responseMinutes) : createdAt + plan.responseShare * responseMinutes * MINUTE;
  const respondedAt = Math.round(Math.max(createdAt + MINUTE, Math.min(wanted, createdAt + (end - createdAt) * 0.5)));
  for (const step of plan.steps) {
    const spread = step.to === 'closed' ? end + plan.closedAfter : Math.round(respondedAt + step.share * (end - respondedAt));
    // A reopen comes within the reopen period (common/itsm/lifecycle.ts checkReopen): at most two days after the resolution.
    const resolvedAt = fields.resolvedAt ? Date.parse(fields.resolvedAt) : null;
    const at = step.reopen && resolvedAt !== null ? Math.min(spread, resolvedAt + 2 * DAY) : spread;
    const from = fields.status;
    if (!allowedTransitions(from).includes(step.to)) throw new Error(`demo ticket "${plan.ticket.title}": no transition from ${from} to ${step.to}`);
    fields = { ...fields, ...statusEffects(fields, step.to, iso(at)) };
    history.push({ from, to: step.to, at, reopen: step.reopen === true });
  }
  return { createdAt, end, fields, history };
}

/** Finds the creation time that puts the ticket's clock at its goal (bisection on computeSla), and the life that goes with it. */
function placeLife(plan: Plan, config: ItsmConfig, now: number): Life {
  const policy = slaPolicyFor(config, plan.ticket.priority);
  const clock = policy ? compileCalendar(policy.calendar) : null;
  const responseMinutes = policy?.policy.responseMinutes ?? 60;
  const done = DONE.has(plan.ticket.status);
  const end = done ? now - plan.resolvedAgo : now;
  const at = (createdAt: number) => materialize(plan, createdAt, now, clock, responseMinutes);
  const goal = plan.goal;
  // A priority without a policy has no clock to aim at: three days old.
  if (!policy) return at(Math.round((end - 3 * DAY) / MINUTE) * MINUTE);
  const percentAt = (createdAt: number): number => {
    const life = at(createdAt);
    const facts = { priority: plan.ticket.priority, createdAt: iso(createdAt), status: life.fields.status, respondedAt: life.fields.respondedAt, resolvedAt: life.fields.resolvedAt, slaHolds: life.fields.slaHolds };
    const sla = computeSla(facts, config, now);
    return sla ? sla[goal.clock].percent : 0;
  };
  // Older tickets have spent more of their target: bisect between 120 days and 10 minutes before the end.
  let older = end - 120 * DAY;
  let younger = end - 10 * MINUTE;
  for (let i = 0; i < 40 && younger - older > MINUTE; i++) {
    const mid = Math.round((older + younger) / 2);
    if (percentAt(mid) > goal.percent) older = mid;
    else younger = mid;
  }
  return at(Math.floor(younger / MINUTE) * MINUTE);
}

/** The ticket's history: created, routing, assignments, state changes, problem link. */
function historyEvents(
  plan: Plan,
  life: Life,
  problem: { problemId: string; at: number; actorId: string } | null,
  people: Map<string, Person>,
  now: number,
  rng: Rng,
): TicketEvent[] {
  const t = plan.ticket;
  const events: TicketEvent[] = [];
  const technicianActor = (id: string) => people.get(id)?.role === 'technician';
  const add = (type: TicketEvent['type'], from: string | null, to: string | null, actorId: string, at: number) => {
    // Technicians often work offline: some of their changes reach the server later.
    const late = technicianActor(actorId) && rng.chance(0.15) ? rng.int(10, 240) * MINUTE : 0;
    const clamped = Math.min(now, at);
    events.push({ id: rng.uuid(), ticketId: t.id, type, from, to, actorId, at: iso(clamped), recordedAt: iso(Math.min(now, clamped + late)), rev: 0 });
  };
  add('created', null, 'new', plan.creatorId, life.createdAt);
  // Re-routed at triage, before anyone picked it up (the first response comes a minute later at the earliest).
  if (plan.firstGroupId && t.groupId) add('group', plan.firstGroupId, t.groupId, plan.creatorId, life.createdAt + 30_000);
  const final = t.assigneeId;
  const [first, second] = life.history;
  if (first && final) {
    const initial = plan.firstAssigneeId ?? final;
    // Picked up by the technician themself, or assigned by the desk.
    const by = first.to === 'in_progress' ? initial : plan.creatorId;
    // A reassignment happens halfway to the next step (or to the end).
    const reassignAt = plan.firstAssigneeId ? Math.round((first.at + Math.max(first.at + 2 * MINUTE, second?.at ?? life.end)) / 2) : null;
    add('assignee', null, initial, by, first.at);
    if (reassignAt !== null) add('assignee', initial, final, plan.creatorId, reassignAt);
    life.history.forEach((step, i) => {
      const actor = i === 0 ? by : step.to === 'closed' ? plan.creatorId : reassignAt !== null && step.at < reassignAt ? initial : final;
      add(step.reopen ? 'reopened' : 'status', step.from, step.to, actor, step.at);
    });
  } else {
    for (const step of life.history) add(step.reopen ? 'reopened' : 'status', step.from, step.to, plan.creatorId, step.at);
  }
  if (problem) add('problem', null, problem.problemId, problem.actorId, problem.at);
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

/** A shuffled copy (Fisher-Yates with the seed's PRNG). */
function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
