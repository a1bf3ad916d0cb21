import { afterEach, describe, expect, it } from 'vitest';
import { Dexie, type ObservabilitySet } from 'dexie';
import type { Asset, KnowledgeArticle } from '@fielddesk/common/domain/entities';
import { freshDb, makeTicket, requester, seed, T0 } from '../../../../test/fixtures';
import { IndexHost, keysOfRangeSet } from './indexHost';
import type { IndexProgress } from './types';

const hosts: { host: IndexHost; listener: (parts: ObservabilitySet) => void }[] = [];

function follow(host: IndexHost): IndexHost {
  const listener = (parts: ObservabilitySet) => host.onStorageMutated(parts);
  Dexie.on('storagemutated', listener);
  hosts.push({ host, listener });
  return host;
}

afterEach(() => {
  for (const { host, listener } of hosts.splice(0)) {
    Dexie.on.storagemutated.unsubscribe(listener);
    host.dispose();
  }
});

function titles(host: IndexHost, query: string): string[] {
  return host.search(query, { limitPerType: 50 }).groups.flatMap((g) => g.hits.map((h) => h.title));
}

function article(overrides: Partial<KnowledgeArticle> = {}): KnowledgeArticle {
  return {
    id: crypto.randomUUID(),
    number: 'KB-0001',
    title: 'Clear a stuck print queue',
    body: 'Restart the **spooler** service.',
    category: 'Printing',
    tags: ['spooler'],
    published: true,
    authorId: null,
    sourceTicketId: null,
    createdAt: T0,
    updatedAt: T0,
    rev: 5,
    ...overrides,
  };
}

function asset(i: number): Asset {
  return { id: crypto.randomUUID(), tag: `AST-${String(i).padStart(5, '0')}`, serial: `SN${i}`, name: `Latitude 5440 #${i}`, model: 'Latitude 5440', manufacturer: 'Dell', type: 'laptop', kind: 'hardware', modelId: null, state: 'in_use', substate: null, siteId: null, locationId: null, checkedOutTo: null, assignedToId: null, uuid: null, macs: [], inventoriedAt: null, vendorId: null, purchasedOn: null, costCents: null, warrantyEndsOn: null, orderLineId: null, notes: '', rev: 1 };
}

describe('keysOfRangeSet', () => {
  it('lists point keys and answers "all" for a range', () => {
    const keys = keysOfRangeSet({ from: 'b', to: 'b', l: { from: 'a', to: 'a' }, r: { from: 'c', to: 'c' } });
    expect(keys === 'all' ? keys : [...keys].sort()).toEqual(['a', 'b', 'c']);
    expect(keysOfRangeSet({ from: -Infinity, to: [[]] })).toBe('all');
    expect(keysOfRangeSet(null)).toEqual([]);
  });
});

describe('IndexHost', () => {
  it('reads every indexed table of the replica, reporting progress until ready', async () => {
    const db = freshDb('search-host');
    await seed(db, [makeTicket({ title: 'Printer on floor 2 jams' }), makeTicket({ title: 'VPN drops', kind: 'problem', number: 'PRB-0001' })]);
    await db.knowledgeArticles.put(article());
    await db.assets.bulkPut([asset(1), asset(2)]);
    const seen: IndexProgress[] = [];
    const host = follow(new IndexHost(db, { onProgress: (p) => seen.push(p) }));
    await host.start();
    expect(seen.at(-1)).toEqual({ indexed: 7, total: 7, ready: true, revision: 0 });
    expect(seen[0]!.ready).toBe(false);
    expect(titles(host, 'pritner')).toEqual(['Printer on floor 2 jams']);
    expect(host.search('vpn').groups[0]!.type).toBe('problem');
    expect(titles(host, 'spooler')).toEqual(['Clear a stuck print queue']);
    expect(titles(host, requester.displayName)).toEqual([requester.displayName]);
    expect(titles(host, 'AST-00002')).toEqual(['Latitude 5440 #2']);
  });

  it('follows local writes by key: a new record, a changed one, a deleted one', async () => {
    const db = freshDb('search-host-writes');
    const ticket = makeTicket({ title: 'Laptop will not boot' });
    await seed(db, [ticket]);
    const host = follow(new IndexHost(db));
    await host.start();

    const kb = article({ title: 'Docking station loses monitors', number: null });
    await db.knowledgeArticles.put(kb);
    await db.tickets.update(ticket.id, { title: 'Laptop shows a blue screen' });
    await host.settled();
    // Each applied change is told (progress.revision), so searches on screen ask again.
    expect(host.currentProgress.revision).toBeGreaterThan(0);
    expect(titles(host, 'docking')).toEqual(['Docking station loses monitors']);
    expect(titles(host, 'boot')).toEqual([]);
    expect(titles(host, 'blue screen')).toEqual(['Laptop shows a blue screen']);

    await db.knowledgeArticles.delete(kb.id);
    await host.settled();
    expect(titles(host, 'docking')).toEqual([]);
  });

  it('follows a bulk write (a pulled page) by re-reading the table, and drops records cleared away', async () => {
    const db = freshDb('search-host-bulk');
    await seed(db, [makeTicket({ title: 'Printer jams' })]);
    const host = follow(new IndexHost(db));
    await host.start();

    await db.assets.bulkPut(Array.from({ length: 120 }, (_, i) => asset(i)));
    await host.settled();
    expect(host.search('latitude', { limitPerType: 5 }).groups[0]!.total).toBe(120);

    await db.assets.clear();
    await host.settled();
    expect(titles(host, 'latitude')).toEqual([]);
    expect(titles(host, 'printer')).toEqual(['Printer jams']);
  });

  it('answers searches while it is still reading', async () => {
    const db = freshDb('search-host-partial');
    await seed(db, Array.from({ length: 3000 }, (_, i) => makeTicket({ id: crypto.randomUUID(), title: `Monitor ${i} flickers` })));
    const host = follow(new IndexHost(db));
    const building = host.start();
    expect(host.currentProgress.ready).toBe(false);
    expect(() => host.search('monitor')).not.toThrow();
    await building;
    expect(host.search('monitor').groups[0]!.total).toBe(3000);
  }, 60_000);
});
