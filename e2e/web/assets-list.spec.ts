/**
 * The Assets list in the web app (issue 13, item 7): a technician filters by state and model,
 * saves the view, selects three assets and retires them with a reason; the one checked out is
 * refused in the rule's words, the other two show Retired, and after a sync the server holds
 * them retired (and the refused one as it was). Screenshots at a laptop's width and a tablet's.
 */
import { expect, type Page, type TestInfo } from '@playwright/test';
import { recordsPath, type RecordsPage } from '@fielddesk/common/api/http';
import type { Asset } from '@fielddesk/common/domain/entities';
import type { AssetModel } from '@fielddesk/common/entities/asset-model';
import { ServerView } from '../support/api';
import { test } from '../support/fixtures';
import { FIRST_SYNC_MS, shot, signIn } from '../support/slice';

const byTag = (a: Asset, b: Asset) => a.tag.localeCompare(b.tag);

/**
 * A model (chosen, or as inventoried when none was chosen) with at least two assets in stock and
 * available and one in use and checked out, among the first rows the list shows for it (so all
 * three are on screen); `option` is how the model filter names it.
 */
function pickAssets(assets: readonly Asset[], models: readonly AssetModel[]): { option: string; count: number; listed: Asset[]; free: Asset[]; held: Asset } {
  const modelName = new Map(models.map((m) => [m.id, m.manufacturer ? `${m.manufacturer} ${m.name}` : m.name]));
  const keyOf = (a: Asset) => (a.modelId ? modelName.get(a.modelId) : a.model) ?? null;
  const options = [...new Set(assets.map(keyOf).filter((k): k is string => k !== null))].sort();
  for (const option of options) {
    const all = assets.filter((a) => keyOf(a) === option && ((a.state === 'in_stock' && a.substate === 'available') || a.state === 'in_use')).sort(byTag);
    const listed = all.slice(0, 12);
    const free = listed.filter((a) => a.state === 'in_stock' && a.checkedOutTo === null).slice(0, 2);
    const held = listed.find((a) => a.state === 'in_use' && a.checkedOutTo !== null);
    // A model name that is also an inventoried text would be offered twice: skip it.
    const twice = assets.some((a) => a.modelId === null && a.model === option) && assets.some((a) => a.modelId !== null && keyOf(a) === option);
    if (free.length === 2 && held && !twice) return { option, count: all.length, listed, free, held };
  }
  throw new Error('the demo seed should give tech1 a model with two available assets and one checked out');
}

async function pick(page: Page, field: string, option: string): Promise<void> {
  await page.getByRole('textbox', { name: field, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await page.keyboard.press('Escape');
}

async function shots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await shot(page, testInfo, `${name}-laptop`);
  await page.setViewportSize({ width: 800, height: 1280 });
  await shot(page, testInfo, `${name}-tablet`);
  await page.setViewportSize({ width: 1440, height: 900 });
}

const row = (page: Page, tag: string) => page.locator(`[data-testid="asset-row"][data-tag="${tag}"]`);

test('web app: a technician filters the Assets list, saves the view, retires three assets and one checked out is refused in the rule’s words', async ({ page, server }, testInfo) => {
  test.setTimeout(180_000);
  const tech = await ServerView.signIn(server.url, 'tech1');
  const models = (await tech.getJson<RecordsPage<AssetModel>>(`${recordsPath('asset_model')}?limit=1000`)).records;
  const { option: model, count, listed, free, held } = pickAssets([...(await tech.pullAll()).assets.values()], models);

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(server.url);
  await signIn(page, { username: 'tech1' });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  await page.getByRole('link', { name: 'Assets' }).click();
  await expect(page.getByTestId('assets-list')).toHaveAttribute('data-ready', 'true');

  // Filter by state (a substate, and a whole state) and by model, then save the view.
  await pick(page, 'State', 'In stock: Available');
  await pick(page, 'State', 'In use (any)');
  await pick(page, 'Model', model);
  await expect(page.getByTestId('assets-count')).toContainText(`${count} of `);
  await expect(page.getByTestId('asset-row').first()).toHaveAttribute('data-tag', listed[0]!.tag);
  for (const r of await page.getByTestId('asset-state').all()) await expect(r).toHaveText(/^In stock: Available$|^In use$/);
  await page.getByTestId('assets-views').click();
  await page.getByTestId('assets-save-view').click();
  await page.getByTestId('assets-view-name').fill(`${model} at HQ`);
  await page.getByTestId('assets-view-save').click();
  await expect(page.getByRole('heading', { name: `${model} at HQ`, level: 1 })).toBeVisible();

  // Three selected (the second by shift-click from the first would take the rows between: click each).
  const chosen = [free[0]!, free[1]!, held].sort(byTag);
  for (const a of chosen) await page.getByRole('checkbox', { name: `Select ${a.tag}` }).click();
  await expect(page.getByTestId('assets-bulk-bar')).toContainText('3 selected');
  await shots(page, testInfo, 'assets-list-filtered');

  // Retire them (r), with a reason.
  await page.keyboard.press('r');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Retire: 3 assets');
  await dialog.getByTestId('bulk-reason').fill('End of lease, returned to the vendor');
  await shots(page, testInfo, 'assets-retire-dialog');
  await dialog.getByTestId('bulk-run').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('assets-bulk-summary')).toHaveText(`2 retired; 1 refused: ${held.tag}: An asset that is checked out cannot be retired: check it in first.`);
  // Retired assets leave this view (it lists available and in-use ones); the refused one stays, still checked.
  await expect(row(page, free[0]!.tag)).toHaveCount(0);
  await expect(row(page, held.tag)).toHaveAttribute('data-checked', 'true');
  await shots(page, testInfo, 'assets-list-retired');

  // Without the filters, the two show Retired.
  await page.keyboard.press('Escape');
  await page.getByTestId('assets-views').click();
  await page.getByRole('menuitem', { name: 'Clear the filters' }).click();
  for (const a of free) {
    await page.getByTestId('assets-search').fill(a.tag);
    await expect(row(page, a.tag).getByTestId('asset-state')).toHaveText('Retired');
  }

  // The saved view is still there, and applies again.
  await page.getByTestId('assets-views').click();
  await page.getByRole('menuitem', { name: `${model} at HQ` }).click();
  await expect(page.getByRole('heading', { name: `${model} at HQ`, level: 1 })).toBeVisible();
  await expect(row(page, held.tag)).toBeVisible();

  // Sync: the server holds the two retired, with the reason, and the checked-out one as it was.
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 60_000 });
  const after = (await tech.pullAll()).assets;
  for (const a of free) expect(after.get(a.id)).toMatchObject({ state: 'retired' });
  expect(after.get(held.id)).toMatchObject({ state: 'in_use', checkedOutTo: held.checkedOutTo });
});
