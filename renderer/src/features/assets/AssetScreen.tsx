/**
 * An asset (/assets/:id), read-only from the local replica: its facts, its recorded inventory
 * (AssetInventorySection.tsx) and the tickets linked to it, so a search result always opens
 * somewhere useful, offline too. **Print label** (or the `l` key) makes its label: Code 128 and
 * QR of the tag, as SVG or PDF for common label stock (labels/).
 */
import { Anchor, Badge, Button, Group, Kbd, Loader, Paper, SimpleGrid, Stack, Title, Tooltip } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconPrinter } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { useWorkspace } from '../../app/workspaceContext';
import { Fact, NotHere, TicketList, useLinkedTickets } from '../../shared/RecordParts';
import { AssetInventorySection } from './AssetInventorySection';
import { LabelDialog } from './labels/LabelDialog';

export function AssetScreen() {
  const { id } = useParams();
  const { db } = useWorkspace();
  const asset = useLiveQuery(async () => (id ? ((await db.assets.get(id)) ?? null) : null), [db, id]);
  const tickets = useLinkedTickets(id);
  const holder = useLiveQuery(async () => (asset?.assignedToId ? ((await db.persons.get(asset.assignedToId)) ?? null) : null), [db, asset?.assignedToId]);
  const site = useLiveQuery(async () => (asset?.siteId ? ((await db.sites.get(asset.siteId)) ?? null) : null), [db, asset?.siteId]);
  const [labelOpen, label] = useDisclosure(false);
  useHotkeys([['l', () => asset && label.open()]]);
  const labelData = useMemo(() => (asset ? { tag: asset.tag, name: asset.name, site: site?.name ?? null } : null), [asset, site]);
  if (asset === undefined) return <Loader size="sm" />;
  if (asset === null) return <NotHere what="Asset" />;
  return (
    <Stack gap="md" maw={900} data-testid="asset-screen">
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Title order={1} size="h2">
            {asset.name}
          </Title>
          <Badge variant="light">{asset.status.replace('_', ' ')}</Badge>
        </Group>
        <Tooltip label={<>Its label, as SVG or PDF <Kbd size="xs">l</Kbd></>}>
          <Button variant="light" leftSection={<IconPrinter size={16} />} aria-keyshortcuts="l" onClick={label.open}>
            Print label
          </Button>
        </Tooltip>
      </Group>
      {labelData && <LabelDialog opened={labelOpen} onClose={label.close} label={labelData} />}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 3 }}>
          <Fact label="Asset tag">{asset.tag}</Fact>
          <Fact label="Serial number">{asset.serial}</Fact>
          <Fact label="Type">{asset.type}</Fact>
          <Fact label="Manufacturer">{asset.manufacturer}</Fact>
          <Fact label="Model">{asset.model}</Fact>
          <Fact label="Assigned to">{holder ? <Anchor component={Link} to={`/people/${holder.id}`}>{holder.displayName}</Anchor> : asset.assignedToId ? 'someone not on this device' : ''}</Fact>
        </SimpleGrid>
      </Paper>
      <AssetInventorySection asset={asset} />
      <TicketList title="Linked tickets" tickets={tickets} />
    </Stack>
  );
}
