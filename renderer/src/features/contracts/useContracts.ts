/**
 * The contract screens' data, live from the replica (offline too): vendors, contracts, the
 * assets each covers (the links this user sees: a technician's are their site's assets), and
 * the repository that changes them.
 */
import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Asset } from '@fielddesk/common/domain/entities';
import type { Contract } from '@fielddesk/common/entities/contract';
import type { ContractAsset } from '@fielddesk/common/entities/contract-asset';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import { useWorkspace } from '../../app/workspaceContext';
import { contractTables, createContractRepository, type ContractRepository } from '../../data/repositories/contracts';

export function useContractRepository(): ContractRepository {
  const { db, user } = useWorkspace();
  return useMemo(() => createContractRepository({ db, userId: user.id, user }), [db, user]);
}

export interface ContractData {
  vendors: Vendor[];
  contracts: Contract[];
  vendorById: ReadonlyMap<string, Vendor>;
  /** Covered asset ids per contract. */
  coveredBy: ReadonlyMap<string, ContractAsset[]>;
}

/** Every vendor and contract on this device, with the links; undefined while read. */
export function useContractData(): ContractData | undefined {
  const { db } = useWorkspace();
  const records = useLiveQuery(async () => {
    const t = contractTables(db);
    const [vendors, contracts, links] = await Promise.all([t.vendors.toArray(), t.contracts.toArray(), t.links.toArray()]);
    return { vendors, contracts, links };
  }, [db]);
  return useMemo(() => {
    if (!records) return undefined;
    const coveredBy = new Map<string, ContractAsset[]>();
    for (const l of records.links) {
      const list = coveredBy.get(l.contractId) ?? [];
      list.push(l);
      coveredBy.set(l.contractId, list);
    }
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    return {
      vendors: [...records.vendors].sort(byName),
      contracts: [...records.contracts].sort((a, b) => (a.endsOn < b.endsOn ? -1 : a.endsOn > b.endsOn ? 1 : byName(a, b))),
      vendorById: new Map(records.vendors.map((v) => [v.id, v])),
      coveredBy,
    };
  }, [records]);
}

/** The assets on this device, for the covered-asset picker and names (undefined while read). */
export function useAssets(): Asset[] | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(() => contractTables(db).assets.toArray(), [db]);
}
