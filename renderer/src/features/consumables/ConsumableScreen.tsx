/**
 * A consumable (/consumables/:id): what it is, its stock at each location with the reorder
 * rules (set or changed here), and its movement ledger, newest first: when, who, what, how many,
 * where, to whom, why. Receive (r), Issue (i), Adjust (a) and Transfer (t) open their dialogs;
 * everything works offline on the replica, and a movement not yet sent says so.
 */
import { useMemo, useState } from 'react';
import { Anchor, Badge, Button, Group, Kbd, Loader, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconArrowsExchange, IconMinus, IconPencil, IconPlus, IconAdjustments, IconTruckDelivery } from '@tabler/icons-react';
import { format } from 'date-fns';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useParams } from 'react-router';
import type { MovementKind } from '@fielddesk/common/assets/stock';
import type { ConsumableMovement } from '@fielddesk/common/entities/consumable-movement';
import { useWorkspace } from '../../app/workspaceContext';
import { recordKey } from '../../data/db';
import { NotSyncedMarker } from '../../shared/badges';
import { Fact, NotHere } from '../../shared/RecordParts';
import { usePendingKeys } from '../../shared/syncHooks';
import { ItemDialog } from './ItemDialog';
import { MOVEMENT_TITLES, MovementDialog } from './MovementDialog';
import { RuleDialog } from './RuleDialog';
import { StockBadge } from './StockBadge';
import { kindWords, quantityWords, stockForViewer, unitCount } from './stockView';
import { useItem, usePlaces } from './useConsumables';

const ACTIONS: { kind: MovementKind; key: string; icon: typeof IconPlus }[] = [
  { kind: 'issued', key: 'i', icon: IconMinus },
  { kind: 'received', key: 'r', icon: IconTruckDelivery },
  { kind: 'adjusted', key: 'a', icon: IconAdjustments },
  { kind: 'transferred', key: 't', icon: IconArrowsExchange },
];

/** Whom an issue went to, by name when on this device. */
function useRecipients(ledger: readonly ConsumableMovement[] | undefined) {
  const { db } = useWorkspace();
  return useLiveQuery(async () => {
    const people = new Set<string>();
    const assets = new Set<string>();
    for (const m of ledger ?? []) {
      if (m.authorId) people.add(m.authorId);
      if (m.issuedTo?.kind === 'person') people.add(m.issuedTo.id);
      if (m.issuedTo?.kind === 'asset') assets.add(m.issuedTo.id);
    }
    const [p, a] = await Promise.all([db.persons.bulkGet([...people]), db.assets.bulkGet([...assets])]);
    return {
      people: new Map(p.flatMap((x) => (x ? [[x.id, x.displayName] as const] : []))),
      assets: new Map(a.flatMap((x) => (x ? [[x.id, `${x.tag} · ${x.name}`] as const] : []))),
    };
  }, [db, ledger]);
}

export function ConsumableScreen() {
  const { id } = useParams();
  const { user } = useWorkspace();
  const data = useItem(id);
  const places = usePlaces();
  const names = useRecipients(data?.ledger);
  const pending = usePendingKeys();
  const [moving, setMoving] = useState<MovementKind | null>(null);
  const [editing, edit] = useDisclosure(false);
  const [ruleAt, setRuleAt] = useState<string | null | false>(false);
  useHotkeys([
    ['i', () => setMoving('issued')],
    ['r', () => setMoving('received')],
    ['a', () => setMoving('adjusted')],
    ['t', () => setMoving('transferred')],
  ]);
  const stock = useMemo(() => (data && places ? stockForViewer([data.stock], user, places.locations)[0] : undefined), [data, places, user]);
  // Where this user usually takes stock: their site's location with the most of it.
  const home = useMemo(() => [...(stock?.locations ?? [])].sort((a, b) => b.quantity - a.quantity)[0]?.locationId ?? null, [stock]);

  if (data === undefined || !places) return <Loader size="sm" />;
  if (data === null || !stock) return <NotHere what="Consumable" />;
  const { item, ledger } = data;

  return (
    <Stack gap="md" maw={1100} data-testid="consumable-screen">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm">
          <Title order={1} size="h2">
            {item.name}
          </Title>
          {stock.negative && (
            <Badge color="red" data-testid="flag-negative">
              Below zero
            </Badge>
          )}
          {!stock.negative && stock.low && (
            <Badge color="orange" variant="light" data-testid="flag-low">
              Low stock
            </Badge>
          )}
        </Group>
        <Group gap="xs" wrap="wrap">
          {ACTIONS.map(({ kind, key, icon: Icon }) => (
            <Tooltip key={kind} label={<>{MOVEMENT_TITLES[kind]} <Kbd size="xs">{key}</Kbd></>}>
              <Button variant={kind === 'issued' ? 'filled' : 'light'} leftSection={<Icon size={16} />} aria-keyshortcuts={key} onClick={() => setMoving(kind)} data-testid={`action-${kind}`}>
                {MOVEMENT_TITLES[kind]}
              </Button>
            </Tooltip>
          ))}
        </Group>
      </Group>

      <Paper withBorder p="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <SimpleGrid cols={{ base: 2, sm: 4 }} style={{ flex: 1 }}>
            <Fact label="Category">{item.category}</Fact>
            <Fact label="Manufacturer">{item.manufacturer}</Fact>
            <Fact label="Part number">{item.partNumber}</Fact>
            <Fact label="Unit">{item.unit}</Fact>
          </SimpleGrid>
          <Button variant="subtle" size="xs" leftSection={<IconPencil size={14} />} onClick={edit.open}>
            Edit
          </Button>
        </Group>
      </Paper>

      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Stock ({unitCount(stock.total, item.unit)})
          </Title>
          <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setRuleAt(null)}>
            Reorder rule
          </Button>
        </Group>
        {stock.locations.length === 0 ? (
          <Text size="sm" c="dimmed">
            No stock recorded at your locations yet: Receive records what arrives.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing={6} data-testid="stock-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Location</Table.Th>
                  <Table.Th>On hand</Table.Th>
                  <Table.Th ta="right">Reorder point</Table.Th>
                  <Table.Th ta="right">Reorder quantity</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {stock.locations.map((l) => (
                  <Table.Tr key={l.locationId} data-testid="stock-row">
                    <Table.Td>
                      <Text size="sm">{places.name(l.locationId)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <StockBadge at={l} unit={item.unit} />
                      {l.reorder !== null && (
                        <Text size="xs" c="dimmed">
                          order {unitCount(l.reorder, item.unit)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{l.rule ? l.rule.reorderPoint : '—'}</Table.Td>
                    <Table.Td ta="right">{l.rule ? l.rule.reorderQuantity : '—'}</Table.Td>
                    <Table.Td ta="right">
                      <Button variant="subtle" size="compact-xs" onClick={() => setRuleAt(l.locationId)} aria-label={`Reorder rule at ${places.name(l.locationId)}`}>
                        {l.rule ? 'Change rule' : 'Set rule'}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>

      <Stack gap="xs">
        <Title order={2} size="h4">
          Movements
        </Title>
        {ledger.length === 0 ? (
          <Text size="sm" c="dimmed">
            No movements on this device yet.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={680}>
            <Table striped verticalSpacing={6} data-testid="ledger-table">
              <Table.Caption>Newest first. Stock is the sum of these movements; a mistake is put right by an adjustment, never by editing one.</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>What</Table.Th>
                  <Table.Th ta="right">Quantity</Table.Th>
                  <Table.Th>Where</Table.Th>
                  <Table.Th>To</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ledger.map((m) => (
                  <Table.Tr key={m.id} data-testid="ledger-row" data-kind={m.kind}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm">{format(new Date(m.at), 'd MMM yyyy, HH:mm')}</Text>
                      {pending.records.has(recordKey('consumable_movement', m.id)) && <NotSyncedMarker />}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{m.authorId ? (names?.people.get(m.authorId) ?? 'someone not on this device') : 'the server'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{kindWords(m)}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" fw={500} c={quantityWords(m).startsWith('−') ? 'red.7' : quantityWords(m).startsWith('+') ? 'teal.7' : undefined}>
                        {quantityWords(m)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{places.name(m.locationId)}</Text>
                    </Table.Td>
                    <Table.Td>
                      {m.kind === 'transferred' ? (
                        <Text size="sm">{places.name(m.toLocationId)}</Text>
                      ) : m.issuedTo?.kind === 'person' ? (
                        <Anchor component={Link} to={`/people/${m.issuedTo.id}`} size="sm">
                          {names?.people.get(m.issuedTo.id) ?? 'a person not on this device'}
                        </Anchor>
                      ) : m.issuedTo?.kind === 'asset' ? (
                        <Anchor component={Link} to={`/assets/${m.issuedTo.id}`} size="sm">
                          {names?.assets.get(m.issuedTo.id) ?? 'an asset not on this device'}
                        </Anchor>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{m.reason}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>

      <MovementDialog kind={moving} onClose={() => setMoving(null)} item={item} places={places} defaultLocationId={home} />
      <ItemDialog opened={editing} onClose={edit.close} item={item} />
      <RuleDialog opened={ruleAt !== false} onClose={() => setRuleAt(false)} item={item} places={places} locationId={ruleAt || null} />
    </Stack>
  );
}
