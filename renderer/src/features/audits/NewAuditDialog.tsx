/**
 * Planning an audit, offline: its name, site, scope (locations, asset kinds, model categories;
 * empty: all of them), auditors and due date. The repository checks the plan with the server's
 * rules (common/audits/rules.ts) and refuses in their words; the server numbers it AUD-…
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, MultiSelect, Select, Stack, TextInput } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useNavigate } from 'react-router';
import { useWorkspace } from '../../app/workspaceContext';
import type { Names } from './useAudits';
import { useAuditRepository } from './useAudits';

const KINDS = [
  { value: 'hardware', label: 'Hardware' },
  { value: 'non_it', label: 'Non-IT (furniture, vehicles, tools)' },
];

export function NewAuditDialog({ opened, onClose, names }: { opened: boolean; onClose: () => void; names: Names }) {
  const { db, user } = useWorkspace();
  const repo = useAuditRepository();
  const navigate = useNavigate();
  const sites = useMemo(() => [...names.sites.values()].filter((s) => user.role !== 'technician' || s.id === user.siteId), [names, user]);
  const [siteId, setSiteId] = useState<string | null>(user.siteId ?? sites[0]?.id ?? null);
  const [name, setName] = useState('');
  const [locationIds, setLocationIds] = useState<string[]>([]);
  const [kinds, setKinds] = useState<string[]>([]);
  const [categories, setCategories] = useState<string[]>([]);
  const [auditorIds, setAuditorIds] = useState<string[]>([user.id]);
  const [dueOn, setDueOn] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const categoryOptions = useLiveQuery(async () => [...new Set((await db.assetModels.toArray()).map((m) => m.category).filter(Boolean))].sort(), [db]) ?? [];

  const locations = [...names.locations.values()].filter((l) => l.siteId === siteId).sort((a, b) => a.name.localeCompare(b.name));
  const people = [...names.persons.values()]
    .filter((p) => p.role === 'admin' || p.role === 'agent' || (p.role === 'technician' && p.siteId === siteId))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));

  async function create() {
    if (!siteId) return setError('Choose the site to audit.');
    setBusy(true);
    const result = await repo.createAudit({
      name: name.trim() || `Audit of ${names.site(siteId)}`,
      siteId,
      locationIds,
      kinds: kinds as ('hardware' | 'non_it')[],
      categories,
      auditorIds,
      dueOn: dueOn || null,
    });
    setBusy(false);
    if (!result.ok) return setError(result.reason);
    onClose();
    navigate(`/audits/${result.id}`);
  }

  return (
    <Modal opened={opened} onClose={onClose} title="New audit" size="lg">
      <Stack gap="sm">
        <TextInput label="Name" placeholder={siteId ? `Audit of ${names.site(siteId)}` : 'Audit'} value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
        <Select
          label="Site"
          data={sites.map((s) => ({ value: s.id, label: s.name }))}
          value={siteId}
          onChange={(v) => {
            setSiteId(v);
            setLocationIds([]);
          }}
          allowDeselect={false}
        />
        <MultiSelect label="Locations" description="None chosen: the whole site" data={locations.map((l) => ({ value: l.id, label: l.name }))} value={locationIds} onChange={setLocationIds} searchable clearable />
        <Group grow align="flex-start">
          <MultiSelect label="Asset kinds" description="None chosen: every kind" data={KINDS} value={kinds} onChange={setKinds} clearable />
          <MultiSelect label="Categories" description="None chosen: every category" data={categoryOptions} value={categories} onChange={setCategories} searchable clearable />
        </Group>
        <MultiSelect label="Auditors" data={people.map((p) => ({ value: p.id, label: p.displayName }))} value={auditorIds} onChange={setAuditorIds} searchable />
        <TextInput label="Due on (optional)" type="date" value={dueOn} onChange={(e) => setDueOn(e.currentTarget.value)} />
        {error && (
          <Alert color="red" data-testid="new-audit-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void create()} loading={busy} data-testid="new-audit-save">
            Plan the audit
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
