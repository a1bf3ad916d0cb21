import { PDFDocument, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { AuditIndex, type ExpectedAsset } from '@fielddesk/common/audits/classify';
import { planClose } from '@fielddesk/common/audits/close';
import { mergeScans, type ScanFacts } from '@fielddesk/common/audits/merge';
import { CSV_HEADER, auditReportCsv, csvCell } from './csv';
import { auditReportPdf } from './pdf';
import { buildAuditReport, reportFileName, type AuditReport } from './report';

const A = 'room-a';
const B = 'room-b';
const C = 'room-c';
const rooms: Record<string, string> = { [A]: 'Room 1.01', [B]: 'Room 1.02', [C]: 'Store, basement' };
const expected: ExpectedAsset[] = [
  { assetId: 'a1', tag: 'FD-1', serial: null, state: 'in_use', locationId: A },
  { assetId: 'a2', tag: 'FD-2', serial: null, state: 'in_use', locationId: B },
  { assetId: 'a3', tag: 'FD-3', serial: null, state: 'in_stock', locationId: A },
  { assetId: 'a4', tag: 'FD-4', serial: null, state: 'in_use', locationId: B },
  { assetId: 'a5', tag: '=HYPERLINK("x")', serial: null, state: 'in_use', locationId: C },
];
const names: Record<string, string> = { a1: 'Latitude 7440', a2: 'Monitor, 27"', a3: 'Dock', a4: 'Phone', a5: 'Évier 日本', a9: 'Old PC' };
const people: Record<string, string> = { ann: 'Ann Auditor', bob: 'Bob Second' };

let n = 0;
function scan(over: Partial<ScanFacts>): ScanFacts {
  n++;
  return { id: `s${n}`, auditorId: 'ann', locationId: A, code: 'FD-1', key: 'FD-1', assetId: 'a1', verdict: 'found', move: null, scannedAt: `2026-12-07T10:00:${String(n).padStart(2, '0')}.000Z`, ...over };
}

// 1x1 PNG: the signature.
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (c) => c.charCodeAt(0));

function scenario(): AuditReport {
  const index = new AuditIndex(expected);
  const merged = mergeScans(index, [
    scan({}),
    scan({ auditorId: 'bob' }), // a repeat
    scan({ code: 'FD-2', key: 'FD-2', assetId: 'a2', verdict: 'found_elsewhere', locationId: A, move: 'move' }),
    scan({ code: 'FD-9', key: 'FD-9', assetId: 'a9', verdict: 'outside_audit', locationId: B, auditorId: 'bob' }),
    scan({ code: 'zz-1', key: 'ZZ-1', assetId: null, verdict: 'unknown', locationId: B, note: 'Grey monitor by the window' }),
    scan({ code: '+1 555', key: '+1555', assetId: null, verdict: 'unknown', locationId: C }),
  ]);
  const result = planClose(index, merged, {
    stillSearching: new Set(['a4']),
    reviews: new Map(),
    unknown: new Map([
      ['ZZ-1', { kind: 'register' }],
      ['+1555', { kind: 'dismiss', reason: 'A phone number, not a tag' }],
    ]),
  });
  if (!result.ok) throw new Error(result.reasons.join(' '));
  return buildAuditReport({
    audit: { number: 'AUD-0007', name: 'Lyon, first floor', site: 'Lyon HQ', startedAt: '2026-12-07T09:00:00.000Z', dueAt: '2026-12-10T17:00:00.000Z', closedAt: '2026-12-07T12:00:00.000Z' },
    index,
    merged,
    plan: result.plan,
    asset: (id) => ({ tag: expected.find((e) => e.assetId === id)?.tag ?? 'FD-9', name: names[id] ?? '' }),
    locationName: (id) => rooms[id] ?? id,
    personName: (id) => people[id] ?? id,
    lateScans: 2,
    signature: { signerName: 'Ann Auditor', signedAt: '2026-12-07T12:00:00.000Z', png: PNG },
  });
}

/** RFC 4180 reader for the test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

/** The WinAnsi bytes that are not Latin-1 code points, among those the report uses. */
const WIN_ANSI: Record<number, number> = { 0x85: 0x2026, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x96: 0x2013, 0x97: 0x2014 };

/** Every string a PDF draws (pdf-lib writes WinAnsi hex strings for the standard fonts). */
async function pdfStrings(bytes: Uint8Array): Promise<{ strings: string[]; images: number; pages: number; title: string | undefined }> {
  const doc = await PDFDocument.load(bytes);
  const strings: string[] = [];
  let images = 0;
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    if (obj.dict.toString().includes('/Subtype /Image')) {
      images++;
      continue;
    }
    let content: string;
    try {
      content = new TextDecoder('latin1').decode(decodePDFRawStream(obj).decode());
    } catch {
      continue;
    }
    for (const m of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) strings.push(String.fromCodePoint(...(m[1]!.match(/../g) ?? []).map((h) => WIN_ANSI[parseInt(h, 16)] ?? parseInt(h, 16))));
  }
  return { strings, images, pages: doc.getPageCount(), title: doc.getTitle() };
}

describe('audit report', () => {
  it('counts and lists per location', () => {
    const r = scenario();
    expect(r.counts).toEqual({ expected: 5, found: 1, foundElsewhere: 1, missing: 2, stillSearching: 1, outside: 1, unknown: 2, retiredFound: 0, repeats: 1, late: 2 });
    expect(r.auditors).toEqual(['Ann Auditor', 'Bob Second']);
    expect(r.locations.map((l) => l.name)).toEqual(['Room 1.01', 'Room 1.02', 'Store, basement']);
    const [a, b, c] = r.locations;
    expect(a!.rows.map((x) => [x.outcome, x.tag, x.action])).toEqual([
      ['found', 'FD-1', ''],
      ['found_elsewhere', 'FD-2', 'Moved to Room 1.01'],
      ['missing', 'FD-3', 'Marked missing'],
    ]);
    expect(b!.rows.map((x) => [x.outcome, x.tag, x.action])).toEqual([
      ['still_searching', 'FD-4', 'Still searching'],
      ['outside_audit', 'FD-9', ''],
      ['unknown', 'zz-1', 'To register as a new asset'],
    ]);
    expect(c!.rows.map((x) => [x.outcome, x.tag, x.action])).toEqual([
      ['missing', '=HYPERLINK("x")', 'Marked missing'],
      ['unknown', '+1 555', 'Dismissed: A phone number, not a tag'],
    ]);
    expect(reportFileName('AUD-0007', 'pdf')).toBe('audit-AUD-0007.pdf');
  });

  it('CSV: RFC 4180 quoting, and no cell a spreadsheet would run as a formula', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(bad).replace(/^"/, '').startsWith("'")).toBe(true);
    const csv = auditReportCsv(scenario());
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows).toHaveLength(1 + 8);
    for (const row of rows) expect(row).toHaveLength(CSV_HEADER.length);
    const byTag = new Map(rows.slice(1).map((r) => [r[3]!, r]));
    expect(byTag.get('FD-2')).toEqual(['AUD-0007', 'Room 1.01', 'Found elsewhere', 'FD-2', 'Monitor, 27"', 'Room 1.02', 'Room 1.01', 'Moved to Room 1.01', 'Ann Auditor']);
    expect(byTag.get(`'=HYPERLINK("x")`)?.slice(1, 3)).toEqual(['Store, basement', 'Missing']);
    expect(byTag.get("'+1 555")?.[7]).toBe('Dismissed: A phone number, not a tag');
    // An unknown tag's name column holds what its auditor wrote about it.
    expect(byTag.get('zz-1')?.slice(4, 5)).toEqual(['Grey monitor by the window']);
    expect(byTag.get('FD-1')?.[8]).toBe('Ann Auditor; Bob Second');
    for (const row of rows) for (const cell of row) expect(/^[=+\-@]/.test(cell)).toBe(false);
  });

  it('PDF: title, counts, lists per location and the signature, read back', async () => {
    const bytes = await auditReportPdf(scenario());
    const { strings, images, pages, title } = await pdfStrings(bytes);
    expect(title).toBe('Audit report AUD-0007');
    expect(pages).toBe(1);
    // The signature (and its alpha as a soft mask).
    expect(images).toBeGreaterThanOrEqual(1);
    for (const s of ['Audit report', 'AUD-0007 — Lyon, first floor', 'Site: Lyon HQ', 'Auditors: Ann Auditor, Bob Second', 'Room 1.01 (3)', 'Room 1.02 (3)', 'Store, basement (2)', 'Moved to Room 1.01', 'To register as a new asset', 'Signed by Ann Auditor, 2026-12-07 12:00 UTC']) {
      expect(strings).toContain(s);
    }
    expect(strings.some((s) => s.startsWith('Started: 2026-12-07 09:00 UTC'))).toBe(true);
    // Counts: each label followed by its number.
    const at = (label: string) => strings[strings.indexOf(label) + 1];
    expect([at('Expected'), at('Found'), at('Found elsewhere'), at('Not found: missing'), at('Not found: still searching'), at('Outside the audit'), at('Unknown tags'), at('Retired assets found'), at('Repeated scans'), at('Late scans')]).toEqual(['5', '1', '1', '2', '1', '1', '2', '0', '1', '2']);
    // Text outside WinAnsi becomes '?', never an error.
    expect(strings).toContain('Évier ??');
  });

  it('PDF: a long audit runs over several pages, and an unsigned one says so', async () => {
    const r = scenario();
    const rows = Array.from({ length: 150 }, (_, i) => ({ ...r.locations[0]!.rows[0]!, tag: `FD-${1000 + i}` }));
    const bytes = await auditReportPdf({ ...r, locations: [{ name: 'Big room', rows }], signature: null });
    const { strings, pages, images } = await pdfStrings(bytes);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(images).toBe(0);
    expect(strings).toContain('Big room (continued)');
    expect(strings).toContain('FD-1149');
    expect(strings).toContain('Not signed.');
  });
});
