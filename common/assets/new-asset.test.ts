import { describe, expect, it } from 'vitest';
import { AssetSchema } from '../domain/entities';
import { newAsset } from './new-asset';

describe('newAsset', () => {
  const basics = { id: '01930000-0000-7000-8000-000000000001', tag: 'FD-1', name: 'Laptop', state: 'in_stock', substate: 'available', siteId: null, locationId: null, rev: 0 } as const;

  it('makes a valid asset from what every maker must say', () => {
    expect(AssetSchema.parse(newAsset(basics))).toMatchObject({ ...basics, kind: 'hardware', modelId: null, checkedOutTo: null, macs: [], notes: '' });
  });

  it('keeps what the maker knows over the blanks', () => {
    expect(newAsset({ ...basics, kind: 'non_it', serial: 'S1', orderLineId: 'line', notes: 'from PO-7' })).toMatchObject({ kind: 'non_it', serial: 'S1', orderLineId: 'line', notes: 'from PO-7' });
  });
});
