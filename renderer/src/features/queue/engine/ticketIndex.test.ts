import { describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { FieldDeskDb } from '../../../data/db';
import { TicketIndex } from './ticketIndex';
import { ticket } from '../../../../test/queueTickets';

const freshDb = () => new FieldDeskDb(`fielddesk-test:ticket-index:${uuidv7()}`);

/** Waits until the index has told its subscribers about a change that satisfies `check`. */
async function until(index: TicketIndex, check: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(check()).toBe(true), { timeout: 5000 });
  void index;
}

describe('TicketIndex', () => {
  it('loads every ticket in chunks, showing the first chunk before the rest', async () => {
    const db = freshDb();
    const tickets = Array.from({ length: 700 }, (_, i) => ticket({ number: `INC-${i}` }));
    await db.tickets.bulkPut(tickets);
    const index = new TicketIndex(db);
    const sizes: number[] = [];
    index.subscribe(() => sizes.push(index.getSnapshot().size));
    index.start();
    await index.whenLoaded();
    expect(index.size).toBe(700);
    expect(sizes[0]).toBeLessThan(700); // the first chunk was announced on its own
    // Long texts are not kept in memory.
    expect('description' in index.values().next().value!.ticket).toBe(false);
  });

  it('follows writes by key: a change, a new ticket, a delete, a clear', async () => {
    const db = freshDb();
    const a = ticket({ number: 'INC-1', title: 'Printer jams' });
    await db.tickets.put(a);
    const index = new TicketIndex(db).start();
    await index.whenLoaded();
    // Loading the table starts with the newest (reverse); a write must not trigger that again.
    const reloads = vi.spyOn(db.tickets, 'reverse');

    await db.tickets.put({ ...a, title: 'Printer jams on tray 2' });
    await until(index, () => index.get(a.id)?.ticket.title === 'Printer jams on tray 2');
    expect(index.get(a.id)?.titleKey).toBe('printer jams on tray 2');

    const b = ticket({ number: 'INC-2' });
    await db.tickets.put(b);
    await until(index, () => index.size === 2);

    await db.tickets.delete(a.id);
    await until(index, () => index.size === 1 && index.get(a.id) === undefined);
    expect(reloads).not.toHaveBeenCalled(); // only the changed keys were read again

    await db.tickets.clear();
    await until(index, () => index.size === 0 && !index.getSnapshot().loading);
    expect(reloads).toHaveBeenCalled(); // a clear names a range, not keys: everything is read again
  });

  it('drops SLA memos when the SLA configuration changes', async () => {
    const db = freshDb();
    const a = ticket();
    await db.tickets.put(a);
    const index = new TicketIndex(db).start();
    await index.whenLoaded();
    const config = { slaPolicies: [], calendars: [], slaWarningPercent: 75 };
    index.setSlaConfig(config);
    const item = index.get(a.id)!;
    item.slaLevel = { level: 'ok', untilMs: Infinity };
    index.setSlaConfig({ ...config });
    expect(item.slaLevel).toBeDefined();
    index.setSlaConfig({ ...config, slaWarningPercent: 80 });
    expect(item.slaLevel).toBeUndefined();
  });
});
