/**
 * Purchase orders (/orders): every order on this device (a technician's: their site's) with its
 * vendor, delivery site, order and expected dates, lines received of the total, and total cost;
 * a search over number, vendor and reference. Keys: n new order. Offline, from the replica.
 */
import { useMemo, useState } from 'react';
import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { money, useOrderRows } from './usePurchaseOrders';

export function OrdersScreen() {
  const navigate = useNavigate();
  const rows = useOrderRows();
  const [query, setQuery] = useState('');
  useHotkeys([['n', () => void navigate('/orders/new')]]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!rows || !q) return rows ?? [];
    return rows.filter((r) => [r.order.number, r.vendor, r.order.reference, r.site].some((t) => t.toLowerCase().includes(q)));
  }, [rows, query]);

  if (!rows) return <Loader size="sm" />;
  return (
    <Stack gap="md" maw={1280} data-testid="orders-screen">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h3">
            Purchase orders
          </Title>
          <Text size="sm" c="dimmed">
            What was ordered from whom, for which site; receiving a line puts its assets in stock. From this device, offline too.
          </Text>
        </div>
        <Button component={Link} to="/orders/new" leftSection={<IconPlus size={16} />} title="New order (N)" data-testid="new-order">
          New order
        </Button>
      </Group>
      <Group gap="md">
        <TextInput
          aria-label="Search orders"
          placeholder="Search number, vendor, reference, site"
          leftSection={<IconSearch size={14} aria-hidden="true" />}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={320}
        />
        <Text size="sm" c="dimmed" data-testid="orders-count">
          {shown.length.toLocaleString()} {shown.length === 1 ? 'order' : 'orders'}
        </Text>
      </Group>
      {shown.length === 0 ? (
        <Text c="dimmed" size="sm" py="md">
          {rows.length === 0 ? 'No purchase orders on this device yet.' : 'No order matches the search.'}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={540}>
          <Table striped highlightOnHover verticalSpacing={6} aria-label="Purchase orders" data-testid="orders-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Number</Table.Th>
                <Table.Th>Vendor</Table.Th>
                <Table.Th visibleFrom="md">Site</Table.Th>
                <Table.Th>Ordered</Table.Th>
                <Table.Th visibleFrom="md">Expected</Table.Th>
                <Table.Th>Lines received</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Total</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map(({ order, vendor, site, totals }) => (
                <Table.Tr key={order.id} data-testid="order-row" style={{ cursor: 'pointer' }} onClick={() => void navigate(`/orders/${order.id}`)}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Anchor component={Link} to={`/orders/${order.id}`} fw={500} onClick={(e) => e.stopPropagation()}>
                      {order.number}
                    </Anchor>
                    {order.reference && (
                      <Text size="xs" c="dimmed">
                        {order.reference}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{vendor}</Table.Td>
                  <Table.Td visibleFrom="md">{site}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{order.orderedOn}</Table.Td>
                  <Table.Td visibleFrom="md" style={{ whiteSpace: 'nowrap' }}>
                    {order.expectedOn ?? '—'}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }} data-testid="order-received">
                    <Badge size="sm" variant="light" color={totals.lines > 0 && totals.received === totals.lines ? 'teal' : totals.received > 0 ? 'orange' : 'blue'}>
                      {totals.received} of {totals.lines}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{money(totals.totalCents)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
