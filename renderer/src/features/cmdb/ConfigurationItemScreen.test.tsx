import { describe, expect, it } from 'vitest';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { v7 as uuidv7 } from 'uuid';
import { ConfigurationItemScreen } from './ConfigurationItemScreen';
import { groupRelationships, type RelationshipItem } from './RelationshipsSection';
import { changeCiTable, changeWindowText } from '../../shared/changes';
import { freshDb, makeChange, makeChangeCi, makeCi, makeCiRelation } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';

configure({ asyncUtilTimeout: 10_000 });

async function setup() {
  const db = freshDb('ci-screen');
  const app = makeCi('hq-app01');
  const service = makeCi('FieldDesk', { ciType: 'application', siteId: null });
  const dc = makeCi('hq-dc01');
  const hv = makeCi('hq-hv01');
  const sw = makeCi('hq-sw01', { ciType: 'switch' });
  const relations = [makeCiRelation(service, 'depends_on', app), makeCiRelation(app, 'depends_on', dc), makeCiRelation(app, 'virtualized_by', hv), makeCiRelation(uuidv7(), 'depends_on', app)];
  await db.configurationItems.bulkPut([app, service, dc, hv, sw]);
  await db.ciRelations.bulkPut(relations);
  return { db, app, service, dc, hv, sw, relations };
}

const texts = (section: HTMLElement) => within(section).queryAllByTestId('relationship').map((r) => r.textContent);

describe('ConfigurationItemScreen relationships', () => {
  it('lists both directions in words, grouped by type, each a link to the other CI', async () => {
    const t = await setup();
    renderInWorkspace(<ConfigurationItemScreen />, { db: t.db, path: '/cis/:id', route: `/cis/${t.app.id}` }).server.offline = true;

    const section = await screen.findByTestId('relationships-section');
    await waitFor(() => expect(within(section).getAllByTestId('relationship')).toHaveLength(4));
    expect(within(section).getAllByRole('list').map((l) => l.getAttribute('aria-label'))).toEqual(['hq-app01 depends on', 'hq-app01 is used by', 'hq-app01 is virtualized by']);
    expect(texts(section)).toEqual([
      'depends on hq-dc01Server · activeRemove',
      'is used by FieldDeskApplication · activeRemove',
      'is used by a configuration item not on this deviceRemove',
      'is virtualized by hq-hv01Server · activeRemove',
    ]);
    expect(within(section).getByRole('link', { name: 'FieldDesk' }).getAttribute('href')).toBe(`/cis/${t.service.id}`);
    expect(screen.getByRole('link', { name: /Impact/ }).getAttribute('href')).toBe(`/cis/${t.app.id}/impact`);
  });

  it('adds a relationship with the keyboard, marked until synced; a refusal shows its reason', async () => {
    const t = await setup();
    renderInWorkspace(<ConfigurationItemScreen />, { db: t.db, path: '/cis/:id', route: `/cis/${t.app.id}` }).server.offline = true;
    const section = await screen.findByTestId('relationships-section');

    await userEvent.click(within(section).getByRole('button', { name: 'Add relationship' }));
    const picker = within(section).getByRole('textbox', { name: 'Configuration item' });
    await userEvent.click(picker);
    await userEvent.type(picker, 'sw0');
    await userEvent.keyboard('{ArrowDown}{Enter}');
    await waitFor(() => expect((picker as HTMLInputElement).value).toBe('hq-sw01'));
    await userEvent.click(within(section).getByLabelText('Relationship'));
    await userEvent.click(await screen.findByRole('option', { name: 'connects to', hidden: true }));
    await userEvent.click(within(section).getByRole('button', { name: 'Add' }));

    await waitFor(() => expect(texts(section)).toContain('connects to hq-sw01Not yet syncedSwitch · activeRemove'));
    const [entry] = await t.db.outbox.toArray();
    expect(entry?.op).toMatchObject({ entity: 'ci_relation', kind: 'create', data: { fromId: t.app.id, toId: t.sw.id, type: 'connects_to' } });

    // FieldDesk already depends on hq-app01: hq-app01 depending on FieldDesk would go round.
    await userEvent.click(within(section).getByRole('button', { name: 'Add relationship' }));
    const again = within(section).getByRole('textbox', { name: 'Configuration item' });
    await userEvent.click(again);
    await userEvent.type(again, 'FieldD');
    await userEvent.click(await screen.findByRole('option', { name: /FieldDesk/, hidden: true }));
    await userEvent.click(within(section).getByRole('button', { name: 'Add' }));
    expect((await within(section).findByTestId('relationship-error')).textContent).toContain(
      'hq-app01 cannot depend on FieldDesk: FieldDesk already depends on hq-app01, and "depends on" may not go round in a circle.',
    );
    expect(await t.db.outbox.count()).toBe(1);
  });

  it('removes a relationship once confirmed', async () => {
    const t = await setup();
    renderInWorkspace(<ConfigurationItemScreen />, { db: t.db, path: '/cis/:id', route: `/cis/${t.app.id}` }).server.offline = true;
    const section = await screen.findByTestId('relationships-section');
    await waitFor(() => expect(within(section).getAllByTestId('relationship')).toHaveLength(4));

    await userEvent.click(within(section).getByRole('button', { name: 'Remove: depends on hq-dc01' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(within(section).getAllByTestId('relationship')).toHaveLength(4);

    await userEvent.click(within(section).getByRole('button', { name: 'Remove: depends on hq-dc01' }));
    await userEvent.click(await screen.findByTestId('confirm-remove-relationship'));
    await waitFor(() => expect(within(section).getAllByTestId('relationship')).toHaveLength(3));
    expect(await t.db.ciRelations.get(t.relations[1]!.id)).toBeUndefined();
    expect((await t.db.outbox.toArray()).map((e) => e.op)).toMatchObject([{ entity: 'ci_relation', kind: 'delete', id: t.relations[1]!.id }]);
  });

  it('names the type by its class, and a type without one as recorded', async () => {
    const db = freshDb('ci-type');
    const router = makeCi('hq-rt01', { ciType: 'network_equipment' });
    const odd = makeCi('hq-mf01', { ciType: 'mainframe' });
    await db.configurationItems.bulkPut([router, odd]);
    const { unmount } = renderInWorkspace(<ConfigurationItemScreen />, { db, path: '/cis/:id', route: `/cis/${router.id}` });
    await screen.findByRole('heading', { name: 'hq-rt01' });
    expect(screen.getByText('Type').nextElementSibling?.textContent).toBe('Network device');
    unmount();
    renderInWorkspace(<ConfigurationItemScreen />, { db, path: '/cis/:id', route: `/cis/${odd.id}` });
    await screen.findByRole('heading', { name: 'hq-mf01' });
    expect(screen.getByText('Type').nextElementSibling?.textContent).toBe('mainframe');
  });

  it('opens the impact view with the i key', async () => {
    const t = await setup();
    renderInWorkspace(<ConfigurationItemScreen />, { db: t.db, path: '/cis/:id', route: `/cis/${t.app.id}` }).server.offline = true;
    await screen.findByRole('heading', { name: 'hq-app01' });
    fireEvent.keyDown(document.documentElement, { key: 'i', code: 'KeyI' });
    await screen.findByTestId('elsewhere');
  });
});

describe('ConfigurationItemScreen changes', () => {
  it('lists the changes that affect it, scheduled first, as text', async () => {
    const t = await setup();
    const patching = makeChange('CHG-0007', 'Monthly Windows server patching at Headquarters', { inDays: 4 });
    const cancelled = makeChange('CHG-0003', 'Decommission the old backup server', { status: 'cancelled', inDays: 9 });
    await t.db.changes.bulkPut([patching, cancelled]);
    await changeCiTable(t.db).bulkPut([makeChangeCi(cancelled, t.app), makeChangeCi(patching, t.app), makeChangeCi(patching, t.dc)]);
    renderInWorkspace(<ConfigurationItemScreen />, { db: t.db, path: '/cis/:id', route: `/cis/${t.app.id}` }).server.offline = true;

    const section = await screen.findByTestId('record-changes');
    await waitFor(() => expect(within(section).getAllByTestId('record-change')).toHaveLength(2));
    expect(within(section).getAllByTestId('record-change').map((r) => r.textContent)).toEqual([
      `CHG-0007 · Monthly Windows server patching at Headquarters${changeWindowText(patching)}Scheduled`,
      `CHG-0003 · Decommission the old backup server${changeWindowText(cancelled)}Cancelled`,
    ]);
    expect(within(section).getAllByTestId('record-change').map((r) => r.getAttribute('data-scheduled'))).toEqual(['true', null]);
  });
});

describe('groupRelationships', () => {
  const item = (type: RelationshipItem['relation']['type'], end: 'from' | 'to', name: string, words: string): RelationshipItem => ({
    relation: makeCiRelation('a', type, 'b'),
    end,
    words,
    other: { id: name, name, detail: '' },
  });

  it('groups by the words read from this CI, in type order (from before to), by name', () => {
    const groups = groupRelationships([
      item('connects_to', 'to', 'sw2', 'is connected by'),
      item('depends_on', 'to', 'svc', 'is used by'),
      item('connects_to', 'from', 'sw1', 'connects to'),
      item('depends_on', 'from', 'db', 'depends on'),
      item('connects_to', 'from', 'sw0', 'connects to'),
    ]);
    expect(groups.map((g) => [g.words, g.items.map((i) => i.other?.name)])).toEqual([
      ['depends on', ['db']],
      ['is used by', ['svc']],
      ['connects to', ['sw0', 'sw1']],
      ['is connected by', ['sw2']],
    ]);
  });
});
