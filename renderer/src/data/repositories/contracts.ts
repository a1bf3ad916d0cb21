/**
 * Vendors, contracts and the assets a contract covers, on this device. Each change is ONE
 * Dexie transaction (record + outbox op). Before writing, the server's rules are checked over
 * the replica in its words (common/assets/contracts.ts): only desk staff and admins add or
 * change vendors and contracts; a contract's dates, notice period and cost (checkContract, on
 * the record as it would be after the change); an asset covered twice (checkCoverage); an
 * asset or contract that is not on this device.
 */
import type { Table } from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { SessionUser } from '@fielddesk/common/api/http';
import { checkContract, checkCoverage, ONLY_DESK_CONTRACTS, ONLY_DESK_VENDORS } from '@fielddesk/common/assets/contracts';
import type { Asset } from '@fielddesk/common/domain/entities';
import { ContractCreateDataSchema, type Contract } from '@fielddesk/common/entities/contract';
import type { ContractAsset } from '@fielddesk/common/entities/contract-asset';
import { entities } from '@fielddesk/common/entities/registry';
import { seesEverything } from '@fielddesk/common/entities/scope';
import { VendorCreateDataSchema, type Vendor } from '@fielddesk/common/entities/vendor';
import { recordKey, type FieldDeskDb } from '../db';
import { firstIssue } from './rules';
import type { IntentResult, RepositoryContext } from './tickets';
import { serverBaseOf, writeLocal } from './write';

export type NewVendor = z.input<typeof VendorCreateDataSchema>;
export type VendorFields = z.infer<typeof entities.vendor.ops.patch.fields>;
export type NewContract = z.input<typeof ContractCreateDataSchema>;
export type ContractFields = z.infer<typeof entities.contract.ops.patch.fields>;

/** The replica's tables of this module, typed (db.ts reaches every entity table by name). */
export function contractTables(db: FieldDeskDb) {
  return {
    vendors: db.tableFor('vendor') as unknown as Table<Vendor, string>,
    contracts: db.tableFor('contract') as unknown as Table<Contract, string>,
    links: db.tableFor('contract_asset') as unknown as Table<ContractAsset, string>,
    assets: db.tableFor('asset') as unknown as Table<Asset, string>,
  };
}

export interface ContractRepository {
  createVendor(data: NewVendor): Promise<IntentResult>;
  updateVendor(vendorId: string, fields: VendorFields): Promise<IntentResult>;
  createContract(data: NewContract): Promise<IntentResult>;
  /** Edits a contract; only the fields that changed are sent. */
  updateContract(contractId: string, fields: ContractFields): Promise<IntentResult>;
  /** Adds an asset to what a contract covers. */
  coverAsset(contractId: string, assetId: string): Promise<IntentResult>;
  /** Removes an asset from what a contract covers (its link). */
  uncoverAsset(linkId: string): Promise<IntentResult>;
}

/** The fields of `requested` whose value differs from the record's. */
function changedFields<F extends object>(record: object, requested: F): Partial<F> {
  const current = record as Record<string, unknown>;
  return Object.fromEntries(Object.entries(requested).filter(([k, v]) => v !== undefined && (current[k] ?? null) !== (v ?? null))) as Partial<F>;
}

export function createContractRepository(ctx: RepositoryContext & { user: Pick<SessionUser, 'role'> }): ContractRepository {
  const { db } = ctx;
  const t = contractTables(db);
  const now = ctx.now ?? (() => new Date());
  const desk = seesEverything(ctx.user);

  return {
    async createVendor(input) {
      if (!desk) return { ok: false, reason: ONLY_DESK_VENDORS };
      const parsed = VendorCreateDataSchema.safeParse(input);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'vendor') };
      return db.transaction('rw', [t.vendors, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'vendor', kind: 'create', id, data: parsed.data, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async updateVendor(vendorId, requested) {
      if (!desk) return { ok: false, reason: ONLY_DESK_VENDORS };
      const parsed = entities.vendor.ops.patch.fields.safeParse(requested);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'vendor') };
      return db.transaction('rw', [t.vendors, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const vendor = await t.vendors.get(vendorId);
        if (!vendor) return { ok: false, reason: 'This vendor is not on this device.' };
        const fields = changedFields(vendor, parsed.data);
        if (Object.keys(fields).length === 0) return { ok: false, reason: 'Nothing changed.' };
        const { baseRev, known } = await serverBaseOf(db, recordKey('vendor', vendorId), vendor);
        const entry = await writeLocal(db, ctx.userId, vendor, { entity: 'vendor', kind: 'patch', id: vendorId, baseRev, fields, clientTime: now().toISOString() }, known);
        return { ok: true, id: vendorId, opId: entry.opId };
      });
    },

    async createContract(input) {
      if (!desk) return { ok: false, reason: ONLY_DESK_CONTRACTS };
      const parsed = ContractCreateDataSchema.safeParse(input);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'contract') };
      const verdict = checkContract(parsed.data);
      if (!verdict.ok) return verdict;
      return db.transaction('rw', [t.vendors, t.contracts, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        if (!(await t.vendors.get(parsed.data.vendorId))) return { ok: false, reason: 'The vendor of this contract does not exist.' };
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'contract', kind: 'create', id, data: parsed.data, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async updateContract(contractId, requested) {
      if (!desk) return { ok: false, reason: ONLY_DESK_CONTRACTS };
      const parsed = entities.contract.ops.patch.fields.safeParse(requested);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'contract') };
      return db.transaction('rw', [t.vendors, t.contracts, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const contract = await t.contracts.get(contractId);
        if (!contract) return { ok: false, reason: 'This contract is not on this device.' };
        const fields = changedFields(contract, parsed.data);
        if (Object.keys(fields).length === 0) return { ok: false, reason: 'Nothing changed.' };
        const verdict = checkContract({ ...contract, ...fields });
        if (!verdict.ok) return verdict;
        if (fields.vendorId && !(await t.vendors.get(fields.vendorId))) return { ok: false, reason: 'The vendor of this contract does not exist.' };
        const { baseRev, known } = await serverBaseOf(db, recordKey('contract', contractId), contract);
        const entry = await writeLocal(db, ctx.userId, contract, { entity: 'contract', kind: 'patch', id: contractId, baseRev, fields, clientTime: now().toISOString() }, known);
        return { ok: true, id: contractId, opId: entry.opId };
      });
    },

    async coverAsset(contractId, assetId) {
      return db.transaction('rw', [t.contracts, t.links, t.assets, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const contract = await t.contracts.get(contractId);
        if (!contract) return { ok: false, reason: 'This contract is not on this device.' };
        const asset = await t.assets.get(assetId);
        if (!asset) return { ok: false, reason: 'The asset does not exist or is not visible to you.' };
        const covered = (await t.links.where('contractId').equals(contractId).toArray()).map((l) => l.assetId);
        const verdict = checkCoverage(contract, covered, asset);
        if (!verdict.ok) return verdict;
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'contract_asset', kind: 'create', id, data: { contractId, assetId }, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async uncoverAsset(linkId) {
      return db.transaction('rw', [t.links, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const link = await t.links.get(linkId);
        if (!link) return { ok: false, reason: 'This asset is no longer covered by the contract on this device (it may already be removed).' };
        const entry = await writeLocal(db, ctx.userId, link, { entity: 'contract_asset', kind: 'delete', id: linkId, clientTime: now().toISOString() });
        return { ok: true, id: linkId, opId: entry.opId };
      });
    },
  };
}
