/**
 * The pull cursor: "<rev>.<scopeVersion>" (parseCursor/formatCursor, common/sync/protocol.ts).
 * `rev` is a rev of the global change sequence; the scope version (sync/scope.ts) says which
 * scope the replica was built for. A cursor made for another person scope (site, role or
 * groups changed), or a plain "<rev>" from an older client, is answered from cursor 0 with
 * `reset: true`: the client drops what it pulled and downloads afresh. A cursor made on
 * another day only corrects the change requests whose window moved in or out of the 90-day
 * horizon (windowCorrections, moves.ts): those arrive at the front of the first page
 * (deletes, and puts of changes the client never had).
 */
import { formatCursor, parseCursor } from '@fielddesk/common/sync/protocol';
import { ApiError } from '../../errors';
import { formatScopeVersion, parseScopeVersion, samePersonScope } from '../scope';

/** Where a pull starts, as its cursor says for the viewer's current scope. */
export interface CursorStart {
  /** The rev the cursor names, as sent (never beyond the server's latest change: cursorAhead). */
  rev: number;
  /** The rev the page starts after: the cursor's, or 0 when it was made for another person scope. */
  after: number;
  /** True when the pull starts afresh from 0 for a cursor of another person scope (PullResponse.reset). */
  reset: boolean;
  /** The day the cursor was made on (`day` when the pull starts from 0). */
  cursorDay: number;
}

/** Reads a pull cursor for a viewer whose persons.scope_version is `personVersion`, on `day`. */
export function readCursor(cursor: string, personVersion: number, day: number): CursorStart {
  const parsed = parseCursor(cursor);
  let after = parsed.rev;
  let reset = false;
  if (after > 0 && (parsed.scopeVersion === null || !samePersonScope(parsed.scopeVersion, personVersion))) {
    after = 0;
    reset = true;
  }
  const cursorDay = after > 0 && parsed.scopeVersion !== null ? parseScopeVersion(parsed.scopeVersion).day : day;
  return { rev: parsed.rev, after, reset, cursorDay };
}

/** The cursor handed out with a page that ends at `rev`. */
export function nextCursor(rev: number, personVersion: number, day: number): string {
  return formatCursor(rev, formatScopeVersion(personVersion, day));
}

/** The answer to a cursor beyond the server's latest change. */
export function cursorAhead(cursor: string, high: number): ApiError {
  return new ApiError(
    400,
    'invalid_cursor',
    `The cursor ${cursor} is ahead of this server, whose latest change is ${high}. The server's data may have been replaced: pull again from cursor 0.`,
  );
}
