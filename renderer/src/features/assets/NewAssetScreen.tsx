/**
 * New assets (/assets/new), offline: one asset with its own tag (or the server's numbering),
 * or many alike with a tag pattern ("LAP-{####}": the server gives the numbers, each shows a
 * provisional tag until it syncs). A model fills in the type, the name and the warranty end
 * (purchase date + the model's warranty months); a new model can be made here. Purchase
 * orders receive their lines from their own screen, with the same repository.
 */
import { Alert, Button, Group, Modal, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { isIsoDate } from '@fielddesk/common/assets/dates';
import { warrantyEnds } from '@fielddesk/common/assets/depreciation';
import { parseTagPattern } from '@fielddesk/common/assets/tags';
import type { AssetKind } from '@fielddesk/common/domain/entities';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import { useIntent } from '../../app/useIntent';
import { useWorkspace } from '../../app/workspaceContext';
import { MAX_CREATE_MANY } from '../../data/repositories/assets';
import { useLocations, useSites } from '../../shared/options';

const KIND_OPTIONS = [
  { value: 'hardware', label: 'Hardware' },
  { value: 'non_it', label: 'Non-IT (furniture, vehicle, tool)' },
];

/** Cents from what a person types ("1299.5" → 129950); null when empty, NaN when not a sum. */
function centsOf(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '') return null;
  return /^\d+(\.\d{1,2})?$/.test(t) ? Math.round(Number(t) * 100) : Number.NaN;
}

export function NewAssetScreen() {
  const { db, assets, user } = useWorkspace();
  const navigate = useNavigate();
  const models = useLiveQuery(async () => (await db.assetModels.toArray()).sort((a, b) => a.name.localeCompare(b.name)), [db], []);
  const vendors = useLiveQuery(async () => ((await db.tableFor('vendor').toArray()) as Vendor[]).sort((a, b) => a.name.localeCompare(b.name)), [db], [] as Vendor[]);
  const sites = useSites();
  const [siteId, setSiteId] = useState<string | null>(user.siteId);
  const locations = useLocations(siteId);
  const [kind, setKind] = useState<AssetKind>('hardware');
  const [modelId, setModelId] = useState<string | null>(null);
  const model = models.find((m) => m.id === modelId) ?? null;
  const [name, setName] = useState('');
  const [type, setType] = useState('');
  const [count, setCount] = useState<number>(1);
  const [tag, setTag] = useState('');
  const [pattern, setPattern] = useState('');
  const [serial, setSerial] = useState('');
  const [locationId, setLocationId] = useState<string | null>(null);
  const [state, setState] = useState<'in_stock' | 'ordered'>('in_stock');
  const [purchasedOn, setPurchasedOn] = useState('');
  const [cost, setCost] = useState('');
  const [vendorId, setVendorId] = useState<string | null>(null);
  const [warranty, setWarranty] = useState('');
  const [notes, setNotes] = useState('');
  const [modelOpen, modelDialog] = useDisclosure(false);
  const create = useIntent(async () => {
    const costCents = centsOf(cost);
    if (Number.isNaN(costCents)) return { ok: false, reason: 'The cost must be an amount such as 1299.00.' };
    if (purchasedOn && !isIsoDate(purchasedOn)) return { ok: false, reason: 'The purchase date must be a date.' };
    const warrantyEndsOn = warranty || (model?.warrantyMonths && purchasedOn ? warrantyEnds(purchasedOn, model.warrantyMonths) : null);
    const data = {
      tag: count === 1 && tag.trim() ? tag.trim() : null,
      tagPattern: count > 1 || (!tag.trim() && pattern.trim()) ? pattern.trim() || null : null,
      name: name.trim() || model?.name || '',
      kind,
      modelId,
      type: type.trim() || model?.type || '',
      serial: count === 1 && serial.trim() ? serial.trim() : null,
      siteId,
      locationId,
      state,
      substate: state === 'in_stock' ? 'available' : null,
      vendorId,
      purchasedOn: purchasedOn || null,
      costCents,
      warrantyEndsOn,
      notes,
    };
    if (count === 1) {
      const made = await assets.create(data);
      if (made.ok) void navigate(`/assets/${made.id}`);
      return made;
    }
    const made = await assets.createMany(data, count);
    if (!made.ok) return made;
    void navigate('/assets');
    return { ok: true, id: made.ids[0]!, opId: '' };
  }, 'the new assets');

  const patternCheck = pattern.trim() ? parseTagPattern(pattern.trim()) : null;
  return (
    <Stack gap="md" maw={900}>
      <Title order={1} size="h2">
        New assets
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create.run();
        }}
      >
        <Paper withBorder p="md">
          <Stack>
            <SegmentedControl data={KIND_OPTIONS} value={kind} onChange={(v) => setKind(v as AssetKind)} aria-label="Kind of asset" />
            <Group align="flex-end">
              <Select
                label="Model"
                data={models.filter((m) => m.kind === kind).map((m) => ({ value: m.id, label: `${m.manufacturer} ${m.name}`.trim() }))}
                value={modelId}
                onChange={setModelId}
                searchable
                clearable
                placeholder="No model"
                style={{ flex: 1 }}
              />
              <Button variant="default" onClick={modelDialog.open}>
                New model
              </Button>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder={model?.name ?? 'e.g. Latitude 5440'} required={!model} maxLength={200} />
              <TextInput label="Type" value={type} onChange={(e) => setType(e.currentTarget.value)} placeholder={model?.type ?? 'laptop, desk, van…'} required={!model} maxLength={64} />
              <NumberInput label="How many" value={count} onChange={(v) => setCount(typeof v === 'number' ? v : 1)} min={1} max={MAX_CREATE_MANY} allowDecimal={false} />
              {count === 1 ? (
                <TextInput label="Asset tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)} placeholder="Empty: numbered by the server" maxLength={64} />
              ) : (
                <TextInput
                  label="Tag pattern"
                  value={pattern}
                  onChange={(e) => setPattern(e.currentTarget.value)}
                  placeholder="LAP-{####}"
                  required
                  error={patternCheck && !patternCheck.ok ? patternCheck.reason : null}
                  description="The server numbers them after the highest tag of the pattern"
                />
              )}
              {count === 1 && <TextInput label="Serial number" value={serial} onChange={(e) => setSerial(e.currentTarget.value)} maxLength={128} />}
              <Select label="State" data={[{ value: 'in_stock', label: 'In stock: Available' }, { value: 'ordered', label: 'On order' }]} value={state} onChange={(v) => v && setState(v as 'in_stock' | 'ordered')} allowDeselect={false} />
              <Select label="Site" data={sites.map((s) => ({ value: s.id, label: s.name }))} value={siteId} onChange={(v) => (setSiteId(v), setLocationId(null))} disabled={user.role === 'technician'} />
              <Select label="Location" data={locations.map((l) => ({ value: l.id, label: l.name }))} value={locationId} onChange={setLocationId} searchable clearable />
            </SimpleGrid>
          </Stack>
        </Paper>
        <Paper withBorder p="md" mt="md">
          <Title order={2} size="h4" mb="sm">
            Money
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label="Vendor" data={vendors.map((v) => ({ value: v.id, label: v.name }))} value={vendorId} onChange={setVendorId} searchable clearable />
            <TextInput label="Purchase date" type="date" value={purchasedOn} onChange={(e) => setPurchasedOn(e.currentTarget.value)} />
            <TextInput label="Cost (each)" value={cost} onChange={(e) => setCost(e.currentTarget.value)} inputMode="decimal" placeholder="1299.00" />
            <TextInput
              label="Warranty ends"
              type="date"
              value={warranty}
              onChange={(e) => setWarranty(e.currentTarget.value)}
              description={model?.warrantyMonths && purchasedOn && !warranty ? `From the model: ${warrantyEnds(purchasedOn, model.warrantyMonths)}` : undefined}
            />
          </SimpleGrid>
          <Textarea label="Notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={2} mt="sm" />
        </Paper>
        {create.error && (
          <Alert color="red" role="alert" title="Not saved" mt="md">
            {create.error}
          </Alert>
        )}
        <Group justify="flex-end" mt="md">
          <Button type="submit" loading={create.busy}>
            {count === 1 ? 'Create asset' : `Create ${count} assets`}
          </Button>
        </Group>
      </form>
      <NewModelDialog opened={modelOpen} kind={kind} onClose={modelDialog.close} onMade={(id) => setModelId(id)} />
    </Stack>
  );
}

function NewModelDialog({ opened, kind, onClose, onMade }: { opened: boolean; kind: AssetKind; onClose(): void; onMade(id: string): void }) {
  const { assets } = useWorkspace();
  const [fields, setFields] = useState({ name: '', manufacturer: '', category: '', type: '', life: '', warranty: '' });
  const set = (key: keyof typeof fields) => (e: React.ChangeEvent<HTMLInputElement>) => setFields({ ...fields, [key]: e.currentTarget.value });
  const months = (text: string) => (text.trim() === '' ? null : Number(text));
  const make = useIntent(
    () =>
      assets.createModel({ name: fields.name, manufacturer: fields.manufacturer, category: fields.category, kind, type: fields.type, lifeMonths: months(fields.life), warrantyMonths: months(fields.warranty), fields: {} }),
    'the model',
  );
  return (
    <Modal opened={opened} onClose={onClose} title="New model">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const made = await make.run();
          if (made) {
            onMade(made.id);
            onClose();
          }
        }}
      >
        <Stack>
          <TextInput label="Name" value={fields.name} onChange={set('name')} required data-autofocus />
          <TextInput label="Manufacturer" value={fields.manufacturer} onChange={set('manufacturer')} />
          <TextInput label="Category" value={fields.category} onChange={set('category')} placeholder="Laptops, Office furniture, Vehicles…" />
          <TextInput label="Asset type" value={fields.type} onChange={set('type')} required placeholder="laptop" />
          <SimpleGrid cols={2}>
            <TextInput label="Useful life (months)" value={fields.life} onChange={set('life')} inputMode="numeric" />
            <TextInput label="Warranty (months)" value={fields.warranty} onChange={set('warranty')} inputMode="numeric" />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            The useful life gives the asset's value today (straight line); the warranty gives its warranty end from the purchase date.
          </Text>
          {make.error && (
            <Alert color="red" role="alert">
              {make.error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={make.busy}>
              Create model
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
