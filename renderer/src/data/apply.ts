/**
 * How an op changes a record, used in two places so they always agree:
 * - repositories, to show a local change at once;
 * - the sync engine, to rebase pending changes onto a newer server record.
 * Derived fields follow the same shared rules the server applies (statusEffects).
 */
import type {
  AnyRecord,
  Asset,
  AssetInventory,
  Attachment,
  ConfigurationItem,
  EntityName,
  KnowledgeArticle,
  Task,
  Ticket,
  TicketLink,
  Worklog,
} from '@fielddesk/common/domain/entities';
import { ciTypeOf } from '@fielddesk/common/inventory/classify';
import { priorityFor } from '@fielddesk/common/itsm/config';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { statusEffects } from '@fielddesk/common/itsm/lifecycle';
import type { AssetInventoryCreateOp, OpInput } from '@fielddesk/common/sync/protocol';
import { recordKey, type RecordKey } from './db';

export interface ApplyContext {
  /** The signed-in user: the author of worklogs, tasks, links and articles made on this device. */
  userId: string;
}

/** The ticket an op is about (a ticket op, or a record of that ticket), or null (a standalone task, an article). */
export function ticketIdOf(op: OpInput): string | null {
  switch (op.entity) {
    case 'ticket':
      return op.id;
    case 'worklog':
    case 'attachment':
      return op.data.ticketId;
    case 'task':
    case 'ticket_link':
      return op.kind === 'create' ? op.data.ticketId : null;
    case 'knowledge_article':
    case 'asset_inventory':
      return null;
  }
}

/** The record after `op`, or undefined when the op cannot apply (e.g. the record is gone, or a link was deleted). */
export function applyOp(record: AnyRecord | undefined, op: OpInput, ctx: ApplyContext): AnyRecord | undefined {
  switch (op.entity) {
    case 'ticket':
      return op.kind === 'patch' ? patchTicket(record as Ticket | undefined, op.fields, op.clientTime) : (record ?? newTicket(op.id, op.data, op.clientTime));
    case 'worklog': {
      if (record) return record;
      const w: Worklog = { id: op.id, ...op.data, visibility: op.data.visibility ?? 'internal', authorId: ctx.userId, createdAt: op.clientTime, rev: 0 };
      return w;
    }
    case 'attachment': {
      if (record) return record;
      // The bytes are with the platform (desktop: main's upload queue); the server flips
      // `uploaded` once it holds them, and the next pull brings that.
      const a: Attachment = { id: op.id, ...op.data, authorId: ctx.userId, createdAt: op.clientTime, uploaded: false, rev: 0 };
      return a;
    }
    case 'task': {
      if (op.kind === 'create') {
        if (record) return record;
        const t: Task = {
          id: op.id,
          number: null,
          ticketId: op.data.ticketId ?? null,
          title: op.data.title,
          description: op.data.description ?? '',
          status: 'open',
          assigneeId: op.data.assigneeId ?? null,
          groupId: op.data.groupId ?? null,
          siteId: op.data.siteId ?? null,
          dueAt: op.data.dueAt ?? null,
          createdById: ctx.userId,
          createdAt: op.clientTime,
          updatedAt: op.clientTime,
          completedAt: null,
          rev: 0,
        };
        return t;
      }
      if (!record) return undefined;
      const task = record as Task;
      const next: Task = { ...task, ...op.fields, updatedAt: maxTime(task.updatedAt, op.clientTime) };
      if (op.fields.status && op.fields.status !== task.status) next.completedAt = op.fields.status === 'done' ? op.clientTime : null;
      return next;
    }
    case 'ticket_link': {
      if (op.kind === 'delete') return undefined;
      if (record) return record;
      const l: TicketLink = { id: op.id, ...op.data, authorId: ctx.userId, createdAt: op.clientTime, rev: 0 };
      return l;
    }
    case 'knowledge_article': {
      if (op.kind === 'create') {
        if (record) return record;
        const a: KnowledgeArticle = {
          id: op.id,
          number: null,
          title: op.data.title,
          body: op.data.body,
          category: op.data.category ?? '',
          tags: op.data.tags ?? [],
          published: op.data.published ?? false,
          authorId: ctx.userId,
          sourceTicketId: op.data.sourceTicketId ?? null,
          createdAt: op.clientTime,
          updatedAt: op.clientTime,
          rev: 0,
        };
        return a;
      }
      if (!record) return undefined;
      const article = record as KnowledgeArticle;
      return { ...article, ...op.fields, updatedAt: maxTime(article.updatedAt, op.clientTime) };
    }
    case 'asset_inventory':
      return inventoryFromOp(record as AssetInventory | undefined, op);
  }
}

type InventoryOp = Omit<AssetInventoryCreateOp, 'seq'>;

/**
 * The recorded inventory an asset_inventory op makes: the scan's summary becomes the asset's
 * latest inventory (one record per asset, its id the asset's). The server's receivedAt is not
 * known yet: the op's time stands in until the server answers.
 */
function inventoryFromOp(record: AssetInventory | undefined, op: InventoryOp): AssetInventory {
  return {
    id: op.id,
    assetId: op.id,
    configurationItemId: op.data.configurationItemId,
    source: 'fielddesk',
    deviceId: op.data.deviceId,
    scannedAt: op.data.scannedAt,
    receivedAt: op.clientTime,
    summary: op.data.summary,
    rev: record?.rev ?? 0,
  };
}

/**
 * Records other than the op's own that an op also changes on this device, by key: an
 * asset_inventory op writes its asset and its configuration item too. The sync engine rebases
 * a pulled copy of such a record with the op (applyOpTo), and drops the provisional copies when
 * the server refuses the op or records the device under another asset.
 */
export function relatedKeysOf(op: OpInput): RecordKey[] {
  if (op.entity !== 'asset_inventory') return [];
  return [recordKey('asset', op.id), recordKey('configuration_item', op.data.configurationItemId)];
}

/**
 * `applyOp` for any record an op touches: its own record (same entity and id) or one of its
 * related records (relatedKeysOf). A record the op does not touch comes back unchanged.
 */
export function applyOpTo(entity: EntityName, id: string, record: AnyRecord | undefined, op: OpInput, ctx: ApplyContext): AnyRecord | undefined {
  if (entity === op.entity && id === op.id) return applyOp(record, op, ctx);
  if (op.entity !== 'asset_inventory') return record;
  if (entity === 'asset' && id === op.id) return assetFromInventoryOp(record as Asset | undefined, op);
  if (entity === 'configuration_item' && id === op.data.configurationItemId) return ciFromInventoryOp(record as ConfigurationItem | undefined, op);
  return record;
}

/** A provisional tag, shown until the server numbers a new asset (e.g. "AST-new-3f9a0c"). */
export function provisionalAssetTag(assetId: string): string {
  return `AST-new-${assetId.replace(/-/g, '').slice(-6)}`;
}

/**
 * The asset as an inventory op leaves it: identity fields (serial, UUID, MACs, maker, model)
 * from the scan, inventoriedAt the scan time. A new asset takes the op's asset fields; an
 * existing one keeps its own (the server uses them only when it creates the asset).
 */
export function assetFromInventoryOp(asset: Asset | undefined, op: InventoryOp): Asset {
  const { summary } = op.data;
  const identity = {
    serial: summary.serial?.slice(0, 128) ?? asset?.serial ?? null,
    uuid: summary.uuid?.slice(0, 128) ?? asset?.uuid ?? null,
    macs: summary.macs.length > 0 ? summary.macs.slice(0, 256) : (asset?.macs ?? []),
    manufacturer: (summary.manufacturer ?? asset?.manufacturer)?.slice(0, 200) ?? null,
    model: (summary.model ?? asset?.model)?.slice(0, 200) ?? null,
    inventoriedAt: asset?.inventoriedAt && Date.parse(asset.inventoriedAt) > Date.parse(op.data.scannedAt) ? asset.inventoriedAt : op.data.scannedAt,
  };
  if (asset) return { ...asset, ...identity };
  const a = op.data.asset;
  return {
    id: op.id,
    tag: a.tag ?? provisionalAssetTag(op.id),
    name: a.name,
    type: a.type,
    status: a.status,
    siteId: a.siteId,
    locationId: a.locationId,
    assignedToId: null,
    ...identity,
    rev: 0,
  };
}

/** The configuration item as an inventory op leaves it: an existing one as it is, else a new active one of the device's kind. */
export function ciFromInventoryOp(ci: ConfigurationItem | undefined, op: InventoryOp): ConfigurationItem {
  if (ci) return ci.assetId === op.id ? ci : { ...ci, assetId: op.id };
  return {
    id: op.data.configurationItemId,
    name: op.data.asset.name,
    ciType: ciTypeOf(op.data.summary.itemtype),
    status: 'active',
    assetId: op.id,
    siteId: op.data.asset.siteId,
    description: '',
    rev: 0,
  };
}

type TicketCreate = Extract<OpInput, { entity: 'ticket'; kind: 'create' }>['data'];
type TicketPatch = Extract<OpInput, { entity: 'ticket'; kind: 'patch' }>['fields'];

/** A ticket as its create op makes it (before the server numbers it). */
export function newTicket(id: string, data: TicketCreate, at: string): Ticket {
  const impact = data.impact ?? 2;
  const urgency = data.urgency ?? 2;
  return {
    id,
    number: null,
    kind: data.kind,
    title: data.title,
    description: data.description ?? '',
    status: 'new',
    // Repositories always send the priority they showed; the default matrix is the last resort.
    priority: data.priority ?? priorityFor(DEFAULT_ITSM_CONFIG.priorityMatrix, impact, urgency),
    impact,
    urgency,
    category: data.category ?? '',
    subcategory: data.subcategory ?? '',
    requesterId: data.requesterId ?? null,
    assigneeId: data.assigneeId ?? null,
    groupId: data.groupId ?? null,
    siteId: data.siteId ?? null,
    locationId: data.locationId ?? null,
    onHoldReason: null,
    resolutionCode: null,
    resolutionNotes: null,
    createdAt: at,
    updatedAt: at,
    resolvedAt: null,
    closedAt: null,
    respondedAt: null,
    slaHolds: [],
    catalogItemId: data.catalogItemId ?? null,
    problemId: data.problemId ?? null,
    rootCause: data.rootCause ?? null,
    workaround: data.workaround ?? null,
    knownError: data.knownError ?? false,
    rev: 0,
  };
}

function patchTicket(ticket: Ticket | undefined, fields: TicketPatch, at: string): Ticket | undefined {
  if (!ticket) return undefined;
  const { status, ...rest } = fields;
  const next: Ticket = { ...ticket, ...rest, updatedAt: maxTime(ticket.updatedAt, at) };
  return status === undefined ? next : { ...next, ...statusEffects(ticket, status, at) };
}

/** The server record with pending ops re-applied on top, in order. */
export function rebase(server: AnyRecord | null | undefined, ops: readonly OpInput[], ctx: ApplyContext): AnyRecord | undefined {
  return ops.reduce<AnyRecord | undefined>((record, op) => applyOp(record, op, ctx), server ?? undefined);
}

export function entityOf(op: OpInput): EntityName {
  return op.entity;
}

function maxTime(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
