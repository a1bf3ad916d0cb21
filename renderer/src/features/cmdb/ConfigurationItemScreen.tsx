/**
 * A configuration item (/cis/:id), read-only from the local replica: its type, status, the
 * asset behind it and the tickets linked to it, offline too.
 */
import { Anchor, Badge, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useParams } from 'react-router';
import { useWorkspace } from '../../app/workspaceContext';
import { Fact, NotHere, TicketList, useLinkedTickets } from '../../shared/RecordParts';

export function ConfigurationItemScreen() {
  const { id } = useParams();
  const { db } = useWorkspace();
  const ci = useLiveQuery(async () => (id ? ((await db.configurationItems.get(id)) ?? null) : null), [db, id]);
  const asset = useLiveQuery(async () => (ci?.assetId ? ((await db.assets.get(ci.assetId)) ?? null) : null), [db, ci?.assetId]);
  const tickets = useLinkedTickets(id);
  if (ci === undefined) return <Loader size="sm" />;
  if (ci === null) return <NotHere what="Configuration item" />;
  return (
    <Stack gap="md" maw={900} data-testid="ci-screen">
      <Group gap="sm">
        <Title order={1} size="h2">
          {ci.name}
        </Title>
        <Badge variant="light">{ci.status}</Badge>
      </Group>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 3 }}>
          <Fact label="Type">{ci.ciType}</Fact>
          <Fact label="Asset">{asset ? <Anchor component={Link} to={`/assets/${asset.id}`}>{`${asset.tag} · ${asset.name}`}</Anchor> : ci.assetId ? 'an asset not on this device' : ''}</Fact>
        </SimpleGrid>
        {ci.description && (
          <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {ci.description}
          </Text>
        )}
      </Paper>
      <TicketList title="Linked tickets" tickets={tickets} />
    </Stack>
  );
}
