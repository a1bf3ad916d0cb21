/**
 * Location labels in the web app (issue 14, item 7): the Locations screen lists the user's
 * site's locations; ticking them all and "Print labels" downloads one A4 PDF, offline; the
 * label's QR code and Code 128, drawn by Chromium from the preview, read back as the location's
 * `LOC:<id>`.
 */
import { readFileSync } from 'node:fs';
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';
import { PDFDocument } from 'pdf-lib';
import { readCode } from '@fielddesk/common/audits/codes';
import { expect, test } from '../support/fixtures';
import { FIRST_SYNC_MS, shot, signIn } from '../support/slice';

function decodeAs(format: BarcodeFormat, img: { lum: Uint8ClampedArray; w: number; h: number }): string {
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [format]],
    [DecodeHintType.TRY_HARDER, true],
  ]);
  reader.setHints(hints);
  return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.lum, img.w, img.h))), hints).getText();
}

test('web app: the Locations screen prints its site’s location labels as one PDF, offline, and the codes read back as the location', async ({ page, server }, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(server.url);
  await signIn(page, { username: 'tech1' });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  await page.evaluate(() => {
    window.location.hash = '#/locations';
  });
  const table = page.getByTestId('locations-table');
  await expect(table).toBeVisible();
  const rows = table.locator('tbody tr');
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);

  await page.context().setOffline(true);
  await page.getByRole('checkbox', { name: 'Select every location shown' }).check();
  const print = page.getByTestId('print-location-labels');
  await expect(print).toHaveText(`Print labels (${count})`);
  const preview = page.getByTestId('location-label-preview');
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await shot(page, testInfo, 'location-labels');

  const [download] = await Promise.all([page.waitForEvent('download'), print.click()]);
  expect(download.suggestedFilename()).toMatch(/^location-labels-.+\.pdf$/);
  const pdf = await PDFDocument.load(readFileSync((await download.path())!));
  expect(pdf.getTitle()).toBe('Location labels');
  expect(pdf.getPageCount()).toBe(Math.ceil(count / 24));
  expect(pdf.getPage(0).getWidth()).toBeCloseTo(595.28, 1);

  // The first label, drawn by Chromium at 12 px/mm (about 300 dpi): both codes name the first location.
  const firstCode = (await rows.first().locator('td').nth(2).textContent())!.trim();
  expect(readCode(firstCode).kind).toBe('location');
  const grey = await preview.evaluate(async (img: HTMLImageElement) => {
    const svg = decodeURIComponent(img.src.slice(img.src.indexOf(',') + 1));
    const [, w, h] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!.map(Number) as [number, number, number];
    const W = Math.round(w * 12);
    const H = Math.round(h * 12);
    const image = new Image(W, H);
    image.src = img.src;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = W;
    canvas.height = H;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, W, H);
    ctx.drawImage(image, 0, 0, W, H);
    const rgba = ctx.getImageData(0, 0, W, H).data;
    const out: number[] = new Array(W * H);
    for (let i = 0; i < W * H; i++) out[i] = Math.round((rgba[i * 4]! + rgba[i * 4 + 1]! + rgba[i * 4 + 2]!) / 3);
    return { out, W, H };
  });
  const raster = { lum: Uint8ClampedArray.from(grey.out), w: grey.W, h: grey.H };
  expect(decodeAs(BarcodeFormat.QR_CODE, raster)).toBe(firstCode);
  expect(decodeAs(BarcodeFormat.CODE_128, raster)).toBe(firstCode);
  await page.context().setOffline(false);
});
