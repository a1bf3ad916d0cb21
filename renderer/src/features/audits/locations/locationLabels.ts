/**
 * Location labels (issue 14, item 7): the QR code and Code 128 of `locationLabelCode(id)`
 * (`LOC:<location id>`, common/audits/codes.ts), with the location's name in bold and its
 * site's name, on the asset labels' stocks and layout (shared/labels.ts). An auditor scans one
 * to say where they are; the id keeps it valid when the location is renamed.
 */
import { locationLabelCode } from '@fielddesk/common/audits/codes';
import { LABEL_STOCKS, labelsPdf, safeFileName, sheetSvgs, type LabelContent, type LabelStock } from '../../../shared/labels';

export interface LocationLabelData {
  id: string;
  name: string;
  site: string | null;
}

export function locationLabelContent(l: LocationLabelData): LabelContent {
  // The name stays readable from a step away (about 8 pt at least); a longer one is cut.
  return { payload: locationLabelCode(l.id), title: l.name, minTitleMm: 2.8, lines: l.site ? [l.site] : [] };
}

/**
 * The stocks a location label fits on: its code is 40 characters, so the Code 128 needs a wide
 * label for bars a scanner reads: about 0.17 mm a module on the 89 and 90 mm rolls, 0.13 mm on the
 * A4 sheet (three dots of a 600 dpi office printer); the 2 × 1 in roll (0.095 mm) is left out.
 */
export const LOCATION_LABEL_STOCKS: readonly LabelStock[] = LABEL_STOCKS.filter((s) => s.widthMm >= 70);

export function locationLabelsSvgs(items: readonly LocationLabelData[], stock: LabelStock): string[] {
  return sheetSvgs(items.map(locationLabelContent), stock);
}

export function locationLabelsPdf(items: readonly LocationLabelData[], stock: LabelStock): Promise<Uint8Array> {
  return labelsPdf(items.map(locationLabelContent), stock, items.length === 1 ? `Location label ${items[0]!.name}` : 'Location labels');
}

/** `location-label-<name>.pdf` for one, `location-labels-<site>.pdf` for several. */
export function locationLabelsFileName(items: readonly LocationLabelData[]): string {
  if (items.length === 1) return `location-label-${safeFileName(items[0]!.name, 'location')}.pdf`;
  return `location-labels-${safeFileName(items[0]?.site ?? 'site', 'site')}.pdf`;
}
