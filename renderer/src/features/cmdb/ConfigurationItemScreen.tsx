/**
 * A configuration item (/cis/:id) from the local replica: its type, status, the asset behind
 * it, its relationships to other CIs (added and removed offline), the tickets linked to it and
 * the changes that affect it, offline too. **Impact** (or the `i` key) opens what an outage of
 * it affects.
 */
import { Anchor, Badge, Button, Group, Kbd, Loader, Paper, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconHierarchy3 } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useNavigate, useParams } from 'react-router';
import { ciTypeLabel } from '@fielddesk/common/cmdb/classes';
import { useWorkspace } from '../../app/workspaceContext';
import { ChangeList, useCiChanges } from '../../shared/ChangeList';
import { Fact, NotHere, TicketList, useLinkedTickets } from '../../shared/RecordParts';
import { RelationshipsSection } from './RelationshipsSection';

export function ConfigurationItemScreen() {
  const { id } = useParams();
  const { db } = useWorkspace();
  const ci = useLiveQuery(async () => (id ? ((await db.configurationItems.get(id)) ?? null) : null), [db, id]);
  const asset = useLiveQuery(async () => (ci?.assetId ? ((await db.assets.get(ci.assetId)) ?? null) : null), [db, ci?.assetId]);
  const tickets = useLinkedTickets(id);
  const changes = useCiChanges(id);
  const navigate = useNavigate();
  useHotkeys([['i', () => id && ci && void navigate(`/cis/${id}/impact`)]]);
  if (ci === undefined) return <Loader size="sm" />;
  if (ci === null) return <NotHere what="Configuration item" />;
  return (
    <Stack gap="md" maw={900} data-testid="ci-screen">
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Title order={1} size="h2">
            {ci.name}
          </Title>
          <Badge variant="light">{ci.status}</Badge>
        </Group>
        <Tooltip label={<>What an outage of it affects, and what it relies on <Kbd size="xs">i</Kbd></>}>
          <Button component={Link} to={`/cis/${ci.id}/impact`} variant="light" leftSection={<IconHierarchy3 size={16} />} aria-keyshortcuts="i">
            Impact
          </Button>
        </Tooltip>
      </Group>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 3 }}>
          <Fact label="Type">{ciTypeLabel(ci.ciType)}</Fact>
          <Fact label="Asset">{asset ? <Anchor component={Link} to={`/assets/${asset.id}`}>{`${asset.tag} · ${asset.name}`}</Anchor> : ci.assetId ? 'an asset not on this device' : ''}</Fact>
        </SimpleGrid>
        {ci.description && (
          <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {ci.description}
          </Text>
        )}
      </Paper>
      <RelationshipsSection ci={ci} />
      <TicketList title="Linked tickets" tickets={tickets} />
      <ChangeList title="Changes" changes={changes} />
    </Stack>
  );
}
