/**
 * A purchase order (/orders/:id): its vendor, site, dates and reference, and its lines with the
 * quantity, unit cost, tag pattern and model, received or not. Receive opens the dialog for a
 * line (r on the focused line); a received line says when and by whom and links to the assets
 * it made (their tags provisional until the receipt syncs). Offline on the replica.
 */
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Kbd, Loader, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconTruckDelivery } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { orderTotals } from '@fielddesk/common/assets/orders';
import type { PurchaseOrderLine } from '@fielddesk/common/entities/purchase-order-line';
import { useIntent } from '../../app/useIntent';
import { useWorkspace } from '../../app/workspaceContext';
import { recordKey } from '../../data/db';
import { NotSyncedMarker } from '../../shared/badges';
import { Fact, NotHere } from '../../shared/RecordParts';
import { usePendingKeys } from '../../shared/syncHooks';
import { localToday } from '../../shared/dates';
import { ReceiveDialog, tagWords } from './ReceiveDialog';
import { money, useOrder } from './usePurchaseOrders';

/** How many of a received line's asset tags are listed before "and N more". */
const TAGS_SHOWN = 12;

export function OrderScreen() {
  const { id } = useParams();
  const view = useOrder(id);
  const pending = usePendingKeys();
  const [focused, setFocused] = useState<string | null>(null);
  const [receiving, setReceiving] = useState<PurchaseOrderLine | null>(null);
  const { purchaseOrders } = useWorkspace();
  // r on a line already received asks the repository anyway, which says why not (when, and by whom).
  const again = useIntent((lineId: string) => purchaseOrders.receive({ lineId, locationId: null, receivedOn: localToday() }), 'the receipt');
  const receivable = (lineId: string | null) => (view && lineId && !view.receiptOf.has(lineId) ? (view.lines.find((l) => l.id === lineId) ?? null) : null);
  useHotkeys([
    [
      'r',
      () => {
        again.setError(null);
        if (view && focused && view.receiptOf.has(focused)) void again.run(focused);
        else setReceiving(receivable(focused) ?? receivable(view?.lines.find((l) => !view.receiptOf.has(l.id))?.id ?? null));
      },
    ],
  ]);

  if (view === undefined) return <Loader size="sm" />;
  if (view === null) return <NotHere what="Purchase order" />;
  const { order, lines, receiptOf, models, people, assetsOf } = view;
  const totals = orderTotals(lines, new Set(receiptOf.keys()));
  const lineLabel = (l: PurchaseOrderLine) => (l.modelId ? (models.get(l.modelId)?.name ?? l.description) : l.description);
  const locations = [...view.locations.values()].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <Stack gap="md" maw={1280} data-testid="order-screen">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm">
          <Title order={1} size="h2" data-testid="order-number">
            {order.number}
          </Title>
          {pending.records.has(recordKey('purchase_order', order.id)) && <NotSyncedMarker />}
          <Badge variant="light" color={totals.lines > 0 && totals.received === totals.lines ? 'teal' : totals.received > 0 ? 'orange' : 'blue'} data-testid="order-state">
            {totals.lines > 0 && totals.received === totals.lines ? 'Received' : totals.received > 0 ? `${totals.received} of ${totals.lines} lines received` : 'On order'}
          </Badge>
        </Group>
        <Anchor component={Link} to="/orders" size="sm">
          All orders
        </Anchor>
      </Group>

      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
          <Fact label="Vendor">{view.vendor?.name ?? 'A vendor not on this device'}</Fact>
          <Fact label="Delivered to">{view.site?.name ?? ''}</Fact>
          <Fact label="Ordered">{order.orderedOn}</Fact>
          <Fact label="Expected">{order.expectedOn ?? ''}</Fact>
          <Fact label="Vendor's reference">{order.reference}</Fact>
          <Fact label="Total">{`${money(totals.totalCents)} for ${totals.units} ${totals.units === 1 ? 'unit' : 'units'}`}</Fact>
        </SimpleGrid>
        {order.notes && (
          <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {order.notes}
          </Text>
        )}
      </Paper>

      <Stack gap="xs">
        <Title order={2} size="h4">
          Lines
        </Title>
        {again.error && (
          <Alert color="red" withCloseButton onClose={() => again.setError(null)} data-testid="order-refusal">
            {again.error}
          </Alert>
        )}
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={8} aria-label="Order lines" data-testid="order-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Item</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Quantity</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Unit cost</Table.Th>
                <Table.Th visibleFrom="md" style={{ textAlign: 'right' }}>
                  Line total
                </Table.Th>
                <Table.Th>Tags</Table.Th>
                <Table.Th>Received</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((line) => {
                const receipt = receiptOf.get(line.id);
                const made = assetsOf.get(line.id) ?? [];
                const model = line.modelId ? models.get(line.modelId) : undefined;
                return (
                  <Table.Tr
                    key={line.id}
                    tabIndex={0}
                    onFocus={() => {
                      setFocused(line.id);
                      again.setError(null);
                    }}
                    onClick={() => setFocused(line.id)}
                    data-testid="order-line"
                    data-received={receipt ? 'yes' : 'no'}
                    aria-label={`${line.quantity} × ${lineLabel(line)}${receipt ? ', received' : ''}`}
                    style={{ outlineOffset: -2, background: focused === line.id ? 'var(--mantine-color-blue-light)' : undefined, verticalAlign: 'top' }}
                  >
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {lineLabel(line)}
                      </Text>
                      {model && line.description !== model.name && (
                        <Text size="xs" c="dimmed">
                          {line.description}
                        </Text>
                      )}
                      {model && (
                        <Text size="xs" c="dimmed">
                          {[model.manufacturer, model.category].filter(Boolean).join(' · ')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{line.quantity}</Table.Td>
                    <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{money(line.unitCostCents)}</Table.Td>
                    <Table.Td visibleFrom="md" style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                      {money(line.unitCostCents * line.quantity)}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }} title={line.tagPattern ? undefined : 'The server’s own numbering'}>
                        {line.tagPattern ?? 'FD-…'}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={420}>
                      {receipt ? (
                        <Stack gap={4} data-testid="line-receipt">
                          <Group gap={6}>
                            <Badge size="sm" color="teal" variant="light">
                              Received {receipt.receivedOn}
                            </Badge>
                            <Text size="xs" c="dimmed">
                              by {receipt.receivedById ? (people.get(receipt.receivedById)?.displayName ?? 'someone not on this device') : 'the server'}
                            </Text>
                            {pending.records.has(recordKey('order_receipt', receipt.id)) && <NotSyncedMarker />}
                          </Group>
                          <Group gap={6} data-testid="line-assets">
                            {made.slice(0, TAGS_SHOWN).map((a) => (
                              <Anchor key={a.id} component={Link} to={`/assets/${a.id}`} size="xs" ff="monospace" data-testid="line-asset">
                                {a.tag}
                              </Anchor>
                            ))}
                            {made.length > TAGS_SHOWN && (
                              <Text size="xs" c="dimmed">
                                and {made.length - TAGS_SHOWN} more
                              </Text>
                            )}
                            {made.length === 0 && (
                              <Text size="xs" c="dimmed">
                                Its {receipt.assetIds.length} assets are not on this device.
                              </Text>
                            )}
                          </Group>
                        </Stack>
                      ) : (
                        <Tooltip label={<>Receive: {tagWords(line).tags} ({tagWords(line).note}) <Kbd size="xs">r</Kbd></>}>
                          <Button
                            size="compact-sm"
                            variant="light"
                            leftSection={<IconTruckDelivery size={14} />}
                            aria-keyshortcuts="r"
                            onClick={() => setReceiving(line)}
                            data-testid="receive-line"
                          >
                            Receive
                          </Button>
                        </Tooltip>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {lines.length === 0 && (
          <Text size="sm" c="dimmed">
            This order has no lines on this device.
          </Text>
        )}
      </Stack>

      <ReceiveDialog line={receiving} label={receiving ? lineLabel(receiving) : ''} locations={locations} onClose={() => setReceiving(null)} onReceived={() => setReceiving(null)} />
    </Stack>
  );
}
