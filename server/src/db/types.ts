/**
 * The server's database schema as Kysely sees it: one `Database` type for SQLite and
 * PostgreSQL alike. Column names are snake_case; db/records.ts maps rows to the domain
 * records of common/domain/entities.ts.
 *
 * Conventions that hold on both engines:
 * - ids are UUID text; timestamps of domain records are ISO-8601 text (Date#toISOString);
 * - `rev` is the global change sequence number of the row's last write (see db/revs.ts);
 * - bookkeeping times (sessions, login throttling) are epoch milliseconds.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface MetaTable {
  key: string;
  value: string;
}

/** One row (id = 1): the highest rev whose transaction has committed. */
export interface ChangeSequenceTable {
  id: number;
  last_rev: number;
}

export interface SiteTable {
  id: string;
  code: string;
  name: string;
  time_zone: string;
  address: string;
  rev: number;
}

export interface LocationTable {
  id: string;
  site_id: string;
  name: string;
  rev: number;
}

export interface GroupTable {
  id: string;
  name: string;
  rev: number;
}

export interface PersonTable {
  id: string;
  username: string;
  display_name: string;
  email: string;
  role: 'technician' | 'agent' | 'admin' | 'requester';
  site_id: string | null;
  rev: number;
  /** Bumped by triggers when the person's site, role or groups change (pull scope resets). */
  scope_version: Generated<number>;
}

export interface PersonGroupTable {
  person_id: string;
  group_id: string;
}

export interface CredentialTable {
  person_id: string;
  algorithm: 'scrypt';
  salt: string;
  hash: string;
  n: number;
  r: number;
  p: number;
  key_len: number;
  updated_at: string;
}

export interface SessionTable {
  /** sha256 (hex) of the bearer/cookie token; the token itself is never stored. */
  token_hash: string;
  person_id: string;
  csrf_token: string;
  client: 'desktop' | 'web';
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

/** A person's calendar subscription address (calendar/feed.ts): only the token's sha256 (hex) is kept. Not synced. */
export interface CalendarFeedTable {
  person_id: string;
  token_hash: string;
  /** ISO timestamp of the address's creation or last reset. */
  created_at: string;
}

/** Failed sign-ins per key ("user:<name>" or "ip:<address>"), shared by all server processes. */
export interface LoginAttemptTable {
  key: string;
  failures: number;
  first_failure_at: number;
  last_failure_at: number;
  locked_until: number | null;
}

export interface TicketTable {
  id: string;
  number: string | null;
  kind: 'incident' | 'service_request' | 'problem';
  title: string;
  description: string;
  status: 'new' | 'assigned' | 'in_progress' | 'on_hold' | 'resolved' | 'closed';
  priority: number;
  category: string;
  requester_id: string | null;
  assignee_id: string | null;
  group_id: string | null;
  site_id: string | null;
  location_id: string | null;
  on_hold_reason: string | null;
  resolution_code: string | null;
  resolution_notes: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  closed_at: string | null;
  /** 1 = high … 3 = low; priority follows the matrix when either changes (common/itsm/config.ts). */
  impact: number;
  urgency: number;
  subcategory: string;
  responded_at: string | null;
  /** JSON array of {from, to} hold periods (common/domain/entities.ts HoldPeriod). */
  sla_holds: string;
  catalog_item_id: string | null;
  /** Incidents: the problem ticket they are linked to. */
  problem_id: string | null;
  root_cause: string | null;
  workaround: string | null;
  /** 1 = the problem is a known error, 0 = not. */
  known_error: number;
  rev: number;
  /**
   * JSON object: field name -> rev of the write that last changed it (three-way merge), and
   * under "@writers": clientId -> the fields whose last change came from its push (sync/apply.ts).
   */
  field_revs: string;
}

/** A task (common/domain/entities.ts Task); merged per field like tickets (field_revs). */
export interface TaskTable {
  id: string;
  number: string | null;
  ticket_id: string | null;
  title: string;
  description: string;
  status: 'open' | 'in_progress' | 'done' | 'cancelled';
  assignee_id: string | null;
  group_id: string | null;
  site_id: string | null;
  due_at: string | null;
  created_by_id: string;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  /** As tickets.field_revs. */
  field_revs: string;
  rev: number;
}

/** A ticket's link to an asset, CI or article; unique per (ticket, target); a delete leaves a tombstone. */
export interface TicketLinkTable {
  id: string;
  ticket_id: string;
  target_entity: 'asset' | 'configuration_item' | 'knowledge_article';
  target_id: string;
  author_id: string;
  created_at: string;
  rev: number;
}

/** A relation between two configuration items (common/entities/ci-relation.ts). */
export interface CiRelationTable {
  id: string;
  from_id: string;
  to_id: string;
  type: string;
  author_id: string | null;
  created_at: string;
  rev: number;
}

/** A vendor (common/entities/vendor.ts). */
export interface VendorTable {
  id: string;
  name: string;
  contact_name: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  notes: string;
  created_at: string;
  updated_at: string;
  /** As tickets.field_revs. */
  field_revs: string;
  rev: number;
}

/** A contract with a vendor (common/entities/contract.ts); dates YYYY-MM-DD, cost in cents. */
export interface ContractTable {
  id: string;
  name: string;
  reference: string | null;
  kind: string;
  vendor_id: string;
  starts_on: string;
  ends_on: string;
  renewal: string;
  notice_days: number;
  cost_cents: number;
  currency: string;
  notes: string;
  created_by_id: string | null;
  created_at: string;
  updated_at: string;
  field_revs: string;
  rev: number;
}

/** A purchase order (common/entities/purchase-order.ts). */
export interface PurchaseOrderTable {
  id: string;
  number: string;
  vendor_id: string;
  site_id: string;
  ordered_on: string;
  expected_on: string | null;
  reference: string;
  notes: string;
  created_by_id: string | null;
  created_at: string;
  updated_at: string;
  field_revs: string;
  rev: number;
}

/** A line of a purchase order (common/entities/purchase-order-line.ts). */
export interface PurchaseOrderLineTable {
  id: string;
  order_id: string;
  model_id: string | null;
  description: string;
  quantity: number;
  unit_cost_cents: number;
  tag_pattern: string | null;
  field_revs: string;
  rev: number;
}

/** The receipt of a purchase order line (common/entities/order-receipt.ts); one per line. */
export interface OrderReceiptTable {
  id: string;
  order_id: string;
  line_id: string;
  /** JSON array of the ids of the assets it made. */
  asset_ids: string;
  location_id: string | null;
  received_on: string;
  received_by_id: string | null;
  created_at: string;
  rev: number;
}

/** An asset a contract covers (common/entities/contract-asset.ts). */
export interface ContractAssetTable {
  id: string;
  contract_id: string;
  asset_id: string;
  added_by_id: string | null;
  created_at: string;
  rev: number;
}

/** A configuration item a change request affects (common/entities/change-ci.ts). */
/** An on-site asset audit (common/entities/audit.ts); migration 0016. JSON text: the scope lists, summary. */
export interface AuditTable {
  id: string;
  number: string;
  name: string;
  site_id: string;
  location_ids: Generated<string>;
  kinds: Generated<string>;
  categories: Generated<string>;
  auditor_ids: Generated<string>;
  due_on: string | null;
  state: string;
  started_at: string | null;
  started_by_id: string | null;
  closed_at: string | null;
  closed_by_id: string | null;
  expected_count: number | null;
  summary: string | null;
  signature: string | null;
  signed_name: string | null;
  notes: Generated<string>;
  created_by_id: string | null;
  created_at: string;
  updated_at: string;
  field_revs: Generated<string>;
  rev: number;
}

/** One expected asset of a started audit (common/entities/audit-expected.ts); migration 0016. */
export interface AuditExpectedTable {
  id: string;
  audit_id: string;
  asset_id: string;
  tag: string;
  serial: string | null;
  state: string;
  location_id: string | null;
  site_id: string;
  rev: number;
}

/** One scan of an audit (common/entities/audit-scan.ts); migration 0016, its details' field_revs 0017. */
export interface AuditScanTable {
  id: string;
  audit_id: string;
  site_id: string;
  auditor_id: string;
  location_id: string;
  code: string;
  key: string;
  asset_id: string | null;
  verdict: string;
  move: string | null;
  condition: string | null;
  /** JSON: true, false, or null (not asked). */
  holder_confirmed: string | null;
  photo_sha256: string | null;
  note: Generated<string>;
  scanned_at: string;
  late: Generated<number>;
  rev: number;
  /** As tickets.field_revs: the details its auditor added (migration 0017). */
  field_revs: Generated<string>;
}

/** One entry of an audit's history (common/entities/audit-event.ts); migration 0016. */
export interface AuditEventTable {
  id: string;
  audit_id: string;
  action: string;
  actor_id: string | null;
  at: string;
  details: Generated<string>;
  rev: number;
}

export interface ChangeCiTable {
  id: string;
  change_id: string;
  configuration_item_id: string;
  added_by_id: string | null;
  created_at: string;
  rev: number;
}

/** A software licence (common/entities/licence.ts). */
export interface LicenceTable {
  id: string;
  name: string;
  publisher: string | null;
  seats: number;
  kind: string;
  vendor_id: string | null;
  contract_id: string | null;
  product_key: string | null;
  purchased_on: string | null;
  expires_on: string | null;
  cost_cents: number | null;
  currency: string;
  notes: string;
  created_at: string;
  updated_at: string;
  field_revs: string;
  rev: number;
}

/** A seat of a licence given to an asset or a person (common/entities/licence-seat.ts). */
export interface LicenceSeatTable {
  id: string;
  licence_id: string;
  target_kind: 'asset' | 'person';
  target_id: string;
  assigned_by_id: string | null;
  created_at: string;
  rev: number;
}

/** A consumables catalog item (common/entities/consumable.ts); reorder_rules as JSON. */
export interface ConsumableTable {
  id: string;
  name: string;
  category: string;
  manufacturer: string;
  part_number: string;
  unit: string;
  reorder_rules: string;
  created_at: string;
  updated_at: string;
  /** As tickets.field_revs. */
  field_revs: string;
  rev: number;
}

/** One stock movement of a consumable (common/entities/consumable-movement.ts); append-only. */
export interface ConsumableMovementTable {
  id: string;
  item_id: string;
  kind: 'received' | 'issued' | 'adjusted' | 'transferred';
  quantity: number;
  location_id: string;
  to_location_id: string | null;
  /** {"kind":"person"|"asset","id":…} as JSON, for an issue. */
  issued_to: string | null;
  direction: 'add' | 'remove' | null;
  reason: string | null;
  site_id: string;
  to_site_id: string | null;
  author_id: string | null;
  at: string;
  rev: number;
}

/** One line of a ticket's history, written by the server as it applies a change. */
export interface TicketEventTable {
  id: string;
  ticket_id: string;
  type: 'created' | 'status' | 'assignee' | 'group' | 'priority' | 'problem' | 'reopened';
  from_value: string | null;
  to_value: string | null;
  actor_id: string;
  at: string;
  recorded_at: string;
  rev: number;
}

/** The one ITSM configuration row: `config` is ItsmConfig without id and rev, as JSON. */
export interface ItsmConfigTable {
  id: string;
  config: string;
  rev: number;
}

export interface WorklogTable {
  id: string;
  ticket_id: string;
  author_id: string;
  body: string;
  minutes: number;
  visibility: 'internal' | 'public';
  created_at: string;
  rev: number;
}

export interface AssetTable {
  id: string;
  tag: string;
  serial: string | null;
  name: string;
  /** 'hardware' | 'non_it'; migration 0011. */
  kind: Generated<string>;
  model_id: string | null;
  model: string | null;
  manufacturer: string | null;
  type: string;
  /** The lifecycle state and substate (common/assets/lifecycle.ts); migration 0011, instead of `status`. */
  state: string;
  substate: string | null;
  site_id: string | null;
  location_id: string | null;
  /** JSON check-out target ({kind, id}) while checked out; migration 0011. */
  checked_out_to: string | null;
  assigned_to_id: string | null;
  /** The hardware UUID as inventoried, normalised (common/inventory/identity.ts normaliseUuid); migration 0005. */
  uuid: string | null;
  /** JSON array of the identifying MACs as inventoried (lookups go through asset_macs); migration 0005. */
  macs: Generated<string>;
  /** When the server last recorded an inventory of the asset; migration 0005. */
  inventoried_at: string | null;
  vendor_id: string | null;
  purchased_on: string | null;
  cost_cents: number | null;
  warranty_ends_on: string | null;
  order_line_id: string | null;
  notes: Generated<string>;
  /** The day of the last closed audit that saw it; migration 0016. */
  last_audited_on: string | null;
  /** As tickets.field_revs; migration 0011. */
  field_revs: Generated<string>;
  rev: number;
}

/** An asset model (common/entities/asset-model.ts); migration 0011. */
export interface AssetModelTable {
  id: string;
  name: string;
  manufacturer: string;
  category: string;
  kind: string;
  type: string;
  life_months: number | null;
  warranty_months: number | null;
  /** JSON object label → value. */
  fields: string;
  field_revs: Generated<string>;
  rev: number;
}

/** One entry of an asset's history (common/assets/actions.ts AssetEvent); migration 0011. */
export interface AssetEventTable {
  id: string;
  asset_id: string;
  kind: string;
  actor_id: string | null;
  at: string;
  from_state: string | null;
  from_substate: string | null;
  to_state: string | null;
  to_substate: string | null;
  from_location_id: string | null;
  to_location_id: string | null;
  /** JSON check-out target or null. */
  target: string | null;
  checkout_id: string | null;
  reason: string;
  rev: number;
}

/** A check-out of an asset (common/assets/actions.ts AssetCheckout); migration 0011. */
export interface AssetCheckoutTable {
  id: string;
  asset_id: string;
  /** JSON check-out target. */
  target: string;
  checked_out_on: string;
  expected_return_on: string | null;
  acceptance_required: number;
  checked_out_at: string;
  checked_out_by_id: string | null;
  accepted_at: string | null;
  signature: string | null;
  signed_name: string | null;
  checked_in_at: string | null;
  checked_in_by_id: string | null;
  rev: number;
}

/** One normalised MAC of an asset (common/inventory/identity.ts normaliseMac): the MAC rule's index. */
export interface AssetMacTable {
  asset_id: string;
  mac: string;
}

/**
 * The latest inventory of an asset (AssetInventory record; `id` is the asset's id). `site_id`
 * is the asset's, kept equal by a trigger on assets (migration 0005), so the record follows
 * its asset's scope in pull and scope_moves.
 */
export interface AssetInventoryTable {
  id: string;
  configuration_item_id: string | null;
  site_id: string | null;
  source: 'fielddesk' | 'glpi_agent' | 'fusioninventory' | 'ocsinventory';
  device_id: string | null;
  scanned_at: string;
  received_at: string;
  /** InventorySummary as JSON. */
  summary: string;
  rev: number;
}

/** Every inventory document ever received, as received (decompressed text), for audit and re-processing. */
export interface InventoryDocumentTable {
  id: string;
  asset_id: string;
  source: 'fielddesk' | 'glpi_agent' | 'fusioninventory' | 'ocsinventory';
  device_id: string | null;
  itemtype: string;
  received_at: string;
  /** Size of `document` in bytes (UTF-8). */
  bytes: number;
  document: string;
}

/** The software installed on an asset, per its latest inventory (replaced at each one). */
export interface SoftwareInstallTable {
  asset_id: string;
  name: string;
  version: string | null;
  publisher: string | null;
}

export interface ConfigurationItemTable {
  id: string;
  name: string;
  ci_type: string;
  status: 'planned' | 'active' | 'maintenance' | 'retired';
  asset_id: string | null;
  site_id: string | null;
  description: string;
  rev: number;
}

export interface KnowledgeArticleTable {
  id: string;
  number: string | null;
  title: string;
  body: string;
  category: string;
  /** JSON array of strings. */
  tags: string;
  /** 1 = published, 0 = draft (visible to its author, admins and agents only). */
  published: number;
  author_id: string | null;
  /** The ticket the article was written from. */
  source_ticket_id: string | null;
  created_at: string;
  updated_at: string;
  rev: number;
  /** As tickets.field_revs; defaults to '{}' (no field changed since creation). */
  field_revs: Generated<string>;
}

/** A change request (common/changes/records.ts); merged per field (field_revs). */
export interface ChangeTable {
  id: string;
  number: string | null;
  type: string;
  title: string;
  description: string;
  reason: string;
  category: string;
  status: string;
  risk: string;
  risk_answers: string;
  risk_why: string;
  window_start: string;
  window_end: string;
  downtime_minutes: number | null;
  implementation_plan: string;
  backout_plan: string;
  test_plan: string;
  site_id: string | null;
  owner_id: string | null;
  assignee_id: string | null;
  group_id: string | null;
  template_id: string | null;
  release_id: string | null;
  outcome: string | null;
  review_notes: string;
  problem_id: string | null;
  created_at: string;
  updated_at: string;
  field_revs: string;
  rev: number;
}

export interface ChangeEventTable {
  id: string;
  change_id: string;
  action: string;
  from_state: string;
  to_state: string;
  actor_id: string | null;
  at: string;
  reason: string;
  rev: number;
}

export interface ChangeWindowTable {
  id: string;
  name: string;
  kind: string;
  enforcement: string;
  time_zone: string;
  starts_on: string;
  start_time: string;
  duration_minutes: number;
  rrule: string | null;
  ci_ids: string;
  service_ids: string;
  site_ids: string;
  notes: string;
  updated_at: string;
  field_revs: string;
  rev: number;
}

export interface ReleaseTable {
  id: string;
  number: string | null;
  name: string;
  state: string;
  window_start: string;
  window_end: string;
  owner_id: string | null;
  notes: string;
  updated_at: string;
  field_revs: string;
  rev: number;
}

export interface CabMeetingTable {
  id: string;
  name: string;
  group_id: string;
  time_zone: string;
  starts_on: string;
  start_time: string;
  duration_minutes: number;
  rrule: string | null;
  agenda: string;
  notes: string;
  updated_at: string;
  field_revs: string;
  rev: number;
}

/** Written by the server alone (common/approvals/records.ts). */
export interface ApprovalTable {
  id: string;
  subject: string;
  record_id: string;
  record_label: string;
  site_id: string | null;
  rule_label: string;
  group_id: string | null;
  quorum: string;
  approver_ids: string;
  manager_ids: string;
  requester_id: string | null;
  allow_self_approval: number;
  state: string;
  approvals: number;
  rejections: number;
  needed: number;
  decided_at: string | null;
  decided_by: string | null;
  requested_at: string;
  rev: number;
}

export interface ApprovalVoteTable {
  id: string;
  approval_id: string;
  voter_id: string;
  choice: string;
  comment: string;
  cast_at: string;
  late: number;
  counted: number;
  note: string;
  site_id: string | null;
  rev: number;
}

/** The synced record of an attachment; the bytes are stored by sha256 under the data directory. */
export interface AttachmentTable {
  id: string;
  ticket_id: string;
  sha256: string;
  file_name: string;
  mime_type: string;
  size: number;
  kind: 'file' | 'photo' | 'signature';
  author_id: string;
  created_at: string;
  /** 1 once the server holds the verified bytes. */
  uploaded: number;
  rev: number;
}

/**
 * Who has uploaded the bytes of a file (proved they hold them): the file may be tied to that
 * person's attachment records (attachments/ownership.ts).
 */
export interface AttachmentUploadTable {
  sha256: string;
  person_id: string;
  uploaded_at: string;
}

/**
 * Written by triggers (migrations 0002, 0004, 0005; since 0009 by createScopeMoveJsonTrigger)
 * when a row's scope columns change: the old values, at the row's new rev. Pull sends a delete
 * to users who could see the old values but cannot see the record now (sync/scope.ts).
 */
export interface ScopeMoveTable {
  entity: string;
  id: string;
  rev: number;
  /**
   * The old values of the table's scope columns, as JSON text: {<table column>: <old value>}
   * (the columns of the entity's scope rule, `scopeColumns` of its declaration; 0/1 flags as
   * numbers). Every trigger writes it; null only in a row written by hand.
   */
  old_scope: string | null;
}

export interface TicketCounterTable {
  kind: string;
  last_number: number;
}

export interface SyncClientTable {
  client_id: string;
  person_id: string;
  last_seq: number;
  created_at: string;
  last_seen_at: string;
}

export interface SyncOpTable {
  client_id: string;
  op_id: string;
  seq: number;
  person_id: string;
  status: 'applied' | 'conflict' | 'rejected';
  /** The OpResult answered when the op was first applied, as JSON, without record bodies (sync/push.ts storedResult). */
  result: string;
  applied_at: string;
}

/** One clashing field of a pushed op (sync/apply.ts), kept for audit. Values are JSON text. */
export interface SyncConflictTable {
  client_id: string;
  op_id: string;
  field: string;
  person_id: string;
  entity: string;
  record_id: string;
  local_value: string;
  server_value: string;
  /** Why the client's value could not apply, when there is more to say than "both changed it". */
  reason: string | null;
  created_at: string;
}

export interface TombstoneTable {
  entity: string;
  id: string;
  rev: number;
  deleted_at: string;
}

export interface Database {
  meta: MetaTable;
  change_sequence: ChangeSequenceTable;
  sites: SiteTable;
  locations: LocationTable;
  groups: GroupTable;
  persons: PersonTable;
  person_groups: PersonGroupTable;
  credentials: CredentialTable;
  sessions: SessionTable;
  login_attempts: LoginAttemptTable;
  tickets: TicketTable;
  worklogs: WorklogTable;
  assets: AssetTable;
  asset_models: AssetModelTable;
  asset_events: AssetEventTable;
  asset_checkouts: AssetCheckoutTable;
  configuration_items: ConfigurationItemTable;
  knowledge_articles: KnowledgeArticleTable;
  changes: ChangeTable;
  change_events: ChangeEventTable;
  change_windows: ChangeWindowTable;
  releases: ReleaseTable;
  cab_meetings: CabMeetingTable;
  approvals: ApprovalTable;
  approval_votes: ApprovalVoteTable;
  attachments: AttachmentTable;
  attachment_uploads: AttachmentUploadTable;
  scope_moves: ScopeMoveTable;
  ticket_counters: TicketCounterTable;
  sync_clients: SyncClientTable;
  sync_ops: SyncOpTable;
  sync_conflicts: SyncConflictTable;
  tombstones: TombstoneTable;
  tasks: TaskTable;
  ticket_links: TicketLinkTable;
  ci_relations: CiRelationTable;
  consumables: ConsumableTable;
  consumable_movements: ConsumableMovementTable;
  vendors: VendorTable;
  contracts: ContractTable;
  contract_assets: ContractAssetTable;
  change_cis: ChangeCiTable;
  audits: AuditTable;
  audit_expected: AuditExpectedTable;
  audit_scans: AuditScanTable;
  audit_events: AuditEventTable;
  licences: LicenceTable;
  licence_seats: LicenceSeatTable;
  purchase_orders: PurchaseOrderTable;
  purchase_order_lines: PurchaseOrderLineTable;
  order_receipts: OrderReceiptTable;
  ticket_events: TicketEventTable;
  itsm_config: ItsmConfigTable;
  asset_macs: AssetMacTable;
  asset_inventories: AssetInventoryTable;
  inventory_documents: InventoryDocumentTable;
  software_installs: SoftwareInstallTable;
  calendar_feeds: CalendarFeedTable;
}

export type TicketRow = Selectable<TicketTable>;
export type NewTicketRow = Insertable<TicketTable>;
export type TicketRowUpdate = Updateable<TicketTable>;
export type TaskRow = Selectable<TaskTable>;
export type PersonRow = Selectable<PersonTable>;
export type SessionRow = Selectable<SessionTable>;
