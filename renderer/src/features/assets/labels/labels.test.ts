import {
  BarcodeFormat,
  BinaryBitmap,
  Code128Reader,
  DecodeHintType,
  HybridBinarizer,
  QRCodeReader,
  RGBLuminanceSource,
} from '@zxing/library';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { LABEL_STOCKS, MM_TO_PT, escapeXml, labelFileName, labelLayout, labelSvg, labelsPdf, sheetSvgs, stockById, truncate, type Rect } from './labels';

const asset = { tag: 'AST-0042', name: 'Laptop <b>"Rose" & Co</b>', site: 'Lyon HQ' };

/** Draws rectangles (mm) into a grey bitmap at `pxPerMm`, with a white quiet border. */
function rasterise(rects: Rect[], box: Rect, pxPerMm: number, border: number): { lum: Uint8ClampedArray; w: number; h: number } {
  const w = Math.ceil(box.w * pxPerMm) + 2 * border;
  const h = Math.ceil(box.h * pxPerMm) + 2 * border;
  const lum = new Uint8ClampedArray(w * h).fill(255);
  for (const r of rects) {
    const x0 = Math.round((r.x - box.x) * pxPerMm) + border;
    const y0 = Math.round((r.y - box.y) * pxPerMm) + border;
    const x1 = Math.round((r.x + r.w - box.x) * pxPerMm) + border;
    const y1 = Math.round((r.y + r.h - box.y) * pxPerMm) + border;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) lum[y * w + x] = 0;
  }
  return { lum, w, h };
}

function decode(reader: QRCodeReader | Code128Reader, img: { lum: Uint8ClampedArray; w: number; h: number }): string {
  const source = new RGBLuminanceSource(img.lum, img.w, img.h);
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  return reader.decode(new BinaryBitmap(new HybridBinarizer(source)), hints).getText();
}

describe('asset labels', () => {
  it.each(LABEL_STOCKS.map((s) => [s.id, s] as const))('%s: SVG sized in mm, tag and escaped name', (_id, stock) => {
    const svg = labelSvg(asset, stock);
    expect(svg).toContain(`width="${stock.widthMm}mm" height="${stock.heightMm}mm"`);
    expect(svg).toContain(`viewBox="0 0 ${stock.widthMm} ${stock.heightMm}"`);
    expect(svg).toContain('>AST-0042</text>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('Laptop &lt;b&gt;&quot;Rose&quot;');
    expect(svg).toContain('Lyon HQ');
    // Well-formed XML; the name is text, not elements.
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(doc.getElementsByTagName('b')).toHaveLength(0);
    const texts = Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent);
    expect(texts[0]).toBe('AST-0042');
    expect(texts[1]!.startsWith('Laptop <b>"Rose"')).toBe(true);
  });

  it.each(LABEL_STOCKS.map((s) => [s.id, s] as const))('%s: the Code 128 and the QR decode back to the tag', (_id, stock) => {
    for (const tag of ['AST-0042', 'LAB-2026-000123', 'x/y z']) {
      const layout = labelLayout({ ...asset, tag }, stock);
      // everything inside the label
      for (const r of [...layout.qr, ...layout.bars]) {
        expect(r.x).toBeGreaterThanOrEqual(0);
        expect(r.y).toBeGreaterThanOrEqual(0);
        expect(r.x + r.w).toBeLessThanOrEqual(stock.widthMm + 1e-6);
        expect(r.y + r.h).toBeLessThanOrEqual(stock.heightMm + 1e-6);
      }
      // 12 px/mm is about 300 dpi, a label printer's resolution.
      const qr = rasterise(layout.qr, layout.qrBox, 12, 24);
      expect(decode(new QRCodeReader(), qr)).toBe(tag);
      const bars = rasterise(layout.bars, layout.barBox, 12, 40);
      const reader = new Code128Reader();
      expect(decode(reader, bars)).toBe(tag);
      expect(BarcodeFormat[BarcodeFormat.CODE_128]).toBe('CODE_128');
    }
  });

  it('truncates a long name with an ellipsis and strips control characters', () => {
    expect(truncate('a'.repeat(50), 10)).toBe('aaaaaaaaa…');
    expect(truncate('tab\there', 20)).toBe('tab here');
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
    const layout = labelLayout({ ...asset, name: 'N'.repeat(200) }, stockById('zebra-2x1'));
    expect(layout.texts[1]!.text.endsWith('…')).toBe(true);
    expect(layout.texts[1]!.text.length).toBeLessThan(40);
  });

  it.each(LABEL_STOCKS.map((s) => [s.id, s] as const))('%s: a long tag is set smaller, never cut', (_id, stock) => {
    const tag = 'LAB-2026-000123-XYZ';
    const layout = labelLayout({ ...asset, tag }, stock);
    expect(layout.texts[0]!.text).toBe(tag);
    expect(layout.texts[0]!.x + tag.length * 0.62 * layout.texts[0]!.sizeMm).toBeLessThanOrEqual(stock.widthMm + 1e-6);
  });

  it('escapes every markup character', () => {
    expect(escapeXml(`<script>alert("x")</script>&'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&apos;');
    const svg = labelSvg({ tag: 'T<1>', name: '<svg onload="alert(1)">', site: null }, stockById('dymo-99012'));
    expect(svg).not.toContain('<svg onload');
    expect(svg.match(/<svg/g)).toHaveLength(1);
  });

  it('places 24 labels on an A4 sheet, the 25th on a second page', () => {
    const items = Array.from({ length: 25 }, (_, i) => ({ tag: `AST-${i}`, name: `Asset ${i}`, site: null }));
    const pages = sheetSvgs(items, stockById('a4-3x8'));
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('width="210mm" height="297mm"');
    expect(pages[0]!.match(/<g transform/g)).toHaveLength(24);
    expect(pages[1]!.match(/<g transform/g)).toHaveLength(1);
    expect(pages[0]).toContain('translate(140 259.5)');
  });

  it.each(LABEL_STOCKS.map((s) => [s.id, s] as const))('%s: the PDF has the stock page size in points', async (_id, stock) => {
    const bytes = await labelsPdf([asset, { ...asset, tag: 'AST-0043', name: 'Écran 27″ — 日本' }], stock);
    const doc = await PDFDocument.load(bytes);
    const pages = doc.getPages();
    expect(pages).toHaveLength(stock.sheet ? 1 : 2);
    const w = (stock.sheet?.widthMm ?? stock.widthMm) * MM_TO_PT;
    const h = (stock.sheet?.heightMm ?? stock.heightMm) * MM_TO_PT;
    for (const page of pages) {
      expect(page.getWidth()).toBeCloseTo(w, 2);
      expect(page.getHeight()).toBeCloseTo(h, 2);
    }
  });

  it('names files after the tag', () => {
    expect(labelFileName('AST-0042', 'pdf')).toBe('asset-label-AST-0042.pdf');
    expect(labelFileName('../a b', 'svg')).toBe('asset-label-.._a_b.svg');
  });
});
