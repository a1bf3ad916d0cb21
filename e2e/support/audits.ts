import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { locationLabelCode } from '@fielddesk/common/audits/codes';
import type { Audit, AuditExpected, AuditScan } from '@fielddesk/common/audits/records';
import type { Asset, Location } from '@fielddesk/common/domain/entities';
import { ServerView } from './api';
import type { ServerProcess } from './server';
import { FIRST_SYNC_MS, LAPTOP, TABLET, openApp, shot, shots, signIn, takeServerAway } from './slice';

/**
 * An audit run offline by two auditors (issue 14), shared by the web and desktop hosts. The desk
 * plans an audit of tech1's site and starts it (the server fixes the snapshot). tech1 signs in,
 * the server goes away, and tech1 scans with a keyboard-wedge scanner — bursts of keys a few
 * milliseconds apart, anywhere on the screen, no field clicked — a location's label and then 20
 * of the assets expected there or nearby, two of another location, one scanned twice (its holder
 * confirmed, added after the verdict) and a tag nobody knows (with a note on it); each verdict
 * shows at once. The app restarts: nothing is lost. Meanwhile tech4,
 * on their own device, scans three assets (one tech1 scanned too). The server comes back, both
 * merge (the shared asset counted once), tech1 reviews, sees the unknown tag's note, dismisses it with a reason,
 * signs and closes; the report counts it all, and its CSV and PDF download; the server holds the
 * audit closed with the same counts, the assets not found missing, and the found ones audited.
 */

/** A photo of a sticker: a 32×32 PNG (orange on white), which the app scales and keeps as JPEG. */
const STICKER_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAMUlEQVR42mP4T2PAMGrBqAWjFgyIBR96GMhGoxaMWjBqwagF1LJgtLgetWDUgiFnAQC9IYunMcIiCwAAAABJRU5ErkJggg==',
  'base64',
);

/** Types a code as a keyboard-wedge scanner does: its keys and Enter, microseconds apart, to whatever has the focus. */
export async function wedgeScan(page: Page, code: string): Promise<void> {
  await page.evaluate((text) => {
    const target = document.activeElement ?? document.body;
    for (const key of [...text, 'Enter']) {
      target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true }));
      target.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true, composed: true }));
    }
  }, code);
}

interface Plan {
  audit: Audit;
  expected: AuditExpected[];
  /** The locations with expected assets, most first. */
  locations: { location: Location; rows: AuditExpected[] }[];
}

/** The desk plans an audit of the technician's whole site and starts it: the server fixes its snapshot. */
async function planAndStart(server: ServerProcess, siteId: string, auditorIds: string[]): Promise<Plan> {
  const desk = await ServerView.signIn(server.url, 'desk1');
  const id = randomUUID();
  const made = await desk.push({ entity: 'audit', id, kind: 'create', data: { name: 'E2E spot check', siteId, auditorIds } });
  expect(made.status, JSON.stringify(made)).toBe('applied');
  const started = await desk.push({ entity: 'audit_event', id: randomUUID(), kind: 'create', data: { action: 'start', auditId: id } });
  expect(started.status, JSON.stringify(started)).toBe('applied');
  const audit = (await desk.records<Audit>('audit')).find((a) => a.id === id)!;
  const expected = (await desk.records<AuditExpected>('audit_expected')).filter((r) => r.auditId === id);
  const places = new Map((await desk.records<Location>('location')).map((l) => [l.id, l]));
  const byLocation = new Map<string, AuditExpected[]>();
  for (const r of expected) if (r.locationId) byLocation.set(r.locationId, [...(byLocation.get(r.locationId) ?? []), r]);
  const locations = [...byLocation.entries()].map(([lid, rows]) => ({ location: places.get(lid)!, rows })).sort((a, b) => b.rows.length - a.rows.length);
  return { audit, expected, locations };
}

export async function runOfflineAudit(page: Page, server: ServerProcess, testInfo: TestInfo, opts: { appUrl: (path: string) => string; serverUrl?: string }): Promise<void> {
  const tech1 = await ServerView.signIn(server.url, 'tech1');
  const tech4 = await ServerView.signIn(server.url, 'tech4');
  const me = (await tech1.pullAll()).persons.find((p) => p.id === tech1.userId)!;
  const plan = await planAndStart(server, me.siteId!, [tech1.userId, tech4.userId]);
  expect(plan.expected.length).toBeGreaterThanOrEqual(25);

  // tech1's round: the busiest location first, then the next ones, 20 assets in all.
  const round: { location: Location; tags: string[] }[] = [];
  let left = 20;
  for (const { location, rows } of plan.locations) {
    if (left === 0) break;
    const tags = rows.slice(0, left).map((r) => r.tag);
    round.push({ location, tags });
    left -= tags.length;
  }
  expect(left, 'the demo site should hold 20 expected assets in its locations').toBe(0);
  const first = round[0]!;
  const scannedByMe = new Set(round.flatMap((r) => r.tags));
  // Two assets expected in another location, found in the first one.
  const elsewhere = plan.expected.filter((r) => r.locationId !== null && r.locationId !== first.location.id && !scannedByMe.has(r.tag)).slice(0, 2);
  expect(elsewhere).toHaveLength(2);
  const unknownTag = `E2E-UNKNOWN-${testInfo.project.name.toUpperCase()}`;

  await page.setViewportSize(TABLET);
  await openApp(page, opts.appUrl);
  await signIn(page, { username: 'tech1', serverUrl: opts.serverUrl });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audits' }).click();
  const row = page.getByTestId('audit-row').filter({ hasText: plan.audit.number });
  await expect(row).toBeVisible();
  await shots(page, testInfo, 'audits-list');
  await row.getByRole('link', { name: plan.audit.number }).click();
  await expect(page.getByTestId('progress-all')).toHaveText(`Found 0 of ${plan.expected.length} expected (0 %)`);

  // The server goes away; the audit goes on.
  await takeServerAway(server, page);
  const verdict = page.getByTestId('verdict');
  await wedgeScan(page, first.tags[0]!);
  await expect(page.getByTestId('scan-problem')).toContainText('Scan the location’s label (or pick the location) first');
  for (const { location, tags } of round) {
    await wedgeScan(page, locationLabelCode(location.id));
    await expect(page.getByTestId('current-location')).toHaveText(location.name);
    for (const tag of tags) {
      await wedgeScan(page, tag);
      await expect(verdict).toHaveAttribute('data-verdict', 'found');
      await expect(page.getByTestId('verdict-code')).toHaveText(tag);
    }
  }
  await wedgeScan(page, locationLabelCode(first.location.id));
  await expect(page.getByTestId('current-location')).toHaveText(first.location.name);
  for (const r of elsewhere) {
    await wedgeScan(page, r.tag);
    await expect(verdict).toHaveAttribute('data-verdict', 'found_elsewhere');
    await expect(page.getByTestId('verdict-code')).toHaveText(r.tag);
  }
  await wedgeScan(page, first.tags[0]!);
  await expect(verdict).toHaveAttribute('data-verdict', 'duplicate');
  // Details added after the verdict: the holder confirmed this one; the unknown tag gets a note.
  const details = page.getByTestId('scan-details');
  await expect(details).toContainText(first.tags[0]!);
  await page.keyboard.press('Alt+H');
  await expect(details.getByTestId('holder-confirmed')).toHaveAttribute('aria-pressed', 'true');
  await wedgeScan(page, unknownTag);
  await expect(verdict).toHaveAttribute('data-verdict', 'unknown');
  await expect(details).toContainText(unknownTag);
  await expect(details.getByTestId('holder-confirmed')).toHaveCount(0);
  await page.keyboard.press('Alt+T');
  await expect(details.getByTestId('scan-note')).toBeFocused();
  await details.getByTestId('scan-note').fill('Grey monitor under the window, no asset record');
  await details.getByTestId('scan-note').press('Enter');
  await expect(details.getByTestId('save-scan-note')).toHaveText('Note saved');
  // A photo of the sticker, kept on the device until the server is back (scaled and stored as JPEG).
  await details.getByTestId('scan-photo-input').setInputFiles({ name: 'sticker.png', mimeType: 'image/png', buffer: STICKER_PNG });
  await expect(details.getByTestId('scan-photo-thumbnail')).toBeVisible();
  await wedgeScan(page, 'LOC:not-a-location');
  await expect(page.getByTestId('scan-problem')).toContainText('looks like a location label but names no location');
  const foundByMe = 22;
  await expect(page.getByTestId('progress-all')).toContainText(`Found ${foundByMe} of ${plan.expected.length} expected`);
  await expect(page.getByTestId('pending-count')).toHaveText('27');
  await shots(page, testInfo, 'audit-run-offline');

  // The app restarts while the server is still down: every scan is there.
  await page.reload();
  await expect(page.getByTestId('progress-all')).toContainText(`Found ${foundByMe} of ${plan.expected.length} expected`, { timeout: 60_000 });
  await expect(page.getByTestId('pending-count')).toHaveText('27');

  // Meanwhile tech4 scans three assets on their own device, one of them one tech1 scanned too.
  await server.startAgain();
  const theirs = [first.tags[1]!, ...plan.expected.filter((r) => r.locationId !== null && !scannedByMe.has(r.tag) && !elsewhere.includes(r)).slice(0, 2).map((r) => r.tag)];
  for (const tag of theirs) {
    const r = plan.expected.find((x) => x.tag === tag)!;
    const done = await tech4.push({ entity: 'audit_scan', id: randomUUID(), kind: 'create', data: { auditId: plan.audit.id, locationId: r.locationId, code: tag, assetId: r.assetId, verdict: 'found' } });
    expect(done.status, JSON.stringify(done)).toBe('applied');
  }
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 60_000 });
  const foundInAll = foundByMe + 2;
  await expect(page.getByTestId('progress-all')).toContainText(`Found ${foundInAll} of ${plan.expected.length} expected`, { timeout: 30_000 });

  // Review and close: the unknown tag dismissed with a reason, signed on the screen.
  await page.setViewportSize(LAPTOP);
  await page.getByTestId('review-close').click();
  await expect(page.getByTestId('close-blockers')).toContainText(unknownTag);
  const unknownRow = page.getByTestId('unknown-row').filter({ hasText: unknownTag });
  await expect(unknownRow.getByTestId('unknown-note')).toHaveText('“Grey monitor under the window, no asset record”');
  await expect(unknownRow.getByTestId('scan-photo-thumbnail')).toBeVisible();
  await unknownRow.getByRole('radio', { name: 'Dismiss' }).check();
  await unknownRow.getByRole('textbox', { name: `Why dismiss ${unknownTag}` }).fill('A sticker of the landlord’s');
  // What nobody found becomes missing, if it was in stock, in use or in maintenance (an asset already missing stays so).
  const seenTags = new Set([...scannedByMe, ...elsewhere.map((r) => r.tag), ...theirs]);
  const notFoundRows = plan.expected.filter((r) => !seenTags.has(r.tag));
  const notFound = notFoundRows.filter((r) => ['in_stock', 'in_use', 'in_maintenance'].includes(r.state)).length;
  await expect(page.getByTestId('close-plan')).toContainText(`Closing will mark ${notFound} missing`);
  await page.getByTestId('audit-close').locator('canvas').scrollIntoViewIfNeeded();
  await signAt(page);
  await shot(page, testInfo, 'audit-close');
  await page.getByTestId('close-audit').click();

  const report = page.getByTestId('audit-report');
  await expect(report).toBeVisible();
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 60_000 });
  const counts = page.getByTestId('report-counts');
  await expect(counts).toContainText(`Expected${plan.expected.length}`);
  await expect(counts).toContainText(`Found${foundInAll - 2}`);
  await expect(counts).toContainText('Found elsewhere2');
  await expect(counts).toContainText(`Not found: missing${notFound}`);
  await expect(report.getByText('Dismissed: A sticker of the landlord’s')).toBeVisible();
  await shots(page, testInfo, 'audit-report');

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
  expect(csv.suggestedFilename()).toBe(`audit-${plan.audit.number}.csv`);
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text.split('\n')[0]).toContain('Audit,Location,Outcome,Tag');
  for (const tag of [...seenTags, unknownTag]) expect(text).toContain(tag);
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
  expect(pdf.suggestedFilename()).toBe(`audit-${plan.audit.number}.pdf`);
  const doc = await PDFDocument.load(readFileSync((await pdf.path())!));
  expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);

  // The server holds it all: the audit closed with the same counts, both auditors' scans, missing and audited assets.
  const closed = (await tech1.records<Audit>('audit')).find((a) => a.id === plan.audit.id)!;
  expect(closed).toMatchObject({ state: 'closed', signedName: expect.any(String), summary: { expected: plan.expected.length, found: foundInAll - 2, foundElsewhere: 2, missing: notFound, unknown: 1, dismissed: 1, lateScans: 0 } });
  const scans = (await tech1.records<AuditScan>('audit_scan')).filter((s) => s.auditId === plan.audit.id);
  expect(new Set(scans.map((s) => s.auditorId))).toEqual(new Set([tech1.userId, tech4.userId]));
  const unknownScan = scans.find((s) => s.code === unknownTag)!;
  expect(unknownScan.note).toBe('Grey monitor under the window, no asset record');
  // The photo reached the server, re-encoded as JPEG, and is served to those who may see the audit.
  await expect.poll(async () => (await tech4.download(unknownScan.photoSha256!))?.subarray(0, 3).toString('hex') ?? 'not there yet', { timeout: 30_000 }).toBe('ffd8ff');
  expect(scans.filter((s) => s.holderConfirmed === true).map((s) => [s.code, s.verdict])).toEqual([[first.tags[0], 'duplicate']]);
  const assets = new Map((await tech1.records<Asset>('asset')).map((a) => [a.id, a]));
  for (const r of notFoundRows) expect(assets.get(r.assetId)?.state, r.tag).toBe('missing');
  expect(assets.get(plan.expected.find((r) => r.tag === first.tags[0])!.assetId)?.lastAuditedOn).toBe(closed.closedAt!.slice(0, 10));
}

/** Signs on the audit's signature pad (the one on the close screen). */
async function signAt(page: Page): Promise<void> {
  const pad = page.getByTestId('audit-close').locator('canvas');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i += 1) await page.mouse.move(box.x + 20 + i * 20, box.y + box.height / 2 + Math.sin(i) * 25);
  await page.mouse.up();
}
