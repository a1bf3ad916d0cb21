/**
 * A new purchase order (/orders/new), offline: the vendor, the delivery site (a technician's
 * own), the order and expected dates, the vendor's reference, and its lines: a model (filling
 * the description) or a description, the quantity, the unit cost, and the tag pattern the
 * received assets get. The order and its lines are saved together or not at all, refused in
 * the rules' words (common/assets/orders.ts).
 */
import { useState } from 'react';
import { ActionIcon, Alert, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useNavigate } from 'react-router';
import { parseMoney } from '@fielddesk/common/assets/contracts';
import { isIsoDate } from '@fielddesk/common/assets/dates';
import { parseTagPattern } from '@fielddesk/common/assets/tags';
import { useIntent } from '../../app/useIntent';
import { useWorkspace } from '../../app/workspaceContext';
import { orderTables, type NewLine } from '../../data/repositories/purchaseOrders';
import { useSites } from '../../shared/options';
import { localToday } from '../../shared/dates';

interface LineDraft {
  key: number;
  modelId: string | null;
  description: string;
  quantity: number | string;
  cost: string;
  tagPattern: string;
}

let nextKey = 1;
const blankLine = (): LineDraft => ({ key: nextKey++, modelId: null, description: '', quantity: 1, cost: '', tagPattern: '' });

/** A draft line as the repository takes it, or what is wrong with it in words. */
function lineOf(d: LineDraft, n: number): NewLine | string {
  const cents = d.cost.trim() === '' ? 0 : parseMoney(d.cost);
  if (cents === null) return `Line ${n}: the unit cost must be an amount such as 1299.00.`;
  const pattern = d.tagPattern.trim();
  if (pattern) {
    const parsed = parseTagPattern(pattern);
    if (!parsed.ok) return `Line ${n}: ${parsed.reason}`;
  }
  return { modelId: d.modelId, description: d.description, quantity: typeof d.quantity === 'number' ? d.quantity : Number(d.quantity), unitCostCents: cents, tagPattern: pattern || null };
}

export function NewOrderScreen() {
  const { db, user, purchaseOrders } = useWorkspace();
  const navigate = useNavigate();
  const sites = useSites();
  const vendors = useLiveQuery(async () => (await orderTables(db).vendors.toArray()).sort((a, b) => a.name.localeCompare(b.name)), [db], []);
  const models = useLiveQuery(async () => (await db.assetModels.toArray()).sort((a, b) => a.name.localeCompare(b.name)), [db], []);
  const [vendorId, setVendorId] = useState<string | null>(null);
  const [siteId, setSiteId] = useState<string | null>(user.siteId);
  const [orderedOn, setOrderedOn] = useState(localToday());
  const [expectedOn, setExpectedOn] = useState('');
  const [reference, setReference] = useState('');
  const [notes, setNotes] = useState('');
  const [lines, setLines] = useState<LineDraft[]>(() => [blankLine()]);
  const setLine = (key: number, change: Partial<LineDraft>) => setLines((all) => all.map((l) => (l.key === key ? { ...l, ...change } : l)));

  const save = useIntent(async () => {
    if (!vendorId) return { ok: false, reason: 'Choose the vendor.' };
    if (!siteId) return { ok: false, reason: 'Choose the site it is delivered to.' };
    if (!isIsoDate(orderedOn)) return { ok: false, reason: 'The order date must be a date as YYYY-MM-DD.' };
    if (expectedOn.trim() && !isIsoDate(expectedOn.trim())) return { ok: false, reason: 'The expected date must be a date as YYYY-MM-DD.' };
    const made: NewLine[] = [];
    for (const [i, d] of lines.entries()) {
      const line = lineOf(d, i + 1);
      if (typeof line === 'string') return { ok: false, reason: line };
      made.push(line);
    }
    return purchaseOrders.createOrder({ vendorId, siteId, orderedOn, expectedOn: expectedOn.trim() || null, reference, notes }, made);
  }, 'the order');

  const siteOptions = sites.filter((s) => user.role !== 'technician' || s.id === user.siteId).map((s) => ({ value: s.id, label: s.name }));
  const total = lines.reduce((sum, d) => {
    const cents = parseMoney(d.cost) ?? 0;
    const q = typeof d.quantity === 'number' ? d.quantity : Number(d.quantity) || 0;
    return sum + cents * q;
  }, 0);

  return (
    <Stack gap="md" maw={1100} data-testid="new-order-screen">
      <Title order={1} size="h3">
        New purchase order
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save.run().then((saved) => saved && navigate(`/orders/${saved.id}`));
        }}
      >
        <Stack gap="md">
          <Paper withBorder p="md">
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
              <Select label="Vendor" data={vendors.map((v) => ({ value: v.id, label: v.name }))} value={vendorId} onChange={setVendorId} searchable required data-testid="order-vendor" />
              <Select label="Delivered to" data={siteOptions} value={siteId} onChange={setSiteId} required data-testid="order-site" />
              <TextInput label="Vendor's reference" value={reference} onChange={(e) => setReference(e.currentTarget.value)} maxLength={100} />
              <TextInput label="Ordered on" value={orderedOn} onChange={(e) => setOrderedOn(e.currentTarget.value)} placeholder="YYYY-MM-DD" required />
              <TextInput label="Expected on" value={expectedOn} onChange={(e) => setExpectedOn(e.currentTarget.value)} placeholder="YYYY-MM-DD" />
            </SimpleGrid>
            <Textarea label="Notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={1} mt="sm" />
          </Paper>

          <Stack gap="xs">
            <Title order={2} size="h4">
              Lines
            </Title>
            {lines.map((d, i) => (
              <Paper key={d.key} withBorder p="sm" data-testid="draft-line">
                <Group align="flex-end" gap="sm" wrap="wrap">
                  <Select
                    label="Model"
                    placeholder="None"
                    data={models.map((m) => ({ value: m.id, label: m.name }))}
                    value={d.modelId}
                    onChange={(modelId) => setLine(d.key, { modelId, description: d.description || (models.find((m) => m.id === modelId)?.name ?? '') })}
                    searchable
                    clearable
                    w={220}
                  />
                  <TextInput label="Description" value={d.description} onChange={(e) => setLine(d.key, { description: e.currentTarget.value })} required style={{ flex: '1 1 200px' }} aria-label={`Line ${i + 1} description`} />
                  <NumberInput label="Quantity" value={d.quantity} onChange={(quantity) => setLine(d.key, { quantity })} allowDecimal={false} w={100} />
                  <TextInput label="Unit cost" value={d.cost} onChange={(e) => setLine(d.key, { cost: e.currentTarget.value })} placeholder="0.00" w={120} />
                  <TextInput label="Tag pattern" value={d.tagPattern} onChange={(e) => setLine(d.key, { tagPattern: e.currentTarget.value })} placeholder="LAP-{####}" w={150} styles={{ input: { fontFamily: 'monospace' } }} />
                  <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove line ${i + 1}`} disabled={lines.length === 1} onClick={() => setLines((all) => all.filter((l) => l.key !== d.key))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              </Paper>
            ))}
            <Group justify="space-between">
              <Button variant="subtle" leftSection={<IconPlus size={16} />} onClick={() => setLines((all) => [...all, blankLine()])} data-testid="add-line">
                Add a line
              </Button>
              <Text size="sm" c="dimmed">
                Total {(total / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}
              </Text>
            </Group>
          </Stack>

          {save.error && (
            <Alert color="red" data-testid="order-error">
              {save.error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => void navigate('/orders')}>
              Cancel
            </Button>
            <Button type="submit" loading={save.busy} data-testid="save-order">
              Save order
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
