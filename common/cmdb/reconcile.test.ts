import { describe, expect, it } from 'vitest';
import { assetsWithoutCi, likelyDuplicates, staleCis, type ReconcileAsset, type ReconcileCi } from './reconcile';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000).toISOString();
const asset = (tag: string, over: Partial<ReconcileAsset> = {}): ReconcileAsset => ({
  id: `a-${tag}`,
  tag,
  name: tag.toLowerCase(),
  serial: null,
  uuid: null,
  macs: [],
  inventoriedAt: daysAgo(1),
  state: 'in_use',
  substate: null,
  ...over,
});
const ci = (name: string, assetId: string | null, status: ReconcileCi['status'] = 'active'): ReconcileCi => ({ id: `ci-${name}`, name, assetId, status });

describe('staleCis', () => {
  const assets = [asset('FD-1'), asset('FD-2', { inventoriedAt: daysAgo(45) }), asset('FD-3', { inventoriedAt: null }), asset('FD-4', { inventoriedAt: daysAgo(90), state: 'retired' }), asset('FD-5', { inventoriedAt: daysAgo(31) })];
  const cis = [ci('one', 'a-FD-1'), ci('two', 'a-FD-2'), ci('three', 'a-FD-3'), ci('four', 'a-FD-4'), ci('five', 'a-FD-5'), ci('service', null), ci('old', 'a-FD-5', 'retired')];

  it('lists CIs whose asset was not inventoried for more than the days asked, never-inventoried first, retired left out', () => {
    expect(staleCis(cis, assets, NOW, 30).map((s) => [s.ci.name, s.days])).toEqual([
      ['three', null],
      ['two', 45],
      ['five', 31],
    ]);
    expect(staleCis(cis, assets, NOW, 40).map((s) => s.ci.name)).toEqual(['three', 'two']);
  });
});

describe('assetsWithoutCi', () => {
  it('lists live assets no CI stands for, by tag', () => {
    const assets = [asset('FD-3'), asset('FD-1'), asset('FD-2'), asset('FD-9', { state: 'retired' })];
    expect(assetsWithoutCi(assets, [ci('two', 'a-FD-2')]).map((a) => a.tag)).toEqual(['FD-1', 'FD-3']);
  });
});

describe('likelyDuplicates', () => {
  it('groups assets sharing a serial, a UUID or a MAC, transitively, saying what they share', () => {
    const assets = [
      asset('FD-1', { serial: '5CG123', macs: ['aa:bb:cc:00:00:01'] }),
      asset('FD-2', { serial: '5cg123 ' }),
      asset('FD-3', { macs: ['AA-BB-CC-00-00-01'] }),
      asset('FD-4', { uuid: '4C4C4544-0034-3010-8048-B6C04F503732' }),
      asset('FD-5', { uuid: '4c4c4544-0034-3010-8048-b6c04f503732' }),
      asset('FD-6', { serial: 'To Be Filled By O.E.M.' }),
      asset('FD-7', { serial: 'To Be Filled By O.E.M.' }),
      asset('FD-8', { serial: 'UNIQUE1' }),
      asset('FD-9', { serial: 'UNIQUE1', state: 'retired' }),
    ];
    expect(likelyDuplicates(assets).map((g) => [g.assets.map((a) => a.tag), g.shared.map((s) => `${s.reason}:${s.value}`)])).toEqual([
      [['FD-1', 'FD-2', 'FD-3'], ['serial:5CG123', 'mac:aa:bb:cc:00:00:01']],
      [['FD-4', 'FD-5'], ['uuid:4c4c4544-0034-3010-8048-b6c04f503732']],
    ]);
  });

  it('compares names only between assets with nothing stronger', () => {
    const assets = [asset('FD-1', { name: 'PC-Front' }), asset('FD-2', { name: 'pc-front' }), asset('FD-3', { name: 'pc-front', serial: 'S3' })];
    expect(likelyDuplicates(assets).map((g) => [g.assets.map((a) => a.tag), g.shared.map((s) => s.reason)])).toEqual([[['FD-1', 'FD-2'], ['name']]]);
  });
});
