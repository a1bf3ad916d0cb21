/**
 * An audit's report (/audits/:id/report), on any device that has the audit, offline: the counts,
 * each location's list (found, found elsewhere, missing, still searching, outside the audit,
 * unknown tags, with what closing did), the late scans (recorded after the close by an auditor
 * who was still offline: shown to the closer), the signature, and the PDF and CSV to download.
 *
 * The close plan is worked out again from the snapshot, the scans recorded before the close and
 * the closer's decisions as the close recorded them (its history event): the same pure functions
 * the server closed with (common/audits/close.ts), so every device shows the same report.
 */
import { useMemo, useState } from 'react';
import { DonutChart } from '@mantine/charts';
import { Alert, Badge, Button, Group, Image, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { planClose, type CloseDecisions, type ClosePlan, type ReviewDecision, type UnknownDecision } from '@fielddesk/common/audits/close';
import { codeKey } from '@fielddesk/common/audits/codes';
import type { MergedAudit } from '@fielddesk/common/audits/merge';
import type { AuditEvent } from '@fielddesk/common/audits/records';
import { useAssetLabels, useAuditView, useNames, type AssetLabel, type AuditView, type Names } from '../useAudits';
import { auditReportCsv } from './csv';
import { auditReportPdf } from './pdf';
import { OUTCOME_LABELS, buildAuditReport, countLines, reportFileName, type AuditReport } from './report';
import { downloadFile } from '../../../shared/download';

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/**
 * The decisions a close recorded: this device's own entry holds them as the closer gave them
 * (`reviews`, `unknown`); the server's says what it did (`moves`, `registered`, `dismissed`).
 */
export function decisionsOfClose(close: AuditEvent | undefined, merged: MergedAudit): CloseDecisions {
  const d = close?.details ?? {};
  const stillSearching = new Set(list<string>(d.stillSearching));
  if (d.reviews && typeof d.reviews === 'object' && d.unknown && typeof d.unknown === 'object') {
    return {
      stillSearching,
      reviews: new Map(Object.entries(d.reviews as Record<string, ReviewDecision>)),
      unknown: new Map(Object.entries(d.unknown as Record<string, UnknownDecision>)),
    };
  }
  const moves = new Map(list<{ assetId: string; to: string }>(d.moves).map((m) => [m.assetId, m.to]));
  const reviews = new Map<string, ReviewDecision>();
  for (const o of merged.assets.values()) {
    if (!o.review) continue;
    const to = moves.get(o.assetId);
    reviews.set(o.assetId, to ? { kind: 'move', locationId: to } : { kind: 'leave' });
  }
  const unknown = new Map<string, UnknownDecision>();
  for (const r of list<{ code: string }>(d.registered)) unknown.set(codeKey(r.code), { kind: 'register' });
  for (const r of list<{ key: string; reason: string }>(d.dismissed)) unknown.set(r.key, { kind: 'dismiss', reason: r.reason });
  return { stillSearching, reviews, unknown };
}

function dataUrlBytes(url: string | null): Uint8Array | null {
  const base64 = url?.split(',')[1];
  if (!base64) return null;
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

export function AuditReportScreen() {
  const { id = '' } = useParams();
  const view = useAuditView(id);
  const names = useNames();
  if (view === undefined || !names) return <Loader size="sm" />;
  if (view === null) return <Alert color="gray">This audit is not on this device, or you may not see it.</Alert>;
  return <ReportOf view={view} names={names} />;
}

/** The report names every asset it lists: the audit's expected assets and whatever else was scanned. */
function ReportOf({ view, names }: { view: AuditView; names: Names }) {
  const labels = useAssetLabels(useMemo(() => [...view.index.byId.keys(), ...view.merged.assets.keys()], [view.index, view.merged]));
  if (!labels) return <Loader size="sm" />;
  return <Report view={view} names={names} labels={labels} />;
}

function reportOf(view: AuditView, names: Names, labels: ReadonlyMap<string, AssetLabel>): { report: AuditReport; plan: ClosePlan } | { problem: string } {
  const { audit, index, merged } = view;
  const close = view.events.find((e) => e.action === 'close');
  const planned = planClose(index, merged, decisionsOfClose(close, merged));
  if (!planned.ok) return { problem: planned.reasons.join(' ') };
  const report = buildAuditReport({
    audit: { number: audit.number, name: audit.name, site: names.site(audit.siteId), startedAt: audit.startedAt, dueAt: audit.dueOn, closedAt: audit.closedAt },
    index,
    merged,
    plan: planned.plan,
    asset: (assetId) => labels.get(assetId),
    locationName: (lid) => names.location(lid),
    personName: (pid) => names.person(pid),
    lateScans: view.late.length,
    signature: audit.signedName && audit.closedAt ? { signerName: audit.signedName, signedAt: audit.closedAt, png: dataUrlBytes(audit.signature) } : null,
  });
  return { report, plan: planned.plan };
}

function Report({ view, names, labels }: { view: AuditView; names: Names; labels: ReadonlyMap<string, AssetLabel> }) {
  const { audit } = view;
  const built = useMemo(() => reportOf(view, names, labels), [view, names, labels]);
  const [busy, setBusy] = useState(false);
  if (audit.state !== 'closed') {
    return (
      <Alert color="gray" data-testid="report-not-closed">
        {audit.number} is not closed yet: its report is made when it closes.
      </Alert>
    );
  }
  if ('problem' in built) return <Alert color="red">The report cannot be made from what this device holds: {built.problem}</Alert>;
  const { report } = built;

  async function pdf() {
    setBusy(true);
    try {
      downloadFile((await auditReportPdf(report)) as BlobPart, 'application/pdf', reportFileName(report.number, 'pdf'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="md" data-testid="audit-report">
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            Report of {audit.number} · {audit.name}
          </Title>
          <Text c="dimmed" size="sm">
            {report.site} · started {report.startedAt?.slice(0, 10) ?? '—'} · closed {report.closedAt?.slice(0, 10) ?? '—'} · auditors: {report.auditors.join(', ') || '—'}
          </Text>
        </div>
        <Group gap="xs">
          <Button leftSection={<IconDownload size={16} />} onClick={() => void pdf()} loading={busy} data-testid="report-pdf">
            PDF
          </Button>
          <Button variant="light" leftSection={<IconDownload size={16} />} onClick={() => downloadFile(auditReportCsv(report), 'text/csv;charset=utf-8', reportFileName(report.number, 'csv'))} data-testid="report-csv">
            CSV
          </Button>
        </Group>
      </Group>
      <Group align="center" gap="lg" wrap="wrap">
        <OutcomeDonut report={report} />
        <Text size="sm" c="dimmed" maw={420}>
          {report.counts.found + report.counts.foundElsewhere} of {report.counts.expected} expected assets found ({report.counts.expected ? Math.round(((report.counts.found + report.counts.foundElsewhere) / report.counts.expected) * 100) : 100} %); {report.counts.missing} marked missing
          {report.counts.stillSearching ? `, ${report.counts.stillSearching} still searched for` : ''}.
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 5 }} data-testid="report-counts">
        {countLines(report.counts).map(([label, n]) => (
          <Paper key={label} withBorder p="sm">
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fz={22} fw={700}>
              {n}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      {view.late.length > 0 && (
        <Alert color="orange" title={`${view.late.length} late scan${view.late.length === 1 ? '' : 's'}`} data-testid="late-scans">
          Recorded after the audit closed, by an auditor who was offline then: {view.late.map((s) => `${s.code} (${names.person(s.auditorId)}, ${names.location(s.locationId)})`).join('; ')}. They are kept, and did not change what closing did.
        </Alert>
      )}
      {report.locations.map((loc) => (
        <Paper key={loc.name} withBorder p="md" data-testid="report-location">
          <Title order={2} size="h4" mb="xs">
            {loc.name}
          </Title>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={4} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Outcome</Table.Th>
                  <Table.Th>Tag</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Expected in</Table.Th>
                  <Table.Th>Action</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {loc.rows.map((r) => (
                  <Table.Tr key={`${r.outcome}:${r.tag}`} data-testid="report-row">
                    <Table.Td>
                      <Badge variant="light" color={r.outcome === 'found' ? 'green' : r.outcome === 'missing' || r.outcome === 'unknown' || r.outcome === 'retired_found' ? 'red' : 'yellow'}>
                        {OUTCOME_LABELS[r.outcome]}
                      </Badge>
                    </Table.Td>
                    <Table.Td ff="monospace">{r.tag}</Table.Td>
                    <Table.Td>{r.name}</Table.Td>
                    <Table.Td>{r.expectedLocation ?? '—'}</Table.Td>
                    <Table.Td>{r.action}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ))}
      {report.signature && (
        <Paper withBorder p="md" maw={420}>
          <Text size="sm">
            Signed by <b>{report.signature.signerName}</b> on {report.signature.signedAt.slice(0, 16).replace('T', ' ')}
          </Text>
          {audit.signature && <Image src={audit.signature} alt={`Signature of ${report.signature.signerName}`} h={120} fit="contain" bg="white" />}
        </Paper>
      )}
    </Stack>
  );
}

/** The outcomes of the expected assets (and what else turned up) at a glance. */
function OutcomeDonut({ report }: { report: AuditReport }) {
  const c = report.counts;
  const data = [
    { name: 'Found', value: c.found, color: 'green.7' },
    { name: 'Found elsewhere', value: c.foundElsewhere, color: 'yellow.5' },
    { name: 'Missing', value: c.missing, color: 'red.7' },
    { name: 'Still searching', value: c.stillSearching, color: 'orange.6' },
    { name: 'Outside the audit', value: c.outside, color: 'blue.6' },
    { name: 'Unknown tags', value: c.unknown, color: 'grape.6' },
  ].filter((d) => d.value > 0);
  if (data.length === 0) return null;
  return <DonutChart size={160} thickness={24} data={data} withTooltip tooltipDataSource="segment" chartLabel={`${c.expected} expected`} aria-label="Outcomes of the audit (donut chart)" data-testid="report-donut" />;
}
