/**
 * The change calendar as an ICS subscription feed (issue 15, item 9): each person may have one
 * secret address, `/api/calendar/<token>.ics`, that calendar clients (Outlook, Google, Apple)
 * poll without a session. It holds:
 *
 * - the changes that person may see (the `change` entity's scope rule, sync/scope.ts, for the
 *   person as they are now: role, site, groups), whose window touches the span from 90 days ago
 *   to 180 days ahead: one VEVENT each, in UTC;
 * - the maintenance and freeze windows and the CAB meetings (everyone sees them), expanded over
 *   the same span with `occurrencesOf` (common/changes/windows.ts), one VEVENT per occurrence in
 *   UTC, UID `<id>-<start ms>@fielddesk`. Not as an RRULE with a TZID: such a rule drops an
 *   occurrence whose local time does not exist (Sunday 02:00 Paris on the spring-forward
 *   Sunday), which our windows deliberately do not (they open at 03:00 that day), and ts-ics
 *   cannot write the VTIMEZONE blocks a TZID needs.
 *
 * Routes:
 * - POST /api/calendar/feed (signed in, CSRF like every change): creates or resets the caller's
 *   address; answers `{ url }`, the only time the token is shown. The old address is dead at once.
 * - GET /api/calendar/feed (signed in): `{ exists, createdAt }`, never the token.
 * - GET /api/calendar/<token>.ics (no session; auth/guard.ts lets CALENDAR_ICS_PATTERN through):
 *   the feed, `text/calendar`, never compressed (Outlook fails on a gzipped feed: no compression
 *   plugin is registered, and `no-transform` asks proxies not to add one). An unknown or
 *   malformed token gets the same bare 404, after the same hash and lookup.
 *
 * Only the SHA-256 of a token is stored (`calendar_feeds`, like sessions). Text fields are
 * untrusted: ts-ics escapes backslash, comma, semicolon and newline; carriage returns and other
 * control characters are removed before (they have no escape in ICS text).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { generateIcsCalendar, type IcsEvent, type IcsEventStatusType } from 'ts-ics';
import { CALENDAR_FEED_PATH, calendarIcsPath, type CalendarFeedCreated, type CalendarFeedStatus } from '@fielddesk/common/api/http';
import { CHANGE_RISK_LABELS, type ChangeRisk } from '@fielddesk/common/changes/risk';
import { CHANGE_STATE_LABELS, CHANGE_TYPE_LABELS, type ChangeState, type ChangeType } from '@fielddesk/common/changes/lifecycle';
import { occurrencesOf, type WindowRule } from '@fielddesk/common/changes/windows';
import { entities } from '@fielddesk/common/entities/registry';
import { dayOf } from '@fielddesk/common/entities/scope';
import type { AppContext } from '../context';
import type { Database } from '../db/types';
import { requireAuth } from '../auth/guard';
import { loadSessionUser } from '../auth/sessions';
import { hashToken, newToken } from '../auth/tokens';
import { scopeCondition } from '../sync/scope';

const DAY_MS = 86_400_000;
/** The feed's span: changes and occurrences that touch [now - PAST, now + FUTURE). */
export const FEED_PAST_DAYS = 90;
export const FEED_FUTURE_DAYS = 180;
/** What a token looks like: 32 random bytes in base64url (auth/tokens.ts newToken). */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** Looked up in place of a malformed token, so both answers cost one hash and one lookup. */
const NO_SUCH_TOKEN = '0'.repeat(43);
const PRODUCT_ID = '-//FieldDesk//Change calendar//EN';

const STATUS_OF: Record<ChangeState, IcsEventStatusType> = {
  new: 'TENTATIVE',
  assess: 'TENTATIVE',
  authorize: 'TENTATIVE',
  scheduled: 'CONFIRMED',
  implement: 'CONFIRMED',
  review: 'CONFIRMED',
  closed: 'CONFIRMED',
  rejected: 'CANCELLED',
  cancelled: 'CANCELLED',
};

/** Text an ICS value can carry: CR dropped (CRLF and CR become LF, which ts-ics escapes), other controls removed. */
export function icsText(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/** Folds content lines at 75 octets (RFC 5545 3.1) without splitting a UTF-8 character. */
export function foldIcs(ics: string): string {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  const out: string[] = [];
  for (const line of lines) {
    if (Buffer.byteLength(line, 'utf8') <= 75) {
      out.push(line);
      continue;
    }
    let current = '';
    let octets = 0;
    for (const char of line) {
      const size = Buffer.byteLength(char, 'utf8');
      if (octets + size > 75) {
        out.push(current);
        current = ' ';
        octets = 1;
      }
      current += char;
      octets += size;
    }
    out.push(current);
  }
  return out.join('\r\n');
}

const utc = (ms: number) => ({ date: new Date(ms) });

/** The feed of one person, as ICS text; null when the person is gone. */
export async function feedFor(db: Kysely<Database>, personId: string, now: number): Promise<string | null> {
  const viewer = await loadSessionUser(db, personId);
  if (!viewer) return null;
  const fromMs = now - FEED_PAST_DAYS * DAY_MS;
  const toMs = now + FEED_FUTURE_DAYS * DAY_MS;
  const from = new Date(fromMs).toISOString();
  const to = new Date(toMs).toISOString();
  const visible = scopeCondition(entities.change, viewer, dayOf(now));
  const [changes, windows, meetings] = await Promise.all([
    db
      .selectFrom('changes')
      .select(['id', 'number', 'title', 'description', 'type', 'status', 'risk', 'window_start', 'window_end', 'updated_at'])
      .where((eb) => visible(eb as never))
      .where('window_end', '>=', from)
      .where('window_start', '<', to)
      .orderBy('window_start')
      .orderBy('id')
      .execute(),
    db.selectFrom('change_windows').select(['id', 'name', 'kind', 'enforcement', 'time_zone', 'starts_on', 'start_time', 'duration_minutes', 'rrule', 'notes']).orderBy('id').execute(),
    db.selectFrom('cab_meetings').select(['id', 'name', 'time_zone', 'starts_on', 'start_time', 'duration_minutes', 'rrule', 'notes']).orderBy('id').execute(),
  ]);
  const stamp = utc(now);
  const events: IcsEvent[] = [];

  for (const c of changes) {
    const state = c.status as ChangeState;
    const label = `${c.number ?? 'CHG (unnumbered)'} ${c.title}`;
    const details = [
      `Type: ${CHANGE_TYPE_LABELS[c.type as ChangeType] ?? c.type}`,
      `State: ${CHANGE_STATE_LABELS[state] ?? c.status}`,
      `Risk: ${CHANGE_RISK_LABELS[c.risk as ChangeRisk] ?? c.risk}`,
    ].join('\n');
    events.push({
      uid: `${c.id}@fielddesk`,
      summary: icsText(label),
      description: icsText(c.description.trim() ? `${details}\n\n${c.description}` : details),
      stamp,
      start: utc(Date.parse(c.window_start)),
      end: utc(Math.max(Date.parse(c.window_end), Date.parse(c.window_start))),
      status: STATUS_OF[state] ?? 'TENTATIVE',
      categories: [icsText(c.status).replace(/[,;\\\n]/g, '')],
    });
  }

  const expand = (
    row: { id: string; time_zone: string; starts_on: string; start_time: string; duration_minutes: number; rrule: string | null },
    kind: WindowRule['kind'],
    describe: (start: number, end: number) => Omit<IcsEvent, 'uid' | 'stamp' | 'start' | 'end' | 'duration'>,
  ) => {
    const rule: WindowRule = { id: row.id, kind, timeZone: row.time_zone, startsOn: row.starts_on, startTime: row.start_time, durationMinutes: Number(row.duration_minutes), rrule: row.rrule };
    let occurrences;
    try {
      occurrences = occurrencesOf(rule, fromMs, toMs);
    } catch {
      return; // A rule the checks refuse (written before they did): nothing to show rather than no feed.
    }
    for (const o of occurrences) events.push({ uid: `${row.id}-${o.start}@fielddesk`, stamp, start: utc(o.start), end: utc(o.end), ...describe(o.start, o.end) });
  };
  for (const w of windows) {
    const kind = w.kind === 'freeze' ? 'freeze' : 'maintenance';
    const what = kind === 'freeze' ? `Change freeze (${w.enforcement === 'block' ? 'changes refused' : 'changes warned'})` : 'Maintenance window';
    expand(w, kind, () => ({
      summary: icsText(w.name),
      description: icsText(w.notes.trim() ? `${what}\n\n${w.notes}` : what),
      status: 'CONFIRMED',
      categories: [kind],
      timeTransparent: 'TRANSPARENT',
    }));
  }
  for (const m of meetings) {
    expand(m, 'maintenance', () => ({
      summary: icsText(m.name),
      description: icsText(m.notes.trim() ? `Change Advisory Board meeting\n\n${m.notes}` : 'Change Advisory Board meeting'),
      status: 'CONFIRMED',
      categories: ['cab'],
    }));
  }

  return foldIcs(generateIcsCalendar({ version: '2.0', prodId: PRODUCT_ID, method: 'PUBLISH', name: 'FieldDesk changes', events }));
}

function feedUrl(request: FastifyRequest, token: string): string {
  return `${request.protocol}://${request.host}${calendarIcsPath(token)}`;
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('Not found\n');
}

export function registerCalendarFeedRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.store;

  app.post(CALENDAR_FEED_PATH, async (request, reply): Promise<CalendarFeedCreated> => {
    const auth = requireAuth(request);
    const token = newToken();
    const row = { person_id: auth.user.id, token_hash: hashToken(token), created_at: new Date(ctx.config.now()).toISOString() };
    await db
      .insertInto('calendar_feeds')
      .values(row)
      .onConflict((oc) => oc.column('person_id').doUpdateSet({ token_hash: row.token_hash, created_at: row.created_at }))
      .execute();
    reply.header('cache-control', 'no-store');
    return { url: feedUrl(request, token) };
  });

  app.get(CALENDAR_FEED_PATH, async (request, reply): Promise<CalendarFeedStatus> => {
    const auth = requireAuth(request);
    const row = await db.selectFrom('calendar_feeds').select('created_at').where('person_id', '=', auth.user.id).executeTakeFirst();
    reply.header('cache-control', 'no-store');
    return { exists: row !== undefined, createdAt: row?.created_at ?? null };
  });

  app.get<{ Params: { file: string } }>('/api/calendar/:file', async (request, reply) => {
    const file = request.params.file;
    const token = file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : '';
    const wellFormed = TOKEN_SHAPE.test(token);
    const row = await db
      .selectFrom('calendar_feeds')
      .select('person_id')
      .where('token_hash', '=', hashToken(wellFormed ? token : NO_SUCH_TOKEN))
      .executeTakeFirst();
    if (!wellFormed || !row) return notFound(reply);
    const ics = await feedFor(db, row.person_id, ctx.config.now());
    if (ics === null) return notFound(reply);
    return reply
      .header('cache-control', 'private, max-age=300, no-transform')
      .header('content-disposition', 'inline; filename="fielddesk-changes.ics"')
      .type('text/calendar; charset=utf-8')
      .send(ics);
  });
}
