/**
 * The contract form, for a new contract and for editing one, in a dialog: name, vendor's
 * reference, kind, vendor, dates, renewal, notice period, cost and notes. The repository checks
 * the contract rule (common/assets/contracts.ts) and says what is wrong in words; the form only
 * turns what was typed into values (an amount into cents).
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { CONTRACT_KINDS, parseMoney, RENEWALS, type ContractKind, type Renewal } from '@fielddesk/common/assets/contracts';
import type { Contract } from '@fielddesk/common/entities/contract';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import { useIntent } from '../../app/useIntent';
import { useContractRepository } from './useContracts';

const KIND_OPTIONS = Object.entries(CONTRACT_KINDS).map(([value, label]) => ({ value, label }));
const RENEWAL_OPTIONS = Object.entries(RENEWALS).map(([value, label]) => ({ value, label }));

export function ContractFormDialog({ opened, onClose, vendors, contract, onSaved }: { opened: boolean; onClose: () => void; vendors: readonly Vendor[]; contract?: Contract; onSaved?: (id: string) => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={contract ? `Edit ${contract.name}` : 'New contract'} size="lg">
      {opened && <ContractForm vendors={vendors} contract={contract} onDone={(id) => (onSaved ? onSaved(id) : onClose())} onCancel={onClose} />}
    </Modal>
  );
}

function ContractForm({ vendors, contract, onDone, onCancel }: { vendors: readonly Vendor[]; contract?: Contract; onDone: (id: string) => void; onCancel: () => void }) {
  const repo = useContractRepository();
  const [name, setName] = useState(contract?.name ?? '');
  const [reference, setReference] = useState(contract?.reference ?? '');
  const [kind, setKind] = useState<ContractKind>(contract?.kind ?? 'support');
  const [vendorId, setVendorId] = useState<string | null>(contract?.vendorId ?? null);
  const [startsOn, setStartsOn] = useState(contract?.startsOn ?? '');
  const [endsOn, setEndsOn] = useState(contract?.endsOn ?? '');
  const [renewal, setRenewal] = useState<Renewal>(contract?.renewal ?? 'none');
  const [noticeDays, setNoticeDays] = useState<number | string>(contract?.noticeDays ?? 0);
  const [cost, setCost] = useState(contract ? (contract.costCents / 100).toFixed(2) : '0');
  const [currency, setCurrency] = useState(contract?.currency ?? 'EUR');
  const [notes, setNotes] = useState(contract?.notes ?? '');
  const save = useIntent(async () => {
    const costCents = parseMoney(cost);
    if (costCents === null) return { ok: false, reason: 'The cost must be an amount such as 1250 or 1,250.50.' };
    if (!vendorId) return { ok: false, reason: 'Choose the vendor of this contract (add it under Vendors first if it is new).' };
    const notice = typeof noticeDays === 'number' ? noticeDays : Number(noticeDays);
    const data = { name, reference: reference.trim() === '' ? null : reference.trim(), kind, vendorId, startsOn, endsOn, renewal, noticeDays: notice, costCents, currency: currency.trim().toUpperCase(), notes };
    return contract ? repo.updateContract(contract.id, data) : repo.createContract(data);
  }, 'the contract');

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save.run().then((saved) => saved && onDone(saved.id));
      }}
    >
      <Stack gap="sm">
        <TextInput label="Name" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder="Server support 2026" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label="Kind" data={KIND_OPTIONS} value={kind} onChange={(v) => v && setKind(v as ContractKind)} allowDeselect={false} />
          <Select label="Vendor" data={vendors.map((v) => ({ value: v.id, label: v.name }))} value={vendorId} onChange={setVendorId} searchable nothingFoundMessage="No vendor by that name" required />
          <TextInput label="Starts on" type="date" required value={startsOn} onChange={(e) => setStartsOn(e.currentTarget.value)} />
          <TextInput label="Ends on (last day covered)" type="date" required value={endsOn} onChange={(e) => setEndsOn(e.currentTarget.value)} />
          <Select label="Renewal" data={RENEWAL_OPTIONS} value={renewal} onChange={(v) => v && setRenewal(v as Renewal)} allowDeselect={false} />
          <NumberInput label="Notice period (days)" value={noticeDays} onChange={setNoticeDays} allowDecimal={false} />
          <TextInput label="Cost" value={cost} onChange={(e) => setCost(e.currentTarget.value)} inputMode="decimal" />
          <TextInput label="Currency" value={currency} onChange={(e) => setCurrency(e.currentTarget.value)} maxLength={3} />
        </SimpleGrid>
        <TextInput label="Vendor's reference" value={reference} onChange={(e) => setReference(e.currentTarget.value)} placeholder="Their contract number, if any" />
        <Textarea label="Notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={2} maxRows={6} />
        {save.error && (
          <Alert color="red" data-testid="contract-form-error">
            {save.error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.busy}>
            {contract ? 'Save' : 'Create contract'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
