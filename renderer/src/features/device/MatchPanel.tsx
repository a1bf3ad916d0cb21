/**
 * Which asset this device is, and the one action that records it: the matched asset and its
 * configuration item with the rule that found them ("same serial number and UUID") and the
 * differences against the asset's recorded inventory, then "Update asset <tag>"; or "New
 * device" and the short Register form; or, when a rule finds several assets, the choice a
 * person must make (FieldDesk never guesses which machine it is). Works offline: the change
 * waits in the outbox and the panel says so until the server has it.
 */
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCloudUpload, IconRefresh } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Asset } from '@fielddesk/common/domain/entities';
import { MATCH_RULE_LABELS, type MatchRule } from '@fielddesk/common/inventory/matching';
import type { InventorySummary } from '@fielddesk/common/inventory/summary';
import type { DeviceMatch } from '../../data/repositories/inventory';
import { ChangeList, summarizeChanges } from './ChangeList';
import { RegisterDeviceForm, type RegisterAssetFields } from './RegisterDeviceForm';

/** What matching this device against the replica's assets found (repositories/inventory.ts). */
export type DeviceMatchView = DeviceMatch;

/** "same serial number and UUID" */
export function ruleInWords(rule: MatchRule): string {
  return `same ${MATCH_RULE_LABELS[rule]}`;
}

/** The fields an update sends for an asset that already exists (only a new asset uses them). */
export function fieldsOf(asset: Asset): RegisterAssetFields {
  return { name: asset.name, tag: asset.tag, type: asset.type, state: asset.state, substate: asset.substate, siteId: asset.siteId, locationId: asset.locationId };
}

export interface MatchPanelProps {
  match: DeviceMatchView;
  summary: InventorySummary;
  /** The matched asset has a change on this device the server has not answered yet. */
  waitingToSync: boolean;
  busy: boolean;
  error: string | null;
  onRecord(assetId: string | null, fields: RegisterAssetFields): void;
}

function WaitingToSync() {
  return (
    <Badge color="yellow" variant="light" leftSection={<IconCloudUpload size={12} aria-hidden="true" />} data-testid="device-waiting-to-sync">
      Waiting to sync
    </Badge>
  );
}

function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <Alert color="red" data-testid="register-error">
      {error}
    </Alert>
  ) : null;
}

function Matched({ match, waitingToSync, busy, error, onRecord }: Omit<MatchPanelProps, 'match' | 'summary'> & { match: Extract<DeviceMatchView, { kind: 'matched' }> }) {
  const { asset, configurationItem, recorded, changes } = match;
  const differs = recorded === null || changes.length > 0;
  return (
    <Stack gap="sm">
      <Group gap="sm" justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Badge color="teal" variant="light">
              Known asset
            </Badge>
            {waitingToSync && <WaitingToSync />}
          </Group>
          <Text size="lg" fw={600}>
            <Anchor component={Link} to={`/assets/${asset.id}`} data-testid="matched-asset">
              {asset.tag} · {asset.name}
            </Anchor>
          </Text>
          <Text size="sm" c="dimmed" data-testid="match-rule">
            Matched by the {ruleInWords(match.rule)}.
          </Text>
          <Text size="sm">
            Configuration item:{' '}
            {configurationItem ? (
              <Anchor component={Link} to={`/cis/${configurationItem.id}`} data-testid="matched-ci">
                {configurationItem.name}
              </Anchor>
            ) : (
              <Text span c="dimmed">
                none yet (recording the inventory creates one)
              </Text>
            )}
          </Text>
        </Stack>
      </Group>

      <Stack gap={6}>
        <Title order={3} size="h5">
          Differences from the recorded asset
        </Title>
        {recorded === null ? (
          <Stack gap={0} data-testid="not-recorded">
            <Text size="sm" fw={600}>
              Not recorded yet
            </Text>
            <Text size="sm" c="dimmed">
              {match.note ?? `The CMDB has no inventory of ${asset.tag} to compare with.`}
            </Text>
          </Stack>
        ) : changes.length === 0 ? (
          <Group gap={6} data-testid="no-differences">
            <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" aria-hidden="true" />
            <Text size="sm">No differences: the CMDB has this device as it is now.</Text>
          </Group>
        ) : (
          <>
            <Text size="sm" c="dimmed" data-testid="difference-count">
              {changes.length.toLocaleString()} {changes.length === 1 ? 'difference' : 'differences'} ({summarizeChanges(changes)}) since it was recorded
            </Text>
            <ChangeList changes={changes} testId="device-differences" />
          </>
        )}
      </Stack>

      <ErrorLine error={error} />
      {differs && (
        <Group>
          <Button onClick={() => onRecord(asset.id, fieldsOf(asset))} loading={busy} leftSection={<IconRefresh size={16} aria-hidden="true" />}>
            Update asset {asset.tag}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Ambiguous({ match, busy, error, onRecord }: Omit<MatchPanelProps, 'match' | 'summary' | 'waitingToSync'> & { match: Extract<DeviceMatchView, { kind: 'ambiguous' }> }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const asset = match.assets.find((a) => a.id === chosen) ?? null;
  return (
    <Stack gap="sm">
      <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Several assets could be this device" data-testid="ambiguous-match">
        {match.assets.length} assets have the {ruleInWords(match.rule)} as this device. FieldDesk does not guess which one it is: pick the asset this
        device is, and that one is updated.
      </Alert>
      <Radio.Group value={chosen} onChange={setChosen} label="Which asset is this device?" name="ambiguous-asset">
        <Stack gap={6} mt={6}>
          {match.assets.map((a) => (
            <Radio
              key={a.id}
              value={a.id}
              data-testid="ambiguous-asset"
              label={
                <Text size="sm" span>
                  {a.tag} · {a.name}
                  <Text span c="dimmed" size="sm">
                    {' '}
                    — {[a.manufacturer, a.model].filter(Boolean).join(' ') || a.type}
                    {a.serial ? `, serial ${a.serial}` : ''}
                    {a.inventoriedAt ? `, inventoried ${a.inventoriedAt.slice(0, 10)}` : ', never inventoried'}
                  </Text>
                </Text>
              }
            />
          ))}
        </Stack>
      </Radio.Group>
      {asset && (
        <Anchor component={Link} to={`/assets/${asset.id}`} size="sm">
          Open {asset.tag} to compare
        </Anchor>
      )}
      <ErrorLine error={error} />
      <Group>
        <Button disabled={!asset} onClick={() => asset && onRecord(asset.id, fieldsOf(asset))} loading={busy} leftSection={<IconRefresh size={16} aria-hidden="true" />}>
          {asset ? `Update asset ${asset.tag}` : 'Pick an asset to update'}
        </Button>
      </Group>
    </Stack>
  );
}

export function MatchPanel(props: MatchPanelProps) {
  const { match, summary } = props;
  return (
    <Paper withBorder p="md" radius="md" data-testid="match-panel" data-match={match.kind}>
      {match.kind === 'matched' ? (
        <Matched {...props} match={match} />
      ) : match.kind === 'ambiguous' ? (
        <Ambiguous {...props} match={match} />
      ) : (
        <Stack gap="sm">
          <Group gap="xs">
            <Badge color="blue" variant="light">
              New
            </Badge>
            <Text fw={600} data-testid="new-device">
              New device — not in the CMDB yet
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            No asset has this device&apos;s serial number, UUID, MAC addresses or name. Register it to create its asset and configuration item with this inventory.
          </Text>
          <RegisterDeviceForm summary={summary} busy={props.busy} error={props.error} onSubmit={(fields) => props.onRecord(null, fields)} />
        </Stack>
      )}
    </Paper>
  );
}
