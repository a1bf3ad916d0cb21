/**
 * Applies the ops of one push batch inside its write transaction and says, per op, what
 * happened: applied (with the new rev and record), conflict (with the server's record and
 * the clashing fields) or rejected (with a reason a person can read).
 *
 * An op validates everything before it changes anything, so a rejected op leaves no trace.
 *
 * Ticket patches merge per field, three-way against the op's baseRev, with the policies of
 * common/sync/merge.ts (planMerge + TICKET_FIELD_POLICIES), using the rev at which each
 * field last changed on the server (tickets.field_revs):
 * - a field the server has not changed since baseRev takes the client's value; so does a
 *   field whose last change came from the same client (its own earlier offline op, pushed
 *   before with the same baseRev: see WRITERS_KEY);
 * - a field both sides changed to the same value is no clash;
 * - status ('lifecycle') goes through common/itsm/lifecycle.ts from the server's current
 *   state; when both sides changed it and the lifecycle refuses, the op answers 'conflict'
 *   with the reason in words (when only the client changed it, the op is rejected);
 * - any other clash ('conflict') keeps the server's value and answers 'conflict' with the
 *   server record and the clashing fields, while the op's other fields still apply.
 * Every conflict is also stored in sync_conflicts for audit.
 *
 * Speed: a batch is one unit. `PushBatch.preload` reads every ticket, worklog id and
 * attachment id the batch touches in a few queries; references (people, groups, sites,
 * locations) are looked up once per batch; writes are kept in memory and `flush` writes
 * them in bulk (tickets as one upsert per chunk, then worklogs, attachments, conflicts).
 */
import fs from 'node:fs';
import type { Insertable, Kysely } from 'kysely';
import type { Attachment, Ticket, TicketKind } from '@fielddesk/common/domain/entities';
import { STATUS_LABELS, checkTransition } from '@fielddesk/common/itsm/lifecycle';
import { formatTicketNumber } from '@fielddesk/common/itsm/numbering';
import { TICKET_FIELD_POLICIES, planMerge, type FieldConflict } from '@fielddesk/common/sync/merge';
import type {
  AttachmentCreateOp,
  OpResult,
  TicketCreateOp,
  TicketPatchFields,
  TicketPatchOp,
  WorklogCreateOp,
} from '@fielddesk/common/sync/protocol';
import { blobPath } from '../attachments/blobs';
import type { StoreKind, WriteTx } from '../db/database';
import { bulkInsert } from './bulk';
import { attachmentToRow, ticketFromRow, ticketToRow, worklogFromRow } from '../db/records';
import type { Database, SyncConflictTable, TicketTable, WorklogTable } from '../db/types';
import { canSeeTicket, type Viewer } from './scope';

export const NOT_VISIBLE = 'Ticket not found or not visible to you.';

class Rejection extends Error {}
const reject = (reason: string): never => {
  throw new Rejection(reason);
};

/** The client's clock for "when it happened", but never later than the server's now. */
function clampTime(clientTime: string, nowIso: string): string {
  const t = Date.parse(clientTime);
  return Number.isFinite(t) && t <= Date.parse(nowIso) ? new Date(t).toISOString() : nowIso;
}

/** Rows per bulk statement: stays well below SQLite's and PostgreSQL's bound-parameter limits. */
function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(30_000 / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

interface References {
  requesterId?: string | null;
  assigneeId?: string | null;
  groupId?: string | null;
  siteId?: string | null;
  locationId?: string | null;
}

/** A ticket as the batch sees it: the latest state, written at flush when dirty. */
interface TicketState {
  ticket: Ticket;
  fieldRevs: Record<string, number>;
  /** patchable field -> the sync client whose push last changed it (absent: not changed by a push). */
  writers: Record<string, string>;
}

/**
 * tickets.field_revs holds, besides field -> rev, the key WRITERS_KEY: clientId -> the
 * patchable fields whose last change came from that client's push. A field last changed by the pushing client itself
 * is no clash: it is the same technician's earlier offline change, pushed in an earlier op
 * with the same baseRev (possibly in an earlier batch).
 * Any other code that changes a ticket field must drop that field from WRITERS_KEY.
 */
const WRITERS_KEY = '@writers';

/**
 * Reads tickets.field_revs in one parse: field -> rev, and the writers (stored compactly as
 * clientId -> [fields], kept in memory as field -> clientId). A damaged value counts as
 * empty: every field then merges as changed at creation.
 */
function parseFieldState(text: string): Pick<TicketState, 'fieldRevs' | 'writers'> {
  const fieldRevs: Record<string, number> = {};
  const writers: Record<string, string> = {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { fieldRevs, writers };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { fieldRevs, writers };
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'number') fieldRevs[key] = v;
    else if (key === WRITERS_KEY && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [clientId, fields] of Object.entries(v)) {
        if (Array.isArray(fields)) for (const f of fields) if (typeof f === 'string') writers[f] = clientId;
      }
    }
  }
  return { fieldRevs, writers };
}

function fieldRevsText(state: TicketState): string {
  const byClient: Record<string, string[]> = {};
  for (const [field, clientId] of Object.entries(state.writers)) (byClient[clientId] ??= []).push(field);
  return JSON.stringify({ ...state.fieldRevs, [WRITERS_KEY]: byClient });
}

type PatchField = keyof TicketPatchFields;

/** A patch that keeps the status must not take away what that status needs (the lifecycle's own facts). */
function brokenInvariant(t: Ticket, changed: readonly string[]): string | null {
  if (changed.includes('status')) return null; // checked by checkTransition
  if (changed.includes('assigneeId') && !t.assigneeId && (t.status === 'assigned' || t.status === 'in_progress')) {
    return `A ticket that is "${STATUS_LABELS[t.status]}" must keep an assignee.`;
  }
  if (changed.includes('onHoldReason') && t.status === 'on_hold' && !t.onHoldReason?.trim()) return 'A ticket on hold must keep its reason.';
  if (changed.includes('resolutionNotes') && (t.status === 'resolved' || t.status === 'closed') && !t.resolutionNotes?.trim()) {
    return 'A resolved ticket must keep its resolution notes.';
  }
  return null;
}

export type ApplicableOp = TicketCreateOp | TicketPatchOp | WorklogCreateOp | AttachmentCreateOp;

export interface BatchInfo {
  storeKind: StoreKind;
  clientId: string;
  nowIso: string;
  /** Directory holding <filesDir>/attachments (see attachments/blobs.ts). */
  filesDir: string;
}

/** One push batch: caches what it reads, keeps what it writes, and writes it at flush. */
export class PushBatch {
  private readonly db: Kysely<Database>;
  /** id -> state, or null when the ticket does not exist. */
  private readonly tickets = new Map<string, TicketState | null>();
  private readonly dirtyTickets = new Set<string>();
  private readonly worklogIds = new Set<string>();
  private readonly attachmentIds = new Set<string>();
  private readonly newWorklogs: Insertable<WorklogTable>[] = [];
  private readonly newAttachments: Attachment[] = [];
  private readonly conflictRows: Insertable<SyncConflictTable>[] = [];
  private readonly persons = new Map<string, { role: string } | null>();
  private readonly groups = new Map<string, boolean>();
  private readonly sites = new Map<string, boolean>();
  private readonly locations = new Map<string, { siteId: string } | null>();
  /**
   * Ticket numbers handed out in this batch: kind -> last number. Read once per kind, counted
   * here and written at flush; writers are serialized, so no other batch counts meanwhile,
   * and a rejected create takes no number (numbers are never skipped).
   */
  private readonly counters = new Map<TicketKind, number>();
  /** True once an op of this batch changed something (so clients should be poked). */
  changed = false;

  constructor(
    private readonly tx: WriteTx,
    private readonly viewer: Viewer,
    private readonly info: BatchInfo,
  ) {
    this.db = tx.db;
  }

  /** Reads every ticket, worklog id and attachment id the ops touch, in a few queries. */
  async preload(ops: readonly ApplicableOp[]): Promise<void> {
    const ticketIds = new Set<string>();
    const worklogIds: string[] = [];
    const attachmentIds: string[] = [];
    for (const op of ops) {
      if (op.entity === 'ticket') ticketIds.add(op.id);
      else if (op.entity === 'worklog') {
        ticketIds.add(op.data.ticketId);
        worklogIds.push(op.id);
      } else {
        ticketIds.add(op.data.ticketId);
        attachmentIds.push(op.id);
      }
    }
    const ids = [...ticketIds];
    for (const id of ids) this.tickets.set(id, null);
    for (const part of chunks(ids, 1)) {
      const rows = await this.db.selectFrom('tickets').selectAll().where('id', 'in', part).execute();
      for (const row of rows) {
        this.tickets.set(row.id, { ticket: ticketFromRow(row), ...parseFieldState(row.field_revs) });
      }
    }
    for (const part of chunks(worklogIds, 1)) {
      const rows = await this.db.selectFrom('worklogs').select('id').where('id', 'in', part).execute();
      for (const row of rows) this.worklogIds.add(row.id);
    }
    for (const part of chunks(attachmentIds, 1)) {
      const rows = await this.db.selectFrom('attachments').select('id').where('id', 'in', part).execute();
      for (const row of rows) this.attachmentIds.add(row.id);
    }
  }

  /** Applies one op to the batch's state; never throws for a reason the client caused. */
  async apply(op: ApplicableOp): Promise<OpResult> {
    try {
      if (op.entity === 'ticket') return op.kind === 'create' ? await this.ticketCreate(op) : await this.ticketPatch(op);
      if (op.entity === 'worklog') return await this.worklogCreate(op);
      return await this.attachmentCreate(op);
    } catch (error) {
      if (error instanceof Rejection) return { opId: op.opId, status: 'rejected', reason: error.message };
      throw error;
    }
  }

  private async nextNumber(kind: TicketKind): Promise<string> {
    let last = this.counters.get(kind);
    if (last === undefined) {
      const row = await this.db.selectFrom('ticket_counters').select('last_number').where('kind', '=', kind).executeTakeFirst();
      last = row ? Number(row.last_number) : 0;
    }
    this.counters.set(kind, ++last);
    return formatTicketNumber(kind, last);
  }

  /** Writes everything the batch changed, in bulk, in an order the foreign keys accept. */
  async flush(): Promise<void> {
    for (const [kind, last] of this.counters) {
      await this.db
        .insertInto('ticket_counters')
        .values({ kind, last_number: last })
        .onConflict((oc) => oc.column('kind').doUpdateSet({ last_number: last }))
        .execute();
    }
    const ticketRows: TicketTable[] = [];
    for (const id of this.dirtyTickets) {
      const state = this.tickets.get(id);
      if (state) ticketRows.push({ ...ticketToRow(state.ticket), field_revs: fieldRevsText(state) });
    }
    if (ticketRows.length > 0) {
      // New and changed tickets alike: one upsert per chunk (UPDATE triggers still fire on the update path).
      const columns = Object.keys(ticketRows[0] as object) as (keyof TicketTable & string)[];
      await bulkInsert(this.db, this.info.storeKind, { table: 'tickets', columns, rows: ticketRows, onConflictUpdate: 'id' });
    }
    for (const part of chunks(this.newWorklogs, 7)) await this.db.insertInto('worklogs').values(part).execute();
    const attachmentRows = this.newAttachments.map(attachmentToRow);
    for (const part of chunks(attachmentRows, 11)) await this.db.insertInto('attachments').values(part).execute();
    for (const part of chunks(this.conflictRows, 11)) await this.db.insertInto('sync_conflicts').values(part).execute();
  }

  // ---- references, looked up once per batch ----

  private async person(id: string): Promise<{ role: string } | null> {
    if (!this.persons.has(id)) {
      const p = await this.db.selectFrom('persons').select('role').where('id', '=', id).executeTakeFirst();
      this.persons.set(id, p ?? null);
    }
    return this.persons.get(id) ?? null;
  }

  private async exists(cache: Map<string, boolean>, table: 'groups' | 'sites', id: string): Promise<boolean> {
    let known = cache.get(id);
    if (known === undefined) {
      known = Boolean(await this.db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst());
      cache.set(id, known);
    }
    return known;
  }

  private async location(id: string): Promise<{ siteId: string } | null> {
    if (!this.locations.has(id)) {
      const l = await this.db.selectFrom('locations').select('site_id').where('id', '=', id).executeTakeFirst();
      this.locations.set(id, l ? { siteId: l.site_id } : null);
    }
    return this.locations.get(id) ?? null;
  }

  /** Rejects references to people, groups, sites or locations that do not exist or do not fit. */
  private async checkReferences(refs: References): Promise<void> {
    if (refs.requesterId && !(await this.person(refs.requesterId))) reject('The requester does not exist.');
    if (refs.assigneeId) {
      const p = await this.person(refs.assigneeId);
      if (!p) reject('The assignee does not exist.');
      else if (p.role === 'requester') reject('A ticket can only be assigned to a technician, agent or admin, not to a requester.');
    }
    if (refs.groupId && !(await this.exists(this.groups, 'groups', refs.groupId))) reject('The support group does not exist.');
    if (refs.siteId && !(await this.exists(this.sites, 'sites', refs.siteId))) reject('The site does not exist.');
    if (refs.locationId) {
      const l = await this.location(refs.locationId);
      if (!l) reject('The location does not exist.');
      else if (refs.siteId && l.siteId !== refs.siteId) reject("The location is not at the ticket's site.");
    }
  }

  /** The ticket if it exists and the viewer may see it (missing and invisible look the same). */
  private visibleTicket(id: string): TicketState | null {
    const state = this.tickets.get(id);
    return state && canSeeTicket(this.viewer, state.ticket) ? state : null;
  }

  // ---- ops ----

  private async ticketCreate(op: TicketCreateOp): Promise<OpResult> {
    if (this.tickets.get(op.id)) reject('A ticket with this id already exists.');
    const { viewer } = this;
    const nowIso = this.info.nowIso;
    const data = { ...op.data };
    if (data.locationId && !data.siteId) {
      const loc = await this.location(data.locationId);
      if (loc) data.siteId = loc.siteId;
    }
    // A technician's ticket without group or site belongs to their site, so they keep seeing it.
    if (viewer.role === 'technician' && !data.groupId && !data.siteId) data.siteId = viewer.siteId;
    await this.checkReferences(data);
    if (!canSeeTicket(viewer, data)) reject('You can only create tickets for your own site or support groups.');

    const rev = await this.tx.nextRev();
    const ticket: Ticket = {
      id: op.id,
      number: await this.nextNumber(data.kind),
      kind: data.kind,
      title: data.title,
      description: data.description,
      status: 'new',
      priority: data.priority,
      category: data.category,
      requesterId: data.requesterId,
      assigneeId: data.assigneeId,
      groupId: data.groupId,
      siteId: data.siteId,
      locationId: data.locationId,
      onHoldReason: null,
      resolutionCode: null,
      resolutionNotes: null,
      createdAt: clampTime(op.clientTime, nowIso),
      updatedAt: nowIso,
      resolvedAt: null,
      closedAt: null,
      rev,
    };
    const fields = Object.keys(ticket).filter((k) => k !== 'id' && k !== 'rev');
    const fieldRevs = Object.fromEntries(fields.map((k) => [k, rev]));
    const writers = Object.fromEntries(Object.keys(TICKET_FIELD_POLICIES).map((k) => [k, this.info.clientId]));
    this.tickets.set(op.id, { ticket, fieldRevs, writers });
    this.dirtyTickets.add(op.id);
    this.changed = true;
    return { opId: op.opId, status: 'applied', rev, record: { ...ticket } };
  }

  private async ticketPatch(op: TicketPatchOp): Promise<OpResult> {
    const state = this.visibleTicket(op.id);
    if (!state) return reject(NOT_VISIBLE);
    const current = state.ticket;
    if (op.baseRev > current.rev) {
      reject(`This change is based on version ${op.baseRev} of the ticket, but the server's latest is version ${current.rev}. Pull again, then retry.`);
    }
    const fields = Object.fromEntries(Object.entries(op.fields).filter(([, v]) => v !== undefined)) as TicketPatchFields;
    const plan = planMerge({
      fields,
      baseRev: op.baseRev,
      server: current as unknown as Record<string, unknown>,
      // A field this client changed last is not "changed on the server" for this client.
      fieldRevs: Object.fromEntries(Object.entries(state.fieldRevs).map(([f, r]) => [f, state.writers[f] === this.info.clientId ? 0 : r])),
      policies: TICKET_FIELD_POLICIES,
    });

    const next: Ticket = { ...current };
    const mutable = next as unknown as Record<PatchField, unknown>;
    const changed: string[] = [];
    for (const [field, value] of Object.entries(plan.apply) as [PatchField, unknown][]) {
      if (current[field] === value) continue;
      mutable[field] = value;
      changed.push(field);
    }
    const conflicts: FieldConflict[] = [...plan.conflicts];
    let reason: string | undefined;

    const transitionContext = () => ({ assigneeId: next.assigneeId, onHoldReason: next.onHoldReason, resolutionNotes: next.resolutionNotes });
    if (next.status !== current.status) {
      // Only the client changed the status: the lifecycle must allow it, or the op is refused.
      const check = checkTransition(current.status, next.status, transitionContext());
      if (!check.ok) reject(check.reason);
    } else if (plan.lifecycle.status !== undefined && plan.lifecycle.status !== current.status) {
      // Both sides changed the status: the client's applies if the lifecycle allows it from the server's state.
      const check = checkTransition(current.status, plan.lifecycle.status, transitionContext());
      if (check.ok) {
        next.status = plan.lifecycle.status;
        changed.push('status');
      } else {
        conflicts.unshift({ field: 'status', local: plan.lifecycle.status, server: current.status });
        reason = check.reason;
      }
    }

    if (next.status !== current.status) {
      const when = clampTime(op.clientTime, this.info.nowIso);
      if (next.status === 'resolved') {
        next.resolvedAt = when;
        changed.push('resolvedAt');
      }
      if (next.status === 'closed') {
        next.closedAt = when;
        changed.push('closedAt');
      }
      if (current.status === 'resolved' && next.status !== 'closed') {
        next.resolvedAt = null;
        changed.push('resolvedAt');
      }
    }
    const broken = brokenInvariant(next, changed);
    if (broken) reject(broken);
    await this.checkReferences({
      assigneeId: changed.includes('assigneeId') ? next.assigneeId : null,
      groupId: changed.includes('groupId') ? next.groupId : null,
      locationId: changed.includes('locationId') ? next.locationId : null,
      siteId: changed.includes('locationId') ? next.siteId : null,
    });

    const fieldRevs = { ...state.fieldRevs };
    const writers = { ...state.writers };
    if (changed.length > 0) {
      const rev = await this.tx.nextRev();
      next.rev = rev;
      next.updatedAt = this.info.nowIso;
      for (const field of [...changed, 'updatedAt']) fieldRevs[field] = rev;
      // Only the fields a patch may set take part in merges, so only those keep their writer.
      for (const field of changed) if (field in TICKET_FIELD_POLICIES) writers[field] = this.info.clientId;
      this.tickets.set(next.id, { ticket: next, fieldRevs, writers });
      this.dirtyTickets.add(next.id);
      this.changed = true;
    }
    if (conflicts.length > 0) {
      for (const c of conflicts) {
        this.conflictRows.push({
          client_id: this.info.clientId,
          op_id: op.opId,
          field: c.field,
          person_id: this.viewer.id,
          entity: 'ticket',
          record_id: op.id,
          local_value: JSON.stringify(c.local ?? null),
          server_value: JSON.stringify(c.server ?? null),
          reason: c.field === 'status' ? (reason ?? null) : null,
          created_at: this.info.nowIso,
        });
      }
      const result: OpResult = { opId: op.opId, status: 'conflict', fields: conflicts.map((c) => c.field), server: { ...next } };
      if (reason) result.reason = reason;
      return result;
    }
    return { opId: op.opId, status: 'applied', rev: next.rev, record: { ...next } };
  }

  private async worklogCreate(op: WorklogCreateOp): Promise<OpResult> {
    if (!this.visibleTicket(op.data.ticketId)) reject(NOT_VISIBLE);
    if (this.worklogIds.has(op.id)) reject('A worklog with this id already exists.');
    const rev = await this.tx.nextRev();
    const row = {
      id: op.id,
      ticket_id: op.data.ticketId,
      author_id: this.viewer.id,
      body: op.data.body,
      minutes: op.data.minutes,
      created_at: clampTime(op.clientTime, this.info.nowIso),
      rev,
    };
    this.newWorklogs.push(row);
    this.worklogIds.add(op.id);
    this.changed = true;
    return { opId: op.opId, status: 'applied', rev, record: worklogFromRow(row) };
  }

  private async attachmentCreate(op: AttachmentCreateOp): Promise<OpResult> {
    if (!this.visibleTicket(op.data.ticketId)) reject(NOT_VISIBLE);
    if (this.attachmentIds.has(op.id)) reject('An attachment with this id already exists.');
    // Checked inside the write transaction: a blob that completes later flips `uploaded`
    // in its own (serialized) transaction, after this one commits (attachments/routes.ts).
    const uploaded = fs.existsSync(blobPath(this.info.filesDir, op.data.sha256));
    const rev = await this.tx.nextRev();
    const attachment: Attachment = {
      id: op.id,
      ticketId: op.data.ticketId,
      sha256: op.data.sha256,
      fileName: op.data.fileName,
      mimeType: op.data.mimeType,
      size: op.data.size,
      kind: op.data.kind,
      authorId: this.viewer.id,
      createdAt: clampTime(op.clientTime, this.info.nowIso),
      uploaded,
      rev,
    };
    this.newAttachments.push(attachment);
    this.attachmentIds.add(op.id);
    this.changed = true;
    return { opId: op.opId, status: 'applied', rev, record: { ...attachment } };
  }
}
