/**
 * "This device": scans of the machine the desktop app runs on, their local history, which
 * recorded asset the machine is, and registering or updating that asset from a scan.
 *
 * - `scan()` asks the platform (desktop: main's inventory worker; the web app refuses with
 *   'unavailable'), summarises the GLPI document (common/inventory/summary.ts) and keeps it in
 *   `deviceScans` with what changed since the previous scan of the same device. Only the
 *   latest few scans keep the whole document and software list, so the history stays small.
 *   One scan at a time: a second call while one runs gets the same answer.
 * - `matchDevice()` finds the asset with GLPI's rules (common/inventory/matching.ts) among the
 *   replica's assets, reading candidates through the asset indexes (serial, uuid, macs, name).
 * - `registerDevice()` is ONE transaction: the asset (new, or its identity fields updated),
 *   its configuration item (the asset's, or a new active one of the device's kind), the
 *   recorded inventory and the asset_inventory op in the outbox. Works offline; the server matches again when it
 *   gets the op (see reconcile.ts for an answer that names another asset).
 */
import { v7 as uuidv7 } from 'uuid';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SessionUser } from '@fielddesk/common/api/http';
import type { AssetState } from '@fielddesk/common/assets/lifecycle';
import type { Asset, AssetInventory, ConfigurationItem } from '@fielddesk/common/domain/entities';
import { diffInventory, type InventoryChange } from '@fielddesk/common/inventory/diff';
import { identityOf, matchAsset, MATCH_RULE_LABELS, type MatchRule } from '@fielddesk/common/inventory/matching';
import { summarizeGlpi, summaryIdentityFacts, type InventorySummary } from '@fielddesk/common/inventory/summary';
import { ApiError, type InventoryProgress, type LocalInventory, type Platform } from '@fielddesk/common/ipc/contract';
import { AssetInventoryCreateDataSchema } from '@fielddesk/common/sync/protocol';
import type { DeviceScanEntry, FieldDeskDb } from '../db';
import { assetFromInventoryOp, ciFromInventoryOp, provisionalAssetTag } from '../apply';
import { writeLocal } from './write';
import { firstIssue } from './rules';
import type { IntentResult } from './tickets';

/** Scans that keep their whole GLPI document and software list (the newest ones). */
export const FULL_SCANS_KEPT = 5;

export type DeviceScan = DeviceScanEntry;

/** What the screen shows while a scan runs, and how the last one ended. */
export interface ScanStatus {
  running: boolean;
  /** The latest progress event of the running scan (null before the first, and when idle). */
  progress: InventoryProgress | null;
  /** When the running (or last) scan started. */
  startedAt: string | null;
  /** Why the last scan failed, in words; null when it succeeded (or none ran yet). */
  error: string | null;
  /** The 'unavailable' / 'server' code of that failure, so a screen can tell "web app" from "broke". */
  errorCode: string | null;
  /** The id of the last scan stored. */
  lastScanId: string | null;
}

export type DeviceMatch =
  | {
      kind: 'matched';
      rule: MatchRule;
      /** "serial number and UUID", "MAC address", … */
      ruleLabel: string;
      asset: Asset;
      configurationItem: ConfigurationItem | null;
      /** The asset's recorded inventory, or null when none was ever recorded. */
      recorded: AssetInventory | null;
      /** Recorded → now; [] when nothing changed, and when there is no recorded inventory (see `note`). */
      changes: InventoryChange[];
      /** Says why `changes` is empty when there was nothing to compare with; else null. */
      note: string | null;
    }
  | { kind: 'ambiguous'; rule: MatchRule; ruleLabel: string; assets: Asset[] }
  | { kind: 'new' };

export interface RegisterDeviceInput {
  /** The stored scan to register (DeviceScan.id). */
  scanId: string;
  /**
   * The asset to update. Leave it out to use the match (a new asset when there is none); give it
   * to pick one of an ambiguous match's assets, or to record the device as an asset the rules
   * did not find.
   */
  assetId?: string;
  /** Used when a new asset is made (an existing asset keeps its own fields). tag null: the server numbers it. */
  asset: { name: string; tag: string | null; type: string; state: AssetState; substate: string | null; siteId: string | null; locationId: string | null };
}

export interface InventoryRepository {
  /** Scans this device now, stores the scan with its changes since the previous one, returns it. */
  scan(onProgress?: (progress: InventoryProgress) => void): Promise<DeviceScan>;
  /** Running/idle, progress, last error: `useStore(repo.scanStatus)` in a screen. */
  readonly scanStatus: StoreApi<ScanStatus>;
  /** The newest stored scan, or null. */
  latestScan(): Promise<DeviceScan | null>;
  /** Stored scans, newest first. */
  history(limit?: number): Promise<DeviceScan[]>;
  /** Which recorded asset a scanned device is (GLPI's rules over the replica's assets). */
  matchDevice(summary: InventorySummary): Promise<DeviceMatch>;
  /** Registers or updates the asset, its CI and its recorded inventory from a stored scan: one transaction, offline. */
  registerDevice(input: RegisterDeviceInput): Promise<IntentResult>;
}

export interface InventoryRepositoryContext {
  db: FieldDeskDb;
  userId: string;
  platform: Pick<Platform, 'scanInventory' | 'onEvent'>;
  /** The signed-in user (role and site decide what they may register); read from the replica when absent. */
  user?: Pick<SessionUser, 'role' | 'siteId'>;
  now?: () => Date;
}

const IDLE: ScanStatus = { running: false, progress: null, startedAt: null, error: null, errorCode: null, lastScanId: null };

function describeFailure(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Case and spelling variants a raw value may be stored with (indexes compare exactly). */
function variants(value: string | null | undefined): string[] {
  const v = value?.trim();
  if (!v) return [];
  return [...new Set([v, v.toLowerCase(), v.toUpperCase()])];
}

function macVariants(mac: string): string[] {
  const hex = mac.replace(/[:\-.\s]/g, '');
  if (!/^[0-9a-f]{12}$/i.test(hex)) return variants(mac);
  const pairs = hex.match(/../g)!;
  const forms = [pairs.join(':'), pairs.join('-'), hex, `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8)}`];
  return [...new Set([mac.trim(), ...forms.flatMap((f) => [f.toLowerCase(), f.toUpperCase()])])];
}

export function createInventoryRepository(ctx: InventoryRepositoryContext): InventoryRepository {
  const { db, platform } = ctx;
  const now = ctx.now ?? (() => new Date());
  const scanStatus = createStore<ScanStatus>(() => IDLE);
  let running: Promise<DeviceScan> | null = null;

  async function store(inventory: LocalInventory): Promise<DeviceScan> {
    const summary = summarizeGlpi(inventory.document);
    const deviceId = inventory.document.deviceid;
    return db.transaction('rw', db.deviceScans, async () => {
      const previous = await db.deviceScans.orderBy('scannedAt').reverse().filter((s) => s.deviceId === deviceId).first();
      const scan: DeviceScan = {
        id: uuidv7(),
        scannedAt: inventory.scannedAt,
        deviceId,
        summary,
        notes: inventory.notes,
        durationMs: inventory.durationMs,
        previousId: previous?.id ?? null,
        changes: previous ? diffInventory(previous.summary, summary) : [],
        document: inventory.document,
        trimmed: false,
      };
      await db.deviceScans.add(scan);
      // Older scans keep their summary's identity, hardware and changes; the document and the
      // software list (the bulk of a scan) only on the newest few.
      const older = await db.deviceScans.orderBy('scannedAt').reverse().offset(FULL_SCANS_KEPT).filter((s) => !s.trimmed).toArray();
      for (const s of older) await db.deviceScans.put({ ...s, document: null, summary: { ...s.summary, software: [] }, softwareCount: s.summary.software.length, trimmed: true });
      return scan;
    });
  }

  async function runScan(onProgress?: (progress: InventoryProgress) => void): Promise<DeviceScan> {
    const startedAt = now().toISOString();
    scanStatus.setState({ running: true, progress: null, startedAt, error: null, errorCode: null });
    const stop = platform.onEvent((event) => {
      if (event.type !== 'inventory-progress') return;
      scanStatus.setState({ progress: event.progress });
      onProgress?.(event.progress);
    });
    try {
      const inventory = await platform.scanInventory();
      const scan = await store(inventory);
      scanStatus.setState({ running: false, progress: null, lastScanId: scan.id });
      return scan;
    } catch (e) {
      scanStatus.setState({ running: false, progress: null, error: describeFailure(e), errorCode: e instanceof ApiError ? e.code : 'server' });
      throw e;
    } finally {
      stop();
    }
  }

  async function who(): Promise<Pick<SessionUser, 'role' | 'siteId'> | null> {
    if (ctx.user) return ctx.user;
    const person = await db.persons.get(ctx.userId);
    return person ? { role: person.role, siteId: person.siteId } : null;
  }

  async function candidates(summary: InventorySummary): Promise<Asset[]> {
    const facts = summaryIdentityFacts(summary);
    const found = new Map<string, Asset>();
    const add = (rows: Asset[]) => rows.forEach((a) => found.set(a.id, a));
    const serials = variants(facts.serial);
    const uuids = variants(facts.uuid?.replace(/^\{(.*)\}$/, '$1'));
    const macs = facts.macs.flatMap(macVariants);
    const names = variants(facts.name);
    // Case-insensitive index walks: the rules compare normalised values (identity.ts).
    if (serials.length) add(await db.assets.where('serial').anyOfIgnoreCase(serials).toArray());
    if (uuids.length) add(await db.assets.where('uuid').anyOfIgnoreCase(uuids).toArray());
    if (macs.length) add(await db.assets.where('macs').anyOfIgnoreCase(macs).toArray());
    if (names.length) add(await db.assets.where('name').anyOfIgnoreCase(names).toArray());
    return [...found.values()];
  }

  async function match(summary: InventorySummary): Promise<DeviceMatch> {
    const identity = identityOf(summaryIdentityFacts(summary));
    const result = matchAsset(identity, await candidates(summary));
    if (!result) return { kind: 'new' };
    if (result.kind === 'ambiguous') return { kind: 'ambiguous', rule: result.rule, ruleLabel: MATCH_RULE_LABELS[result.rule], assets: result.candidates };
    return matched(result.rule, result.candidate, summary);
  }

  async function configurationItemOf(assetId: string): Promise<ConfigurationItem | null> {
    const cis = await db.configurationItems.where('assetId').equals(assetId).toArray();
    // The CI that is in service, else any (a retired one is still the asset's history).
    return cis.find((c) => c.status !== 'retired') ?? cis[0] ?? null;
  }

  async function matched(rule: MatchRule, asset: Asset, summary: InventorySummary): Promise<DeviceMatch> {
    const recorded = (await db.assetInventories.get(asset.id)) ?? null;
    return {
      kind: 'matched',
      rule,
      ruleLabel: MATCH_RULE_LABELS[rule],
      asset,
      configurationItem: await configurationItemOf(asset.id),
      recorded,
      changes: recorded ? diffInventory(recorded.summary, summary) : [],
      note: recorded ? null : `Asset ${asset.tag} has no recorded inventory yet, so there is nothing to compare with: registering records this scan as its inventory.`,
    };
  }

  return {
    scanStatus,

    scan(onProgress) {
      if (running) {
        if (onProgress) {
          const stop = platform.onEvent((event) => {
            if (event.type === 'inventory-progress') onProgress(event.progress);
          });
          void running.then(stop, stop);
        }
        return running;
      }
      running = runScan(onProgress).finally(() => {
        running = null;
      });
      return running;
    },

    async latestScan() {
      return (await db.deviceScans.orderBy('scannedAt').last()) ?? null;
    },

    async history(limit = 50) {
      return db.deviceScans.orderBy('scannedAt').reverse().limit(limit).toArray();
    },

    matchDevice: match,

    async registerDevice(input) {
      const tables = [db.deviceScans, db.assets, db.configurationItems, db.assetInventories, db.sites, db.locations, db.persons, db.outbox, db.shadows];
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        const scan = await db.deviceScans.get(input.scanId);
        if (!scan) return { ok: false, reason: 'This scan is no longer on this device; scan again.' };
        if (scan.trimmed) return { ok: false, reason: 'Only one of the latest scans can be registered; scan again.' };
        const user = await who();
        if (!user) return { ok: false, reason: 'Your profile is not on this device yet; sync, then try again.' };
        if (user.role === 'requester') return { ok: false, reason: 'Only technicians, desk agents and admins register devices.' };

        const found = await match(scan.summary);
        let asset: Asset | undefined;
        if (input.assetId) {
          asset = await db.assets.get(input.assetId);
          if (!asset) return { ok: false, reason: 'The chosen asset is not on this device; sync, then try again.' };
          if (found.kind === 'matched' && found.asset.id !== asset.id) {
            return {
              ok: false,
              reason: `This device is already recorded as asset ${found.asset.tag} (${found.asset.name}), matched by ${found.ruleLabel}; update that asset instead.`,
            };
          }
        } else if (found.kind === 'ambiguous') {
          const tags = found.assets.map((a) => a.tag).join(', ');
          return { ok: false, reason: `This device matches ${found.assets.length} assets by ${found.ruleLabel} (${tags}); choose which one it is.` };
        } else if (found.kind === 'matched') {
          asset = found.asset;
        }

        // A technician's new asset without a site goes to their own (as the server does).
        const form = !asset && input.asset.siteId === null && user.role === 'technician' ? { ...input.asset, siteId: user.siteId } : input.asset;
        const siteId = asset ? asset.siteId : form.siteId;
        if (user.role === 'technician' && siteId !== user.siteId) {
          const site = siteId ? await db.sites.get(siteId) : undefined;
          const own = user.siteId ? await db.sites.get(user.siteId) : undefined;
          const where = site ? site.name : 'no site';
          return {
            ok: false,
            reason: own
              ? `Technicians register devices on their own site (${own.name}); this asset is on ${where}. Ask the service desk.`
              : `Technicians register devices on their own site, and you have none; this asset is on ${where}. Ask the service desk.`,
          };
        }
        if (!asset) {
          if (form.siteId && !(await db.sites.get(form.siteId))) return { ok: false, reason: 'The chosen site is not on this device; sync, then try again.' };
          if (form.locationId) {
            const location = await db.locations.get(form.locationId);
            if (!location) return { ok: false, reason: 'The chosen location is not on this device; sync, then try again.' };
            if (location.siteId !== form.siteId) return { ok: false, reason: `The location ${location.name} is not on the chosen site.` };
          }
        }

        const assetId = asset?.id ?? uuidv7();
        const ci = asset ? await configurationItemOf(asset.id) : null;
        const data = {
          configurationItemId: ci?.id ?? uuidv7(),
          asset: asset
            ? {
                name: asset.name,
                // An asset registered here and not yet numbered shows a provisional tag: the server numbers it.
                tag: asset.rev === 0 && asset.tag === provisionalAssetTag(asset.id) ? null : asset.tag,
                type: asset.type || input.asset.type,
                state: asset.state,
                substate: asset.substate,
                siteId: asset.siteId,
                locationId: asset.locationId,
              }
            : form,
          deviceId: scan.deviceId,
          scannedAt: scan.scannedAt,
          summary: scan.summary,
        };
        const parsed = AssetInventoryCreateDataSchema.safeParse(data);
        if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'asset') };

        const at = now().toISOString();
        const before = await db.assetInventories.get(assetId);
        const op = { entity: 'asset_inventory' as const, kind: 'create' as const, id: assetId, data: parsed.data, clientTime: at };
        const entry = await writeLocal(db, ctx.userId, before, op);
        // The asset and its CI as the op leaves them (the same functions rebase them after a pull).
        await db.assets.put(assetFromInventoryOp(asset, entry.op as typeof op & { opId: string }));
        await db.configurationItems.put(ciFromInventoryOp(ci ?? undefined, entry.op as typeof op & { opId: string }));
        return { ok: true, id: assetId, opId: entry.opId };
      });
    },
  };
}
