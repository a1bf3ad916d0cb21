/**
 * This device over time: every scan kept on this device, newest first, with how many things
 * changed since the scan before (each opens its list of changes), and a small chart of the
 * software count and memory across the scans.
 */
import '@mantine/charts/styles.css';
import { useState } from 'react';
import { Badge, Collapse, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { LineChart } from '@mantine/charts';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { format } from 'date-fns';
import type { InventoryChange } from '@fielddesk/common/inventory/diff';
import type { InventorySummary } from '@fielddesk/common/inventory/summary';
import { ChangeList, summarizeChanges } from './ChangeList';

/** What the history needs of a scan (DeviceScanEntry in data/db.ts has it). */
export interface HistoryScan {
  id: string;
  scannedAt: string;
  durationMs: number;
  previousId: string | null;
  changes: InventoryChange[];
  summary: InventorySummary;
  notes: { probe: string; message: string }[];
  /** Set on older scans whose software list was dropped to keep the history small. */
  softwareCount?: number;
}

/** How many software titles a scan found (older scans keep only the count). */
export function softwareCountOf(scan: HistoryScan): number {
  return scan.softwareCount ?? scan.summary.software.length;
}

function ScanRow({ scan }: { scan: HistoryScan }) {
  const [open, setOpen] = useState(false);
  const n = scan.changes.length;
  const first = scan.previousId === null;
  const label = first ? 'First scan' : n === 0 ? 'No changes' : `${n.toLocaleString()} ${n === 1 ? 'change' : 'changes'}`;
  return (
    <Paper withBorder px="sm" py={6} component="li" data-testid="history-scan" data-changes={n}>
      <UnstyledButton onClick={() => setOpen((o) => !o)} disabled={n === 0} aria-expanded={n > 0 ? open : undefined} style={{ width: '100%' }}>
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            {n > 0 ? open ? <IconChevronDown size={14} aria-hidden="true" /> : <IconChevronRight size={14} aria-hidden="true" /> : <span style={{ width: 14 }} />}
            <Text size="sm" fw={500}>
              {format(new Date(scan.scannedAt), 'd MMM yyyy, HH:mm')}
            </Text>
            <Badge variant="light" color={n > 0 ? 'blue' : 'gray'} size="sm" data-testid="history-change-count">
              {label}
            </Badge>
            {n > 0 && (
              <Text size="xs" c="dimmed" visibleFrom="sm">
                {summarizeChanges(scan.changes)}
              </Text>
            )}
          </Group>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {softwareCountOf(scan).toLocaleString()} packages · {(scan.durationMs / 1000).toFixed(1)} s{scan.notes.length > 0 ? ` · ${scan.notes.length} not read` : ''}
          </Text>
        </Group>
      </UnstyledButton>
      <Collapse in={open}>
        <div style={{ padding: '8px 0 4px 22px' }}>{open && <ChangeList changes={scan.changes} testId="history-changes" />}</div>
      </Collapse>
    </Paper>
  );
}

export function ScanHistory({ scans }: { scans: readonly HistoryScan[] }) {
  const points = [...scans]
    .reverse()
    .map((s) => ({
      when: format(new Date(s.scannedAt), 'd MMM HH:mm'),
      Software: softwareCountOf(s),
      'Memory (GB)': s.summary.memoryMb === null ? null : Math.round((s.summary.memoryMb / 1024) * 10) / 10,
    }));
  return (
    <Stack gap="sm" data-testid="scan-history">
      <Title order={2} size="h4">
        History
      </Title>
      {scans.length === 0 ? (
        <Text size="sm" c="dimmed">
          No scans yet.
        </Text>
      ) : (
        <>
          {points.length >= 2 && (
            <Paper withBorder p="sm" radius="md">
              <LineChart
                h={160}
                data={points}
                dataKey="when"
                series={[
                  { name: 'Software', color: 'blue.6' },
                  { name: 'Memory (GB)', color: 'teal.6', yAxisId: 'right' },
                ]}
                withRightYAxis
                withLegend
                curveType="linear"
                tickLine="y"
                aria-label="Software packages and memory at each scan (line chart)"
              />
            </Paper>
          )}
          <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {scans.map((s) => (
              <ScanRow key={s.id} scan={s} />
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}
