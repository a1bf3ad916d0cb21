/**
 * The relations an inventory reports: a host that lists its guests (GLPI `virtualmachines`)
 * gets, for every guest FieldDesk knows as a machine of its own (by UUID, in either byte order:
 * common/cmdb/virtualization.ts), the relation "guest is virtualized by host" between their
 * configuration items. The server made these, so it keeps them in step with the host's
 * inventories: a guest the host no longer reports loses the relation the server made (a
 * person's relation between the same CIs is theirs and is never touched). An inventory
 * without the section (this app's own scan, a partial inventory without it) changes nothing.
 *
 * Runs inside the inventory's write transaction; each relation made or removed takes the next
 * rev, and a removed one leaves a tombstone, so every replica follows.
 */
import { randomUUID } from 'node:crypto';
import { checkNewRelation } from '@fielddesk/common/cmdb/relations';
import { reportedGuestUuids } from '@fielddesk/common/cmdb/virtualization';
import { entities, recordFromRow, rowFromRecord } from '@fielddesk/common/entities/registry';
import type { CiRelation } from '@fielddesk/common/entities/ci-relation';
import type { ConfigurationItem } from '@fielddesk/common/domain/entities';
import type { InventorySummary } from '@fielddesk/common/inventory/summary';
import type { WriteTx } from '../db/database';
import type { CiRelationTable } from '../db/types';

export interface GuestRelations {
  made: CiRelation[];
  removed: string[];
}

export async function relateGuests(tx: WriteTx, host: ConfigurationItem, summary: InventorySummary, nowIso: string): Promise<GuestRelations> {
  const done: GuestRelations = { made: [], removed: [] };
  const uuids = reportedGuestUuids(summary);
  if (uuids === null) return done;
  const { db } = tx;
  const guests =
    uuids.length === 0
      ? []
      : await db
          .selectFrom('configuration_items')
          .innerJoin('assets', 'assets.id', 'configuration_items.asset_id')
          .select(['configuration_items.id as id', 'configuration_items.name as name'])
          .where('assets.uuid', 'in', uuids)
          .where('configuration_items.id', '!=', host.id)
          .execute();
  const reported = new Set(guests.map((g) => g.id));
  const existing = (await db.selectFrom('ci_relations').selectAll().where('to_id', '=', host.id).where('type', '=', 'virtualized_by').execute()).map(
    (row) => recordFromRow(entities.ci_relation, row as unknown as Record<string, unknown>) as CiRelation,
  );
  for (const relation of existing) {
    if (relation.authorId !== null || reported.has(relation.fromId)) continue;
    const rev = await tx.nextRev();
    await db.deleteFrom('ci_relations').where('id', '=', relation.id).execute();
    await db.insertInto('tombstones').values({ entity: 'ci_relation', id: relation.id, rev, deleted_at: nowIso }).execute();
    done.removed.push(relation.id);
  }
  const related = new Set(existing.map((r) => r.fromId));
  for (const guest of guests) {
    if (related.has(guest.id)) continue;
    // The shared rules still apply: never a circle (a guest that is somehow the host's host).
    const verdict = await checkNewRelation({ fromId: guest.id, toId: host.id, type: 'virtualized_by' }, { from: guest, to: { id: host.id, name: host.name } }, async (type, fromIds) =>
      (await db.selectFrom('ci_relations').select(['from_id', 'to_id', 'type']).where('type', '=', type).where('from_id', 'in', [...fromIds]).execute()).map((r) => ({ fromId: r.from_id, toId: r.to_id, type })),
    );
    if (!verdict.ok) continue;
    const relation: CiRelation = { id: randomUUID(), fromId: guest.id, toId: host.id, type: 'virtualized_by', authorId: null, createdAt: nowIso, rev: await tx.nextRev() };
    await db.insertInto('ci_relations').values(rowFromRecord(entities.ci_relation, relation) as unknown as CiRelationTable).execute();
    done.made.push(relation);
  }
  return done;
}
