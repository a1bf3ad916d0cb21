/**
 * An item's reorder rule at one location: its reorder point and reorder quantity, set or
 * removed offline (a technician's at their own site's locations; the repository refuses others
 * in the server's words).
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import type { Consumable } from '@fielddesk/common/entities/consumable';
import { useWorkspace } from '../../app/workspaceContext';
import { useConsumableRepository, type Places } from './useConsumables';

export function RuleDialog({ opened, onClose, item, places, locationId }: { opened: boolean; onClose: () => void; item: Consumable; places: Places; locationId: string | null }) {
  const repo = useConsumableRepository();
  const { engine, user } = useWorkspace();
  const [where, setWhere] = useState<string | null>(null);
  const [point, setPoint] = useState<number | string>(1);
  const [quantity, setQuantity] = useState<number | string>(5);
  const [error, setError] = useState<string | null>(null);
  const options = useMemo(
    () =>
      [...places.locations.values()]
        .filter((l) => user.role !== 'technician' || l.siteId === user.siteId)
        .map((l) => ({ value: l.id, label: places.name(l.id) }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [places, user],
  );
  const existing = item.reorderRules.find((r) => r.locationId === where) ?? null;
  useEffect(() => {
    if (!opened) return;
    setError(null);
    setWhere(locationId ?? options[0]?.value ?? null);
  }, [opened, locationId, options]);
  useEffect(() => {
    const rule = item.reorderRules.find((r) => r.locationId === where);
    setPoint(rule?.reorderPoint ?? 1);
    setQuantity(rule?.reorderQuantity ?? 5);
  }, [where, item.reorderRules]);

  async function save(remove: boolean) {
    if (!where) return;
    const others = item.reorderRules.filter((r) => r.locationId !== where);
    const rules = remove ? others : [...others, { locationId: where, reorderPoint: Number(point), reorderQuantity: Number(quantity) }];
    const result = await repo.updateItem(item.id, { reorderRules: rules });
    if (!result.ok) return setError(result.reason);
    engine.requestSync();
    onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={`Reorder rule: ${item.name}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <Stack gap="sm">
          <Select label="Location" data={options} value={where} onChange={setWhere} searchable allowDeselect={false} nothingFoundMessage="No location matches" />
          <SimpleGrid cols={2}>
            <NumberInput label="Reorder point" description="Reorder at or below this" min={0} allowDecimal={false} value={point} onChange={setPoint} />
            <NumberInput label="Reorder quantity" description={`How many ${item.unit} to order`} min={1} allowDecimal={false} value={quantity} onChange={setQuantity} />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            If the stock is far below the point, the order is enough to lift it above the point.
          </Text>
          {error && (
            <Alert color="red" data-testid="rule-error">
              {error}
            </Alert>
          )}
          <Group justify="space-between">
            {existing ? (
              <Button variant="subtle" color="red" onClick={() => void save(true)}>
                Remove rule
              </Button>
            ) : (
              <span />
            )}
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit">Save rule</Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
