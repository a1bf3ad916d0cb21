import { readFileSync } from 'node:fs';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';
import { PDFDocument } from 'pdf-lib';
import type { Asset, Site } from '@fielddesk/common/domain/entities';
import { ServerView } from './api';
import type { ServerProcess } from './server';
import { FIRST_SYNC_MS, openApp, shot, signIn } from './slice';

/**
 * Printable asset labels (issue 13, item 7), shared by the web and desktop hosts: open an asset,
 * press `l`, choose a stock, download the PDF and the SVG, check their sizes and that the
 * barcodes in the SVG, drawn on a canvas in Chromium, decode back to the tag.
 */

const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'tablet', width: 1024, height: 768 },
] as const;

/** An asset desk1 sees that has a site, and that site's name. */
async function anAssetWithASite(view: ServerView): Promise<{ asset: Asset; site: Site }> {
  const sites = new Map((await view.records<Site>('site')).map((site) => [site.id, site]));
  const asset = (await view.records<Asset>('asset')).find((a) => a.siteId && sites.has(a.siteId));
  if (!asset) throw new Error('the demo seed should have an asset at a site');
  return { asset, site: sites.get(asset.siteId!)! };
}

/**
 * Draws the SVG (`widthMm` × `heightMm`) on a canvas in the page at `pxPerMm` and returns the
 * luminance of its top-left `crop` (the whole drawing by default): an A4 sheet's first label, not
 * the whole sheet, whose 4 million pixels took a minute to come back from the page and be read.
 */
async function rasterInPage(page: Page, svg: string, widthMm: number, heightMm: number, pxPerMm: number, crop = { w: widthMm, h: heightMm }): Promise<{ lum: Uint8ClampedArray; w: number; h: number }> {
  const full = { w: Math.round(widthMm * pxPerMm), h: Math.round(heightMm * pxPerMm) };
  const w = Math.round(crop.w * pxPerMm);
  const h = Math.round(crop.h * pxPerMm);
  const grey = await page.evaluate(
    async ({ svg, full, w, h }) => {
      const img = new Image(full.w, full.h);
      const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
      try {
        img.src = url;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = w;
        canvas.height = h;
        const ctx = canvas.getContext('2d')!;
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, w, h);
        ctx.drawImage(img, 0, 0, full.w, full.h);
        const rgba = ctx.getImageData(0, 0, w, h).data;
        // One byte a pixel, as base64: a string crosses to the test far faster than an array of numbers.
        let bytes = '';
        for (let i = 0; i < w * h; i++) bytes += String.fromCharCode(Math.round((rgba[i * 4]! + rgba[i * 4 + 1]! + rgba[i * 4 + 2]!) / 3));
        return btoa(bytes);
      } finally {
        URL.revokeObjectURL(url);
      }
    },
    { svg, full, w, h },
  );
  return { lum: new Uint8ClampedArray(Buffer.from(grey, 'base64')), w, h };
}

function decodeAs(format: BarcodeFormat, img: { lum: Uint8ClampedArray; w: number; h: number }): string {
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [format]],
    [DecodeHintType.TRY_HARDER, true],
  ]);
  reader.setHints(hints);
  return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.lum, img.w, img.h))), hints).getText();
}

const MM_TO_PT = 72 / 25.4;

export async function runAssetLabels(page: Page, server: ServerProcess, testInfo: TestInfo, opts: { appUrl: (path: string) => string; serverUrl?: string }): Promise<void> {
  const view = await ServerView.signIn(server.url, 'desk1');
  const { asset, site } = await anAssetWithASite(view);

  await page.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
  await openApp(page, opts.appUrl);
  await signIn(page, { username: 'desk1', serverUrl: opts.serverUrl });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#/assets/${asset.id}`);
  await expect(page.getByTestId('asset-screen')).toBeVisible();
  await expect(page.getByRole('heading', { name: asset.name, level: 1 })).toBeVisible();

  // Offline too: the labels are drawn in the app.
  await page.context().setOffline(true);
  await page.keyboard.press('l');
  const dialog = page.getByRole('dialog', { name: 'Print label' });
  await expect(dialog).toBeVisible();

  const stocks = [
    { name: 'Dymo 99012 (36 × 89 mm)', w: 89, h: 36, page: [89, 36] },
    // The sheet's first label, 70 × 37 mm, sits 0.5 mm below its top-left corner.
    { name: 'A4 sheet, 3 × 8 labels (70 × 37 mm)', w: 210, h: 297, page: [210, 297], first: { w: 70, h: 38 } },
    { name: 'Zebra 2 × 1 in (50.8 × 25.4 mm)', w: 50.8, h: 25.4, page: [50.8, 25.4] },
  ];
  for (const stock of stocks) {
    await dialog.getByRole('textbox', { name: 'Label size' }).click();
    await page.getByRole('option', { name: stock.name }).click();
    await expect(dialog.getByRole('textbox', { name: 'Label size' })).toHaveValue(stock.name);
    await expect(dialog.getByTestId('label-preview')).toBeVisible();
    if (stock.w === 89) {
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        await expect(dialog.getByTestId('label-preview')).toBeVisible();
        await expect.poll(() => dialog.getByTestId('label-preview').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
        await shot(page, testInfo, `asset-label-dialog-${viewport.name}`);
      }
      await page.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
    }

    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download PDF' }).click()]);
    expect(pdfDownload.suggestedFilename()).toBe(`asset-label-${asset.tag.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`);
    const pdf = await PDFDocument.load(readFileSync((await pdfDownload.path())!));
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getPage(0).getWidth()).toBeCloseTo(stock.page[0]! * MM_TO_PT, 1);
    expect(pdf.getPage(0).getHeight()).toBeCloseTo(stock.page[1]! * MM_TO_PT, 1);

    const [svgDownload] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download SVG' }).click()]);
    expect(svgDownload.suggestedFilename()).toBe(`asset-label-${asset.tag.replace(/[^A-Za-z0-9._-]+/g, '_')}.svg`);
    const svg = readFileSync((await svgDownload.path())!, 'utf8');
    expect(svg).toContain(`width="${stock.w}mm" height="${stock.h}mm"`);
    expect(svg).toContain(`>${asset.tag}</text>`);
    expect(svg).toContain(site.name);
    // Drawn in Chromium at 12 px/mm (about 300 dpi), both codes read back as the tag.
    const raster = await rasterInPage(page, svg, stock.w, stock.h, 12, stock.first);
    expect(decodeAs(BarcodeFormat.QR_CODE, raster)).toBe(asset.tag);
    expect(decodeAs(BarcodeFormat.CODE_128, raster)).toBe(asset.tag);
  }
  await page.context().setOffline(false);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
}
