/**
 * Receive, Issue, Adjust and Transfer: one dialog per kind of stock movement, offline. Issue
 * goes to a person or an asset, picked by searching the replica; Adjust needs a reason; Transfer
 * sends stock from one location to another (another site's too). The repository checks the
 * shared rules and refuses in the server's words; nothing refuses a movement for taking the
 * stock below zero (it then shows below zero, flagged).
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import type { MovementKind } from '@fielddesk/common/assets/stock';
import type { Consumable } from '@fielddesk/common/entities/consumable';
import type { ConsumableMovementCreateData } from '@fielddesk/common/entities/consumable-movement';
import { useWorkspace } from '../../app/workspaceContext';
import { unitCount } from './stockView';
import { useConsumableRepository, type Places } from './useConsumables';

/** How many people or assets a picker lists at once (it filters as one types). */
const PICKER_LIMIT = 50;

export const MOVEMENT_TITLES: Record<MovementKind, string> = { received: 'Receive', issued: 'Issue', adjusted: 'Adjust', transferred: 'Transfer' };

interface Props {
  kind: MovementKind | null;
  onClose: () => void;
  item: Consumable;
  places: Places;
  /** The location to start from (where the technician usually takes stock). */
  defaultLocationId: string | null;
}

export function MovementDialog({ kind, onClose, item, places, defaultLocationId }: Props) {
  const repo = useConsumableRepository();
  const { db, engine, user } = useWorkspace();
  const [locationId, setLocationId] = useState<string | null>(null);
  const [toLocationId, setToLocationId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number | string>(1);
  const [toKind, setToKind] = useState<'person' | 'asset'>('person');
  const [toId, setToId] = useState<string | null>(null);
  const [direction, setDirection] = useState<'add' | 'remove'>('remove');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const allLocations = useMemo(
    () => [...places.locations.values()].map((l) => ({ value: l.id, label: places.name(l.id), siteId: l.siteId })).sort((a, b) => a.label.localeCompare(b.label)),
    [places],
  );
  // A technician takes stock from their own site's locations only (the rule refuses others).
  const sources = useMemo(() => allLocations.filter((l) => user.role !== 'technician' || l.siteId === user.siteId), [allLocations, user]);
  const people = useLiveQuery(
    async () => (kind === 'issued' ? (await db.persons.toArray()).sort((a, b) => a.displayName.localeCompare(b.displayName)).map((p) => ({ value: p.id, label: p.displayName })) : []),
    [db, kind],
  );
  const assets = useLiveQuery(
    async () => (kind === 'issued' ? (await db.assets.toArray()).sort((a, b) => a.tag.localeCompare(b.tag)).map((a) => ({ value: a.id, label: `${a.tag} · ${a.name}` })) : []),
    [db, kind],
  );

  useEffect(() => {
    if (!kind) return;
    setError(null);
    setQuantity(1);
    setToId(null);
    setReason('');
    setDirection('remove');
    setToKind('person');
    setLocationId(defaultLocationId ?? sources[0]?.value ?? null);
    setToLocationId(null);
  }, [kind, defaultLocationId, sources]);

  function data(): ConsumableMovementCreateData | string {
    const q = typeof quantity === 'number' ? quantity : Number(quantity);
    if (!locationId) return 'Choose a location.';
    const base = { itemId: item.id, quantity: q };
    switch (kind) {
      case 'received':
        return { ...base, kind: 'received', locationId };
      case 'issued':
        if (!toId) return toKind === 'person' ? 'Choose the person it goes to.' : 'Choose the asset it goes to.';
        return { ...base, kind: 'issued', locationId, to: { kind: toKind, id: toId } };
      case 'adjusted':
        return { ...base, kind: 'adjusted', locationId, direction, reason };
      case 'transferred':
        if (!toLocationId) return 'Choose the location it goes to.';
        return { ...base, kind: 'transferred', fromLocationId: locationId, toLocationId };
      default:
        return 'Choose what to record.';
    }
  }

  async function save() {
    const movement = data();
    if (typeof movement === 'string') return setError(movement);
    setBusy(true);
    try {
      const result = await repo.recordMovement(movement);
      if (!result.ok) return setError(result.reason);
      engine.requestSync();
      onClose();
    } finally {
      setBusy(false);
    }
  }

  const title = kind ? `${MOVEMENT_TITLES[kind]} ${item.name}` : '';
  return (
    <Modal opened={kind !== null} onClose={onClose} title={title} size="lg" data-testid="movement-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          <Select
            label={kind === 'received' ? 'Received at' : kind === 'transferred' ? 'From' : 'From the stock at'}
            data={sources}
            value={locationId}
            onChange={setLocationId}
            searchable
            allowDeselect={false}
            nothingFoundMessage="No location of yours matches"
            data-testid="movement-location"
          />
          {kind === 'transferred' && (
            <Select
              label="To"
              placeholder="Search locations, any site"
              data={allLocations.filter((l) => l.value !== locationId)}
              value={toLocationId}
              onChange={setToLocationId}
              searchable
              nothingFoundMessage="No location matches"
              data-testid="movement-to-location"
            />
          )}
          <NumberInput label={`Quantity (${item.unit})`} value={quantity} onChange={setQuantity} allowDecimal={false} data-autofocus data-testid="movement-quantity" />
          {kind === 'issued' && (
            <>
              <SegmentedControl
                value={toKind}
                onChange={(v) => {
                  setToKind(v as 'person' | 'asset');
                  setToId(null);
                }}
                data={[
                  { value: 'person', label: 'To a person' },
                  { value: 'asset', label: 'To an asset' },
                ]}
                aria-label="Issue to"
              />
              <Select
                label={toKind === 'person' ? 'Person' : 'Asset'}
                placeholder={toKind === 'person' ? 'Search people by name' : 'Search assets by tag or name'}
                data={(toKind === 'person' ? people : assets) ?? []}
                value={toId}
                onChange={setToId}
                searchable
                clearable
                limit={PICKER_LIMIT}
                nothingFoundMessage="Nothing matching on this device"
                data-testid="movement-to"
              />
            </>
          )}
          {kind === 'adjusted' && (
            <>
              <SegmentedControl
                value={direction}
                onChange={(v) => setDirection(v as 'add' | 'remove')}
                data={[
                  { value: 'remove', label: 'Fewer than recorded' },
                  { value: 'add', label: 'More than recorded' },
                ]}
                aria-label="Which way"
              />
              <Textarea label="Reason" placeholder="Recount: two cartridges crushed in transport" value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} data-testid="movement-reason" />
            </>
          )}
          {kind === 'issued' && typeof quantity === 'number' && (
            <Text size="xs" c="dimmed">
              Issues {unitCount(quantity, item.unit)}. Stock may go below zero if the shelf had more than the records say; it is then flagged for a recount.
            </Text>
          )}
          {error && (
            <Alert color="red" data-testid="movement-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="movement-save">
              {kind ? MOVEMENT_TITLES[kind] : 'Save'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
