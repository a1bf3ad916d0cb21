/**
 * A new asset record. An asset made by hand, received from a purchase order line, registered
 * from an inventory or from an audit's unknown tag starts with the same blanks — no model, holder,
 * hardware identity, money or audit — so each maker names only what it knows.
 */
import type { Asset } from '../domain/entities';

/** What every maker of an asset must say. */
export type AssetBasics = Pick<Asset, 'id' | 'tag' | 'name' | 'state' | 'substate' | 'siteId' | 'locationId' | 'rev'>;

export function newAsset(fields: AssetBasics & Partial<Asset>): Asset {
  return {
    serial: null,
    kind: 'hardware',
    modelId: null,
    model: null,
    manufacturer: null,
    type: 'other',
    checkedOutTo: null,
    assignedToId: null,
    uuid: null,
    macs: [],
    inventoriedAt: null,
    vendorId: null,
    purchasedOn: null,
    costCents: null,
    warrantyEndsOn: null,
    orderLineId: null,
    notes: '',
    ...fields,
  };
}
