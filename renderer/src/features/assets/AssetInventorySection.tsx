/**
 * An asset's recorded inventory, from the replica (so it shows offline): when it was last
 * inventoried and by what, the summary — model, memory, processors, disks, network cards,
 * operating system — and its installed software, searchable. The values come from devices
 * and agents and are shown as text.
 */
import type { ReactNode } from 'react';
import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { format, formatDistanceToNow } from 'date-fns';
import type { Asset, InventorySource } from '@fielddesk/common/domain/entities';
import type { InventorySummary } from '@fielddesk/common/inventory/summary';
import { useWorkspace } from '../../app/workspaceContext';
import { InstalledSoftwareTable } from '../software';
import { formatMb } from '@fielddesk/common/inventory/loose';

export const SOURCE_LABELS: Record<InventorySource, string> = {
  fielddesk: 'FieldDesk (This device)',
  glpi_agent: 'GLPI Agent',
  fusioninventory: 'FusionInventory agent',
  ocsinventory: 'OCS Inventory agent',
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {children || '—'}
      </Text>
    </Stack>
  );
}

function Lines({ lines }: { lines: string[] }) {
  if (lines.length === 0) return null;
  return (
    <>
      {lines.map((l, i) => (
        <span key={i} style={{ display: 'block' }}>
          {l}
        </span>
      ))}
    </>
  );
}

/** The summary's facts as lines people read. */
export function summaryFacts(summary: InventorySummary) {
  const os = summary.os;
  return {
    model: [summary.manufacturer, summary.model].filter(Boolean).join(' '),
    memory: formatMb(summary.memoryMb),
    processors: summary.cpus.map((c) => [c.name ?? 'processor', c.cores !== null ? `${c.cores} cores` : null].filter(Boolean).join(', ')),
    disks: summary.disks.map((d) => [d.model ?? d.name ?? 'disk', formatMb(d.sizeMb) || null, d.serial ? `serial ${d.serial}` : null].filter(Boolean).join(' · ')),
    networks: summary.networks.filter((n) => !n.virtual).map((n) => [n.name ?? 'card', n.mac, ...n.ipv4].filter(Boolean).join(' · ')),
    os: os ? [os.name, os.version && !os.name?.includes(os.version) ? os.version : null, os.arch].filter(Boolean).join(' ') : '',
    kernel: os?.kernel ?? '',
  };
}

export function AssetInventorySection({ asset }: { asset: Asset }) {
  const { db } = useWorkspace();
  const recorded = useLiveQuery(async () => (await db.assetInventories.get(asset.id)) ?? null, [db, asset.id]);
  return (
    <Stack gap="sm" data-testid="asset-inventory">
      <Group gap="sm" align="baseline">
        <Title order={2} size="h4">
          Inventory
        </Title>
        <Text size="sm" c="dimmed" data-testid="asset-inventoried-at">
          {asset.inventoriedAt
            ? `Last inventoried ${formatDistanceToNow(new Date(asset.inventoriedAt), { addSuffix: true })} (${format(new Date(asset.inventoriedAt), 'd MMM yyyy, HH:mm')})`
            : 'Never inventoried'}
        </Text>
        {recorded && (
          <Badge variant="light" color="gray" size="sm" style={{ textTransform: 'none' }}>
            from {SOURCE_LABELS[recorded.source]}
          </Badge>
        )}
      </Group>
      {recorded === undefined ? null : recorded === null ? (
        <Text size="sm" c="dimmed" data-testid="asset-no-inventory">
          No inventory is recorded for this asset on this device. Scan the machine on This device and update the asset, or let an inventory agent report it.
        </Text>
      ) : (
        <InventorySummaryView summary={recorded.summary} />
      )}
    </Stack>
  );
}

export function InventorySummaryView({ summary }: { summary: InventorySummary }) {
  const f = summaryFacts(summary);
  return (
    <Stack gap="sm">
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
          <Fact label="Model">{f.model}</Fact>
          <Fact label="Serial number">{summary.serial}</Fact>
          <Fact label="UUID">{summary.uuid}</Fact>
          <Fact label="Memory">{f.memory}</Fact>
          <Fact label="Operating system">{f.os}</Fact>
          <Fact label="Kernel">{f.kernel}</Fact>
          <Fact label="Processors">
            {f.processors.length > 0 && <Lines lines={f.processors} />}
          </Fact>
          <Fact label="Disks">
            {f.disks.length > 0 && <Lines lines={f.disks} />}
          </Fact>
          <Fact label="Network cards">
            {f.networks.length > 0 && <Lines lines={f.networks} />}
          </Fact>
        </SimpleGrid>
      </Paper>
      <InstalledSoftwareTable software={summary.software} label="Installed software" testId="asset-software" />
    </Stack>
  );
}
