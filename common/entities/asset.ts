import { AssetSchema } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';
import { stringArray } from './strings';

/** A piece of equipment, with the identity inventories match it by (serial, uuid, MACs, name). */
export const asset = defineEntity({
  name: 'asset',
  schema: AssetSchema,
  table: 'assets',
  scope: scope.atViewerSite('siteId'),
  columns: { macs: { read: stringArray } },
  replica: { table: 'assets', indexes: ['serial', 'uuid', '*macs', 'name'] },
});
