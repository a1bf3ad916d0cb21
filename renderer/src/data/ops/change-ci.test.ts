import { describe, expect, it } from 'vitest';
import type { ChangeCi } from '@fielddesk/common/entities/change-ci';
import type { OpInput } from '@fielddesk/common/sync/protocol';
import { applyOpTo } from '../apply';
import { changeCiOps } from './change-ci';

const create = {
  opId: 'op-1',
  entity: 'change_ci',
  kind: 'create',
  id: 'link-1',
  clientTime: '2026-03-02T09:00:00.000Z',
  data: { changeId: 'chg-7', configurationItemId: 'ci-app' },
} as const satisfies OpInput;

describe('change_ci ops on the replica', () => {
  it('a create shows the link at once, by this user, until the server numbers its rev', () => {
    const made = applyOpTo('change_ci', 'link-1', undefined, create, { userId: 'tech-1' }) as ChangeCi;
    expect(made).toEqual({ id: 'link-1', changeId: 'chg-7', configurationItemId: 'ci-app', addedById: 'tech-1', createdAt: create.clientTime, rev: 0 });
    const pulled: ChangeCi = { ...made, addedById: 'tech-2', rev: 9 };
    expect(applyOpTo('change_ci', 'link-1', pulled, create, { userId: 'tech-1' })).toBe(pulled);
  });

  it('a delete removes it; neither belongs to a ticket', () => {
    const remove = { opId: 'op-2', entity: 'change_ci', kind: 'delete', id: 'link-1', clientTime: create.clientTime } as const satisfies OpInput;
    expect(applyOpTo('change_ci', 'link-1', { id: 'link-1' } as ChangeCi, remove, { userId: 'tech-1' })).toBeUndefined();
    expect(changeCiOps.ticketIdOf(create)).toBeNull();
  });
});
