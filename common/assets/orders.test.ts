import { describe, expect, it } from 'vitest';
import { checkLineChangeable, checkOrderActor, checkOrderDates, checkOrderLine, checkReceipt, orderTotals } from './orders';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`);
const receipt = { receivedOn: '2026-03-02', receivedBy: 'Tom Tech' };
const receive = { quantity: 10, assetIds: ids(10), receipt: null, orderSiteId: 'site-hq', location: { name: 'HQ store', siteId: 'site-hq' } };

describe('purchase order rules', () => {
  it('accepts a line of 1 to 500 units at zero or more, and refuses the rest in words', () => {
    expect(checkOrderLine({ quantity: 1, unitCostCents: 0 })).toEqual({ ok: true });
    expect(checkOrderLine({ quantity: 500, unitCostCents: 129_900 })).toEqual({ ok: true });
    expect(checkOrderLine({ quantity: 0, unitCostCents: 100 })).toEqual({ ok: false, reason: 'A line orders between 1 and 500 units (got 0).' });
    expect(checkOrderLine({ quantity: 501, unitCostCents: 100 })).toEqual({ ok: false, reason: 'A line orders between 1 and 500 units (got 501).' });
    expect(checkOrderLine({ quantity: 2, unitCostCents: -1 })).toEqual({ ok: false, reason: 'A unit cost cannot be negative.' });
  });

  it('refuses an expected date before the order date', () => {
    expect(checkOrderDates({ orderedOn: '2026-03-02', expectedOn: null })).toEqual({ ok: true });
    expect(checkOrderDates({ orderedOn: '2026-03-02', expectedOn: '2026-03-02' })).toEqual({ ok: true });
    expect(checkOrderDates({ orderedOn: '2026-03-02', expectedOn: '2026-03-01' })).toEqual({ ok: false, reason: 'The expected date 2026-03-01 is before the order date 2026-03-02.' });
  });

  it('receives a line once, one new asset id per unit, at the order’s site', () => {
    expect(checkReceipt(receive)).toEqual({ ok: true });
    expect(checkReceipt({ ...receive, location: null })).toEqual({ ok: true });
    expect(checkReceipt({ ...receive, receipt })).toEqual({ ok: false, reason: 'This line was already received on 2026-03-02 by Tom Tech.' });
    expect(checkReceipt({ ...receive, assetIds: ids(9) })).toEqual({ ok: false, reason: 'Receiving this line makes 10 assets, one per unit ordered; 9 asset ids were given.' });
    expect(checkReceipt({ ...receive, quantity: 1, assetIds: ids(2) })).toEqual({ ok: false, reason: 'Receiving this line makes 1 asset, one per unit ordered; 2 asset ids were given.' });
    expect(checkReceipt({ ...receive, assetIds: [...ids(9), ids(1)[0]!] })).toEqual({ ok: false, reason: 'Each new asset needs its own id; an id was given twice.' });
    expect(checkReceipt({ ...receive, takenIds: [ids(1)[0]!] })).toEqual({ ok: false, reason: 'An id given for a new asset is already used by another asset.' });
    expect(checkReceipt({ ...receive, location: { name: 'Lyon store', siteId: 'site-lyon' } })).toEqual({
      ok: false,
      reason: "The location Lyon store is at another site than the order's delivery site.",
    });
  });

  it('refuses editing or removing a received line, saying when and by whom it was received', () => {
    expect(checkLineChangeable(null, 'edit')).toEqual({ ok: true });
    expect(checkLineChangeable(receipt, 'edit')).toEqual({ ok: false, reason: 'This line was already received on 2026-03-02 by Tom Tech. A received line can no longer be changed.' });
    expect(checkLineChangeable(receipt, 'delete')).toEqual({ ok: false, reason: 'This line was already received on 2026-03-02 by Tom Tech. A received line can no longer be removed.' });
  });

  it('lets technicians act on their own site’s orders only', () => {
    expect(checkOrderActor({ role: 'agent', siteId: null }, 'site-hq')).toEqual({ ok: true });
    expect(checkOrderActor({ role: 'technician', siteId: 'site-hq' }, 'site-hq')).toEqual({ ok: true });
    expect(checkOrderActor({ role: 'technician', siteId: 'site-lyon' }, 'site-hq')).toEqual({ ok: false, reason: "Technicians handle their own site's purchase orders only." });
    expect(checkOrderActor({ role: 'requester', siteId: 'site-hq' }, 'site-hq')).toMatchObject({ ok: false });
  });

  it('adds up an order', () => {
    const lines = [
      { id: 'a', quantity: 10, unitCostCents: 100_000 },
      { id: 'b', quantity: 2, unitCostCents: 2_500 },
    ];
    expect(orderTotals(lines, new Set(['b']))).toEqual({ lines: 2, received: 1, units: 12, totalCents: 1_005_000 });
  });
});
