import { describe, expect, it } from 'vitest';
import type { CiRelation } from '@fielddesk/common/entities/ci-relation';
import type { OpInput } from '@fielddesk/common/sync/protocol';
import { applyOpTo } from '../apply';
import { ciRelationOps } from './ci-relation';

const create = {
  opId: 'op-1',
  entity: 'ci_relation',
  kind: 'create',
  id: 'rel-1',
  clientTime: '2026-03-02T09:00:00.000Z',
  data: { fromId: 'ci-web', toId: 'ci-db', type: 'depends_on' },
} as const satisfies OpInput;

describe('ci_relation ops on the replica', () => {
  it('a create shows the relation at once, by this user, until the server numbers its rev', () => {
    const made = applyOpTo('ci_relation', 'rel-1', undefined, create, { userId: 'tech-1' }) as CiRelation;
    expect(made).toEqual({ id: 'rel-1', fromId: 'ci-web', toId: 'ci-db', type: 'depends_on', authorId: 'tech-1', createdAt: create.clientTime, rev: 0 });
    // A pulled copy is kept as the server has it.
    const pulled: CiRelation = { ...made, authorId: 'tech-2', rev: 9 };
    expect(applyOpTo('ci_relation', 'rel-1', pulled, create, { userId: 'tech-1' })).toBe(pulled);
  });

  it('a delete removes it; neither belongs to a ticket', () => {
    const remove = { opId: 'op-2', entity: 'ci_relation', kind: 'delete', id: 'rel-1', clientTime: create.clientTime } as const satisfies OpInput;
    expect(applyOpTo('ci_relation', 'rel-1', { id: 'rel-1' } as CiRelation, remove, { userId: 'tech-1' })).toBeUndefined();
    expect(ciRelationOps.ticketIdOf(create)).toBeNull();
  });
});
