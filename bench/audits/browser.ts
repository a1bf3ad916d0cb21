/**
 * The browser half of bench:audit: Debian's Chromium against the real server serving the web
 * build, one page, the device offline after seeding (the bench's audit lives in the replica only,
 * as an audit started on the device does until it syncs).
 *
 * - open_audit_ms: from the route change to the audit run screen showing "Found 0 of N" — its
 *   snapshot read, indexed and merged with its scans, and drawn; each opening after a visit to
 *   the Audits list. Reference: seed-entry.ts readSnapshot, a raw Dexie read of the N rows.
 * - scan_to_verdict_p95_ms: a keyboard-wedge scan (its keys and Enter dispatched at once, as a
 *   scanner's arrive) of an expected asset's tag, from the Enter to the verdict naming that tag
 *   in the DOM (a MutationObserver sees it before the frame is painted). Absolute target.
 * - close_audit_ms: seed-entry.ts close.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/support/chromium';
import { bundleBrowserEntry, seedPage } from '../lib/browser-bundle';
import { log } from '../lib/report';

const here = path.dirname(fileURLToPath(import.meta.url));
const VIEWPORT = { width: 1280, height: 900 };

export interface AuditBrowserMeasurement {
  assets: number;
  open: number[];
  openReference: number[];
  scans: number[];
  close: { closeMs: number; referenceMs: number; scans: number };
}

/** Dispatches a wedge scan's keys and Enter, then resolves with the ms from the Enter to the verdict showing `tag`. */
function timedScan(page: Page, code: string, tag: string | null): Promise<number> {
  return page.evaluate(
    ([text, expect]) =>
      new Promise<number>((resolve, reject) => {
        const shown = () => {
          if (expect === null) return document.querySelector('[data-testid="current-location"]')?.textContent !== 'No location yet';
          return document.querySelector('[data-testid="verdict-code"]')?.textContent === expect;
        };
        const target = document.activeElement ?? document.body;
        for (const key of [...text, 'Enter']) target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        const started = performance.now();
        if (shown()) return resolve(0);
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`no verdict for ${text} within 30 s`));
        }, 30_000);
        const observer = new MutationObserver(() => {
          if (!shown()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(performance.now() - started);
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      }),
    [code, tag] as const,
  );
}

async function openAudit(page: Page, auditId: string, count: number): Promise<number> {
  await page.evaluate(() => {
    window.location.hash = '#/audits';
  });
  await page.locator('[data-testid="audits-screen"]').waitFor({ timeout: 120_000 });
  await page.waitForTimeout(300);
  const wanted = `Found 0 of ${count.toLocaleString('en')} expected`;
  return page.evaluate(
    ([id, text]) =>
      new Promise<number>((resolve, reject) => {
        const done = () => document.querySelector('[data-testid="progress-all"]')?.textContent?.startsWith(text) ?? false;
        const started = performance.now();
        const timer = setTimeout(() => reject(new Error('the audit did not open within 120 s')), 120_000);
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(performance.now() - started);
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        window.location.hash = `#/audits/${id}`;
      }),
    [auditId, wanted] as const,
  );
}

export async function measureAuditBrowser(options: { origin: string; username: string; password: string; assets: number; opens: number; scans: number }): Promise<AuditBrowserMeasurement> {
  const code = await bundleBrowserEntry(path.join(here, 'seed-entry.ts'));
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
    // tsx keeps function names with a `__name` helper, which the page must have for the functions evaluated in it.
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`browser page error: ${e.message}`));
    await page.route(`${options.origin}/__bench/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/__bench/seed.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: code });
      return route.fulfill({ status: 200, contentType: 'text/html', body: seedPage('FieldDesk audit benchmark seed') });
    });
    await page.goto(`${options.origin}/__bench/seed.html`);
    await page.waitForFunction(() => 'fielddeskAuditSeed' in window);
    const seeded = await page.evaluate(([u, p, n, now]) => window.fielddeskAuditSeed.seed(u, p, n, now), [options.username, options.password, options.assets, Date.now()] as const);
    log(`seeded ${options.username}'s replica: an audit expecting ${seeded.assets} assets (written in ${Math.round(seeded.writeMs)} ms)`);
    const openReference: number[] = [];
    for (let i = 0; i < options.opens; i++) openReference.push((await page.evaluate(([u, a]) => window.fielddeskAuditSeed.readSnapshot(u, a), [seeded.userId, seeded.auditId] as const)).ms);

    // The app, signed in (the session cookie from the seed's sign-in), then offline: the audit is the device's own.
    await page.goto(`${options.origin}/`);
    await page.locator('[data-testid="ticket-row"]').first().waitFor({ timeout: 120_000 });
    // One untimed opening while online: the screens' chunks are fetched (the bench blocks the
    // service worker, so offline they could not be), then the device goes offline.
    await openAudit(page, seeded.auditId, seeded.assets);
    await context.setOffline(true);
    const open: number[] = [];
    for (let i = 0; i < options.opens; i++) {
      open.push(await openAudit(page, seeded.auditId, seeded.assets));
      log(`open_audit_ms run ${i + 1}: ${Math.round(open.at(-1)!)} ms (raw read ${Math.round(openReference[i]!)} ms)`);
    }
    await timedScan(page, `LOC:${seeded.locationId}`, null);
    // Untimed warm-up scans (the first verdict mounts its block), then the timed ones.
    for (const tag of seeded.tags.slice(0, 5)) await timedScan(page, tag, tag);
    const scans: number[] = [];
    for (const tag of seeded.tags.slice(5, 5 + options.scans)) scans.push(await timedScan(page, tag, tag));
    log(`scan_to_verdict: ${scans.length} scans`);
    await page.waitForTimeout(1000);

    await context.setOffline(false);
    await page.goto(`${options.origin}/__bench/seed.html`);
    await page.waitForFunction(() => 'fielddeskAuditSeed' in window);
    const closed = await page.evaluate(([u, id, site, a, now]) => window.fielddeskAuditSeed.close(u, id, site, a, now), [options.username, seeded.userId, seeded.siteId, seeded.auditId, Date.now()] as const);
    if (closed.state !== 'closed') throw new Error(`the audit is ${closed.state} after the close`);
    await context.close();
    return { assets: seeded.assets, open, openReference, scans, close: closed };
  } finally {
    await browser.close();
  }
}
