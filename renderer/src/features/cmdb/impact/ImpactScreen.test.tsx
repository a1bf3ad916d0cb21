import { describe, expect, it } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { v7 as uuidv7 } from 'uuid';
import type { TicketLink } from '@fielddesk/common/domain/entities';
import { ImpactScreen } from './ImpactScreen';
import { openIncidentsOf, relationsAround } from './useImpact';
import { freshDb, makeCi, makeCiRelation, makeTicket, seed, site, tech } from '../../../../test/fixtures';
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
  return { db, service, print01, print02, hv, sw, unrelated, relations };
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
    expect(rows).toEqual([
      ['Print serviceBusiness service', 'This item', '0', '—', '0'],
      ['hq-print01Server · Headquarters', 'Relied on', '1', 'Print service depends on hq-print01', '2'],
      ['hq-print02Server · Headquarters', 'Relied on', '1', 'Print service depends on hq-print02', '0'],
      ['hq-hv01Server · Headquarters', 'Relied on', '2', 'hq-print01 is virtualized by hq-hv01', '1'],
      ['hq-sw01Switch · Headquarters', 'Relied on', '3', 'hq-hv01 connects to hq-sw01', '0'],
    ]);
    expect(screen.getByTestId('impact-summary').textContent).toBe('An outage of Print service affects 0 items; it relies on 4 items (within 3 steps).');
    expect(site.name).toBe('Headquarters');

    // The graph: a box per CI, with the same incident badge.
    const graph = screen.getByTestId('impact-graph');
    await waitFor(() => expect(within(graph).getAllByTestId('impact-node')).toHaveLength(5));
    const print01 = within(graph)
      .getAllByTestId('impact-node')
      .find((n) => n.getAttribute('data-ci-id') === t.print01.id)!;
    expect(within(print01).getByTestId('impact-node-incidents').textContent).toBe('2 open incidents');
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
