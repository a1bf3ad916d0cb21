/**
 * Records a received inventory in the CMDB: the one write path for inventories, whoever sent
 * them (GLPI Agent, FusionInventory agent — inventory/agent-*.ts — or the desktop app's push
 * op, sync/ops/asset-inventory.ts).
 *
 * 1. Identity: the summary's identity facts, junk dropped (common/inventory: summaryIdentityFacts,
 *    identityOf), and the recorded assets that share any of them, found through indexes
 *    (upper(serial), uuid, lower(name), asset_macs) — never a scan of every asset.
 * 2. Matching: GLPI's rule order (common/inventory/matching.ts matchAsset). Ambiguous (the
 *    deciding rule finds several assets): nothing is written, AmbiguousInventoryError says
 *    which rule and which asset tags.
 * 3. Writing, in ONE transaction (store.write; a failure leaves nothing behind), every row at
 *    the next rev of the change sequence:
 *    - matched: the asset's identity is refreshed from the inventory — serial, uuid and MACs
 *      (the identifying ones) when the inventory has real (non-junk) values, model and
 *      manufacturer when it reports them, `inventoriedAt` always. The asset's name, tag, type,
 *      state, site, location and holder are what people decided and stay as they are (the
 *      name is filled in only when the asset has none). Its configuration item is created
 *      when it has none;
 *    - new: an asset numbered by the server (FD-nnnnnn, after the highest tag given), its type
 *      from the chassis or item type, state in use, site and location from the caller's
 *      hint (none for an agent), and its configuration item (ciType from the item type);
 *    - the asset_inventories record (the latest summary; id = the asset's id) is upserted, the
 *      document itself is added to inventory_documents (every one is kept), and the asset's
 *      software_installs rows are replaced (in bulk; skipped when the software list did not
 *      change);
 *    - the guests a host reports are related to it ("virtualized by"; inventory/virtualization.ts).
 * 4. Partial inventories (GLPI Agent's `partial: true`, a few sections only): the sections the
 *    document carries replace the recorded ones; the others keep their recorded values.
 *
 * Callers must have validated the transport (size, compression, format); this module checks
 * the summary against its schema and refuses a bad one with InventoryInputError.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { newAsset } from '@fielddesk/common/assets/new-asset';
import { ciStatusOf, type AssetStateFields } from '@fielddesk/common/assets/lifecycle';
import type { Asset, AssetInventory, ConfigurationItem, InventorySource } from '@fielddesk/common/domain/entities';
import { identityOf, isAnonymous, matchAsset, MATCH_RULE_LABELS, type AssetIdentity, type MatchRule } from '@fielddesk/common/inventory/matching';
import { assetTypeOf, ciTypeOf } from '@fielddesk/common/inventory/classify';
import { normaliseSerial } from '@fielddesk/common/inventory/identity';
import { InventorySummarySchema, summaryIdentityFacts, type InventorySummary } from '@fielddesk/common/inventory/summary';
import { describeZodError } from '@fielddesk/common/sync/protocol';
import type { AppContext } from '../context';
import type { StoreKind, WriteTx } from '../db/database';
import { assetFromRow, assetInventoryFromRow, assetInventoryToRow, assetToRow, configurationItemFromRow, configurationItemToRow } from '../db/records';
import type { Database } from '../db/types';
import { bulkInsert } from '../sync/bulk';
import { cleanDeep } from '../http/text';
import { relateGuests } from './virtualization';

/** The parts of a summary a partial inventory may carry (see glpiPartialSections). */
export const SUMMARY_SECTIONS = ['os', 'cpus', 'disks', 'networks', 'software', 'virtualMachines'] as const;
export type SummarySection = (typeof SUMMARY_SECTIONS)[number];

/** An inventory as received, once the transport is undone (decompressed, parsed, summarized). */
export interface ReceivedInventory {
  source: InventorySource;
  /** The agent's device id (GLPI `deviceid`), or null when the sender has none. */
  deviceId: string | null;
  /** GLPI item type: Computer, Phone, Printer, NetworkEquipment, … */
  itemtype: string;
  summary: InventorySummary;
  /** The document as received, decompressed (JSON or XML text): kept in inventory_documents. */
  document: string;
  /** When the device was scanned (ISO-8601; the agent's clock). */
  scannedAt: string;
  /**
   * A partial inventory: the summary sections it carries (the others keep their recorded
   * values). Absent or null: a full inventory. See glpiPartialSections.
   */
  partialSections?: readonly SummarySection[] | null;
  /**
   * The agent's TAG setting. When it is a site's code (any case), a device the inventory
   * creates goes to that site — GLPI's way of placing an agent's machines (its entity rules
   * read the tag), so the machines of a site's agents are seen by that site's technicians.
   */
  agentTag?: string | null;
}

/** What the caller knows about where a device is, for an asset the inventory creates. */
export interface AssetHint {
  siteId?: string | null;
  locationId?: string | null;
  /** The state a new asset gets; in use (no one holds it yet) when not said. */
  state?: AssetStateFields;
}

export interface RecordOptions {
  /** Used only when the inventory creates an asset. */
  assetHint?: AssetHint;
}

export interface RecordedInventory {
  assetId: string;
  configurationItemId: string | null;
  /** True when the inventory created the asset. */
  created: boolean;
  /** The rule that matched the asset; null when it was created (or named by the caller). */
  rule: MatchRule | null;
  /** The id of the stored document (inventory_documents). */
  inventoryId: string;
}

/** The deciding matching rule found several assets: nothing was written. */
export class AmbiguousInventoryError extends Error {
  override readonly name = 'AmbiguousInventoryError';
  constructor(
    readonly rule: MatchRule,
    readonly assets: readonly { id: string; tag: string }[],
  ) {
    super(
      `The inventory matches ${assets.length} assets by ${MATCH_RULE_LABELS[rule]} (${assets.map((a) => a.tag).join(', ')}); nothing was recorded. Tell the assets apart (fix the duplicated ${MATCH_RULE_LABELS[rule]}) and send it again.`,
    );
  }
}

/** The inventory itself is unusable (its summary fails the schema, a bad time, …): nothing was written. */
export class InventoryInputError extends Error {
  override readonly name = 'InventoryInputError';
}

/** An asset row with its identity facts, as matching sees it. */
export interface AssetCandidate {
  id: string;
  tag: string;
  siteId: string | null;
  serial: string | null;
  uuid: string | null;
  macs: string[];
  name: string | null;
}

/**
 * The summary sections a GLPI native document carries when it is a partial inventory
 * (`partial: true`), or null for a full one. GLPI Agent sends partial inventories with the
 * changed sections only (plus bios and hardware, for identity).
 */
export function glpiPartialSections(document: unknown): SummarySection[] | null {
  if (!document || typeof document !== 'object') return null;
  const doc = document as { partial?: unknown; content?: unknown };
  if (doc.partial !== true && doc.partial !== 1 && doc.partial !== 'true') return null;
  const content = doc.content && typeof doc.content === 'object' ? (doc.content as Record<string, unknown>) : {};
  const keys: Record<string, SummarySection> = { operatingsystem: 'os', cpus: 'cpus', storages: 'disks', networks: 'networks', softwares: 'software', virtualmachines: 'virtualMachines' };
  return Object.entries(keys).flatMap(([key, section]) => (key in content ? [section] : []));
}

/** A partial summary over the recorded one: carried sections replace, the rest is kept. */
export function mergePartialSummary(previous: InventorySummary | null, next: InventorySummary, sections: readonly SummarySection[]): InventorySummary {
  if (!previous) return next;
  const has = (s: SummarySection) => sections.includes(s);
  return {
    ...next,
    name: next.name ?? previous.name,
    serial: next.serial ?? previous.serial,
    uuid: next.uuid ?? previous.uuid,
    macs: has('networks') ? next.macs : previous.macs,
    manufacturer: next.manufacturer ?? previous.manufacturer,
    model: next.model ?? previous.model,
    chassisType: next.chassisType ?? previous.chassisType,
    assetTag: next.assetTag ?? previous.assetTag,
    memoryMb: next.memoryMb ?? previous.memoryMb,
    virtualization: next.virtualization ?? previous.virtualization,
    os: has('os') ? next.os : previous.os,
    cpus: has('cpus') ? next.cpus : previous.cpus,
    disks: has('disks') ? next.disks : previous.disks,
    networks: has('networks') ? next.networks : previous.networks,
    software: has('software') ? next.software : previous.software,
    ...((has('virtualMachines') ? next.virtualMachines : previous.virtualMachines) !== undefined && {
      virtualMachines: has('virtualMachines') ? next.virtualMachines : previous.virtualMachines,
    }),
  };
}

/** A device an agent or a technician's app reports is in use, though nobody is recorded as holding it yet. */
const DISCOVERED_STATE: AssetStateFields = { state: 'in_use', substate: null };

const SOURCE_LABELS: Record<InventorySource, string> = {
  fielddesk: 'FieldDesk',
  glpi_agent: 'GLPI Agent',
  fusioninventory: 'FusionInventory agent',
  ocsinventory: 'OCS Inventory agent',
};

/** Asset tags the server gives: FD-000401 (the demo seed's tags are FD-000001 …). */
export const ASSET_TAG_PREFIX = 'FD-';
const formatAssetTag = (n: number) => `${ASSET_TAG_PREFIX}${String(n).padStart(6, '0')}`;
const ASSET_COUNTER = 'asset';

/**
 * The next server-given asset tag, inside the caller's write transaction: a counter in
 * ticket_counters (kind 'asset') that starts after the highest FD- tag already given and
 * skips a tag someone typed in by hand.
 */
export async function nextAssetTag(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('ticket_counters').select('last_number').where('kind', '=', ASSET_COUNTER).executeTakeFirst();
  let n: number;
  if (row) n = Number(row.last_number) + 1;
  else {
    const tags = await db.selectFrom('assets').select('tag').where('tag', 'like', `${ASSET_TAG_PREFIX}%`).execute();
    n = Math.max(0, ...tags.map((t) => Number(/^FD-(\d+)$/.exec(t.tag)?.[1] ?? 0))) + 1;
  }
  while (await db.selectFrom('assets').select('id').where('tag', '=', formatAssetTag(n)).executeTakeFirst()) n++;
  await db
    .insertInto('ticket_counters')
    .values({ kind: ASSET_COUNTER, last_number: n })
    .onConflict((oc) => oc.column('kind').doUpdateSet({ last_number: n }))
    .execute();
  return formatAssetTag(n);
}

/** Parses asset.macs (JSON array); a damaged value counts as none. */
function macsOf(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((m): m is string => typeof m === 'string') : [];
  } catch {
    return [];
  }
}

/** The recorded assets sharing any identity fact with the device, through the indexes. */
export async function findCandidates(db: Kysely<Database>, identity: AssetIdentity): Promise<AssetCandidate[]> {
  if (isAnonymous(identity)) return [];
  const rows = await db
    .selectFrom('assets')
    .select(['id', 'tag', 'site_id', 'serial', 'uuid', 'macs', 'name'])
    .where((eb) => {
      const ors = [];
      if (identity.serial) ors.push(eb(sql<string>`upper(serial)`, '=', identity.serial));
      if (identity.uuid) ors.push(eb('uuid', '=', identity.uuid));
      if (identity.name) ors.push(eb(sql<string>`lower(name)`, '=', identity.name));
      if (identity.macs.length > 0) ors.push(eb('id', 'in', eb.selectFrom('asset_macs').select('asset_id').where('mac', 'in', identity.macs)));
      return eb.or(ors);
    })
    .execute();
  return rows.map((r) => ({ id: r.id, tag: r.tag, siteId: r.site_id, serial: r.serial, uuid: r.uuid, macs: macsOf(r.macs), name: r.name }));
}

export type InventoryMatch = { kind: 'matched'; rule: MatchRule; asset: AssetCandidate } | { kind: 'ambiguous'; rule: MatchRule; assets: AssetCandidate[] } | null;

/** Which recorded asset the summary describes (GLPI's rules), read inside the caller's transaction. */
export async function matchInventory(db: Kysely<Database>, summary: InventorySummary): Promise<InventoryMatch> {
  const identity = identityOf(summaryIdentityFacts(summary));
  const result = matchAsset(identity, await findCandidates(db, identity));
  if (!result) return null;
  return result.kind === 'matched' ? { kind: 'matched', rule: result.rule, asset: result.candidate } : { kind: 'ambiguous', rule: result.rule, assets: result.candidates };
}

/** Where an inventory goes: an existing asset, or a new one with these fields. */
export type InventoryTarget =
  | { kind: 'existing'; assetId: string; rule: MatchRule | null; configurationItemId?: string | null; touchCi?: boolean }
  | {
      kind: 'new';
      assetId?: string;
      configurationItemId?: string;
      asset?: { name?: string | null; tag?: string | null; type?: string | null; state?: AssetStateFields; siteId?: string | null; locationId?: string | null };
    };

/** Everything one recording wrote, for answers that carry records (the push op). */
export interface InventoryWrite {
  recorded: RecordedInventory;
  asset: Asset;
  configurationItem: ConfigurationItem;
  inventory: AssetInventory;
}

/** Validates the input; throws InventoryInputError naming the problem. */
export function checkReceived(input: ReceivedInventory): InventorySummary {
  const parsed = InventorySummarySchema.safeParse(input.summary);
  if (!parsed.success) throw new InventoryInputError(`The inventory summary is not valid: ${describeZodError(parsed.error)}`);
  if (!Number.isFinite(Date.parse(input.scannedAt))) throw new InventoryInputError(`The scan time "${input.scannedAt}" is not a valid timestamp.`);
  if (!input.itemtype.trim()) throw new InventoryInputError('The inventory has no item type.');
  return parsed.data;
}

const sameSoftware = (a: InventorySummary['software'], b: InventorySummary['software']) =>
  a.length === b.length && a.every((s, i) => s.name === b[i]?.name && s.version === b[i]?.version && s.publisher === b[i]?.publisher);

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Writes an inventory onto its target inside the caller's write transaction (no matching
 * here: see matchInventory). Throws InventoryInputError for a target that cannot be written
 * (a tag already used, an unknown site or location); every check comes before the first write.
 */
export async function writeInventory(tx: WriteTx, kind: StoreKind, input: ReceivedInventory, target: InventoryTarget, nowIso: string): Promise<InventoryWrite> {
  const { db } = tx;
  const incoming = checkReceived(input);

  let asset: Asset;
  let previous: AssetInventory | null = null;
  let created = false;
  if (target.kind === 'existing') {
    const row = await db.selectFrom('assets').selectAll().where('id', '=', target.assetId).executeTakeFirst();
    if (!row) throw new InventoryInputError(`The asset ${target.assetId} does not exist.`);
    asset = assetFromRow(row);
    const prevRow = await db.selectFrom('asset_inventories').selectAll().where('id', '=', asset.id).executeTakeFirst();
    previous = prevRow ? assetInventoryFromRow(prevRow) : null;
  } else {
    const fields = target.asset ?? {};
    const siteId = fields.siteId ?? null;
    const locationId = fields.locationId ?? null;
    if (siteId && !(await db.selectFrom('sites').select('id').where('id', '=', siteId).executeTakeFirst())) throw new InventoryInputError(`The site ${siteId} does not exist.`);
    if (locationId) {
      const location = await db.selectFrom('locations').select('site_id').where('id', '=', locationId).executeTakeFirst();
      if (!location) throw new InventoryInputError(`The location ${locationId} does not exist.`);
      if (siteId && location.site_id !== siteId) throw new InventoryInputError("The location is not at the asset's site.");
    }
    const id = target.assetId ?? randomUUID();
    if (await db.selectFrom('assets').select('id').where('id', '=', id).executeTakeFirst()) throw new InventoryInputError(`An asset with the id ${id} already exists.`);
    const tag = fields.tag?.trim() || null;
    if (tag && (await db.selectFrom('assets').select('id').where('tag', '=', tag).executeTakeFirst())) {
      throw new InventoryInputError(`The asset tag ${tag} is already used by another asset.`);
    }
    asset = newAsset({
      id,
      tag: tag ?? (await nextAssetTag(db)),
      name: fields.name?.trim() || incoming.name || input.deviceId || '',
      model: incoming.model ?? null,
      manufacturer: incoming.manufacturer ?? null,
      type: fields.type?.trim() || assetTypeOf(input.itemtype, incoming),
      ...(fields.state ?? DISCOVERED_STATE),
      siteId,
      locationId,
      rev: 0,
    });
    if (!asset.name) asset.name = asset.tag;
    created = true;
  }

  const summary = input.partialSections && previous ? mergePartialSummary(previous.summary, incoming, input.partialSections) : incoming;
  const identity = identityOf(summaryIdentityFacts(summary));

  // The asset's identity from the inventory (see the module comment for what is kept).
  const serial = summary.serial && normaliseSerial(summary.serial) ? summary.serial.trim() : asset.serial;
  const macs = identity.macs.length > 0 ? identity.macs : asset.macs;
  const macsChanged = macs.length !== asset.macs.length || macs.some((m, i) => m !== asset.macs[i]);
  asset = {
    ...asset,
    serial,
    uuid: identity.uuid ?? asset.uuid,
    macs,
    model: summary.model ?? asset.model,
    manufacturer: summary.manufacturer ?? asset.manufacturer,
    name: asset.name || summary.name || asset.tag,
    inventoriedAt: nowIso,
    rev: await tx.nextRev(),
  };
  const assetRow = assetToRow(asset);
  if (created) await db.insertInto('assets').values(assetRow).execute();
  else {
    const { id: _id, ...changes } = assetRow;
    await db.updateTable('assets').set(changes).where('id', '=', asset.id).execute();
  }
  if (created || macsChanged) {
    if (!created) await db.deleteFrom('asset_macs').where('asset_id', '=', asset.id).execute();
    if (macs.length > 0) await db.insertInto('asset_macs').values(macs.map((mac) => ({ asset_id: asset.id, mac }))).execute();
  }

  // The configuration item: the asset's own, or a new one.
  const ciRow = created ? undefined : await db.selectFrom('configuration_items').selectAll().where('asset_id', '=', asset.id).orderBy('id').executeTakeFirst();
  let ci: ConfigurationItem;
  if (ciRow) {
    ci = configurationItemFromRow(ciRow);
    if (target.kind === 'existing' && target.touchCi) {
      ci = { ...ci, rev: await tx.nextRev() };
      await db.updateTable('configuration_items').set({ rev: ci.rev }).where('id', '=', ci.id).execute();
    }
  } else {
    let ciId = target.configurationItemId ?? null;
    if (ciId && (await db.selectFrom('configuration_items').select('id').where('id', '=', ciId).executeTakeFirst())) ciId = null;
    const described = [asset.manufacturer, asset.model].filter(Boolean).join(' ');
    ci = {
      id: ciId ?? randomUUID(),
      name: asset.name,
      ciType: ciTypeOf(input.itemtype),
      status: ciStatusOf(asset.state),
      assetId: asset.id,
      siteId: asset.siteId,
      description: `${described || 'Device'} (asset ${asset.tag}), registered from an inventory by ${SOURCE_LABELS[input.source]}.`,
      rev: await tx.nextRev(),
    };
    await db.insertInto('configuration_items').values(configurationItemToRow(ci)).execute();
  }

  const inventory: AssetInventory = {
    id: asset.id,
    assetId: asset.id,
    configurationItemId: ci.id,
    source: input.source,
    deviceId: input.deviceId,
    scannedAt: new Date(Date.parse(input.scannedAt)).toISOString(),
    receivedAt: nowIso,
    summary,
    rev: await tx.nextRev(),
  };
  const inventoryRow = assetInventoryToRow(inventory, asset.siteId);
  if (previous) {
    const { id: _id, ...changes } = inventoryRow;
    await db.updateTable('asset_inventories').set(changes).where('id', '=', asset.id).execute();
  } else {
    await db.insertInto('asset_inventories').values(inventoryRow).execute();
  }

  const documentId = randomUUID();
  await db
    .insertInto('inventory_documents')
    .values({
      id: documentId,
      asset_id: asset.id,
      source: input.source,
      device_id: input.deviceId,
      itemtype: input.itemtype,
      received_at: nowIso,
      bytes: byteLength(input.document),
      document: input.document,
    })
    .execute();

  if (!previous || !sameSoftware(previous.summary.software, summary.software)) {
    if (previous) await db.deleteFrom('software_installs').where('asset_id', '=', asset.id).execute();
    await bulkInsert(tx.db, kind, {
      table: 'software_installs',
      columns: ['asset_id', 'name', 'version', 'publisher'],
      rows: summary.software.map((s) => ({ asset_id: asset.id, name: s.name, version: s.version, publisher: s.publisher })),
    });
  }

  // The guests it reports become its CI's relations (inventory/virtualization.ts).
  await relateGuests(tx, ci, summary, nowIso);

  return {
    recorded: { assetId: asset.id, configurationItemId: ci.id, created, rule: target.kind === 'existing' ? target.rule : null, inventoryId: documentId },
    asset,
    configurationItem: ci,
    inventory,
  };
}

/** What recordInventory needs of the running server (an AppContext will do). */
export interface InventoryContext {
  store: AppContext['store'];
  changes: Pick<AppContext['changes'], 'notify'>;
  config: Pick<AppContext['config'], 'now'>;
}

/** The site whose code is the agent's tag (case does not matter), or null. */
async function siteOfAgentTag(db: Kysely<Database>, tag: string | null | undefined): Promise<string | null> {
  const code = tag?.trim();
  if (!code) return null;
  const site = await db.selectFrom('sites').select('id').where(sql<string>`lower(code)`, '=', code.toLowerCase()).executeTakeFirst();
  return site?.id ?? null;
}

/**
 * Matches and records one received inventory in its own write transaction, then pokes
 * clients. Throws AmbiguousInventoryError (nothing written) when the deciding rule finds
 * several assets, InventoryInputError when the input is unusable.
 */
export async function recordInventory(ctx: InventoryContext, received: ReceivedInventory, options: RecordOptions = {}): Promise<RecordedInventory> {
  // Text the stores cannot hold alike (NUL, lone surrogates) is cleaned by the one rule of
  // http/text.ts before anything is matched or stored, so SQLite and PostgreSQL hold the same.
  const input = cleanDeep(received);
  const summary = checkReceived(input);
  const written = await ctx.store.write(async (tx) => {
    const nowIso = new Date(ctx.config.now()).toISOString();
    const match = await matchInventory(tx.db, summary);
    if (match?.kind === 'ambiguous') throw new AmbiguousInventoryError(match.rule, match.assets.map((a) => ({ id: a.id, tag: a.tag })));
    const siteId = options.assetHint?.siteId ?? (match ? null : await siteOfAgentTag(tx.db, input.agentTag));
    const target: InventoryTarget = match
      ? { kind: 'existing', assetId: match.asset.id, rule: match.rule }
      : { kind: 'new', asset: { siteId, locationId: options.assetHint?.locationId ?? null, state: options.assetHint?.state } };
    return writeInventory(tx, ctx.store.kind, input, target, nowIso);
  });
  ctx.changes.notify();
  return written.recorded;
}
