/**
 * How audit ops change the local replica (the repository, repositories/audits.ts, ran the rules
 * of common/audits/rules.ts first).
 *
 * - `audit` create and patch: the plan, with a provisional number until the server gives AUD-.
 * - `audit_scan` create: the scan as the device made it, by this user, at its time; its site
 *   stays null until the server records it (the repository writes it at once where it knows it).
 *   Patch: the details its auditor added (note, photo, condition, holder's answer).
 * - `audit_event` create: the action's history entry, and, as a related record, the audit in
 *   its new state (started, closed with the signature, cancelled), so the screens follow at once;
 *   the server's copy (with the snapshot's count and the close's summary) replaces it. A start
 *   offline also makes a provisional snapshot (the repository's, with the server's row ids).
 */
import type { Audit, AuditAction, AuditEvent, AuditScan } from '@fielddesk/common/audits/records';
import { codeKey } from '@fielddesk/common/audits/codes';
import { provisionalNumber } from '@fielddesk/common/itsm/numbering';
import { recordKey } from '../db';
import { maxTime, type LocalOpApplier, type OpOf } from './types';

export const auditOps: LocalOpApplier<OpOf<'audit'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => {
    if (op.kind === 'create') {
      if (record) return record;
      const audit: Audit = {
        id: op.id,
        number: provisionalNumber('audit', op.id),
        ...op.data,
        state: 'planned',
        startedAt: null,
        startedById: null,
        closedAt: null,
        closedById: null,
        expectedCount: null,
        summary: null,
        signature: null,
        signedName: null,
        createdById: ctx.userId,
        createdAt: op.clientTime,
        updatedAt: op.clientTime,
        rev: 0,
      };
      return audit;
    }
    if (!record) return undefined;
    const audit = record as Audit;
    return { ...audit, ...op.fields, updatedAt: maxTime(audit.updatedAt, op.clientTime) };
  },
};

export const auditScanOps: LocalOpApplier<OpOf<'audit_scan'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => {
    if (op.kind === 'patch') return record ? { ...(record as AuditScan), ...op.fields } : undefined;
    if (record) return record;
    const scan: AuditScan = { id: op.id, ...op.data, siteId: null, auditorId: ctx.userId, key: codeKey(op.data.code), scannedAt: op.clientTime, late: false, rev: 0 };
    return scan;
  },
};

/** What the history entry of an action says on this device until the server's arrives. */
function detailsOf(action: AuditAction): Record<string, unknown> {
  switch (action.action) {
    case 'start':
      return {};
    case 'close':
      // The closer's decisions as given, so the report this device makes before the server's entry arrives says what was decided.
      return { stillSearching: action.stillSearching, reviews: action.reviews, unknown: action.unknown, signedName: action.signedName, notes: action.notes };
    case 'cancel':
      return { reason: action.reason };
  }
}

/** The audit after an action made on this device; unchanged when its state no longer allows it (the server will say why). */
export function auditAfter(audit: Audit, action: AuditAction, at: string, actorId: string): Audit {
  switch (action.action) {
    case 'start':
      return audit.state === 'planned' ? { ...audit, state: 'in_progress', startedAt: at, startedById: actorId } : audit;
    case 'close':
      return audit.state === 'in_progress' ? { ...audit, state: 'closed', closedAt: at, closedById: actorId, signature: action.signature, signedName: action.signedName } : audit;
    case 'cancel':
      return audit.state === 'planned' || audit.state === 'in_progress' ? { ...audit, state: 'cancelled' } : audit;
  }
}

export const auditEventOps: LocalOpApplier<OpOf<'audit_event'>> = {
  ticketIdOf: () => null,
  apply: (record, op, ctx) => {
    if (record) return record;
    const event: AuditEvent = { id: op.id, auditId: op.data.auditId, action: op.data.action, actorId: ctx.userId, at: op.clientTime, details: detailsOf(op.data), rev: 0 };
    return event;
  },
  related: {
    keysOf: (op) => [recordKey('audit', op.data.auditId)],
    apply: (entity, id, record, op, ctx) => {
      if (entity !== 'audit' || id !== op.data.auditId || !record) return record;
      return auditAfter(record as Audit, op.data, op.clientTime, ctx.userId);
    },
  },
};
