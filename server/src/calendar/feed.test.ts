/**
 * The change calendar's ICS subscription feed on SQLite and PostgreSQL, read back with a real
 * ICS parser (ical.js): a technician's address shows the changes they may see (and not the
 * others), the weekly maintenance window and the CAB meetings as occurrences in UTC; never
 * compressed; an unknown, malformed or reset address is a bare 404; hostile text round-trips.
 */
import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import type { Insertable } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { CALENDAR_FEED_PATH, type CalendarFeedCreated, type CalendarFeedStatus } from '@fielddesk/common/api/http';
import { newChange } from '@fielddesk/common/changes/new-change';
import type { ChangeRequest } from '@fielddesk/common/changes/records';
import { entities, rowFromRecord } from '@fielddesk/common/entities/registry';
import type { FieldDeskServer } from '../app';
import type { ChangeTable } from '../db/types';
import { bearer, loginDesktop, loginWeb, webHeaders } from '../../test/http';
import { describeStores } from '../../test/stores';
import { foldIcs } from './feed';

const DAY_MS = 86_400_000;
const HOSTILE_TITLE = 'Patch, reboot; verify\nthen "report" \\ <script>alert(1)</script> 😀';

describeStores('the change calendar feed', (h) => {
  let s: FieldDeskServer;
  let token: string;
  let tech1Id: string;
  const ids = { visible: randomUUID(), hidden: randomUUID(), hostile: randomUUID() };
  // Whole minutes, so the times survive ICS (which has no milliseconds) exactly.
  const at = (days: number, hours = 0) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + days * DAY_MS + hours * 3_600_000).toISOString();

  async function insertChange(fields: Partial<ChangeRequest> & { id: string; title: string; windowStart: string; windowEnd: string }) {
    const row = rowFromRecord(entities.change, newChange({ createdAt: at(-100), rev: 1, ...fields })) as unknown as Insertable<ChangeTable>;
    await s.db.insertInto('changes').values({ ...row, field_revs: '{}' }).execute();
  }

  async function createFeed(): Promise<string> {
    const res = await s.app.inject({ method: 'POST', url: CALENDAR_FEED_PATH, headers: { ...bearer(token), host: 'desk.example.test' } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CalendarFeedCreated>().url;
  }

  const pathOf = (url: string) => new URL(url).pathname;

  async function readFeed(url: string) {
    const res = await s.app.inject({ method: 'GET', url: pathOf(url), headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.statusCode, res.body).toBe(200);
    const events = new ICAL.Component(ICAL.parse(res.body) as unknown[]).getAllSubcomponents('vevent');
    return { res, events, byUid: new Map(events.map((e) => [String(e.getFirstPropertyValue('uid')), e])) };
  }

  const startOf = (e: ICAL.Component) => (e.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString();
  const endOf = (e: ICAL.Component) => (e.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString();

  beforeAll(async () => {
    s = await h.start();
    token = (await loginDesktop(s.app, 'tech1')).token;
    tech1Id = (await s.db.selectFrom('persons').select('id').where('username', '=', 'tech1').executeTakeFirstOrThrow()).id;
    await insertChange({ id: ids.visible, number: 'CHG-9001', title: 'Swap the core switch', description: 'Both PSUs.', status: 'scheduled', risk: 'high', type: 'normal', windowStart: at(5), windowEnd: at(5, 3), assigneeId: tech1Id });
    // 60 days ago, nobody's: within the feed's span, outside a technician's scope.
    await insertChange({ id: ids.hidden, number: 'CHG-9002', title: 'Somebody else\'s change', status: 'closed', windowStart: at(-60), windowEnd: at(-60, 2) });
    await insertChange({ id: ids.hostile, number: 'CHG-9003', title: HOSTILE_TITLE, description: 'Line one\r\nLine two; a, b', status: 'new', windowStart: at(7), windowEnd: at(7, 1), ownerId: tech1Id });
  });

  it('gives a signed-in user an address, uncompressed ICS with the changes they may see and the windows', async () => {
    const none = await s.app.inject({ method: 'GET', url: CALENDAR_FEED_PATH, headers: bearer(token) });
    expect(none.json<CalendarFeedStatus>()).toEqual({ exists: false, createdAt: null });

    const url = await createFeed();
    expect(url).toMatch(/^http:\/\/desk\.example\.test\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const status = await s.app.inject({ method: 'GET', url: CALENDAR_FEED_PATH, headers: bearer(token) });
    expect(status.json<CalendarFeedStatus>()).toMatchObject({ exists: true, createdAt: expect.any(String) });
    expect(status.body).not.toContain(pathOf(url).slice('/api/calendar/'.length, -4));

    const { res, events, byUid } = await readFeed(url);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toContain('private, max-age=300');
    expect(res.rawPayload.subarray(0, 15).toString()).toBe('BEGIN:VCALENDAR');

    const visible = byUid.get(`${ids.visible}@fielddesk`);
    expect(visible, 'the change tech1 implements').toBeDefined();
    expect(visible!.getFirstPropertyValue('summary')).toBe('CHG-9001 Swap the core switch');
    expect(startOf(visible!)).toBe(at(5));
    expect(endOf(visible!)).toBe(at(5, 3));
    expect(res.body).toMatch(new RegExp(`DTSTART:${at(5).replace(/[-:]/g, '').replace(/\.\d{3}/, '')}\r\n`));
    expect(visible!.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(visible!.getFirstPropertyValue('categories')).toBe('scheduled');
    expect(String(visible!.getFirstPropertyValue('description'))).toBe('Type: Normal\nState: Scheduled\nRisk: High\n\nBoth PSUs.');
    expect(byUid.has(`${ids.hidden}@fielddesk`), 'a change tech1 may not see').toBe(false);
    expect(res.body).not.toContain('CHG-9002');

    // The weekly maintenance window (Sunday 02:00 Europe/Paris): one occurrence a week, in UTC.
    const weekly = events.filter((e) => e.getFirstPropertyValue('summary') === 'Weekly maintenance window (data centre)');
    expect(weekly.length).toBeGreaterThanOrEqual(37);
    const paris = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    for (const e of weekly) {
      const start = new Date(startOf(e));
      expect([0, 1]).toContain(start.getUTCHours());
      expect(['Sun, 02:00', 'Sun 02:00', 'Sun, 03:00', 'Sun 03:00']).toContain(paris.format(start));
      expect(String(e.getFirstPropertyValue('uid'))).toMatch(new RegExp(`^[0-9a-f-]{36}-${start.getTime()}@fielddesk$`));
    }
    expect(new Set(weekly.map((e) => new Date(startOf(e)).getUTCHours()))).toEqual(new Set([0, 1]));
    // The CAB meetings are there too (weekly, Tuesdays).
    expect(events.filter((e) => (e.getFirstPropertyValue('categories') as string) === 'cab').length).toBeGreaterThanOrEqual(37);
    // Nothing outside the span: 90 days back, 180 ahead.
    for (const e of events) {
      expect(Date.parse(endOf(e))).toBeGreaterThanOrEqual(Date.parse(at(-90)) - 60_000);
      expect(Date.parse(startOf(e))).toBeLessThanOrEqual(Date.parse(at(180)) + 60_000);
    }
  });

  it('escapes untrusted text: a hostile title and description round-trip through the parser', async () => {
    const { res, byUid } = await readFeed(await createFeed());
    const hostile = byUid.get(`${ids.hostile}@fielddesk`)!;
    expect(hostile.getFirstPropertyValue('summary')).toBe(`CHG-9003 ${HOSTILE_TITLE}`);
    expect(hostile.getFirstPropertyValue('status')).toBe('TENTATIVE');
    expect(String(hostile.getFirstPropertyValue('description'))).toContain('Line one\nLine two; a, b');
    // No raw line break or property smuggled in, and every line is at most 75 octets.
    expect(res.body).not.toMatch(/\r\n(?:DTSTART|STATUS|BEGIN):[^\r]*<script>/);
    for (const line of res.body.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(res.body.replace(/\r\n /g, '').split('\r\n').filter((l) => l.includes('<script>'))).toHaveLength(1);
  });

  it('answers a wrong, malformed or reset address with a bare 404, and the new address works', async () => {
    const first = await createFeed();
    const second = await createFeed();
    expect(second).not.toBe(first);
    const wrong = `/api/calendar/${'A'.repeat(43)}.ics`;
    const answers = await Promise.all(
      [pathOf(first), wrong, '/api/calendar/short.ics', '/api/calendar/feed.ics', `/api/calendar/${'A'.repeat(42)}%2F.ics`].map((url) => s.app.inject({ method: 'GET', url })),
    );
    for (const res of answers) {
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(answers[0]!.body);
      expect(res.body).not.toMatch(/calendar|token|person|tech1/i);
      expect(res.headers['content-type']).toBe(answers[0]!.headers['content-type']);
    }
    expect((await readFeed(second)).byUid.has(`${ids.visible}@fielddesk`)).toBe(true);
    expect(await s.db.selectFrom('calendar_feeds').selectAll().where('person_id', '=', tech1Id).execute()).toEqual([
      { person_id: tech1Id, token_hash: expect.stringMatching(/^[0-9a-f]{64}$/), created_at: expect.any(String) },
    ]);
  });

  it('makes or resets an address only for a signed-in caller, with the CSRF token on the web', async () => {
    expect((await s.app.inject({ method: 'POST', url: CALENDAR_FEED_PATH })).statusCode).toBe(401);
    expect((await s.app.inject({ method: 'GET', url: CALENDAR_FEED_PATH })).statusCode).toBe(401);
    const web = await loginWeb(s.app, 'desk1');
    expect((await s.app.inject({ method: 'POST', url: CALENDAR_FEED_PATH, headers: { cookie: web.cookie } })).statusCode).toBe(403);
    const ok = await s.app.inject({ method: 'POST', url: CALENDAR_FEED_PATH, headers: webHeaders(web) });
    expect(ok.statusCode, ok.body).toBe(200);
    // desk1 sees every change, the one tech1 may not see too.
    expect((await readFeed(ok.json<CalendarFeedCreated>().url)).byUid.has(`${ids.hidden}@fielddesk`)).toBe(true);
  });
});

it('folds long lines at 75 octets without splitting a character', () => {
  const line = `SUMMARY:${'é😀a'.repeat(40)}`;
  const folded = foldIcs(`BEGIN:VEVENT\r\n${line}\r\nEND:VEVENT\r\n`);
  for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
  expect(folded.replace(/\r\n /g, '')).toBe(`BEGIN:VEVENT\r\n${line}\r\nEND:VEVENT\r\n`);
});
