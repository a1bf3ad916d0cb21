/**
 * Pull: GET /api/sync/pull, the changes a viewer may see after their cursor, page by page.
 * route.ts is the handler; paging.ts reads a page across the sources (sources.ts, which tables
 * a viewer pulls and which of their rows they see), with the scope moves (moves.ts, records
 * that left or entered their scope); cursor.ts reads and makes the cursor.
 */
export { registerPullRoute, pullResponseJson } from './route';
export { pullChanges, type PullPage, type ResolvedViewer } from './paging';
