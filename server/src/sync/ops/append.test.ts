/**
 * Worklog and attachment create ops (ops/append.ts) on SQLite and PostgreSQL: a worklog keeps
 * its visibility. (Attachment creates, with their uploads, are tested in
 * attachments/attachments.test.ts.)
 */
import { beforeAll, expect, it } from 'vitest';
import type { Worklog } from '@fielddesk/common/domain/entities';
import type { FieldDeskServer } from '../../app';
import { pushWorld, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';

describeStores('sync push: worklog and attachment', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<'tech1' | 'desk1'>;

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1', 'desk1']);
  });

  it('keeps a worklog\'s visibility', async () => {
    const t = await world.fieldTicket();
    const reply = await world.applied<Worklog>('tech1', (f) => f.worklog(t.id, 'On my way', 0, undefined, 'public'));
    const note = await world.applied<Worklog>('tech1', (f) => f.worklog(t.id, 'Fuser worn', 10));
    expect([reply.visibility, note.visibility]).toEqual(['public', 'internal']);
    const rows = await s.db.selectFrom('worklogs').select(['id', 'visibility']).where('ticket_id', '=', t.id).orderBy('rev').execute();
    expect(rows).toEqual([
      { id: reply.id, visibility: 'public' },
      { id: note.id, visibility: 'internal' },
    ]);
  });
});
