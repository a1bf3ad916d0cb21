/**
 * Consumables (/consumables): every item with its stock at each location, its reorder point and
 * the low-stock and below-zero flags; `?view=low` (or the `l` key) lists only what is at or below
 * its reorder point or below zero, with how many to order. A search narrows by name, part
 * number, manufacturer or category. Read from the replica, so it works offline; a technician
 * sees the stock of their own site's locations (the movements their replica holds).
 */
import { useMemo, useState } from 'react';
import { Anchor, Badge, Button, Group, Kbd, Loader, SegmentedControl, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import type { ItemStock } from '@fielddesk/common/assets/consumables';
import { useWorkspace } from '../../app/workspaceContext';
import { ItemDialog } from './ItemDialog';
import { StockBadge } from './StockBadge';
import { lowRows, stockForViewer, unitCount } from './stockView';
import { usePlaces, useStock } from './useConsumables';

type View = 'all' | 'low';

/** A flag keeps its words whole in a narrow column (a badge would otherwise cut them to "BEL…"). */
const NO_SHRINK = { flex: 'none', maxWidth: 'none' } as const;
const NO_CLIP = { root: { overflow: 'visible' }, label: { overflow: 'visible' } } as const;

function matches(s: ItemStock, text: string): boolean {
  const q = text.trim().toLowerCase();
  if (!q) return true;
  const { name, partNumber, manufacturer, category } = s.item;
  return [name, partNumber, manufacturer, category].some((t) => t.toLowerCase().includes(q));
}

export function ConsumablesScreen() {
  const { user } = useWorkspace();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'low' ? 'low' : 'all';
  const setView = (v: View) => setParams(v === 'low' ? { view: 'low' } : {}, { replace: true });
  const [search, setSearch] = useState('');
  const [creating, create] = useDisclosure(false);
  const places = usePlaces();
  const all = useStock();
  useHotkeys([
    ['l', () => setView(view === 'low' ? 'all' : 'low')],
    ['shift+n', () => create.open()],
  ]);
  const stock = useMemo(() => (all && places ? stockForViewer(all, user, places.locations).filter((s) => matches(s, search)) : undefined), [all, places, user, search]);
  const low = useMemo(() => (stock ? lowRows(stock) : []), [stock]);
  if (!stock || !places) return <Loader size="sm" />;

  return (
    <Stack gap="md" data-testid="consumables-screen">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Consumables
        </Title>
        <Tooltip label={<>A new item of the catalog <Kbd size="xs">Shift</Kbd>+<Kbd size="xs">N</Kbd></>}>
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={create.open} aria-keyshortcuts="Shift+N">
            New item
          </Button>
        </Tooltip>
      </Group>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          value={view}
          onChange={(v) => setView(v as View)}
          data={[
            { value: 'all', label: `All items (${stock.length})` },
            { value: 'low', label: `Low stock (${low.length})` },
          ]}
          aria-label="Which items (l switches)"
          data-testid="consumables-view"
        />
        <TextInput
          placeholder="Name, part number, maker, category"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          aria-label="Search consumables"
          style={{ flex: 1, minWidth: 200, maxWidth: 420 }}
        />
      </Group>
      {view === 'all' ? (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover verticalSpacing={6} data-testid="consumables-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Item</Table.Th>
                <Table.Th>Stock per location</Table.Th>
                <Table.Th ta="right">Total</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {stock.map((s) => (
                <Table.Tr key={s.item.id} data-testid="consumable-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/consumables/${s.item.id}`} fw={500} size="sm">
                      {s.item.name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {[s.item.category, s.item.manufacturer, s.item.partNumber].filter(Boolean).join(' · ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      {s.locations.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          No stock recorded here
                        </Text>
                      ) : (
                        s.locations.map((l) => <StockBadge key={l.locationId} at={l} place={places.name(l.locationId)} unit={s.item.unit} />)
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Group gap={6} justify="flex-end" wrap="nowrap">
                      {s.negative && (
                        <Badge color="red" size="sm" style={NO_SHRINK} styles={NO_CLIP} data-testid="flag-negative">
                          Below zero
                        </Badge>
                      )}
                      {!s.negative && s.low && (
                        <Badge color="orange" variant="light" size="sm" style={NO_SHRINK} styles={NO_CLIP} data-testid="flag-low">
                          Low
                        </Badge>
                      )}
                      <Text size="sm" fw={500} c={s.total < 0 ? 'red' : undefined} style={{ whiteSpace: 'nowrap' }}>
                        {unitCount(s.total, s.item.unit)}
                      </Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : low.length === 0 ? (
        <Text c="dimmed" size="sm" py="md" data-testid="low-stock-empty">
          Nothing is at or below its reorder point.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover verticalSpacing={6} data-testid="low-stock-table">
            <Table.Caption>Below zero first: more went out than the records say came in, so someone should count the shelf.</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Item</Table.Th>
                <Table.Th>Location</Table.Th>
                <Table.Th ta="right">On hand</Table.Th>
                <Table.Th ta="right">Reorder point</Table.Th>
                <Table.Th ta="right">Order</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {low.map(({ stock: s, at }) => (
                <Table.Tr key={`${s.item.id}:${at.locationId}`} data-testid="low-stock-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/consumables/${s.item.id}`} size="sm">
                      {s.item.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{places.name(at.locationId)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Group gap={6} justify="flex-end" wrap="nowrap">
                      {at.negative && (
                        <Badge color="red" size="xs" style={NO_SHRINK} styles={NO_CLIP}>
                          Below zero
                        </Badge>
                      )}
                      <Text size="sm" fw={600} c={at.negative ? 'red' : 'orange.8'}>
                        {at.quantity}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{at.rule ? at.rule.reorderPoint : '—'}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{at.reorder !== null ? unitCount(at.reorder, s.item.unit) : 'count the shelf'}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ItemDialog opened={creating} onClose={create.close} />
    </Stack>
  );
}
