/**
 * The synced records of an audit (issue 14), as every layer validates them; their entity
 * declarations are common/entities/audit*.ts.
 *
 * - `audit`: the plan (site, scope, auditors, due date), its state, and once closed the counts,
 *   the closer's signature and name. Numbered AUD-0001… by the server.
 * - `audit_expected`: the snapshot fixed when the audit starts, one row per expected asset;
 *   written by the server only (the device writes a provisional copy when it starts an audit
 *   offline, with the same ids: expected.ts `expectedRowId`).
 * - `audit_scan`: one scan, append-only: never changed, never deleted.
 * - `audit_event`: the audit's history; its actions (start, close, cancel) sync as its
 *   creation, like an asset's (common/assets/actions.ts).
 */
import { z } from 'zod';
import { SignatureSchema } from '../assets/actions';
import { IsoDateSchema } from '../assets/dates';
import { AssetStateSchema } from '../assets/lifecycle';
import { AssetKindSchema } from '../domain/entities';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { SCAN_VERDICTS } from './classify';
import { MAX_CODE_LENGTH } from './codes';

export const AUDIT_STATES = ['planned', 'in_progress', 'closed', 'cancelled'] as const;
export const AuditStateSchema = z.enum(AUDIT_STATES);
export type AuditState = z.infer<typeof AuditStateSchema>;
export const AUDIT_STATE_LABELS: Record<AuditState, string> = { planned: 'Planned', in_progress: 'In progress', closed: 'Closed', cancelled: 'Cancelled' };

/** ServiceDesk Plus's scale: at most 50 auditors on one audit. */
export const MAX_AUDITORS = 50;
export const MAX_SCOPE_LOCATIONS = 1000;

const Count = z.number().int().nonnegative();

/** The counts of a closed audit (merge.ts counts and what the close did), and the scans that arrived after it closed. */
export const AuditSummarySchema = z.object({
  expected: Count,
  found: Count,
  foundElsewhere: Count,
  notFound: Count,
  outside: Count,
  retiredFound: Count,
  unknown: Count,
  repeats: Count,
  scans: Count,
  missing: Count,
  stillSearching: Count,
  moved: Count,
  registered: Count,
  dismissed: Count,
  /** Scans recorded after the audit closed (an auditor still offline when it closed): shown to the closer. */
  lateScans: Count,
});
export type AuditSummary = z.infer<typeof AuditSummarySchema>;

export const AuditSchema = z.object({
  id: IdSchema,
  /** AUD-0042, given by the server (a provisional number on the device until then). */
  number: z.string().min(1).max(32),
  name: z.string().min(1).max(200),
  siteId: IdSchema,
  /** The locations audited; empty: the whole site. */
  locationIds: z.array(IdSchema).max(MAX_SCOPE_LOCATIONS),
  /** The asset kinds audited; empty: every kind. */
  kinds: z.array(AssetKindSchema).max(2),
  /** The model categories audited ("Laptops"); empty: every category. */
  categories: z.array(z.string().min(1).max(100)).max(100),
  auditorIds: z.array(IdSchema).max(MAX_AUDITORS),
  dueOn: IsoDateSchema.nullable(),
  state: AuditStateSchema,
  startedAt: TimestampSchema.nullable(),
  startedById: IdSchema.nullable(),
  closedAt: TimestampSchema.nullable(),
  closedById: IdSchema.nullable(),
  /** How many assets the snapshot holds; null until the audit starts. */
  expectedCount: Count.nullable(),
  /** The counts at close (null before); `lateScans` grows when late scans arrive. */
  summary: AuditSummarySchema.nullable(),
  /** The closer's signature (a PNG data URL from the signature pad) and the name they signed with; null before. */
  signature: SignatureSchema.nullable(),
  signedName: z.string().max(200).nullable(),
  notes: z.string().max(20_000),
  createdById: IdSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type Audit = z.infer<typeof AuditSchema>;

const Name = z.string().trim().min(1, 'an audit needs a name').max(200);
const Categories = z.array(z.string().trim().min(1).max(100)).max(100);

/** A new audit, planned. */
export const AuditCreateDataSchema = z
  .object({
    name: Name,
    siteId: IdSchema,
    locationIds: z.array(IdSchema).max(MAX_SCOPE_LOCATIONS).default([]),
    kinds: z.array(AssetKindSchema).max(2).default([]),
    categories: Categories.default([]),
    auditorIds: z.array(IdSchema).max(MAX_AUDITORS).default([]),
    dueOn: IsoDateSchema.nullable().default(null),
    notes: z.string().max(20_000).default(''),
  })
  .strict();
export type AuditCreateData = z.infer<typeof AuditCreateDataSchema>;

/** The stricter input rules of a patch's fields (a name is trimmed before its length is checked). */
export const AuditPatchInput = { name: Name, categories: Categories } as const;

/** The scope fields: changed only while the audit is planned (the snapshot is fixed when it starts). */
export const AUDIT_SCOPE_FIELDS = ['locationIds', 'kinds', 'categories'] as const;

/** One expected asset of a started audit, as the snapshot fixed it (classify.ts ExpectedAsset, with its audit and site). */
export const AuditExpectedSchema = z.object({
  id: IdSchema,
  auditId: IdSchema,
  assetId: IdSchema,
  tag: z.string().min(1).max(64),
  serial: z.string().max(128).nullable(),
  state: AssetStateSchema,
  locationId: IdSchema.nullable(),
  /** The audit's site (the scope). */
  siteId: IdSchema,
  rev: z.number().int().nonnegative(),
});
export type AuditExpected = z.infer<typeof AuditExpectedSchema>;

export const SCAN_CONDITIONS = ['good', 'worn', 'damaged', 'broken'] as const;
export const ScanConditionSchema = z.enum(SCAN_CONDITIONS);
export type ScanCondition = z.infer<typeof ScanConditionSchema>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex');

/** One scan of an audit: what was scanned where, what the device said, and the auditor's optional checks. */
export const AuditScanSchema = z.object({
  id: IdSchema,
  auditId: IdSchema,
  /**
   * The audit's site, set by the server (the scope); null only on the device until the server
   * has recorded the scan (as a new consumable movement's sites).
   */
  siteId: IdSchema.nullable(),
  /** Who scanned it, set by the server from who pushed it. */
  auditorId: IdSchema,
  /** Where the auditor was (the location scanned or picked first). */
  locationId: IdSchema,
  /** The code as scanned, and its comparison key (codes.ts codeKey). */
  code: z.string().min(1).max(MAX_CODE_LENGTH),
  key: z.string().min(1).max(MAX_CODE_LENGTH),
  /** The asset the code named on the device; null: unknown, or a serial several assets share. */
  assetId: IdSchema.nullable(),
  /** The verdict the device showed (classify.ts); merging works it out again from the snapshot. */
  verdict: z.enum(SCAN_VERDICTS),
  /** For an asset found elsewhere: move it here, or leave it where it is recorded; null: not asked or not answered. */
  move: z.enum(['move', 'leave']).nullable(),
  condition: ScanConditionSchema.nullable(),
  holderConfirmed: z.boolean().nullable(),
  /** A photo (an attachment's content hash), or null. */
  photoSha256: Sha256.nullable(),
  note: z.string().max(2000),
  scannedAt: TimestampSchema,
  /** Set by the server: the audit was already closed when the scan arrived. */
  late: z.boolean(),
  rev: z.number().int().nonnegative(),
});
export type AuditScan = z.infer<typeof AuditScanSchema>;

/** A scan as the device sends it (the server sets its site, auditor, key, time and lateness). */
export const AuditScanCreateDataSchema = z
  .object({
    auditId: IdSchema,
    locationId: IdSchema,
    code: z.string().trim().min(1, 'the code is empty').max(MAX_CODE_LENGTH),
    assetId: IdSchema.nullable().default(null),
    verdict: z.enum(SCAN_VERDICTS),
    move: z.enum(['move', 'leave']).nullable().default(null),
    condition: ScanConditionSchema.nullable().default(null),
    holderConfirmed: z.boolean().nullable().default(null),
    photoSha256: Sha256.nullable().default(null),
    note: z.string().max(2000).default(''),
  })
  .strict();
export type AuditScanCreateData = z.infer<typeof AuditScanCreateDataSchema>;

export const ReviewDecisionSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('move'), locationId: IdSchema }).strict(), z.object({ kind: z.literal('leave') }).strict()]);
export const UnknownDecisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('register') }).strict(),
  z.object({ kind: z.literal('dismiss'), reason: z.string().max(500) }).strict(),
]);

/** What a person does to an audit, as one action; it syncs as the creation of the audit's history event. */
export const AuditActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start'), auditId: IdSchema }).strict(),
  z
    .object({
      action: z.literal('close'),
      auditId: IdSchema,
      /** Expected assets not found that stay as they are while someone keeps looking. */
      stillSearching: z.array(IdSchema).max(100_000),
      /** For each asset set aside for review: move it, or leave it. */
      reviews: z.record(IdSchema, ReviewDecisionSchema),
      /** For each unknown code, by its key: register it, or dismiss it with a reason. */
      unknown: z.record(z.string().min(1).max(MAX_CODE_LENGTH), UnknownDecisionSchema),
      signature: SignatureSchema,
      signedName: z.string().trim().min(1, 'say who signed').max(200),
      notes: z.string().max(20_000),
    })
    .strict(),
  z.object({ action: z.literal('cancel'), auditId: IdSchema, reason: z.string().trim().min(1, 'cancelling an audit needs a reason').max(2000) }).strict(),
]);
export type AuditAction = z.infer<typeof AuditActionSchema>;

export const AUDIT_EVENT_KINDS = ['start', 'close', 'cancel'] as const;

/** One entry of an audit's history: who did what when, and the details (JSON: the decisions of a close, the reason of a cancel). */
export const AuditEventSchema = z.object({
  id: IdSchema,
  auditId: IdSchema,
  action: z.enum(AUDIT_EVENT_KINDS),
  actorId: IdSchema.nullable(),
  at: TimestampSchema,
  details: z.record(z.string(), z.unknown()),
  rev: z.number().int().nonnegative(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;
