/**
 * The Assets list's bulk dialog: what to do to the selected assets (change state, move, assign,
 * retire), turned into one asset action each by list/bulk.ts. The rules are not second-guessed
 * here: every action goes to the repository, which refuses in the rules' words.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { ASSET_STATE_LABELS, ASSET_STATES, REASON_REQUIRED, type AssetLifecycleConfig, type AssetState } from '@fielddesk/common/assets/lifecycle';
import { BULK_LABELS, bulkProblem, type BulkInput, type BulkKind } from './list/bulk';
import { localToday } from '../../shared/dates';
import type { AssetNames } from './useAssetList';

interface Props {
  kind: BulkKind | null;
  count: number;
  busy: boolean;
  names: AssetNames;
  lifecycle: AssetLifecycleConfig;
  onClose(): void;
  onRun(input: BulkInput): void;
}

export function AssetBulkDialog({ kind, count, busy, names, lifecycle, onClose, onRun }: Props) {
  const [to, setTo] = useState<AssetState>('in_stock');
  const [substate, setSubstate] = useState<string | null>(null);
  const [locationId, setLocationId] = useState<string | null>(null);
  const [personId, setPersonId] = useState<string | null>(null);
  const [returnOn, setReturnOn] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    // A fresh dialog each time it opens.
    setTo('in_stock');
    setSubstate(null);
    setLocationId(null);
    setPersonId(null);
    setReturnOn('');
    setReason('');
    setProblem(null);
  }, [kind]);

  const substates = kind === 'retire' ? lifecycle.substates.retired : lifecycle.substates[to];
  const locations = useMemo(() => {
    const site = new Map(names.sites.map((s) => [s.id, s.name]));
    return names.locations.map((l) => ({ value: l.id, label: site.size > 1 ? `${l.name} (${site.get(l.siteId) ?? 'another site'})` : l.name }));
  }, [names]);
  const persons = useMemo(() => names.persons.map((p) => ({ value: p.id, label: p.displayName })), [names.persons]);
  const reasonRequired = kind === 'retire' || (kind === 'state' && REASON_REQUIRED.includes(to));

  function input(): BulkInput | string {
    if (kind === 'state') return { kind, to, substate, reason };
    if (kind === 'retire') return { kind, substate, reason };
    if (kind === 'move') return locationId ? { kind, locationId, reason } : 'Choose the location.';
    if (kind === 'assign') return personId ? { kind, personId, today: localToday(), expectedReturnOn: returnOn || null, reason } : 'Choose the person.';
    return 'Nothing to do.';
  }

  function submit() {
    const built = input();
    if (typeof built === 'string') return setProblem(built);
    const missing = bulkProblem(built) ?? (reasonRequired && !reason.trim() ? `Say why (entering "${ASSET_STATE_LABELS[to]}" needs a reason).` : null);
    if (missing) return setProblem(missing);
    onRun(built);
  }

  const title = kind ? `${BULK_LABELS[kind].title}: ${count} asset${count === 1 ? '' : 's'}` : '';
  return (
    <Modal opened={kind !== null} onClose={onClose} title={title} data-testid="assets-bulk-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          {kind === 'state' && (
            <Select
              label="New state"
              data={ASSET_STATES.map((s) => ({ value: s, label: ASSET_STATE_LABELS[s] }))}
              value={to}
              onChange={(v) => {
                if (v) setTo(v as AssetState);
                setSubstate(null);
              }}
              allowDeselect={false}
              data-testid="bulk-state"
            />
          )}
          {(kind === 'state' || kind === 'retire') && substates.length > 0 && (
            <Select
              label={kind === 'retire' ? 'How (substate)' : 'Substate'}
              placeholder="None"
              data={substates.map((o) => ({ value: o.key, label: o.label }))}
              value={substate}
              onChange={setSubstate}
              clearable
              data-testid="bulk-substate"
            />
          )}
          {kind === 'move' && <Select label="Location" placeholder="Choose a location" data={locations} value={locationId} onChange={setLocationId} searchable limit={200} data-testid="bulk-location" />}
          {kind === 'assign' && (
            <>
              <Select label="Check out to" placeholder="Choose a person" data={persons} value={personId} onChange={setPersonId} searchable limit={100} data-testid="bulk-person" />
              <TextInput label="Expected back on" type="date" value={returnOn} onChange={(e) => setReturnOn(e.currentTarget.value)} description="Optional" />
            </>
          )}
          <Textarea
            label="Reason"
            description={reasonRequired ? 'Required: kept in each asset’s history' : 'Optional: kept in each asset’s history'}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
            withAsterisk={reasonRequired}
            data-testid="bulk-reason"
            data-autofocus={kind === 'retire' || undefined}
          />
          {problem && (
            <Alert color="red" data-testid="bulk-problem">
              {problem}
            </Alert>
          )}
          <Text size="xs" c="dimmed">
            Each asset is checked against the lifecycle rules on its own; those the rules refuse are listed with the reason.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} color={kind === 'retire' ? 'red' : undefined} data-testid="bulk-run">
              {kind ? BULK_LABELS[kind].title : ''}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
