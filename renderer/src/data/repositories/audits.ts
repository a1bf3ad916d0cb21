/**
 * Audits on this device (issue 14): planning one, editing its plan, starting it, recording scans,
 * closing and cancelling it — all offline. Each intent is ONE Dexie transaction: the op in the
 * outbox and the records as it leaves them. The rules the server runs (common/audits/rules.ts,
 * close.ts, merge.ts) run first over the replica and refuse in the server's words.
 *
 * Starting writes a provisional snapshot from the replica with the same function the server
 * uses (common/audits/expected.ts), with the server's row ids (expectedRowId), so the rows the
 * pull brings replace them one for one; `snapshot()` reads an audit's rows and, once every row of
 * the server's snapshot is here, drops provisional ones the server did not keep (and all of them
 * if the start was refused). A scan is its record and its op, nothing more, so recording one
 * costs one small transaction however large the audit.
 */
import type { Table } from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { SessionUser } from '@fielddesk/common/api/http';
import { AuditIndex, type ExpectedAsset } from '@fielddesk/common/audits/classify';
import { planClose, type ClosePlan } from '@fielddesk/common/audits/close';
import { expectedRowId, snapshotOf, type ScopedAsset } from '@fielddesk/common/audits/expected';
import { mergeScans, type MergedAudit } from '@fielddesk/common/audits/merge';
import { AuditActionSchema, AuditCreateDataSchema, AuditScanCreateDataSchema, type Audit, type AuditAction, type AuditEvent, type AuditExpected, type AuditScan } from '@fielddesk/common/audits/records';
import { checkAuditAction, checkAuditActor, checkAuditPatch, checkAuditPlan, checkCloseFacts, checkScan, checkScanDetails, closeDecisionsOf, type PlanFacts } from '@fielddesk/common/audits/rules';
import type { AssetModel } from '@fielddesk/common/entities/asset-model';
import { entities } from '@fielddesk/common/entities/registry';
import { recordKey, type FieldDeskDb } from '../db';
import { firstIssue } from './rules';
import type { IntentResult, RepositoryContext } from './tickets';
import { serverBaseOf, writeLocal, writeRelated } from './write';

export type NewAudit = z.input<typeof AuditCreateDataSchema>;
export type AuditFields = z.input<typeof entities.audit.ops.patch.fields>;
export type NewScan = z.input<typeof AuditScanCreateDataSchema>;
export type ScanDetails = z.input<typeof entities.audit_scan.ops.patch.fields>;
export type CloseInput = Omit<Extract<AuditAction, { action: 'close' }>, 'action' | 'auditId'>;

/** The replica's audit tables, typed (db.ts reaches every entity table by name). */
export function auditTables(db: FieldDeskDb): {
  audits: Table<Audit, string>;
  expected: Table<AuditExpected, string>;
  scans: Table<AuditScan, string>;
  events: Table<AuditEvent, string>;
  models: Table<AssetModel, string>;
} {
  return {
    audits: db.tableFor('audit') as unknown as Table<Audit, string>,
    expected: db.tableFor('audit_expected') as unknown as Table<AuditExpected, string>,
    scans: db.tableFor('audit_scan') as unknown as Table<AuditScan, string>,
    events: db.tableFor('audit_event') as unknown as Table<AuditEvent, string>,
    models: db.assetModels,
  };
}

/**
 * Which of an audit's snapshot rows on this device count: the server's once its snapshot is whole
 * (the audit's expectedCount came after its rows), none while it is planned again (its start was
 * refused), the server's of a cancelled one, and until then every row (provisional ones included).
 * `stale` names the provisional rows to drop. Pure: the screens read it live, the repository also drops.
 */
export function snapshotView(audit: Pick<Audit, 'expectedCount' | 'state'>, rows: readonly AuditExpected[]): { rows: AuditExpected[]; stale: string[] } {
  const server = rows.filter((r) => r.rev > 0);
  const provisional = rows.filter((r) => r.rev === 0);
  const whole = audit.expectedCount !== null && server.length >= audit.expectedCount;
  if (provisional.length > 0 && (whole || audit.state === 'planned' || audit.state === 'cancelled')) {
    return { rows: whole ? server : audit.state === 'planned' ? [] : server, stale: provisional.map((r) => r.id) };
  }
  return { rows: [...rows], stale: [] };
}

/** What closing would do, as the closer sees it before signing (the same plan the server applies), or why it cannot close yet. */
export type ClosePreview = { ok: true; plan: ClosePlan; merged: MergedAudit } | { ok: false; reasons: string[]; merged: MergedAudit | null };

export interface AuditRepository {
  createAudit(data: NewAudit): Promise<IntentResult>;
  /** Edits the plan; only the fields that changed are sent (the scope only while planned). */
  updateAudit(auditId: string, fields: AuditFields): Promise<IntentResult>;
  /** Starts a planned audit and fixes its provisional snapshot from this device's replica. */
  startAudit(auditId: string): Promise<IntentResult & { expected?: number }>;
  /** Records one scan (the verdict as the screen showed it). */
  recordScan(scan: NewScan): Promise<IntentResult>;
  /** Adds details to one of this auditor's scans (note, photo, condition, holder's answer); only those that changed are sent. */
  addScanDetails(scanId: string, details: ScanDetails): Promise<IntentResult>;
  /** The close plan from this device's snapshot and scans, with the closer's decisions. */
  previewClose(auditId: string, decisions: Pick<CloseInput, 'stillSearching' | 'reviews' | 'unknown'>): Promise<ClosePreview>;
  closeAudit(auditId: string, input: CloseInput): Promise<IntentResult>;
  cancelAudit(auditId: string, reason: string): Promise<IntentResult>;
  /** The audit's snapshot on this device: the server's rows once they are all here, the provisional ones until then. */
  snapshot(auditId: string): Promise<ExpectedAsset[]>;
}

const NOT_HERE = { ok: false as const, reason: 'Audit not found or not visible to you.' };

export function createAuditRepository(ctx: RepositoryContext & { user: Pick<SessionUser, 'role' | 'siteId'> }): AuditRepository {
  const { db, user } = ctx;
  const now = ctx.now ?? (() => new Date());
  const t = auditTables(db);
  const tables = [t.audits, t.expected, t.scans, t.events, t.models, db.assets, db.persons, db.locations, db.outbox, db.shadows];

  async function planFacts(plan: { locationIds?: readonly string[]; auditorIds?: readonly string[] }): Promise<PlanFacts> {
    const locations = await db.locations.bulkGet([...(plan.locationIds ?? [])]);
    const people = await db.persons.bulkGet([...(plan.auditorIds ?? [])]);
    const sites = new Map((plan.locationIds ?? []).map((id, i) => [id, locations[i]?.siteId]));
    const persons = new Map((plan.auditorIds ?? []).map((id, i) => [id, people[i]]));
    return {
      siteOfLocation: (id) => sites.get(id),
      person: (id) => {
        const p = persons.get(id);
        return p ? { displayName: p.displayName, role: p.role, siteId: p.siteId } : null;
      },
    };
  }

  /** The audit, if it is here and this user runs audits at its site. */
  async function actionable(auditId: string): Promise<Audit | IntentResult> {
    const audit = await t.audits.get(auditId);
    if (!audit) return NOT_HERE;
    const who = checkAuditActor(user, audit.siteId);
    return who.ok ? audit : who;
  }
  const refused = (x: Audit | IntentResult): x is IntentResult => 'ok' in x;

  /** Writes an action's op, and the audit as it leaves it (the same applier rebases it after a pull). */
  async function writeAction(audit: Audit, action: AuditAction): Promise<IntentResult> {
    const parsed = AuditActionSchema.safeParse(action);
    if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'audit action') };
    const id = uuidv7();
    const op = { entity: 'audit_event' as const, kind: 'create' as const, id, data: parsed.data, clientTime: now().toISOString() };
    const entry = await writeLocal(db, ctx.userId, undefined, op);
    await writeRelated(db, ctx.userId, entry);
    return { ok: true, id, opId: entry.opId };
  }

  /** The replica's assets at a site as expectedOf reads them (with their model's category). */
  async function assetsAt(siteId: string): Promise<ScopedAsset[]> {
    const [assets, models] = await Promise.all([db.assets.where('siteId').equals(siteId).toArray(), t.models.toArray()]);
    const category = new Map(models.map((m) => [m.id, m.category]));
    return assets.map((a) => ({ id: a.id, tag: a.tag, serial: a.serial, kind: a.kind, state: a.state, siteId: a.siteId, locationId: a.locationId, category: a.modelId ? (category.get(a.modelId) ?? null) : null }));
  }

  async function snapshotRows(audit: Audit): Promise<AuditExpected[]> {
    const view = snapshotView(audit, await t.expected.where('auditId').equals(audit.id).toArray());
    if (view.stale.length > 0) await t.expected.bulkDelete(view.stale);
    return view.rows;
  }

  async function preview(audit: Audit, decisions: Pick<CloseInput, 'stillSearching' | 'reviews' | 'unknown'>): Promise<ClosePreview> {
    const index = new AuditIndex(await snapshotRows(audit));
    const merged = mergeScans(index, await t.scans.where('auditId').equals(audit.id).toArray());
    const planned = planClose(index, merged, closeDecisionsOf({ action: 'close', auditId: audit.id, signature: '', signedName: '', notes: '', ...decisions }));
    if (!planned.ok) return { ok: false, reasons: planned.reasons, merged };
    const { plan } = planned;
    const locations = await db.locations.bulkGet(plan.moves.map((m) => m.to));
    const sites = new Map(plan.moves.map((m, i) => [m.to, locations[i]?.siteId]));
    const taken = new Set<string>();
    for (const r of plan.register) if ((await db.assets.where('tag').equals(r.code).count()) > 0) taken.add(r.code);
    const facts = checkCloseFacts(plan, { siteId: audit.siteId, siteOfLocation: (id) => sites.get(id), tagTaken: (tag) => taken.has(tag) });
    return facts.ok ? { ok: true, plan, merged } : { ok: false, reasons: [facts.reason], merged };
  }

  return {
    async createAudit(input) {
      const parsed = AuditCreateDataSchema.safeParse(input);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'audit') };
      const who = checkAuditActor(user, parsed.data.siteId);
      if (!who.ok) return who;
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        const verdict = checkAuditPlan(parsed.data, await planFacts(parsed.data));
        if (!verdict.ok) return verdict;
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'audit', kind: 'create', id, data: parsed.data, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async updateAudit(auditId, requested) {
      const parsed = entities.audit.ops.patch.fields.safeParse(requested);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'audit') };
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        const audit = await actionable(auditId);
        if (refused(audit)) return audit;
        const fields = Object.fromEntries(Object.entries(parsed.data).filter(([k, v]) => JSON.stringify(audit[k as keyof Audit]) !== JSON.stringify(v)));
        const changed = Object.keys(fields);
        if (changed.length === 0) return { ok: false, reason: 'Nothing changed.' };
        const verdict = checkAuditPatch(audit, changed);
        if (!verdict.ok) return verdict;
        const next = { ...audit, ...fields } as Audit;
        const plan = checkAuditPlan(next, await planFacts(next));
        if (!plan.ok) return plan;
        const { baseRev, known } = await serverBaseOf(db, recordKey('audit', auditId), audit);
        const entry = await writeLocal(db, ctx.userId, audit, { entity: 'audit', kind: 'patch', id: auditId, baseRev, fields, clientTime: now().toISOString() }, known);
        return { ok: true, id: auditId, opId: entry.opId };
      });
    },

    async startAudit(auditId) {
      return db.transaction('rw', tables, async () => {
        const audit = await actionable(auditId);
        if (refused(audit)) return audit;
        const action: AuditAction = { action: 'start', auditId };
        const verdict = checkAuditAction(audit, action);
        if (!verdict.ok) return verdict;
        const written = await writeAction(audit, action);
        if (!written.ok) return written;
        const rows = snapshotOf(audit, await assetsAt(audit.siteId));
        await t.expected.bulkPut(rows.map((r): AuditExpected => ({ id: expectedRowId(audit.id, r.assetId), auditId: audit.id, ...r, siteId: audit.siteId, rev: 0 })));
        return { ...written, expected: rows.length };
      });
    },

    async recordScan(input) {
      const parsed = AuditScanCreateDataSchema.safeParse(input);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'scan') };
      return db.transaction('rw', [t.audits, t.scans, db.locations, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const audit = await actionable(parsed.data.auditId);
        if (refused(audit)) return audit;
        const verdict = checkScan(audit, (await db.locations.get(parsed.data.locationId))?.siteId);
        if (!verdict.ok) return verdict;
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'audit_scan', kind: 'create', id, data: parsed.data, clientTime: now().toISOString() });
        // The device knows the audit's site: the scan shows with it at once (the server sets the same).
        await t.scans.update(id, { siteId: audit.siteId });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async addScanDetails(scanId, requested) {
      const parsed = entities.audit_scan.ops.patch.fields.safeParse(requested);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'scan') };
      return db.transaction('rw', [t.audits, t.scans, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const scan = await t.scans.get(scanId);
        if (!scan) return { ok: false, reason: 'Scan not found or not visible to you.' };
        const audit = await actionable(scan.auditId);
        if (refused(audit)) return audit;
        const verdict = checkScanDetails(audit, scan, ctx.userId);
        if (!verdict.ok) return verdict;
        const fields = Object.fromEntries(Object.entries(parsed.data).filter(([k, v]) => scan[k as keyof AuditScan] !== v));
        if (Object.keys(fields).length === 0) return { ok: false, reason: 'Nothing changed.' };
        const { baseRev, known } = await serverBaseOf(db, recordKey('audit_scan', scanId), scan);
        const entry = await writeLocal(db, ctx.userId, scan, { entity: 'audit_scan', kind: 'patch', id: scanId, baseRev, fields, clientTime: now().toISOString() }, known);
        return { ok: true, id: scanId, opId: entry.opId };
      });
    },

    async previewClose(auditId, decisions) {
      return db.transaction('rw', tables, async (): Promise<ClosePreview> => {
        const audit = await actionable(auditId);
        if (refused(audit)) return { ok: false, reasons: [audit.ok ? '' : audit.reason], merged: null };
        const verdict = checkAuditAction(audit, { action: 'close', auditId, stillSearching: [], reviews: {}, unknown: {}, signature: '', signedName: '', notes: '' } as AuditAction);
        if (!verdict.ok) return { ok: false, reasons: [verdict.reason], merged: null };
        return preview(audit, decisions);
      });
    },

    async closeAudit(auditId, input) {
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        const audit = await actionable(auditId);
        if (refused(audit)) return audit;
        const action: AuditAction = { action: 'close', auditId, ...input };
        const verdict = checkAuditAction(audit, action);
        if (!verdict.ok) return verdict;
        const planned = await preview(audit, input);
        if (!planned.ok) return { ok: false, reason: planned.reasons.join(' ') };
        return writeAction(audit, action);
      });
    },

    async cancelAudit(auditId, reason) {
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        const audit = await actionable(auditId);
        if (refused(audit)) return audit;
        const action: AuditAction = { action: 'cancel', auditId, reason };
        const verdict = checkAuditAction(audit, action);
        if (!verdict.ok) return verdict;
        return writeAction(audit, action);
      });
    },

    async snapshot(auditId) {
      return db.transaction('rw', [t.audits, t.expected], async () => {
        const audit = await t.audits.get(auditId);
        return audit ? snapshotRows(audit) : [];
      });
    },
  };
}
