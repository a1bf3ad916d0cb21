/**
 * The licence form, for a new licence and for editing one, in a dialog: the software title it
 * licenses (name and publisher, as installers write them), seats and how they are counted, the
 * vendor and contract, product key, dates, cost and notes. The repository checks the licence
 * rule (common/assets/contracts.ts) and says what is wrong in words.
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { parseMoney } from '@fielddesk/common/assets/contracts';
import type { LicenceKind } from '@fielddesk/common/assets/compliance';
import type { LicenceRecord } from '@fielddesk/common/entities/licence';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import { useIntent } from '../../app/useIntent';
import { useLicenceRepository } from './useLicences';

const KIND_OPTIONS = [
  { value: 'per_device', label: 'Per device' },
  { value: 'per_user', label: 'Per user' },
];
const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

export function LicenceFormDialog({ opened, onClose, vendors, licence, onSaved }: { opened: boolean; onClose: () => void; vendors: readonly Vendor[]; licence?: LicenceRecord; onSaved?: (id: string) => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={licence ? `Edit ${licence.name}` : 'New licence'} size="lg">
      {opened && <LicenceForm vendors={vendors} licence={licence} onDone={(id) => (onSaved ? onSaved(id) : onClose())} onCancel={onClose} />}
    </Modal>
  );
}

function LicenceForm({ vendors, licence, onDone, onCancel }: { vendors: readonly Vendor[]; licence?: LicenceRecord; onDone: (id: string) => void; onCancel: () => void }) {
  const repo = useLicenceRepository();
  const [name, setName] = useState(licence?.name ?? '');
  const [publisher, setPublisher] = useState(licence?.publisher ?? '');
  const [seats, setSeats] = useState<number | string>(licence?.seats ?? 1);
  const [kind, setKind] = useState<LicenceKind>(licence?.kind ?? 'per_device');
  const [vendorId, setVendorId] = useState<string | null>(licence?.vendorId ?? null);
  const [productKey, setProductKey] = useState(licence?.productKey ?? '');
  const [purchasedOn, setPurchasedOn] = useState(licence?.purchasedOn ?? '');
  const [expiresOn, setExpiresOn] = useState(licence?.expiresOn ?? '');
  const [cost, setCost] = useState(licence?.costCents === null || licence === undefined ? '' : (licence.costCents / 100).toFixed(2));
  const [currency, setCurrency] = useState(licence?.currency ?? 'EUR');
  const [notes, setNotes] = useState(licence?.notes ?? '');
  const save = useIntent(async () => {
    const costCents = cost.trim() === '' ? null : parseMoney(cost);
    if (costCents === null && cost.trim() !== '') return { ok: false, reason: 'The cost must be an amount such as 1250 or 1,250.50.' };
    const data = {
      name,
      publisher: orNull(publisher),
      seats: typeof seats === 'number' ? seats : Number(seats),
      kind,
      vendorId,
      productKey: orNull(productKey),
      purchasedOn: orNull(purchasedOn),
      expiresOn: orNull(expiresOn),
      costCents,
      currency: currency.trim().toUpperCase(),
      notes,
    };
    return licence ? repo.updateLicence(licence.id, data) : repo.createLicence({ ...data, contractId: null });
  }, 'the licence');

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save.run().then((saved) => saved && onDone(saved.id));
      }}
    >
      <Stack gap="sm">
        <TextInput label="Software title" description="As inventories name it; every version counts" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Publisher" value={publisher} onChange={(e) => setPublisher(e.currentTarget.value)} />
          <Select label="Vendor" data={vendors.map((v) => ({ value: v.id, label: v.name }))} value={vendorId} onChange={setVendorId} searchable clearable />
          <NumberInput label="Seats" value={seats} onChange={setSeats} allowDecimal={false} required />
          <Select label="Counted" data={KIND_OPTIONS} value={kind} onChange={(v) => v && setKind(v as LicenceKind)} allowDeselect={false} />
          <TextInput label="Purchased on" type="date" value={purchasedOn} onChange={(e) => setPurchasedOn(e.currentTarget.value)} />
          <TextInput label="Expires on" type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.currentTarget.value)} />
          <TextInput label="Cost" value={cost} onChange={(e) => setCost(e.currentTarget.value)} inputMode="decimal" />
          <TextInput label="Currency" value={currency} onChange={(e) => setCurrency(e.currentTarget.value)} maxLength={3} />
        </SimpleGrid>
        <TextInput label="Product key" value={productKey} onChange={(e) => setProductKey(e.currentTarget.value)} autoComplete="off" spellCheck={false} />
        <Textarea label="Notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={2} maxRows={6} />
        {save.error && (
          <Alert color="red" data-testid="licence-form-error">
            {save.error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.busy}>
            {licence ? 'Save' : 'Create licence'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
