/**
 * Printable labels: a Code 128 barcode and a QR code of a payload (an asset's tag, a location
 * label's `LOC:<id>`), a title in bold and up to two lines of text, sized in millimetres for
 * common label stock. Asset labels (features/assets/labels) and location labels
 * (features/audits/locations) are this one layout with their own content.
 *
 * One layout (`labelLayout`: rectangles and text lines in mm from the label's top-left
 * corner) feeds both outputs, so the SVG and the PDF are the same drawing:
 * - SVG (`labelSvg`, `sheetSvgs`): the modules as one `<path>` each, text as `<text>` with
 *   every character escaped; nothing from the asset is ever interpreted as markup.
 * - PDF (`labelsPdf`, pdf-lib): the modules drawn as vector rectangles (runs of dark modules
 *   merged), not an embedded PNG: a vector bar stays sharp at any printer resolution, there is
 *   no canvas or image encoder to depend on (it works in jsdom, offline, in a worker), and
 *   the bars land exactly where the SVG puts them.
 *
 * bwip-js computes the symbols (`raw`: Code 128's bar/space widths, QR's module matrix); it is
 * bundled, so labels work offline. Only lazy screens import this module, so it stays out of the
 * start bundle.
 */
import bwipjs from 'bwip-js/browser';
import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';

export interface LabelStock {
  id: string;
  name: string;
  /** One label's size, in mm. */
  widthMm: number;
  heightMm: number;
  /** A sheet of several labels (A4), else one label per page. */
  sheet?: { widthMm: number; heightMm: number; columns: number; rows: number; marginLeftMm: number; marginTopMm: number };
}

export const LABEL_STOCKS: readonly LabelStock[] = [
  { id: 'brother-dk11201', name: 'Brother DK-11201 (29 × 90 mm)', widthMm: 90, heightMm: 29 },
  { id: 'dymo-99012', name: 'Dymo 99012 (36 × 89 mm)', widthMm: 89, heightMm: 36 },
  { id: 'zebra-2x1', name: 'Zebra 2 × 1 in (50.8 × 25.4 mm)', widthMm: 50.8, heightMm: 25.4 },
  {
    id: 'a4-3x8',
    name: 'A4 sheet, 3 × 8 labels (70 × 37 mm)',
    widthMm: 70,
    heightMm: 37,
    sheet: { widthMm: 210, heightMm: 297, columns: 3, rows: 8, marginLeftMm: 0, marginTopMm: 0.5 },
  },
];

export function stockById(id: string): LabelStock {
  return LABEL_STOCKS.find((s) => s.id === id) ?? LABEL_STOCKS[0]!;
}

/** What a label shows (untrusted text): the payload the codes carry, a bold title, and lines. */
export interface LabelContent {
  /** Encoded in the Code 128 and the QR code. */
  payload: string;
  /** Bold, top line: set smaller when long, down to `minTitleMm`, then cut with an ellipsis. */
  title: string;
  /**
   * The smallest the title may be set, in mm, before it is cut. An asset's tag (what a person
   * types when the code will not scan) is never cut: 0, the default. A location's name may be.
   */
  minTitleMm?: number;
  /** Up to two more lines, cut to fit. */
  lines: readonly string[];
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface TextLine {
  x: number;
  /** Baseline, mm from the top. */
  y: number;
  sizeMm: number;
  bold: boolean;
  text: string;
}
export interface LabelLayout {
  widthMm: number;
  heightMm: number;
  /** Dark modules of the QR code and bars of the Code 128, in mm. */
  qr: Rect[];
  qrBox: Rect;
  bars: Rect[];
  barBox: Rect;
  texts: TextLine[];
}

/** Code 128 of the text: bar and space widths in modules, starting with a bar. */
export function code128Modules(text: string): number[] {
  const out = bwipjs.raw({ bcid: 'code128', text }) as Array<{ sbs?: number[] }>;
  const sbs = out[0]?.sbs;
  if (!sbs) throw new Error('bwip-js gave no Code 128');
  return sbs;
}

/** QR (error correction M) of the text: a square matrix, true for a dark module. */
export function qrMatrix(text: string): boolean[][] {
  const out = bwipjs.raw('qrcode', text, 'eclevel=M') as Array<{ pixs?: number[]; pixx?: number; pixy?: number }>;
  const sym = out[0];
  if (!sym?.pixs || !sym.pixx || !sym.pixy) throw new Error('bwip-js gave no QR code');
  const rows: boolean[][] = [];
  for (let y = 0; y < sym.pixy; y++) rows.push(Array.from({ length: sym.pixx }, (_, x) => sym.pixs![y * sym.pixx! + x] === 1));
  return rows;
}

/** Control characters (not allowed in XML, not printable) as spaces. */
function printable(text: string): string {
  return Array.from(text, (c) => (c.charCodeAt(0) < 0x20 || c === '\u007f' ? ' ' : c)).join('');
}

/** Cuts text to at most `max` characters (code points), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(printable(text).trim());
  if (chars.length <= max) return chars.join('');
  return chars.slice(0, Math.max(0, max - 1)).join('').trimEnd() + '…';
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The drawing of one label, in mm from its top-left corner. */
export function labelLayout(data: LabelContent, stock: LabelStock): LabelLayout {
  const W = stock.widthMm;
  const H = stock.heightMm;
  const pad = Math.min(2, H * 0.07);
  const innerW = W - 2 * pad;
  const innerH = H - 2 * pad;
  // Bottom band: the Code 128, across the whole width with its quiet zones (10 modules each side).
  const barH = innerH * 0.34;
  const gap = Math.max(0.8, innerH * 0.04);
  const topH = innerH - barH - gap;
  const sbs = code128Modules(data.payload);
  const total = sbs.reduce((a, b) => a + b, 0);
  const moduleW = Math.min(innerW / (total + 20), 0.6);
  const barW = total * moduleW;
  const barX = pad + (innerW - barW) / 2;
  const barY = pad + topH + gap;
  const bars: Rect[] = [];
  let x = barX;
  sbs.forEach((w, i) => {
    if (i % 2 === 0) bars.push({ x: round(x), y: round(barY), w: round(w * moduleW), h: round(barH) });
    x += w * moduleW;
  });
  // Top left: the QR code, a square as tall as the top band.
  const matrix = qrMatrix(data.payload);
  const n = matrix.length;
  const qrSide = topH;
  const cell = qrSide / n;
  const qr: Rect[] = [];
  matrix.forEach((row, ry) => {
    let start = -1;
    for (let cx = 0; cx <= n; cx++) {
      const dark = cx < n && row[cx];
      if (dark && start < 0) start = cx;
      if (!dark && start >= 0) {
        qr.push({ x: round(pad + start * cell), y: round(pad + ry * cell), w: round((cx - start) * cell), h: round(cell) });
        start = -1;
      }
    }
  });
  // Top right: the title (bold), then the lines.
  const textX = pad + qrSide + Math.max(1.5, cell * 4);
  const textW = W - pad - textX;
  // A long title is set smaller (bold Helvetica is about 0.6 em a character), down to a readable size.
  const titleChars = Array.from(printable(data.title).trim()).length;
  const titleSize = Math.max(Math.min(data.minTitleMm ?? 0, topH * 0.3), Math.min(4.2, topH * 0.3, textW / (Math.max(1, titleChars) * 0.62)));
  const lineSize = Math.min(4.2, topH * 0.3) * 0.72;
  const fits = (size: number, em: number) => Math.max(4, Math.floor(textW / (size * em)));
  const title = titleChars * 0.62 * titleSize <= textW + 1e-6 ? printable(data.title).trim() : truncate(data.title, fits(titleSize, 0.62));
  const texts: TextLine[] = [{ x: round(textX), y: round(pad + titleSize * 0.9), sizeMm: round(titleSize), bold: true, text: title }];
  data.lines.slice(0, 2).forEach((line, i) => {
    if (line) texts.push({ x: round(textX), y: round(pad + titleSize * 0.9 + lineSize * (1.35 + 1.25 * i)), sizeMm: round(lineSize), bold: false, text: truncate(line, fits(lineSize, 0.56)) });
  });
  return {
    widthMm: W,
    heightMm: H,
    qr,
    qrBox: { x: pad, y: pad, w: qrSide, h: qrSide },
    bars,
    barBox: { x: barX, y: barY, w: barW, h: barH },
    texts,
  };
}

/** Escapes text for SVG/XML content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function rectsPath(rects: Rect[]): string {
  return rects.map((r) => `M${r.x} ${r.y}h${r.w}v${r.h}h${-r.w}z`).join('');
}

function labelGroup(layout: LabelLayout): string {
  const texts = layout.texts
    .map((t) => `<text x="${t.x}" y="${t.y}" font-size="${t.sizeMm}"${t.bold ? ' font-weight="bold"' : ''}>${escapeXml(t.text)}</text>`)
    .join('');
  return (
    `<rect width="${layout.widthMm}" height="${layout.heightMm}" fill="#fff"/>` +
    `<path d="${rectsPath(layout.qr)}" fill="#000"/>` +
    `<path d="${rectsPath(layout.bars)}" fill="#000"/>` +
    `<g font-family="Helvetica, Arial, sans-serif" fill="#000">${texts}</g>`
  );
}

const svgOpen = (w: number, h: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}mm" height="${h}mm" viewBox="0 0 ${w} ${h}">`;

/** One label as a standalone SVG document, sized in mm. */
export function labelSvg(data: LabelContent, stock: LabelStock): string {
  const layout = labelLayout(data, stock);
  return `${svgOpen(stock.widthMm, stock.heightMm)}${labelGroup(layout)}</svg>`;
}

/** Where the labels go on their pages: one per page, or a sheet's grid. */
function placements(count: number, stock: LabelStock): Array<{ page: number; x: number; y: number }> {
  const s = stock.sheet;
  return Array.from({ length: count }, (_, i) => {
    if (!s) return { page: i, x: 0, y: 0 };
    const per = s.columns * s.rows;
    const k = i % per;
    return { page: Math.floor(i / per), x: s.marginLeftMm + (k % s.columns) * stock.widthMm, y: s.marginTopMm + Math.floor(k / s.columns) * stock.heightMm };
  });
}

function pageSize(stock: LabelStock): { w: number; h: number } {
  return stock.sheet ? { w: stock.sheet.widthMm, h: stock.sheet.heightMm } : { w: stock.widthMm, h: stock.heightMm };
}

/** The labels as SVG documents, one per page (a sheet holds several labels). */
export function sheetSvgs(items: readonly LabelContent[], stock: LabelStock): string[] {
  const { w, h } = pageSize(stock);
  const pages: string[][] = [];
  placements(items.length, stock).forEach((p, i) => {
    (pages[p.page] ??= []).push(`<g transform="translate(${round(p.x)} ${round(p.y)})">${labelGroup(labelLayout(items[i]!, stock))}</g>`);
  });
  return pages.map((groups) => `${svgOpen(w, h)}<rect width="${w}" height="${h}" fill="#fff"/>${groups.join('')}</svg>`);
}

export const MM_TO_PT = 72 / 25.4;

/** Standard 14 fonts encode WinAnsi only: anything else becomes '?', never an exception. */
export function encodable(font: PDFFont, text: string): string {
  const set = new Set(font.getCharacterSet());
  return Array.from(text)
    .map((c) => (set.has(c.codePointAt(0)!) ? c : '?'))
    .join('');
}

/** The labels as a PDF titled `title`: one page per label, or A4 pages of the sheet's grid. */
export async function labelsPdf(items: readonly LabelContent[], stock: LabelStock, title: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator('FieldDesk');
  pdf.setProducer('FieldDesk');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const { w, h } = pageSize(stock);
  const black = rgb(0, 0, 0);
  const pages = new Map<number, ReturnType<typeof pdf.addPage>>();
  placements(items.length, stock).forEach((p, i) => {
    let page = pages.get(p.page);
    if (!page) {
      page = pdf.addPage([w * MM_TO_PT, h * MM_TO_PT]);
      pages.set(p.page, page);
    }
    const layout = labelLayout(items[i]!, stock);
    // PDF's y axis points up from the page's bottom edge.
    const X = (mm: number) => (p.x + mm) * MM_TO_PT;
    const Y = (mm: number) => (h - p.y - mm) * MM_TO_PT;
    for (const r of [...layout.qr, ...layout.bars]) {
      page.drawRectangle({ x: X(r.x), y: Y(r.y + r.h), width: r.w * MM_TO_PT, height: r.h * MM_TO_PT, color: black, borderWidth: 0 });
    }
    for (const t of layout.texts) {
      const font = t.bold ? bold : regular;
      page.drawText(encodable(font, t.text), { x: X(t.x), y: Y(t.y), size: t.sizeMm * MM_TO_PT, font, color: black });
    }
  });
  return pdf.save();
}

/** Keeps a name to safe file-name characters (at most 64), or `fallback`. */
export function safeFileName(name: string, fallback: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64) || fallback;
}
