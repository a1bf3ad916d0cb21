/**
 * Vendors (the Vendors tab of Contracts): every vendor on this device with its contact, and a
 * dialog to add or edit one (desk staff and admins; the repository says so in words to anyone
 * else). Web addresses are links only when they are http(s); every text is shown as text.
 */
import { useState } from 'react';
import { Alert, Anchor, Button, Group, Modal, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import { useIntent } from '../../app/useIntent';
import { useContractRepository } from './useContracts';

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

function VendorForm({ vendor, onDone, onCancel }: { vendor?: Vendor; onDone: () => void; onCancel: () => void }) {
  const repo = useContractRepository();
  const [name, setName] = useState(vendor?.name ?? '');
  const [contactName, setContactName] = useState(vendor?.contactName ?? '');
  const [email, setEmail] = useState(vendor?.email ?? '');
  const [phone, setPhone] = useState(vendor?.phone ?? '');
  const [website, setWebsite] = useState(vendor?.website ?? '');
  const [notes, setNotes] = useState(vendor?.notes ?? '');
  const save = useIntent(() => {
    const data = { name, contactName: orNull(contactName), email: orNull(email), phone: orNull(phone), website: orNull(website), notes };
    return vendor ? repo.updateVendor(vendor.id, data) : repo.createVendor(data);
  }, 'the vendor');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save.run().then((saved) => saved && onDone());
      }}
    >
      <Stack gap="sm">
        <TextInput label="Name" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <TextInput label="Contact" value={contactName} onChange={(e) => setContactName(e.currentTarget.value)} />
        <Group grow>
          <TextInput label="E-mail" value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <TextInput label="Phone" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} />
        </Group>
        <TextInput label="Website" value={website} onChange={(e) => setWebsite(e.currentTarget.value)} placeholder="https://" />
        <Textarea label="Notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={2} />
        {save.error && <Alert color="red">{save.error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.busy}>
            {vendor ? 'Save' : 'Add vendor'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function VendorsSection({ vendors, contractCount }: { vendors: readonly Vendor[]; contractCount: ReadonlyMap<string, number> }) {
  const [editing, setEditing] = useState<Vendor | 'new' | null>(null);
  useHotkeys([['shift+v', () => setEditing('new')]]);
  return (
    <Stack gap="sm" data-testid="vendors">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {vendors.length.toLocaleString()} {vendors.length === 1 ? 'vendor' : 'vendors'}
        </Text>
        <Button size="sm" leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} title="New vendor (Shift+V)">
          New vendor
        </Button>
      </Group>
      {vendors.length === 0 ? (
        <Text c="dimmed" size="sm">
          No vendors yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover verticalSpacing={6} aria-label="Vendors">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Contact</Table.Th>
                <Table.Th>E-mail</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Website</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Contracts</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {vendors.map((v) => (
                <Table.Tr key={v.id} data-testid="vendor-row">
                  <Table.Td fw={500}>{v.name}</Table.Td>
                  <Table.Td>{v.contactName ?? '—'}</Table.Td>
                  <Table.Td>{v.email ? <Anchor href={`mailto:${v.email}`}>{v.email}</Anchor> : '—'}</Table.Td>
                  <Table.Td>{v.phone ? <Anchor href={`tel:${v.phone.replace(/[^\d+]/g, '')}`}>{v.phone}</Anchor> : '—'}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    {v.website && /^https?:\/\//i.test(v.website) ? (
                      <Anchor href={v.website} target="_blank" rel="noreferrer noopener">
                        {v.website}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{(contractCount.get(v.id) ?? 0).toLocaleString()}</Table.Td>
                  <Table.Td>
                    <Button size="compact-sm" variant="subtle" onClick={() => setEditing(v)} aria-label={`Edit ${v.name}`}>
                      Edit
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'New vendor' : editing ? `Edit ${editing.name}` : ''}>
        {editing !== null && <VendorForm vendor={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} onCancel={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
