/**
 * Receive a purchase order line: where the assets go (a location of the order's site, or none)
 * and the day they arrived. Shows how many assets it makes and how they will be tagged: the
 * line's pattern, numbered by the server when the receipt syncs (each shows a provisional tag
 * until then), or the server's own numbering. Offline; refusals in the rules' words.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { isIsoDate } from '@fielddesk/common/assets/dates';
import type { Location } from '@fielddesk/common/domain/entities';
import type { PurchaseOrderLine } from '@fielddesk/common/entities/purchase-order-line';
import { useIntent } from '../../app/useIntent';
import { useWorkspace } from '../../app/workspaceContext';
import { localToday } from '../../shared/dates';

interface Props {
  line: PurchaseOrderLine | null;
  /** What the line is, as its row says ("Latitude 5440"). */
  label: string;
  locations: readonly Location[];
  onClose: () => void;
  onReceived: (assetIds: string[]) => void;
}

/** How the assets of a line will be tagged: the tags, and when they get their numbers. */
export function tagWords(line: Pick<PurchaseOrderLine, 'tagPattern'>): { tags: string; note: string } {
  return line.tagPattern ? { tags: line.tagPattern, note: 'numbered when synced' } : { tags: 'FD-…', note: 'the server’s numbering, when synced' };
}

export function ReceiveDialog({ line, label, locations, onClose, onReceived }: Props) {
  const { purchaseOrders } = useWorkspace();
  const [locationId, setLocationId] = useState<string | null>(null);
  const [receivedOn, setReceivedOn] = useState(localToday());
  const made = useRef<string[]>([]);
  const receive = useIntent(async () => {
    if (!line) return { ok: false, reason: 'No line to receive.' };
    if (!isIsoDate(receivedOn)) return { ok: false, reason: 'The date received must be a date as YYYY-MM-DD.' };
    const result = await purchaseOrders.receive({ lineId: line.id, locationId, receivedOn });
    if (result.ok) made.current = result.assetIds;
    return result;
  }, 'the receipt');

  useEffect(() => {
    if (!line) return;
    receive.setError(null);
    setReceivedOn(localToday());
    setLocationId(locations.length === 1 ? locations[0]!.id : null);
    // Reset only when another line is opened, not as the locations list refreshes.
  }, [line?.id]);

  return (
    <Modal opened={line !== null} onClose={onClose} title={line ? `Receive ${line.quantity} × ${label}` : 'Receive'} size="md" data-testid="receive-dialog">
      {line && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void receive.run().then((saved) => saved && onReceived(made.current));
          }}
        >
          <Stack gap="sm">
            <Text size="sm">
              Makes {line.quantity} {line.quantity === 1 ? 'asset' : 'assets'} in stock, available, tagged{' '}
              <Text span fw={600} data-testid="receive-tags">
                {/* The pattern never breaks across lines ("LAP-" / "{####}"). */}
                <span style={{ whiteSpace: 'nowrap' }}>{tagWords(line).tags}</span> ({tagWords(line).note})
              </Text>
              .
            </Text>
            <Select
              label="Put them at"
              placeholder="No location"
              data={locations.map((l) => ({ value: l.id, label: l.name }))}
              value={locationId}
              onChange={setLocationId}
              clearable
              searchable
              data-testid="receive-location"
            />
            <TextInput label="Received on" value={receivedOn} onChange={(e) => setReceivedOn(e.currentTarget.value)} placeholder="YYYY-MM-DD" data-testid="receive-date" />
            {receive.error && (
              <Alert color="red" data-testid="receive-error">
                {receive.error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={receive.busy} data-testid="receive-submit">
                Receive
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
