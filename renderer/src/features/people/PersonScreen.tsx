/**
 * A person (/people/:id), read-only from the local replica: their username, e-mail, groups
 * and the tickets they raised, offline too.
 */
import { Anchor, Badge, Group, Loader, Paper, SimpleGrid, Stack, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useParams } from 'react-router';
import { useWorkspace } from '../../app/workspaceContext';
import { Fact, MAX_TICKETS, NotHere, TicketList } from '../../shared/RecordParts';

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
