import { BinaryBitmap, Code128Reader, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readCode } from '@fielddesk/common/audits/codes';
import { labelLayout, type Rect } from '../../../shared/labels';
import { LOCATION_LABEL_STOCKS, locationLabelContent, locationLabelsFileName, locationLabelsPdf, locationLabelsSvgs } from './locationLabels';

const room = { id: '5f0c8a9e-3b1d-4c2e-9f00-1a2b3c4d5e6f', name: 'Room 2.14 <Lab> & "B"', site: 'Lyon HQ' };

function rasterise(rects: Rect[], box: Rect, pxPerMm: number, border: number) {
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
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.lum, img.w, img.h))), hints).getText();
}

describe('location labels', () => {
  it('leave out the stock too narrow for a 40-character Code 128', () => {
    expect(LOCATION_LABEL_STOCKS.map((s) => s.id)).toEqual(['brother-dk11201', 'dymo-99012', 'a4-3x8']);
  });

  it.each(LOCATION_LABEL_STOCKS.map((s) => [s.id, s] as const))('%s: the QR and the Code 128 decode to the location label, read as this location', (_id, stock) => {
    const layout = labelLayout(locationLabelContent(room), stock);
    // 24 px/mm is a 600 dpi printer (the A4 sheet's); the rolls' label printers are 300 dpi.
    const px = stock.sheet ? 24 : 12;
    for (const text of [decode(new QRCodeReader(), rasterise(layout.qr, layout.qrBox, px, 24)), decode(new Code128Reader(), rasterise(layout.bars, layout.barBox, px, 60))]) {
      expect(text).toBe(`LOC:${room.id}`);
      expect(readCode(text)).toEqual({ kind: 'location', locationId: room.id });
    }
    expect(layout.texts.map((t) => t.text)).toEqual([room.name, 'Lyon HQ']);
    expect(layout.texts[0]!.bold).toBe(true);
  });

  it('a long location name is set smaller down to a readable size, then cut, and stays on the label', () => {
    const stock = LOCATION_LABEL_STOCKS[0]!;
    const layout = labelLayout(locationLabelContent({ ...room, name: 'Building C, second floor, east wing, room 2.14 (network closet)' }), stock);
    const title = layout.texts[0]!;
    expect(title.text.endsWith('…')).toBe(true);
    expect(title.sizeMm).toBeGreaterThanOrEqual(2.8);
    expect(title.x + Array.from(title.text).length * 0.62 * title.sizeMm).toBeLessThanOrEqual(stock.widthMm + 1e-6);
  });

  it('escapes the names in the SVG; a sheet of 30 is two A4 pages of PDF', async () => {
    const sheet = LOCATION_LABEL_STOCKS.find((s) => s.sheet)!;
    const svg = locationLabelsSvgs([room], sheet)[0]!;
    expect(svg).toContain('Room 2.14 &lt;Lab&gt; &amp; &quot;B&quot;');
    expect(new DOMParser().parseFromString(svg, 'image/svg+xml').getElementsByTagName('parsererror')).toHaveLength(0);
    const rooms = Array.from({ length: 30 }, (_, i) => ({ ...room, id: `5f0c8a9e-3b1d-4c2e-9f00-${String(i).padStart(12, '0')}`, name: `Room ${i}` }));
    const doc = await PDFDocument.load(await locationLabelsPdf(rooms, sheet));
    expect(doc.getPageCount()).toBe(2);
    expect(doc.getTitle()).toBe('Location labels');
    expect(locationLabelsFileName(rooms)).toBe('location-labels-Lyon_HQ.pdf');
    expect(locationLabelsFileName([room])).toBe('location-label-Room_2.14_Lab_B_.pdf');
  });
});
