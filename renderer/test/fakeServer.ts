/**
 * A small in-memory FieldDesk server behind the SyncPlatform interface, for sync engine
 * tests: it applies each opId once, numbers new tickets, checks the ticket lifecycle,
 * keeps a change log for pull-by-cursor ("<seq>.<scope>" cursors, a scope change answers
 * reset), keeps attachment bytes by SHA-256, and can be taken offline, made to forget the
 * session, or made to lose its answer after applying a push (a crash in transit).
 */
import { ApiError, type PlatformEvent, type SaveAttachmentInput, type SavedAttachment, type SessionInfo, type UploadQueueState } from '@fielddesk/common/ipc/contract';
import type { AnyRecord, Attachment, EntityName, Ticket } from '@fielddesk/common/domain/entities';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { checkTransition } from '@fielddesk/common/itsm/lifecycle';
import { formatTicketNumber } from '@fielddesk/common/itsm/numbering';
import { OpSchema, formatCursor, parseCursor, type Change, type Op, type OpResult, type PullResponse, type PushRequest, type PushResponse } from '@fielddesk/common/sync/protocol';
import type { SessionUser } from '@fielddesk/common/api/http';
import type { SyncPlatform } from '../src/data/sync/engine';
import { applyOp } from '../src/data/apply';

/** The number the server gives a record made by `op`, or null when its kind has none. */
function numberOf(op: Op, n: number): string | null {
  if (op.entity === 'ticket' && op.kind === 'create') return formatTicketNumber(op.data.kind, n);
  if (op.entity === 'task' && op.kind === 'create') return formatTicketNumber('task', n);
  if (op.entity === 'knowledge_article' && op.kind === 'create') return formatTicketNumber('knowledge_article', n);
  return null;
}

export class FakeServer implements SyncPlatform {
  records = new Map<string, AnyRecord>();
  log: { seq: number; entity: EntityName; id: string; op: 'put' | 'delete' }[] = [];
  seq = 100;
  seenOps = new Map<string, OpResult>();
  pushes: PushRequest[] = [];
  pulls: { cursor: string; limit?: number }[] = [];
  offline = false;
  sessionUser: SessionUser | null;
  /** Apply the next push, then throw as if the answer was lost on the way back. */
  loseNextAnswer = false;
  /** Lets a test decide an op's answer before the normal rules run. */
  decide: ((op: Op) => OpResult | undefined) | null = null;
  /** Attachment bytes the server holds, by SHA-256. */
  files = new Map<string, Uint8Array>();
  /** The version of the user's visibility scope; bump it to make the next pull a reset. */
  scopeVersion = 1;
  /** Which records the user may see (others are pulled as deletes). */
  visible: (entity: EntityName, record: AnyRecord) => boolean = () => true;
  uploadQueue: UploadQueueState = { pending: 0, bytesPending: 0, lastError: null };
  private listeners = new Set<(e: PlatformEvent) => void>();
  private nextNumber = 2000;

  constructor(user: SessionUser) {
    this.sessionUser = user;
  }

  static key(entity: EntityName, id: string) {
    return `${entity}:${id}`;
  }

  /** Stores a record as if changed on the server (a colleague's edit); returns it with its new rev. */
  serverWrite<R extends AnyRecord>(entity: EntityName, record: R): R {
    const rev = ++this.seq;
    const stored = { ...record, rev } as R;
    this.records.set(FakeServer.key(entity, record.id), stored);
    this.log.push({ seq: rev, entity, id: record.id, op: 'put' });
    return stored;
  }

  serverDelete(entity: EntityName, id: string) {
    this.records.delete(FakeServer.key(entity, id));
    this.log.push({ seq: ++this.seq, entity, id, op: 'delete' });
  }

  get<R extends AnyRecord>(entity: EntityName, id: string): R | undefined {
    return this.records.get(FakeServer.key(entity, id)) as R | undefined;
  }

  all<R extends AnyRecord>(entity: EntityName): R[] {
    return [...this.records.entries()].filter(([k]) => k.startsWith(`${entity}:`)).map(([, r]) => r as R);
  }

  emit(event: PlatformEvent) {
    for (const l of [...this.listeners]) l(event);
  }

  private guard() {
    if (this.offline) throw new ApiError('offline', 'Could not reach the FieldDesk server at http://fake.test: connection refused.');
    if (!this.sessionUser) throw new ApiError('unauthorized', 'Not signed in.');
  }

  async getSession(): Promise<SessionInfo | null> {
    if (this.offline) throw new ApiError('offline', 'Could not reach the FieldDesk server at http://fake.test: connection refused.');
    return this.sessionUser ? { user: this.sessionUser, serverUrl: 'http://fake.test', expiresAt: '2099-01-01T00:00:00.000Z' } : null;
  }

  onEvent(listener: (e: PlatformEvent) => void) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async push(request: PushRequest): Promise<PushResponse> {
    this.guard();
    this.pushes.push(structuredClone(request));
    const results = request.ops.map((raw) => {
      const op = OpSchema.parse(raw);
      const seen = this.seenOps.get(`${request.clientId}:${op.opId}`);
      if (seen) return { opId: op.opId, status: 'duplicate' } as OpResult;
      const result = this.decide?.(op) ?? this.apply(op);
      this.seenOps.set(`${request.clientId}:${op.opId}`, result);
      return result;
    });
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new ApiError('offline', 'Could not reach the FieldDesk server at http://fake.test: the connection dropped.');
    }
    return { results };
  }

  /**
   * The fake's rules: the shared lifecycle for ticket status (reopen period, notes), numbers
   * for new tickets, tasks and articles, and the renderer's own applyOp for the rest. The real
   * server's rules are tested in server/.
   */
  private apply(op: Op): OpResult {
    const userId = this.sessionUser!.id;
    const existing = this.get(op.entity, op.id);
    if (op.kind === 'delete') {
      if (existing) this.serverDelete(op.entity, op.id);
      return { opId: op.opId, status: 'applied', rev: this.seq, record: existing ?? ({ id: op.id } as AnyRecord) };
    }
    if (op.kind === 'patch') {
      if (!existing) return { opId: op.opId, status: 'rejected', reason: 'This record no longer exists.' };
      if (op.entity === 'ticket') {
        const ticket = existing as Ticket;
        const to = op.fields.status ?? ticket.status;
        const check = checkTransition(ticket.status, to, {
          assigneeId: op.fields.assigneeId ?? ticket.assigneeId,
          onHoldReason: op.fields.onHoldReason ?? ticket.onHoldReason,
          resolutionNotes: op.fields.resolutionNotes ?? ticket.resolutionNotes,
          resolvedAt: ticket.resolvedAt,
          reopenPeriodDays: DEFAULT_ITSM_CONFIG.reopenPeriodDays,
          at: op.clientTime,
        });
        if (!check.ok) return { opId: op.opId, status: 'rejected', reason: check.reason };
      }
    }
    if (op.kind === 'create' && existing) return { opId: op.opId, status: 'rejected', reason: 'A record with this id already exists.' };
    const next = applyOp(existing, op, { userId }) as AnyRecord;
    const numbered = op.kind === 'create' ? numberOf(op, this.nextNumber) : null;
    if (numbered) this.nextNumber++;
    const stored = this.serverWrite(op.entity, numbered ? ({ ...next, number: numbered } as AnyRecord) : next);
    if (op.entity === 'attachment') (stored as Attachment).uploaded = this.files.has((stored as Attachment).sha256);
    return { opId: op.opId, status: 'applied', rev: stored.rev, record: stored };
  }

  async pull(query: { cursor: string; limit?: number }): Promise<PullResponse> {
    this.guard();
    this.pulls.push(query);
    const parsed = parseCursor(query.cursor);
    const reset = parsed.scopeVersion !== null && parsed.scopeVersion !== this.scopeVersion;
    const after = reset ? 0 : parsed.rev;
    const limit = query.limit ?? 1000;
    const pending = this.log.filter((e) => e.seq > after).sort((a, b) => a.seq - b.seq);
    const page = pending.slice(0, limit);
    const changes: Change[] = page.map((e) => {
      const data = this.get(e.entity, e.id);
      return e.op === 'delete' || !data || !this.visible(e.entity, data)
        ? { entity: e.entity, id: e.id, rev: e.seq, op: 'delete' }
        : { entity: e.entity, id: e.id, rev: e.seq, op: 'put', data };
    });
    const last = page.at(-1);
    const cursor = formatCursor(last ? last.seq : after, this.scopeVersion);
    return { changes, cursor, hasMore: pending.length > page.length, remaining: pending.length - page.length, ...(reset ? { reset: true } : {}) };
  }

  /** Like the web adapter: the bytes reach the server at once (the record comes with the op). */
  async saveAttachment(input: SaveAttachmentInput): Promise<SavedAttachment> {
    this.guard();
    const digest = await crypto.subtle.digest('SHA-256', input.bytes as unknown as BufferSource);
    const sha256 = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    this.files.set(sha256, input.bytes.slice());
    return { sha256, size: input.bytes.byteLength };
  }

  async attachmentUrl(sha256: string): Promise<string> {
    return `http://fake.test/api/attachments/${sha256}`;
  }

  async getUploadQueue(): Promise<UploadQueueState> {
    return this.uploadQueue;
  }
}
