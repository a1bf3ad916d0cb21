/**
 * The local replica: one Dexie (IndexedDB) database per server and user, so two people
 * sharing a machine, or one person using two servers, never see each other's data.
 *
 * Entity tables hold what screens show: the server's record with this device's pending
 * (unsynced) changes applied on top. `shadows` keeps the server's own copy of each record
 * that has pending changes, so a refused change can be rolled back and a pull can be
 * rebased. `outbox` is the only way a change leaves the device (see outbox.ts).
 */
import type { AssetCheckout, AssetEvent } from '@fielddesk/common/assets/actions';
import type { AssetModel } from '@fielddesk/common/entities/asset-model';
import Dexie, { type Table } from 'dexie';
import type {
  AnyRecord,
  Asset,
  AssetInventory,
  Attachment,
  ConfigurationItem,
  EntityName,
  Group,
  KnowledgeArticle,
  Location,
  Person,
  Site,
  Task,
  Ticket,
  TicketEvent,
  TicketLink,
  Worklog,
} from '@fielddesk/common/domain/entities';
import type { CiRelation } from '@fielddesk/common/entities/ci-relation';
import type { InventoryChange } from '@fielddesk/common/inventory/diff';
import type { InventorySummary } from '@fielddesk/common/inventory/summary';
import type { LocalInventory } from '@fielddesk/common/ipc/contract';
import type { ItsmConfig } from '@fielddesk/common/itsm/config';
import type { OpInput } from '@fielddesk/common/sync/protocol';
import type { ChangeRequest } from '@fielddesk/common/changes/records';
import { ENTITIES, replicaStore, type ReplicaTableName } from '@fielddesk/common/entities/registry';
import { REPLICA_VERSION } from './replica-schema';

/** `${entity}:${id}`: how the outbox, shadows and sync notices name a record. */
export type RecordKey = string;

export function recordKey(entity: EntityName, id: string): RecordKey {
  return `${entity}:${id}`;
}

export type OutboxState = 'pending' | 'sending';

export interface OutboxEntry {
  /** Auto-increment: the order ops were made in; also the op's protocol `seq`. */
  seq?: number;
  opId: string;
  recordKey: RecordKey;
  /** The op without its seq (the seq is this entry's key). */
  op: OpInput;
  /** 'sending' once a push carrying it was attempted (it may or may not have arrived); the entry
   *  stays until the server has answered for it. */
  state: OutboxState;
  attempts: number;
  createdAt: string;
}

export interface ShadowEntry {
  key: RecordKey;
  /** The record as last seen from the server; null when the record was made on this device. */
  record: AnyRecord | null;
}

/**
 * Schema v1's conflict row: one per op, with all clashing fields. Kept only so the v2
 * upgrade can split old rows into FieldConflictEntry rows; nothing writes it any more.
 */
export interface ConflictEntry {
  opId: string;
  recordKey: RecordKey;
  entity: EntityName;
  recordId: string;
  /** Fields both sides changed. */
  fields: string[];
  /** The values this device wanted for those fields (kept for the technician to resolve). */
  local: Record<string, unknown>;
  /** The server's record, which the replica now shows. */
  server: AnyRecord;
  detectedAt: string;
  resolved: 0 | 1;
}

/**
 * One field both this device and the server changed differently (see common/sync/merge.ts).
 * The replica shows the server's value; the technician decides on the conflicts screen.
 */
export interface FieldConflictEntry {
  /** `${opId}:${field}` */
  id: string;
  opId: string;
  recordKey: RecordKey;
  entity: EntityName;
  recordId: string;
  field: string;
  /** The value this device wanted. */
  local: unknown;
  /** The server's value when the conflict was detected. */
  server: unknown;
  detectedAt: string;
  resolved: 0 | 1;
  /** How it was settled: 'mine' (local value re-sent), 'server' (server value kept), 'edited'. */
  resolution?: 'mine' | 'server' | 'edited';
  resolvedAt?: string;
}

export function fieldConflictId(opId: string, field: string): string {
  return `${opId}:${field}`;
}

export interface RejectionEntry {
  opId: string;
  recordKey: RecordKey;
  entity: EntityName;
  recordId: string;
  /** The refused op, kept whole so nothing the technician did is silently lost. */
  op: OpInput;
  reason: string;
  rejectedAt: string;
  acknowledged: 0 | 1;
}

export interface MetaValues {
  clientId: string;
  cursor: string;
  lastSyncAt: string;
  serverUrl: string;
  sessionUser: { id: string; username: string; displayName: string };
}
export type MetaKey = keyof MetaValues;
export interface MetaEntry {
  key: MetaKey;
  value: MetaValues[MetaKey];
}

/**
 * A queue filter the user saved (features/queue defines `definition`). Local to this device
 * and user: it never syncs.
 */
export interface SavedFilterEntry {
  id: string;
  ownerId: string;
  name: string;
  definition: unknown;
  createdAt: string;
}

/**
 * One scan of the machine this app runs on (desktop only): the local history of "This device".
 * Never synced; what reaches the server is the asset_inventory op made when the device is
 * registered. The whole GLPI document is kept on the latest scans only (see
 * repositories/inventory.ts), the summary and the changes on all of them.
 */
export interface DeviceScanEntry {
  /** UUIDv7: sorts by time of the scan. */
  id: string;
  scannedAt: string;
  /** The GLPI device id of the machine (stable across scans). */
  deviceId: string;
  summary: InventorySummary;
  /** Sections whose probe failed or ran out of time. */
  notes: LocalInventory['notes'];
  durationMs: number;
  /** The scan this one is compared with (the one before it), or null for the first. */
  previousId: string | null;
  /** What changed since the previous scan ([] for the first, and when nothing changed). */
  changes: InventoryChange[];
  /** The GLPI inventory as discovered; null once the scan is no longer among the latest few. */
  document: LocalInventory['document'] | null;
  /**
   * True once the scan left the latest few: its document is dropped and its summary's software
   * list emptied (softwareCount says how many titles it had); identity, hardware and changes stay.
   */
  trimmed: boolean;
  softwareCount?: number;
}

export class FieldDeskDb extends Dexie {
  tickets!: Table<Ticket, string>;
  worklogs!: Table<Worklog, string>;
  persons!: Table<Person, string>;
  sites!: Table<Site, string>;
  locations!: Table<Location, string>;
  groups!: Table<Group, string>;
  assets!: Table<Asset, string>;
  assetModels!: Table<AssetModel, string>;
  assetEvents!: Table<AssetEvent, string>;
  assetCheckouts!: Table<AssetCheckout, string>;
  configurationItems!: Table<ConfigurationItem, string>;
  ciRelations!: Table<CiRelation, string>;
  knowledgeArticles!: Table<KnowledgeArticle, string>;
  changes!: Table<ChangeRequest, string>;
  attachments!: Table<Attachment, string>;
  tasks!: Table<Task, string>;
  ticketLinks!: Table<TicketLink, string>;
  ticketEvents!: Table<TicketEvent, string>;
  itsmConfig!: Table<ItsmConfig, string>;
  savedFilters!: Table<SavedFilterEntry, string>;
  assetInventories!: Table<AssetInventory, string>;
  deviceScans!: Table<DeviceScanEntry, string>;
  outbox!: Table<OutboxEntry, number>;
  shadows!: Table<ShadowEntry, string>;
  /** Schema v1 only (emptied into fieldConflicts by the v2 upgrade). */
  conflicts!: Table<ConflictEntry, string>;
  fieldConflicts!: Table<FieldConflictEntry, string>;
  rejections!: Table<RejectionEntry, string>;
  meta!: Table<MetaEntry, string>;

  constructor(name: string) {
    super(name);
    this.version(1).stores({
      tickets: 'id, status, assigneeId, groupId, siteId, updatedAt, number',
      worklogs: 'id, ticketId, createdAt',
      persons: 'id, username',
      sites: 'id',
      locations: 'id, siteId',
      groups: 'id',
      assets: 'id, tag, serial, siteId, locationId, assignedToId',
      outbox: '++seq, &opId, recordKey, state',
      shadows: 'key',
      conflicts: 'opId, recordKey, detectedAt, resolved',
      rejections: 'opId, recordKey, rejectedAt, acknowledged',
      meta: 'key',
    });
    // v2 (issue 3): CMDB, knowledge, changes and attachments; conflicts one row per field.
    // Only new tables: IndexedDB keeps every existing row (outbox, shadows, meta, records).
    this.version(2)
      .stores({
        configurationItems: 'id, siteId, assetId, ciType, status',
        knowledgeArticles: 'id, number, category, updatedAt',
        changes: 'id, number, status, windowStart, windowEnd, siteId',
        attachments: 'id, ticketId, sha256, createdAt',
        fieldConflicts: 'id, opId, recordKey, detectedAt, resolved',
      })
      .upgrade(async (tx) => {
        const old = (await tx.table('conflicts').toArray()) as ConflictEntry[];
        const rows: FieldConflictEntry[] = [];
        for (const c of old) {
          const fields = c.fields.length > 0 ? c.fields : Object.keys(c.local);
          for (const field of fields) {
            rows.push({
              id: fieldConflictId(c.opId, field),
              opId: c.opId,
              recordKey: c.recordKey,
              entity: c.entity,
              recordId: c.recordId,
              field,
              local: c.local[field] ?? null,
              server: (c.server as unknown as Record<string, unknown>)[field] ?? null,
              detectedAt: c.detectedAt,
              resolved: c.resolved,
            });
          }
        }
        if (rows.length) await tx.table('fieldConflicts').bulkPut(rows);
      });
    // v3: the big tables keep only the indexes a query uses. Every index is written for every
    // record put, so unused ones slowed the first download (100,000 records) for nothing.
    // tickets.status: the status views (and the sync bench); the queue filters in memory.
    // A later screen that queries by another field adds its index in a new version.
    this.version(3).stores({
      tickets: 'id, status',
      assets: 'id',
      configurationItems: 'id',
    });
    // v4 (issue 4): tasks, ticket links and history, the ITSM configuration, saved filters;
    // tickets.problemId lists a problem's incidents (null is not indexed, so it costs little).
    // Records pulled before v4 lack the new fields: they get neutral values now (so screens can
    // show them at once), and the cursor goes back to "0" so the next sync brings the server's.
    this.version(4)
      .stores({
        tickets: 'id, status, problemId',
        tasks: 'id, ticketId, assigneeId, status',
        ticketLinks: 'id, ticketId, targetId',
        ticketEvents: 'id, ticketId',
        itsmConfig: 'id',
        savedFilters: 'id, ownerId',
      })
      .upgrade(async (tx) => {
        await tx.table('tickets').toCollection().modify((t: Partial<Ticket>) => {
          t.impact ??= 2;
          t.urgency ??= 2;
          t.subcategory ??= '';
          t.respondedAt ??= t.status === 'new' ? null : (t.updatedAt ?? null);
          t.slaHolds ??= [];
          t.catalogItemId ??= null;
          t.problemId ??= null;
          t.rootCause ??= null;
          t.workaround ??= null;
          t.knownError ??= false;
        });
        await tx.table('worklogs').toCollection().modify((w: Partial<Worklog>) => {
          w.visibility ??= 'internal';
        });
        await tx.table('knowledgeArticles').toCollection().modify((a: Partial<KnowledgeArticle>) => {
          a.sourceTicketId ??= null;
          a.createdAt ??= a.updatedAt;
        });
        if (await tx.table('meta').get('cursor')) await tx.table('meta').put({ key: 'cursor', value: '0' });
      });
    // v5 (issue 5): the inventory of each asset as last recorded, this device's own scans, and
    // asset indexes for matching a device to an asset (serial, uuid, every MAC, name) without
    // reading every asset; configurationItems.assetId finds an asset's CI. Assets pulled before v5 lack the identity fields: neutral values now,
    // and the cursor goes back to "0" so the next sync brings the server's (and its inventories).
    this.version(5)
      .stores({
        assets: 'id, serial, uuid, *macs, name',
        configurationItems: 'id, assetId',
        assetInventories: 'id, assetId',
        deviceScans: 'id, scannedAt, deviceId',
      })
      .upgrade(async (tx) => {
        await tx.table('assets').toCollection().modify((a: Partial<Asset>) => {
          a.uuid ??= null;
          a.macs ??= [];
          a.inventoriedAt ??= null;
        });
        if (await tx.table('meta').get('cursor')) await tx.table('meta').put({ key: 'cursor', value: '0' });
      });
    // The latest version: the entity tables as the declarations say, the local tables as below.
    // Versions up to 5 stay as history for the upgrades they carry.
    this.version(REPLICA_VERSION).stores(latestStores());
  }

  /** The table holding one entity's records. */
  tableFor(entity: EntityName): Table<AnyRecord, string> {
    // Dexie makes every table of the schema a property of the database, declared above or not.
    return (this as unknown as Record<string, Table<AnyRecord, string>>)[ENTITY_TABLES[entity]]!;
  }

  /** Every entity table (for transactions that touch records of any kind). */
  entityTables(): Table<AnyRecord, string>[] {
    return Object.values(ENTITY_TABLES).map((name) => (this as unknown as Record<string, Table<AnyRecord, string>>)[name]!);
  }
}

/** The replica table of each entity (from the declarations, common/entities/). */
export const ENTITY_TABLES = Object.fromEntries(ENTITIES.map((e) => [e.name, e.replica.table])) as Record<EntityName, ReplicaTableName>;

/** The tables of this device only (never synced), at the latest version. */
export const LOCAL_STORES = {
  savedFilters: 'id, ownerId',
  deviceScans: 'id, scannedAt, deviceId',
  outbox: '++seq, &opId, recordKey, state',
  shadows: 'key',
  conflicts: 'opId, recordKey, detectedAt, resolved',
  fieldConflicts: 'id, opId, recordKey, detectedAt, resolved',
  rejections: 'opId, recordKey, rejectedAt, acknowledged',
  meta: 'key',
} as const;

export { REPLICA_SCHEMA_DIGEST, REPLICA_VERSION } from './replica-schema';

/** A digest of a version's stores (table and index definitions), to see when they change. */
export function storesDigest(stores: Record<string, string>): string {
  return hash53(JSON.stringify(Object.entries(stores).sort(([a], [b]) => a.localeCompare(b))));
}

/** Every table of the latest version: the declared entity tables, then the local ones. */
export function latestStores(): Record<string, string> {
  return { ...Object.fromEntries(ENTITIES.map((e) => [e.replica.table, replicaStore(e)])), ...LOCAL_STORES };
}

/** Normalises a server address so that "https://X/" and "https://x" name one database. */
export function normalizeServerUrl(serverUrl: string): string {
  try {
    const url = new URL(serverUrl);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return serverUrl.trim().replace(/\/+$/, '').toLowerCase();
  }
}

/** cyrb53: a small, stable, non-cryptographic string hash (only used to name databases). */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** `fielddesk:<hash of server address>:<user id>` */
export function databaseName(serverUrl: string, userId: string): string {
  return `fielddesk:${hash53(normalizeServerUrl(serverUrl))}:${userId}`;
}

const open = new Map<string, FieldDeskDb>();

/** The replica of one user on one server; one instance per name for the page's lifetime. */
export function openWorkspaceDb(serverUrl: string, userId: string): FieldDeskDb {
  const name = databaseName(serverUrl, userId);
  let db = open.get(name);
  if (!db) {
    db = new FieldDeskDb(name);
    open.set(name, db);
  }
  return db;
}
