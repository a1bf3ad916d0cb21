import { describe, expect, it } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { v7 as uuidv7 } from 'uuid';
import type { TicketLink } from '@fielddesk/common/domain/entities';
import { ImpactScreen } from './ImpactScreen';
import { changeWindowText } from '../../../shared/changes';
import { openIncidentsOf, relationsAround } from './useImpact';
import { changeCiTable, scheduledChangesOf } from '../../../shared/changes';
import { freshDb, makeChange, makeChangeCi, makeCi, makeCiRelation, makeTicket, seed, site, tech } from '../../../../test/fixtures';
import { renderInWorkspace } from '../../../../test/render';

configure({ asyncUtilTimeout: 10_000 });

async function printTree() {
  const db = freshDb('impact');
  const service = makeCi('Print service', { ciType: 'service', siteId: null });
  const print01 = makeCi('hq-print01');
  const print02 = makeCi('hq-print02');
  const hv = makeCi('hq-hv01');
  const sw = makeCi('hq-sw01', { ciType: 'switch' });
  const unrelated = makeCi('hq-file01');
  const relations = [
    makeCiRelation(service, 'depends_on', print01),
    makeCiRelation(service, 'depends_on', print02),
    makeCiRelation(print01, 'virtualized_by', hv),
    makeCiRelation(print02, 'virtualized_by', hv),
    makeCiRelation(hv, 'connects_to', sw),
    makeCiRelation(unrelated, 'virtualized_by', hv),
  ];
  const open = makeTicket({ number: 'INC-0001', kind: 'incident', status: 'in_progress' });
  const alsoOpen = makeTicket({ number: 'INC-0002', kind: 'incident', status: 'new' });
  const resolved = makeTicket({ number: 'INC-0003', kind: 'incident', status: 'resolved' });
  const request = makeTicket({ number: 'REQ-0004', kind: 'service_request', status: 'assigned' });
  await seed(db, [open, alsoOpen, resolved, request]);
  const link = (ticketId: string, targetId: string): TicketLink => ({ id: uuidv7(), ticketId, targetEntity: 'configuration_item', targetId, authorId: tech.id, createdAt: '2026-03-02T09:00:00.000Z', rev: 20 });
  await db.ticketLinks.bulkPut([link(open.id, print01.id), link(alsoOpen.id, print01.id), link(resolved.id, print01.id), link(request.id, print01.id), link(open.id, hv.id)]);
  await db.configurationItems.bulkPut([service, print01, print02, hv, sw, unrelated]);
  await db.ciRelations.bulkPut(relations);
  // Changes on the print servers: two to come on hq-print01 (one on hq-print02 too), one being
  // implemented on the host; a draft, a completed and a cancelled one, and one whose window has
  // ended while it is still marked implementing, which are not scheduled.
  const patching = makeChange('CHG-0007', 'Monthly Windows server patching at Headquarters', { inDays: 5 });
  const migrate = makeChange('CHG-0004', 'Migrate <b>Headquarters</b> printers to the new print server', { inDays: 2 });
  const hostSwap = makeChange('CHG-0005', 'Replace the hypervisor host hv01 at Headquarters', {
    status: 'implement',
    windowStart: new Date(Date.now() - 3_600_000).toISOString(),
    windowEnd: new Date(Date.now() + 7 * 3_600_000).toISOString(),
  });
  const draft = makeChange('CHG-0009', 'Firewall rule review', { status: 'new' });
  const done = makeChange('CHG-0001', 'Extend the file share volume', { status: 'closed', inDays: -10 });
  const cancelled = makeChange('CHG-0002', 'Power maintenance', { status: 'cancelled', inDays: 4 });
  const overrun = makeChange('CHG-0003', 'Upgrade core switch firmware', { status: 'implement', inDays: -2 });
  await db.changes.bulkPut([patching, migrate, hostSwap, draft, done, cancelled, overrun]);
  await changeCiTable(db).bulkPut([
    makeChangeCi(patching, print01),
    makeChangeCi(migrate, print01),
    makeChangeCi(migrate, print02),
    makeChangeCi(hostSwap, hv),
    ...[draft, done, cancelled, overrun].map((c) => makeChangeCi(c, print02)),
    // A change not on this device (outside the horizon): its link says nothing.
    makeChangeCi(uuidv7(), sw),
  ]);
  return { db, service, print01, print02, hv, sw, unrelated, relations, changes: { patching, migrate, hostSwap, draft, done, cancelled, overrun } };
}

describe('impact data from the replica', () => {
  it('reads only the relations a walk of that depth can use, each way', async () => {
    const t = await printTree();
    const ids = (rs: { id: string }[]) => new Set(rs.map((r) => r.id));
    // From a print server: the service above it, its host and the host's switch below (not the host's other guest).
    expect(ids(await relationsAround(t.db, t.print01.id, 3))).toEqual(ids([t.relations[0]!, t.relations[2]!, t.relations[4]!]));
    expect(ids(await relationsAround(t.db, t.print01.id, 1))).toEqual(ids([t.relations[0]!, t.relations[2]!]));
    // From the host: everything it virtualizes and what uses them.
    expect((await relationsAround(t.db, t.hv.id, 2)).length).toBe(6);
  });

  it('counts open incidents only, each once', async () => {
    const t = await printTree();
    const counts = await openIncidentsOf(t.db, [t.print01.id, t.hv.id, t.sw.id]);
    expect(Object.fromEntries(counts)).toEqual({ [t.print01.id]: 2, [t.hv.id]: 1 });
  });

  it('reads the scheduled changes of every CI at once: scheduled or being implemented, window not ended, soonest first', async () => {
    const t = await printTree();
    const byCi = await scheduledChangesOf(t.db, [t.print01.id, t.print02.id, t.hv.id, t.sw.id, t.service.id], Date.now());
    const numbers = Object.fromEntries([...byCi].map(([id, cs]) => [id, cs.map((c) => c.number)]));
    expect(numbers).toEqual({ [t.print01.id]: ['CHG-0004', 'CHG-0007'], [t.print02.id]: ['CHG-0004'], [t.hv.id]: ['CHG-0005'] });
  });
});

describe('ImpactScreen', () => {
  it('lists what a service relies on, with open incidents, and draws them', async () => {
    const t = await printTree();
    renderInWorkspace(<ImpactScreen />, { db: t.db, path: '/cis/:id/impact', route: `/cis/${t.service.id}/impact` }).server.offline = true;

    expect((await screen.findByRole('heading', { name: 'Impact of Print service' })).tagName).toBe('H1');
    const table = await screen.findByTestId('impact-table');
    await waitFor(() => expect(within(table).getAllByTestId('impact-row')).toHaveLength(5));
    const rows = within(table)
      .getAllByTestId('impact-row')
      .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    const window = (c: { windowStart: string; windowEnd: string }) => changeWindowText(c);
    const { migrate, patching, hostSwap } = t.changes;
    expect(rows).toEqual([
      ['Print serviceBusiness service', 'This item', '0', '—', '0', 'None'],
      [
        'hq-print01Server · Headquarters',
        'Relied on',
        '1',
        'Print service depends on hq-print01',
        '2',
        `CHG-0004 · Migrate <b>Headquarters</b> printers to the new print server${window(migrate)}CHG-0007 · Monthly Windows server patching at Headquarters${window(patching)}`,
      ],
      ['hq-print02Server · Headquarters', 'Relied on', '1', 'Print service depends on hq-print02', '0', `CHG-0004 · Migrate <b>Headquarters</b> printers to the new print server${window(migrate)}`],
      ['hq-hv01Server · Headquarters', 'Relied on', '2', 'hq-print01 is virtualized by hq-hv01', '1', `CHG-0005 · Replace the hypervisor host hv01 at Headquarters${window(hostSwap)}`],
      ['hq-sw01Switch · Headquarters', 'Relied on', '3', 'hq-hv01 connects to hq-sw01', '0', 'None'],
    ]);
    // A change's title is text, never HTML.
    expect(table.querySelector('b')).toBeNull();
    expect(screen.getByTestId('impact-summary').textContent).toBe('An outage of Print service affects 0 items; it relies on 4 items (within 3 steps).');
    expect(site.name).toBe('Headquarters');

    // The graph: a box per CI, with the same incident badge.
    const graph = screen.getByTestId('impact-graph');
    await waitFor(() => expect(within(graph).getAllByTestId('impact-node')).toHaveLength(5));
    const print01 = within(graph)
      .getAllByTestId('impact-node')
      .find((n) => n.getAttribute('data-ci-id') === t.print01.id)!;
    expect(within(print01).getByTestId('impact-node-incidents').textContent).toBe('2 open incidents');
    // Beside them, the count of changes scheduled on it, with their numbers, titles and windows to hover.
    const changes = within(print01).getByTestId('impact-node-changes');
    expect(changes.textContent).toBe('2 changes');
    expect(changes.getAttribute('aria-label')).toBe('2 scheduled changes');
    expect(changes.getAttribute('title')).toBe(
      `CHG-0004 · Migrate <b>Headquarters</b> printers to the new print server (${changeWindowText(migrate)})\nCHG-0007 · Monthly Windows server patching at Headquarters (${changeWindowText(patching)})`,
    );
    const nodeOf = (id: string) => within(graph).getAllByTestId('impact-node').find((n) => n.getAttribute('data-ci-id') === id)!;
    expect(within(nodeOf(t.hv.id)).getByTestId('impact-node-changes').textContent).toBe('1 change');
    // None on the service, and none for the switch's change that is not on this device.
    expect(within(nodeOf(t.service.id)).queryByTestId('impact-node-changes')).toBeNull();
    expect(within(nodeOf(t.sw.id)).queryByTestId('impact-node-changes')).toBeNull();
    expect(graph.querySelector('b')).toBeNull();
  });

  it('starts from the direction in the address, and narrows by direction and depth', async () => {
    const t = await printTree();
    renderInWorkspace(<ImpactScreen />, { db: t.db, path: '/cis/:id/impact', route: `/cis/${t.print01.id}/impact?direction=upstream` }).server.offline = true;

    const table = await screen.findByTestId('impact-table');
    await waitFor(() => expect(within(table).getAllByTestId('impact-row').map((r) => r.querySelector('th')?.textContent)).toEqual(['hq-print01Server · Headquarters', 'Print serviceBusiness service']));
    expect(screen.getByTestId('impact-summary').textContent).toBe('An outage of hq-print01 affects 1 item (within 3 steps).');

    await userEvent.click(screen.getByRole('radio', { name: 'Relies on (downstream)' }));
    await waitFor(() => expect(within(table).getAllByTestId('impact-row')).toHaveLength(3));
    const depth = screen.getByRole('textbox', { name: /Depth/ });
    await userEvent.clear(depth);
    await userEvent.type(depth, '1');
    await waitFor(() => expect(within(table).getAllByTestId('impact-row')).toHaveLength(2));
    expect(screen.getByTestId('impact-summary').textContent).toBe('hq-print01 relies on 1 item (within 1 step).');
  });

  it('shows relation text as text, and says when a related CI is not on this device', async () => {
    const db = freshDb('impact');
    const hostile = makeCi('<img src=x onerror=alert(1)>');
    const elsewhere = uuidv7();
    await db.configurationItems.put(hostile);
    await db.ciRelations.put(makeCiRelation(elsewhere, 'depends_on', hostile));
    renderInWorkspace(<ImpactScreen />, { db, path: '/cis/:id/impact', route: `/cis/${hostile.id}/impact` }).server.offline = true;

    const table = await screen.findByTestId('impact-table');
    await waitFor(() => expect(within(table).getAllByTestId('impact-row')).toHaveLength(2));
    expect(table.textContent).toContain('A configuration item not on this device');
    expect(table.textContent).toContain('(not on this device) depends on <img src=x onerror=alert(1)>');
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(screen.getByText(/Some related configuration items are not on this device/)).toBeTruthy();
  });

  it('lists a large view a page at a time, and shows more on request', async () => {
    const db = freshDb('impact-large');
    const service = makeCi('Digital workplace', { ciType: 'business_service', siteId: null });
    const apps = Array.from({ length: 150 }, (_, i) => makeCi(`app${String(i).padStart(3, '0')}`, { ciType: 'application' }));
    await db.configurationItems.bulkPut([service, ...apps]);
    await db.ciRelations.bulkPut(apps.map((a) => makeCiRelation(service, 'depends_on', a)));
    renderInWorkspace(<ImpactScreen />, { db, path: '/cis/:id/impact', route: `/cis/${service.id}/impact?depth=1` }).server.offline = true;

    const table = await screen.findByTestId('impact-table');
    await waitFor(() => expect(within(table).getAllByTestId('impact-row')).toHaveLength(100));
    expect(screen.getByTestId('impact-summary').textContent).toBe('An outage of Digital workplace affects 0 items; it relies on 150 items (within 1 step).');
    expect(screen.getByTestId('impact-table-more').textContent).toContain('Showing 100 of 151 configuration items');
    await userEvent.click(screen.getByRole('button', { name: 'Show 51 more' }));
    await waitFor(() => expect(within(table).getAllByTestId('impact-row')).toHaveLength(151));
    expect(screen.queryByTestId('impact-table-more')).toBeNull();
  });
});
