/**
 * The audit report as a PDF (pdf-lib, as the labels are made; A4, Helvetica): title, number and
 * name, site, dates, auditors, the counts, the lists per location, and the signature drawn on
 * screen with the signer's name. Made on the device, offline. Text the standard fonts cannot
 * encode (outside WinAnsi) is shown as '?', never an error; long cells are cut with an ellipsis.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { OUTCOME_LABELS, countLines, type AuditReport } from './report';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 42;

function encodable(font: PDFFont, text: string): string {
  const set = new Set(font.getCharacterSet());
  return Array.from(text.replace(/[\r\n\t]+/g, ' '))
    .map((c) => (set.has(c.codePointAt(0)!) ? c : '?'))
    .join('');
}

/** Cuts text to `width` points at `size`, ending with an ellipsis when cut. */
function fit(font: PDFFont, text: string, size: number, width: number): string {
  let t = encodable(font, text);
  if (font.widthOfTextAtSize(t, size) <= width) return t;
  while (t.length > 0 && font.widthOfTextAtSize(`${t}…`, size) > width) t = t.slice(0, -1);
  return `${t.trimEnd()}…`;
}

/** An ISO time as "2026-12-07 11:25" (UTC), or a dash. */
export function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const COLUMNS: Array<{ title: string; width: number }> = [
  { title: 'Outcome', width: 95 },
  { title: 'Tag', width: 85 },
  { title: 'Name', width: 130 },
  { title: 'Expected in', width: 90 },
  { title: 'Action', width: 111 },
];

export async function auditReportPdf(report: AuditReport): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Audit report ${report.number}`);
  pdf.setCreator('FieldDesk');
  pdf.setProducer('FieldDesk');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const black = rgb(0, 0, 0);
  const grey = rgb(0.4, 0.4, 0.4);

  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const newPage = () => {
    page = pdf.addPage(A4);
    y = A4[1] - MARGIN;
  };
  const need = (h: number) => {
    if (y - h < MARGIN) newPage();
  };
  const text = (s: string, x: number, size: number, font = regular, color = black, width = A4[0] - MARGIN - x) =>
    page.drawText(fit(font, s, size, width), { x, y, size, font, color });
  const line = (s: string, size = 10, font = regular, color = black) => {
    need(size * 1.5);
    y -= size * 1.4;
    text(s, MARGIN, size, font, color);
  };

  line('Audit report', 20, bold);
  line(`${report.number} — ${report.name}`, 14, bold);
  y -= 4;
  line(`Site: ${report.site}`, 11);
  line(`Started: ${when(report.startedAt)}    Due: ${when(report.dueAt)}    Closed: ${when(report.closedAt)}`, 11);
  line(`Auditors: ${report.auditors.length > 0 ? report.auditors.join(', ') : '—'}`, 11);
  y -= 8;
  line('Counts', 13, bold);
  for (const [label, n] of countLines(report.counts)) {
    need(16);
    y -= 14;
    text(label, MARGIN + 8, 10.5);
    text(String(n), MARGIN + 200, 10.5, bold);
  }

  const header = () => {
    need(16);
    y -= 14;
    let x = MARGIN;
    for (const c of COLUMNS) {
      text(c.title, x, 9, bold, grey, c.width - 4);
      x += c.width;
    }
  };
  for (const loc of report.locations) {
    need(48);
    y -= 12;
    line(`${loc.name} (${loc.rows.length})`, 12.5, bold);
    header();
    for (const r of loc.rows) {
      if (y - 14 < MARGIN) {
        newPage();
        line(`${loc.name} (continued)`, 11, bold);
        header();
      }
      y -= 13;
      const cells = [OUTCOME_LABELS[r.outcome], r.tag, r.name, r.expectedLocation ?? '', r.action];
      let x = MARGIN;
      cells.forEach((cell, i) => {
        text(cell, x, 9, i === 1 ? bold : regular, black, COLUMNS[i]!.width - 4);
        x += COLUMNS[i]!.width;
      });
    }
  }

  const sig = report.signature;
  need(sig?.png ? 130 : 50);
  y -= 24;
  line('Signature', 13, bold);
  if (sig) {
    if (sig.png) {
      const image = await pdf.embedPng(sig.png);
      const scale = Math.min(220 / image.width, 80 / image.height, 1);
      const w = image.width * scale;
      const h = image.height * scale;
      y -= h + 4;
      page.drawImage(image, { x: MARGIN, y, width: w, height: h });
    }
    line(`Signed by ${sig.signerName}, ${when(sig.signedAt)}`, 10.5);
  } else line('Not signed.', 10.5, regular, grey);

  return pdf.save();
}
