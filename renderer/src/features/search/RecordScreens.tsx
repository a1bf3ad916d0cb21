/**
 * Read-only detail screens for what the global search finds but no other screen shows yet:
 * an asset (/assets/:id), a configuration item (/cis/:id) and a person (/people/:id). Each
 * shows the record from the local replica and the tickets that point at it, so a search
 * result always opens somewhere useful, offline too. An asset also shows its recorded
 * inventory (features/assets/AssetInventorySection.tsx).
 */
import type { ReactNode } from 'react';
import { Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useParams } from 'react-router';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { STATUS_LABELS } from '@fielddesk/common/itsm/lifecycle';
import { useWorkspace } from '../../app/workspaceContext';
import { ticketNumber } from '../../data/display';
import { AssetInventorySection } from '../assets/AssetInventorySection';

/** At most this many tickets are listed on a record's screen. */
const MAX_TICKETS = 25;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children || '—'}</Text>
    </Stack>
  );
}

function NotHere({ what }: { what: string }) {
  return (
    <Stack align="flex-start">
      <Title order={1} size="h3">
        {what} not found
      </Title>
      <Text>This {what.toLowerCase()} is not on this device.</Text>
      <Button component={Link} to="/" variant="default" leftSection={<IconArrowLeft size={16} />}>
        Back to the queue
      </Button>
    </Stack>
  );
}

function TicketList({ title, tickets }: { title: string; tickets: Ticket[] | undefined }) {
  return (
    <Stack gap={4}>
      <Title order={2} size="h4">
        {title}
      </Title>
      {tickets === undefined ? (
        <Loader size="xs" />
      ) : tickets.length === 0 ? (
        <Text size="sm" c="dimmed">
          None on this device.
        </Text>
      ) : (
        <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {tickets.map((t) => (
            <Paper component="li" key={t.id} withBorder px="sm" py={6} data-testid="record-ticket">
              <Group justify="space-between" wrap="nowrap">
                <Anchor component={Link} to={`/tickets/${t.id}`} size="sm" truncate>
                  {ticketNumber(t)} · {t.title}
                </Anchor>
                <Badge variant="light" size="sm">
                  {STATUS_LABELS[t.status]}
                </Badge>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** Tickets linked to a target (asset, CI) through ticket links. */
function useLinkedTickets(targetId: string | undefined): Ticket[] | undefined {
  const { db } = useWorkspace();
  return useLiveQuery(async () => {
    if (!targetId) return [];
    const links = await db.ticketLinks.where('targetId').equals(targetId).limit(MAX_TICKETS).toArray();
    return (await db.tickets.bulkGet(links.map((l) => l.ticketId))).filter((t): t is Ticket => t !== undefined);
  }, [db, targetId]);
}

export function AssetScreen() {
  const { id } = useParams();
  const { db } = useWorkspace();
  const asset = useLiveQuery(async () => (id ? ((await db.assets.get(id)) ?? null) : null), [db, id]);
  const tickets = useLinkedTickets(id);
  const holder = useLiveQuery(async () => (asset?.assignedToId ? ((await db.persons.get(asset.assignedToId)) ?? null) : null), [db, asset?.assignedToId]);
  if (asset === undefined) return <Loader size="sm" />;
  if (asset === null) return <NotHere what="Asset" />;
  return (
    <Stack gap="md" maw={900} data-testid="asset-screen">
      <Group gap="sm">
        <Title order={1} size="h2">
          {asset.name}
        </Title>
        <Badge variant="light">{asset.status.replace('_', ' ')}</Badge>
      </Group>
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

export function PersonScreen() {
  const { id } = useParams();
  const { db } = useWorkspace();
  const person = useLiveQuery(async () => (id ? ((await db.persons.get(id)) ?? null) : null), [db, id]);
  // No index on requesterId: a filtered scan that stops after a page of matches.
  const requested = useLiveQuery(async () => (id ? db.tickets.filter((t) => t.requesterId === id).limit(MAX_TICKETS).toArray() : []), [db, id]);
  const groups = useLiveQuery(async () => (person ? (await db.groups.bulkGet(person.groupIds)).flatMap((g) => (g ? [g.name] : [])) : []), [db, person]);
  if (person === undefined) return <Loader size="sm" />;
  if (person === null) return <NotHere what="Person" />;
  return (
    <Stack gap="md" maw={900} data-testid="person-screen">
      <Group gap="sm">
        <Title order={1} size="h2">
          {person.displayName}
        </Title>
        <Badge variant="light">{person.role}</Badge>
      </Group>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 3 }}>
          <Fact label="Username">{person.username}</Fact>
          <Fact label="E-mail">{person.email ? <Anchor href={`mailto:${person.email}`}>{person.email}</Anchor> : ''}</Fact>
          <Fact label="Groups">{groups?.join(', ')}</Fact>
        </SimpleGrid>
      </Paper>
      <TicketList title="Tickets they raised" tickets={requested} />
    </Stack>
  );
}
