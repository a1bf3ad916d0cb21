import { expect, type Page, type TestInfo } from '@playwright/test';
import { consumableStock } from '@fielddesk/common/assets/consumables';
import type { Location } from '@fielddesk/common/domain/entities';
import type { Consumable } from '@fielddesk/common/entities/consumable';
import { stockMovementOf, type ConsumableMovement } from '@fielddesk/common/entities/consumable-movement';
import { ServerView } from './api';
import { goToRoute } from './cmdb';
import type { ServerProcess } from './server';
import { FIRST_SYNC_MS, LAPTOP, openApp, shot, shots, signIn, takeServerAway } from './slice';

/**
 * Consumables (issue 13: "two technicians issue the last toner offline and both issues arrive"),
 * shared by the web and desktop hosts. Two technicians of HQ, each in their own app, open the HP
 * 59A toner with one left at Reception; the server goes away and each issues the last cartridge;
 * back, both issues reach the server, neither refused, the server's stock is -1, and both apps
 * show -1 flagged "Below zero" (never corrected silently). Pictures of the item's ledger, the
 * Issue, Adjust and Transfer dialogs, the list and the low-stock view, at a laptop's size and a
 * tablet's.
 */

const TONER = 'HP 59A black toner';

/** Signs a technician in and opens the toner's screen once their replica has it. */
async function openToner(page: Page, username: string, itemId: string, opts: { appUrl: (path: string) => string; serverUrl?: string }): Promise<void> {
  await openApp(page, opts.appUrl);
  await signIn(page, { username, serverUrl: opts.serverUrl });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  await goToRoute(page, `/consumables/${itemId}`);
  await expect(page.getByRole('heading', { name: TONER, level: 1 })).toBeVisible();
}

/** Issues one of the item to a person picked by name, from the `i` key. */
async function issueOne(page: Page, person: string): Promise<void> {
  await page.keyboard.press('i');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: `Issue ${TONER}` })).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Person' }).fill(person);
  await page.getByRole('option', { name: person }).click();
  await dialog.getByTestId('movement-save').click();
  await expect(dialog).toBeHidden();
}

const onHand = (page: Page) => page.getByTestId('stock-row').filter({ hasText: 'Reception (HQ)' }).getByTestId('stock-badge');

/** `pages`: the apps of two technicians (tech1, who is pictured, and tech4), each with its own replica, not signed in yet. */
export async function runLastTonerOffline(pages: readonly [Page, Page], server: ServerProcess, testInfo: TestInfo, opts: { appUrl: (path: string) => string; serverUrl?: string }): Promise<void> {
  const [page, page2] = pages;
  const view = await ServerView.signIn(server.url, 'desk1');
  const toner = (await view.records<Consumable>('consumable')).find((c) => c.name === TONER);
  if (!toner) throw new Error(`the demo seed should have ${TONER}`);
  const reception = (await view.records<Location>('location')).find((l) => l.name === 'Reception');
  if (!reception) throw new Error('the demo seed should have an HQ Reception');
  const movementsOfToner = async () => (await view.records<ConsumableMovement>('consumable_movement')).filter((m) => m.itemId === toner.id);
  const stockAtReception = (movements: ConsumableMovement[]) => consumableStock([toner], movements.map(stockMovementOf))[0]?.locations.find((l) => l.locationId === reception.id)?.quantity;
  expect(stockAtReception(await movementsOfToner())).toBe(1);

  await page.setViewportSize(LAPTOP);
  await Promise.all([openToner(page, 'tech1', toner.id, opts), openToner(page2, 'tech4', toner.id, opts)]);
  await expect(onHand(page)).toHaveText('1, low');
  await expect(onHand(page2)).toHaveText('1, low');

  // The server goes away, and each technician issues the last cartridge.
  await takeServerAway(server, page, page2);
  await issueOne(page, 'Dana Whitfield');
  await issueOne(page2, 'Alex Morgan');
  for (const p of pages) {
    await expect(onHand(p)).toHaveText('0, low');
    await expect(p.getByTestId('pending-count')).toHaveText('1');
    await expect(p.getByTestId('ledger-row').first().getByTestId('not-synced')).toBeVisible();
  }

  // The server is back: both issues arrive, neither is refused, and each app shows the other's too
  // (the second technician syncs again to fetch the first one's issue, pushed after theirs).
  await server.startAgain();
  for (const p of [page2, page, page2]) {
    await p.getByRole('button', { name: 'Sync now' }).click();
    await expect(p.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });
  }
  const movements = await movementsOfToner();
  expect(stockAtReception(movements)).toBe(-1);
  // On the server: both issues, by two people, neither refused (the seed issues toner to printers).
  const issues = movements.filter((m) => m.kind === 'issued' && m.issuedTo?.kind === 'person');
  expect(issues).toHaveLength(2);
  expect(new Set(issues.map((m) => m.authorId)).size).toBe(2);
  for (const p of pages) {
    await expect(onHand(p)).toHaveText('-1, below zero', { timeout: 20_000 });
    await expect(p.getByTestId('flag-negative')).toHaveText('Below zero');
    // Newest first: the two issues, one by each technician.
    const newest = p.getByTestId('ledger-row');
    await expect(newest.nth(0)).toContainText('Issued');
    await expect(newest.nth(1)).toContainText('Issued');
    expect(`${await newest.nth(0).textContent()} ${await newest.nth(1).textContent()}`).toContain('Dana Whitfield');
  }
  await shots(page, testInfo, 'consumable-item');

  // The dialogs and the lists, pictured.
  await page.keyboard.press('i');
  await expect(page.getByRole('dialog')).toBeVisible();
  await shots(page, testInfo, 'consumable-issue-dialog');
  await page.keyboard.press('Escape');
  // Until the dialog has gone its field keeps the focus, and keys typed there are not shortcuts.
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.keyboard.press('a');
  await page.getByTestId('movement-reason').fill('Recount: the shelf is empty');
  await shot(page, testInfo, 'consumable-adjust-dialog-laptop');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.keyboard.press('t');
  await expect(page.getByTestId('movement-to-location')).toBeVisible();
  await shot(page, testInfo, 'consumable-transfer-dialog-laptop');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await goToRoute(page, '/consumables');
  await expect(page.getByTestId('consumable-row').filter({ hasText: TONER }).getByTestId('flag-negative')).toBeVisible();
  await shots(page, testInfo, 'consumables-list');
  await page.keyboard.press('l');
  await expect(page.getByTestId('low-stock-row').first()).toContainText(TONER);
  await shots(page, testInfo, 'consumables-low-stock');
}
