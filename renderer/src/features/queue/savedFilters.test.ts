import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { FieldDeskDb } from '../../data/db';
import { savedFilterStore } from './savedFilters';
import type { FilterDefinition } from './engine/definition';

const onHold: FilterDefinition = { version: 1, combinator: 'and', items: [{ field: 'status', op: 'in', value: ['on_hold'] }] };

describe('saved filters', () => {
  it('saves, renames and deletes a filter of one user, on this device only', async () => {
    const db = new FieldDeskDb(`fielddesk-test:saved-filters:${uuidv7()}`);
    const mine = savedFilterStore(db, 'user-a');
    const theirs = savedFilterStore(db, 'user-b');

    const saved = await mine.save('  Waiting  ', onHold);
    if (!saved.ok) throw new Error(saved.reason);
    expect(await db.savedFilters.get(saved.id)).toMatchObject({ ownerId: 'user-a', name: 'Waiting', definition: onHold });
    // Another user may use the same name; they cannot touch mine.
    expect((await theirs.save('Waiting', onHold)).ok).toBe(true);
    expect(await theirs.rename(saved.id, 'Mine now')).toEqual({ ok: false, reason: 'This filter no longer exists on this device.' });
    expect(await theirs.remove(saved.id)).toEqual({ ok: false, reason: 'This filter no longer exists on this device.' });

    const other = await mine.save('Urgent', { version: 1, combinator: 'or', items: [{ field: 'priority', op: 'in', value: ['1'] }] });
    if (!other.ok) throw new Error(other.reason);
    expect(await mine.rename(other.id, 'WAITING')).toEqual({ ok: false, reason: 'You already have a filter called "WAITING".' });
    expect(await mine.rename(other.id, 'P1 first')).toEqual({ ok: true, id: other.id });
    expect((await db.savedFilters.get(other.id))?.name).toBe('P1 first');

    // Editing the conditions keeps the id.
    expect(await mine.save('P1 first', onHold, other.id)).toEqual({ ok: true, id: other.id });
    expect((await db.savedFilters.get(other.id))?.definition).toEqual(onHold);

    expect(await mine.remove(saved.id)).toEqual({ ok: true, id: saved.id });
    expect(await db.savedFilters.where('ownerId').equals('user-a').count()).toBe(1);
  });

  it('refuses a filter without a name or with conditions it cannot use', async () => {
    const db = new FieldDeskDb(`fielddesk-test:saved-filters:${uuidv7()}`);
    const store = savedFilterStore(db, 'user-a');
    expect(await store.save('   ', onHold)).toEqual({ ok: false, reason: 'Give the filter a name.' });
    expect(await store.save('x'.repeat(81), onHold)).toEqual({ ok: false, reason: 'A filter name has at most 80 characters (this one has 81).' });
    const bad = { version: 1, combinator: 'and', items: [{ field: 'title', op: 'contains', value: '  ' }] } as FilterDefinition;
    expect(await store.save('Empty text', bad)).toEqual({ ok: false, reason: '"Title contains" needs some text.' });
  });
});
