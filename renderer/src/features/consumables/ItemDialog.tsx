/**
 * A catalog item's facts (name, category, maker, part number, unit), new or edited, offline
 * through the consumables repository; its refusal is shown in its words.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useNavigate } from 'react-router';
import type { Consumable } from '@fielddesk/common/entities/consumable';
import { useWorkspace } from '../../app/workspaceContext';
import { useConsumableRepository } from './useConsumables';

const EMPTY = { name: '', category: '', manufacturer: '', partNumber: '', unit: '' };

export function ItemDialog({ opened, onClose, item }: { opened: boolean; onClose: () => void; item?: Consumable }) {
  const repo = useConsumableRepository();
  const { engine } = useWorkspace();
  const navigate = useNavigate();
  const [fields, setFields] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!opened) return;
    setError(null);
    setFields(item ? { name: item.name, category: item.category, manufacturer: item.manufacturer, partNumber: item.partNumber, unit: item.unit } : EMPTY);
  }, [opened, item]);
  const set = (key: keyof typeof EMPTY) => (e: React.ChangeEvent<HTMLInputElement>) => setFields((f) => ({ ...f, [key]: e.currentTarget.value }));

  async function save() {
    setBusy(true);
    try {
      const result = item ? await repo.updateItem(item.id, fields) : await repo.createItem(fields);
      if (!result.ok) return setError(result.reason);
      engine.requestSync();
      onClose();
      if (!item) void navigate(`/consumables/${result.id}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={item ? `Edit ${item.name}` : 'New consumable'} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          <TextInput label="Name" placeholder="HP 59A black toner" value={fields.name} onChange={set('name')} required data-autofocus />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label="Category" placeholder="Toner" value={fields.category} onChange={set('category')} />
            <TextInput label="Unit" placeholder="cartridge, box, ream, piece" value={fields.unit} onChange={set('unit')} required />
            <TextInput label="Manufacturer" placeholder="HP" value={fields.manufacturer} onChange={set('manufacturer')} />
            <TextInput label="Part or model number" placeholder="CF259A" value={fields.partNumber} onChange={set('partNumber')} />
          </SimpleGrid>
          {error && (
            <Alert color="red" data-testid="item-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {item ? 'Save' : 'Add to catalog'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
