/**
 * The server's side of the calendar's collision check (common/changes/schedule.ts): whether a
 * blocking freeze covers a change where it now sits. The device runs the same index over its
 * replica while the change is dragged; the server refuses the drop with the same words.
 */
import { collisionCheck } from '@fielddesk/common/changes/collisions';
import type { ChangeRequest } from '@fielddesk/common/changes/records';
import { buildCollisionIndex, candidateOf } from '@fielddesk/common/changes/schedule';
import type { BatchContext } from '../sync/ops/context';

const DAY_MS = 86_400_000;

/** The refusal when a blocking freeze covers the change's window; null when none does. */
export async function blockingFreeze(b: BatchContext, change: ChangeRequest): Promise<string | null> {
  const windows = await b.findAll('change_window', 'kind', ['freeze'], { enforcement: 'block' });
  if (windows.length === 0) return null;
  const links = await b.findAll('change_ci', 'changeId', [change.id]);
  const ciIds = links.map((l) => l.configurationItemId);
  await b.readMany('configuration_item', ciIds);
  const cis = [];
  for (const id of ciIds) {
    const ci = (await b.record('configuration_item', id))?.record;
    if (ci) cis.push({ id: ci.id, name: ci.name, siteId: ci.siteId, ciType: ci.ciType });
  }
  const start = Date.parse(change.windowStart);
  const end = Date.parse(change.windowEnd);
  // The windows are expanded around the change only: a freeze longer than 31 days is refused by windows.ts.
  const index = buildCollisionIndex({ changes: [], changeCis: [], windows, cis, relations: [], from: start - 32 * DAY_MS, to: end + DAY_MS });
  const verdict = collisionCheck(index.check(candidateOf(change, ciIds, new Map(cis.map((c) => [c.id, c.ciType])))));
  return verdict.ok ? null : verdict.reason;
}
