/**
 * Bulk actions on the checked rows: assign (to me, to someone, nobody), change status (with the
 * on-hold reason or resolution the lifecycle asks for), change priority. Each is ONE call to the
 * ticket repository's bulkUpdate (one Dexie transaction); every ticket is checked on its own, and
 * the outcome is reported as "42 changed, 8 refused: <reasons>".
 */
import { useState } from 'react';
import { Alert, Button, Group, Menu, Modal, Paper, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconChevronDown, IconUserCheck, IconX } from '@tabler/icons-react';
import { PRIORITY_LABELS, type Priority } from '@fielddesk/common/itsm/config';
import { STATUS_LABELS, TICKET_STATUSES, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import type { BulkChange } from '../../data/repositories/tickets';
import type { BulkReport } from './bulkReport';
import type { Names } from './useQueueData';

interface Props {
  count: number;
  busy: boolean;
  userId: string;
  names: Names;
  resolutionCodes: readonly string[];
  report: BulkReport | null;
  onApply(change: BulkChange, label: string): void;
  onClear(): void;
  onDismissReport(): void;
}

export function BulkBar({ count, busy, userId, names, resolutionCodes, report, onApply, onClear, onDismissReport }: Props) {
  const [assignOpen, setAssignOpen] = useState(false);
  const [assignee, setAssignee] = useState<string | null>(null);
  const [statusTo, setStatusTo] = useState<TicketStatus | null>(null);
  const [reason, setReason] = useState('');
  const [code, setCode] = useState<string | null>(null);
  const [notes, setNotes] = useState('');

  const staff = names.persons.filter((p) => p.role !== 'requester');

  return (
    <Stack gap={6}>
      {count > 0 && (
        <Paper withBorder p={6} radius="sm" data-testid="bulk-bar">
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600} px={6} data-testid="checked-count">
              {count} selected
            </Text>
            <Button size="xs" leftSection={<IconUserCheck size={14} />} loading={busy} onClick={() => onApply({ assigneeId: userId }, 'Assign to me')}>
              Assign to me
            </Button>
            <Button size="xs" variant="light" disabled={busy} onClick={() => setAssignOpen(true)}>
              Assign…
            </Button>
            <Menu position="bottom-start">
              <Menu.Target>
                <Button size="xs" variant="light" disabled={busy} rightSection={<IconChevronDown size={14} />}>
                  Status
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {TICKET_STATUSES.map((s) => (
                  <Menu.Item
                    key={s}
                    onClick={() => {
                      if (s === 'on_hold' || s === 'resolved') setStatusTo(s);
                      else onApply({ status: s }, `Status: ${STATUS_LABELS[s]}`);
                    }}
                  >
                    {STATUS_LABELS[s]}
                    {s === 'on_hold' || s === 'resolved' ? '…' : ''}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            <Menu position="bottom-start">
              <Menu.Target>
                <Button size="xs" variant="light" disabled={busy} rightSection={<IconChevronDown size={14} />}>
                  Priority
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {(Object.keys(PRIORITY_LABELS) as unknown as Priority[]).map((p) => (
                  <Menu.Item key={p} onClick={() => onApply({ priority: Number(p) as Priority }, `Priority: P${p}`)}>
                    P{p} {PRIORITY_LABELS[p]}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={onClear}>
              Clear selection
            </Button>
          </Group>
        </Paper>
      )}
      {report && (
        <Alert
          color={report.tone === 'ok' ? 'teal' : report.tone === 'partial' ? 'yellow' : 'red'}
          variant="light"
          withCloseButton
          onClose={onDismissReport}
          data-testid="bulk-result"
          py={6}
        >
          <Text size="sm">{report.summary}</Text>
        </Alert>
      )}

      <Modal opened={assignOpen} onClose={() => setAssignOpen(false)} title={`Assign ${count} tickets`}>
        <Stack>
          <Select
            label="Assignee"
            placeholder="Choose a person"
            searchable
            data={[{ value: '', label: 'Nobody (unassign)' }, ...staff.map((p) => ({ value: p.id, label: p.displayName }))]}
            value={assignee}
            onChange={setAssignee}
            comboboxProps={{ withinPortal: true }}
          />
          <Text size="xs" c="dimmed">
            A ticket can only go to a member of its group; the others are refused and listed.
          </Text>
          <Group justify="flex-end">
            <Button
              disabled={assignee === null}
              onClick={() => {
                setAssignOpen(false);
                const person = assignee ? names.person(assignee) : 'nobody';
                onApply({ assigneeId: assignee || null }, `Assign to ${person}`);
              }}
            >
              Assign
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={statusTo !== null} onClose={() => setStatusTo(null)} title={statusTo ? `${STATUS_LABELS[statusTo]}: ${count} tickets` : ''}>
        <Stack>
          {statusTo === 'on_hold' && <TextInput label="On hold reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} required />}
          {statusTo === 'resolved' && (
            <>
              <Select label="Resolution code" data={[...resolutionCodes]} value={code} onChange={setCode} required comboboxProps={{ withinPortal: true }} />
              <Textarea label="Resolution notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={3} required />
            </>
          )}
          <Group justify="flex-end">
            <Button
              onClick={() => {
                if (!statusTo) return;
                const details = statusTo === 'on_hold' ? { onHoldReason: reason } : { resolutionCode: code, resolutionNotes: notes };
                setStatusTo(null);
                onApply({ status: statusTo, details }, `Status: ${STATUS_LABELS[statusTo]}`);
              }}
            >
              Change status
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
