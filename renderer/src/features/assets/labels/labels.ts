/**
 * Printable asset labels: a Code 128 barcode and a QR code of the asset's tag, the tag in
 * words, the asset's name and its site, sized in millimetres for common label stock. The layout,
 * the SVG and the PDF are shared/labels.ts's (location labels use them too); this file says what
 * an asset's label shows.
 */
import { labelLayout as layoutOf, labelSvg as svgOf, labelsPdf as pdfOf, safeFileName, sheetSvgs as sheetsOf, type LabelContent, type LabelLayout, type LabelStock } from '../../../shared/labels';

export { LABEL_STOCKS, MM_TO_PT, code128Modules, escapeXml, qrMatrix, stockById, truncate } from '../../../shared/labels';
export type { LabelLayout, LabelStock, Rect, TextLine } from '../../../shared/labels';

/** What a label shows: the asset's tag, its name and its site's name (untrusted text). */
export interface LabelData {
  tag: string;
  name: string;
  site: string | null;
}

export function assetLabelContent(data: LabelData): LabelContent {
  return { payload: data.tag, title: data.tag, lines: data.site ? [data.name, data.site] : [data.name] };
}

/** The drawing of one label, in mm from its top-left corner. */
export function labelLayout(data: LabelData, stock: LabelStock): LabelLayout {
  return layoutOf(assetLabelContent(data), stock);
}

/** One label as a standalone SVG document, sized in mm. */
export function labelSvg(data: LabelData, stock: LabelStock): string {
  return svgOf(assetLabelContent(data), stock);
}

/** The labels as SVG documents, one per page (a sheet holds several labels). */
export function sheetSvgs(items: LabelData[], stock: LabelStock): string[] {
  return sheetsOf(items.map(assetLabelContent), stock);
}

/** The labels as a PDF: one page per label, or A4 pages of the sheet's grid. */
export function labelsPdf(items: LabelData[], stock: LabelStock): Promise<Uint8Array> {
  return pdfOf(items.map(assetLabelContent), stock, items.length === 1 ? `Asset label ${items[0]!.tag}` : 'Asset labels');
}

/** A file name for the labels: `asset-label-<tag>.<ext>`, the tag kept to safe characters. */
export function labelFileName(tag: string, ext: 'svg' | 'pdf'): string {
  return `asset-label-${safeFileName(tag, 'asset')}.${ext}`;
}
