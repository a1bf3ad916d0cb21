/**
 * Registering a device that is not in the CMDB yet: a short form prefilled from the scan —
 * name from the host name, type from the chassis, the user's own site — and an optional tag
 * (the server numbers the asset when it is left empty). Saved on this device at once, sent
 * when the server answers.
 */
import { useState, type FormEvent } from 'react';
import { Alert, Autocomplete, Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { IconDeviceDesktopPlus } from '@tabler/icons-react';
import { AVAILABLE_SUBSTATE, type AssetStateFields } from '@fielddesk/common/assets/lifecycle';
import type { InventorySummary } from '@fielddesk/common/inventory/summary';
import { useWorkspace } from '../../app/workspaceContext';
import { useLocations, useSites } from '../../shared/options';
import { assetTypeOf } from '@fielddesk/common/inventory/classify';

export interface RegisterAssetFields {
  name: string;
  tag: string | null;
  type: string;
  state: AssetStateFields['state'];
  substate: string | null;
  siteId: string | null;
  locationId: string | null;
}

/** The states a device is registered in: in use (nobody holds it yet: check it out from its asset screen), in stock and available, or in maintenance. */
const REGISTER_STATES: Record<string, AssetStateFields & { label: string }> = {
  in_use: { state: 'in_use', substate: null, label: 'In use' },
  in_stock: { state: 'in_stock', substate: AVAILABLE_SUBSTATE, label: 'In stock: Available' },
  in_maintenance: { state: 'in_maintenance', substate: null, label: 'In maintenance' },
};

const TYPE_SUGGESTIONS = ['laptop', 'desktop', 'server', 'tablet', 'virtual machine', 'computer'];

export function RegisterDeviceForm({ summary, busy, error, onSubmit }: { summary: InventorySummary; busy: boolean; error: string | null; onSubmit: (fields: RegisterAssetFields) => void }) {
  const { user } = useWorkspace();
  const sites = useSites();
  const [name, setName] = useState(summary.name ?? '');
  const [tag, setTag] = useState('');
  const [type, setType] = useState(() => assetTypeOf(summary.itemtype, summary));
  const [registerState, setRegisterState] = useState('in_use');
  const [siteId, setSiteId] = useState<string | null>(user.siteId ?? null);
  const [locationId, setLocationId] = useState<string | null>(null);
  const locations = useLocations(siteId);
  const [formError, setFormError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    if (name.trim() === '') {
      setFormError('The asset needs a name: the host name is a good one.');
      return;
    }
    if (type.trim() === '') {
      setFormError('The asset needs a type, such as laptop or desktop.');
      return;
    }
    onSubmit({ name: name.trim(), tag: tag.trim() === '' ? null : tag.trim(), type: type.trim(), state: REGISTER_STATES[registerState]!.state, substate: REGISTER_STATES[registerState]!.substate, siteId, locationId });
  }

  const shown = formError ?? error;
  return (
    <form onSubmit={submit} noValidate aria-label="Register this device">
      <Stack gap="xs">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={200} withAsterisk />
          <TextInput label="Asset tag" placeholder="Empty: numbered by the server" title="Leave it empty and the server gives the next number" value={tag} onChange={(e) => setTag(e.currentTarget.value)} maxLength={64} />
          <Autocomplete label="Type" data={TYPE_SUGGESTIONS} value={type} onChange={setType} maxLength={64} withAsterisk comboboxProps={{ keepMounted: false }} />
          <Select
            label="State"
            data={Object.entries(REGISTER_STATES).map(([value, { label }]) => ({ value, label }))}
            value={registerState}
            onChange={(v) => v && setRegisterState(v)}
            allowDeselect={false}
            comboboxProps={{ keepMounted: false }}
          />
          <Select
            label="Site"
            placeholder="No site"
            data={sites.map((s) => ({ value: s.id, label: s.name }))}
            value={siteId}
            onChange={(v) => {
              setSiteId(v);
              setLocationId(null);
            }}
            searchable
            clearable
            comboboxProps={{ keepMounted: false }}
          />
          <Select
            label="Location"
            placeholder={siteId ? 'No location' : 'Pick a site first'}
            data={locations.map((l) => ({ value: l.id, label: l.name }))}
            value={locationId}
            onChange={setLocationId}
            disabled={!siteId}
            searchable
            clearable
            comboboxProps={{ keepMounted: false }}
          />
        </SimpleGrid>
        {shown && (
          <Alert color="red" data-testid="register-error">
            {shown}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy} leftSection={<IconDeviceDesktopPlus size={16} aria-hidden="true" />}>
            Register this device
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
