import { ApprovalSchema } from '../approvals/records';
import { defineEntity } from './define';
import { scope } from './scope';

/**
 * An approval a record waits for (common/approvals/records.ts). Written by the server only (it
 * counts the votes), so clients send no ops. Seen by the approving group's members, the
 * requester, and the record's site.
 */
export const approval = defineEntity({
  name: 'approval',
  schema: ApprovalSchema,
  table: 'approvals',
  // The quorum is a union of objects, stored as JSON text like any object.
  columns: { quorum: { codec: 'json' } },
  scope: scope.anyOf(scope.inViewerGroups('groupId'), scope.isViewer('requesterId'), scope.atViewerSite('siteId')),
  replica: { table: 'approvals', indexes: ['recordId', 'state', 'groupId'] },
});
