/**
 * The dialog of each asset action: change state, check out, check in, move, and the person's
 * acceptance with a signature drawn on the screen. Each offers only what the lifecycle allows
 * from where the asset is (allowedMoves, the state's substates as the admin labelled them),
 * and the rules (common/assets/actions.ts) run again in the repository: a refusal is shown in
 * their words and nothing is saved. Works offline: the action waits in the outbox.
 */
import { Alert, Button, Checkbox, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useRef, useState } from 'react';
import type { AssetCheckout } from '@fielddesk/common/assets/actions';
import type { CheckoutTargetKind } from '@fielddesk/common/assets/checkout';
import { isIsoDate } from '@fielddesk/common/assets/dates';
import { ASSET_STATE_LABELS, REASON_REQUIRED, allowedMoves, type AssetLifecycleConfig, type AssetState } from '@fielddesk/common/assets/lifecycle';
import type { Asset } from '@fielddesk/common/domain/entities';
import { useIntent } from '../../../app/useIntent';
import { useWorkspace } from '../../../app/workspaceContext';
import { useLocations, usePeople } from '../../../shared/options';
import { SignaturePadField, type SignaturePadHandle } from '../../../shared/SignaturePadField';
import { localToday } from '../../../shared/dates';

export type AssetActionKind = 'state' | 'check_out' | 'check_in' | 'move' | 'accept';

const TITLES: Record<AssetActionKind, string> = {
  state: 'Change state',
  check_out: 'Check out',
  check_in: 'Check in',
  move: 'Move to another location',
  accept: 'Accept with a signature',
};

const TARGET_LABELS: Record<CheckoutTargetKind, string> = { person: 'A person', location: 'A location', asset: 'Another asset' };

export interface AssetActionDialogProps {
  kind: AssetActionKind | null;
  asset: Asset;
  openCheckout: AssetCheckout | null;
  config: AssetLifecycleConfig;
  onClose(): void;
}

export function AssetActionDialog({ kind, asset, openCheckout, config, onClose }: AssetActionDialogProps) {
  return (
    <Modal opened={kind !== null} onClose={onClose} title={kind ? `${TITLES[kind]}: ${asset.tag}` : ''} size="lg">
      {kind && <ActionForm key={kind} kind={kind} asset={asset} openCheckout={openCheckout} config={config} onDone={onClose} />}
    </Modal>
  );
}

function ActionForm({ kind, asset, openCheckout, config, onDone }: { kind: AssetActionKind; asset: Asset; openCheckout: AssetCheckout | null; config: AssetLifecycleConfig; onDone(): void }) {
  const { assets } = useWorkspace();
  const intent = useIntent(assets.act, 'the asset action');
  const [reason, setReason] = useState('');
  const submit = async (action: Parameters<typeof assets.act>[0]) => {
    if (await intent.run(action)) onDone();
  };
  const error = intent.error && (
    <Alert color="red" role="alert" title="Not done">
      {intent.error}
    </Alert>
  );
  const reasonField = (required: boolean) => (
    <Textarea label={required ? 'Reason (required)' : 'Note'} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} maxLength={2000} required={required} />
  );

  switch (kind) {
    case 'state':
      return <StateForm asset={asset} config={config} reasonField={reasonField} reason={reason} busy={intent.busy} error={error} submit={submit} />;
    case 'check_out':
      return <CheckOutForm asset={asset} reasonField={reasonField} reason={reason} busy={intent.busy} error={error} submit={submit} />;
    case 'check_in':
      return <CheckInForm asset={asset} openCheckout={openCheckout} config={config} reasonField={reasonField} reason={reason} busy={intent.busy} error={error} submit={submit} />;
    case 'move':
      return <MoveForm asset={asset} reasonField={reasonField} reason={reason} busy={intent.busy} error={error} submit={submit} />;
    case 'accept':
      return <AcceptForm asset={asset} openCheckout={openCheckout} busy={intent.busy} error={error} submit={submit} />;
  }
}

interface FormParts {
  asset: Asset;
  busy: boolean;
  error: React.ReactNode;
  submit(action: Parameters<ReturnType<typeof useWorkspace>['assets']['act']>[0]): Promise<void>;
}

function Actions({ busy, label, disabled = false }: { busy: boolean; label: string; disabled?: boolean }) {
  return (
    <Group justify="flex-end">
      <Button type="submit" loading={busy} disabled={disabled}>
        {label}
      </Button>
    </Group>
  );
}

function substateOptions(config: AssetLifecycleConfig, state: AssetState) {
  return config.substates[state].map((o) => ({ value: o.key, label: o.label }));
}

function StateForm({ asset, config, reasonField, reason, busy, error, submit }: FormParts & { config: AssetLifecycleConfig; reasonField(required: boolean): React.ReactNode; reason: string }) {
  // Into use only by a check-out (its own action): not offered here.
  const moves = allowedMoves(asset.state).filter((s) => s !== 'in_use' || asset.checkedOutTo !== null);
  const [to, setTo] = useState<AssetState | null>(moves[0] ?? null);
  const [substate, setSubstate] = useState<string | null>(null);
  const options = to ? substateOptions(config, to) : [];
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (to) void submit({ action: 'state', assetId: asset.id, to, substate, reason });
      }}
    >
      <Stack>
        {moves.length === 0 ? (
          <Text>A disposed asset stays disposed: it has no state to move to.</Text>
        ) : (
          <Select label="New state" data={moves.map((s) => ({ value: s, label: ASSET_STATE_LABELS[s] }))} value={to} onChange={(v) => (setTo(v as AssetState | null), setSubstate(null))} allowDeselect={false} data-autofocus />
        )}
        {options.length > 0 && <Select label="Substate" data={options} value={substate} onChange={setSubstate} clearable placeholder={to === 'in_stock' ? 'Choose one' : 'None'} />}
        {reasonField(to !== null && REASON_REQUIRED.includes(to))}
        {error}
        <Actions busy={busy} label="Change state" disabled={!to} />
      </Stack>
    </form>
  );
}

function CheckOutForm({ asset, reasonField, reason, busy, error, submit }: FormParts & { reasonField(required: boolean): React.ReactNode; reason: string }) {
  const { db } = useWorkspace();
  const people = usePeople();
  const locations = useLocations(asset.siteId);
  const others = useLiveQuery(async () => (asset.siteId ? await db.assets.where('siteId').equals(asset.siteId).toArray() : await db.assets.limit(2000).toArray()).filter((a) => a.id !== asset.id), [db, asset.id, asset.siteId], []);
  const [targetKind, setTargetKind] = useState<CheckoutTargetKind>('person');
  const [targetId, setTargetId] = useState<string | null>(null);
  const [expected, setExpected] = useState('');
  const [acceptance, setAcceptance] = useState(true);
  const choices = useMemo(() => {
    if (targetKind === 'person') return people.filter((p) => p.role !== 'admin' || p.siteId === asset.siteId).map((p) => ({ value: p.id, label: p.displayName }));
    if (targetKind === 'location') return locations.map((l) => ({ value: l.id, label: l.name }));
    return others.map((a) => ({ value: a.id, label: `${a.tag} · ${a.name}` }));
  }, [targetKind, people, locations, others, asset.siteId]);
  const badDate = expected !== '' && !isIsoDate(expected);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!targetId || badDate) return;
        void submit({
          action: 'check_out',
          assetId: asset.id,
          target: { kind: targetKind, id: targetId },
          checkedOutOn: localToday(),
          expectedReturnOn: expected === '' ? null : expected,
          acceptanceRequired: targetKind === 'person' && acceptance,
          reason,
        });
      }}
    >
      <Stack>
        <SegmentedControl data={Object.entries(TARGET_LABELS).map(([value, label]) => ({ value, label }))} value={targetKind} onChange={(v) => (setTargetKind(v as CheckoutTargetKind), setTargetId(null))} aria-label="Check out to" />
        <Select label={TARGET_LABELS[targetKind]} data={choices} value={targetId} onChange={setTargetId} searchable required nothingFoundMessage="Nobody or nothing of that name on this device" data-autofocus />
        <TextInput label="Expected return (optional)" type="date" value={expected} onChange={(e) => setExpected(e.currentTarget.value)} error={badDate ? 'A date as YYYY-MM-DD' : null} />
        {targetKind === 'person' && <Checkbox label="The person signs to accept it (on this screen, now or later)" checked={acceptance} onChange={(e) => setAcceptance(e.currentTarget.checked)} />}
        {reasonField(false)}
        {error}
        <Actions busy={busy} label="Check out" disabled={!targetId} />
      </Stack>
    </form>
  );
}

function CheckInForm({ asset, openCheckout, config, reasonField, reason, busy, error, submit }: FormParts & { openCheckout: AssetCheckout | null; config: AssetLifecycleConfig; reasonField(required: boolean): React.ReactNode; reason: string }) {
  const locations = useLocations(asset.siteId);
  const [substate, setSubstate] = useState<string>('available');
  const [locationId, setLocationId] = useState<string | null>(asset.locationId);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit({ action: 'check_in', assetId: asset.id, checkoutId: openCheckout?.id ?? null, substate, locationId: locationId === asset.locationId ? null : locationId, reason });
      }}
    >
      <Stack>
        <Select label="Back in stock as" data={substateOptions(config, 'in_stock')} value={substate} onChange={(v) => v && setSubstate(v)} allowDeselect={false} data-autofocus />
        <Select label="Put away at" data={locations.map((l) => ({ value: l.id, label: l.name }))} value={locationId} onChange={setLocationId} searchable clearable placeholder="Where it is now" />
        {reasonField(false)}
        {error}
        <Actions busy={busy} label="Check in" />
      </Stack>
    </form>
  );
}

function MoveForm({ asset, reasonField, reason, busy, error, submit }: FormParts & { reasonField(required: boolean): React.ReactNode; reason: string }) {
  const locations = useLocations(asset.siteId);
  const [locationId, setLocationId] = useState<string | null>(null);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (locationId) void submit({ action: 'move', assetId: asset.id, locationId, reason });
      }}
    >
      <Stack>
        <Select label="To" data={locations.filter((l) => l.id !== asset.locationId).map((l) => ({ value: l.id, label: l.name }))} value={locationId} onChange={setLocationId} searchable required data-autofocus />
        {reasonField(false)}
        {error}
        <Actions busy={busy} label="Move" disabled={!locationId} />
      </Stack>
    </form>
  );
}

function AcceptForm({ asset, openCheckout, busy, error, submit }: FormParts & { openCheckout: AssetCheckout | null }) {
  const { db } = useWorkspace();
  const holder = useLiveQuery(async () => (openCheckout?.target.kind === 'person' ? ((await db.persons.get(openCheckout.target.id)) ?? null) : null), [db, openCheckout]);
  const [name, setName] = useState<string | null>(null);
  const [empty, setEmpty] = useState(true);
  const pad = useRef<SignaturePadHandle>(null);
  const signer = name ?? holder?.displayName ?? '';
  if (!openCheckout) return <Text>{asset.name} is not checked out on this device: there is nothing to sign for.</Text>;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!pad.current || pad.current.isEmpty()) return;
        void submit({ action: 'accept', assetId: asset.id, checkoutId: openCheckout.id, signature: pad.current.toPngDataUrl(), signedName: signer.trim() });
      }}
    >
      <Stack>
        <Text size="sm">
          By signing, {signer || 'the person'} confirms they received {asset.name} ({asset.tag}) in working order and will return it when asked.
        </Text>
        <TextInput label="Name of the person signing" value={signer} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} />
        <SignaturePadField ref={pad} label="Signature" onChange={setEmpty} />
        {error}
        <Group justify="space-between">
          <Button variant="subtle" onClick={() => pad.current?.clear()}>
            Clear
          </Button>
          <Button type="submit" loading={busy} disabled={empty || signer.trim() === ''}>
            Save signature
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
