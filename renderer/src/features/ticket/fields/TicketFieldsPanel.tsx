/**
 * The editable fields of a ticket: assignee (with "Assign to me"), group, impact and urgency
 * (the priority follows the matrix), a priority override, category and subcategory from the
 * ITSM configuration, and location. Each change is saved on this device at once; a refused
 * change (an assignee outside the group) shows the repository's reason and changes nothing.
 */
import { Alert, Button, Group, Select, SimpleGrid, Stack, Title } from '@mantine/core';
import { IconUserCheck } from '@tabler/icons-react';
import type { Ticket } from '@fielddesk/common/domain/entities';
import { priorityFor, type Level, type Priority } from '@fielddesk/common/itsm/config';
import { useWorkspace } from '../../../app/workspaceContext';
import { useItsmConfig } from '../../../data/config';
import {
  LEVEL_OPTIONS,
  PRIORITY_OPTIONS,
  assigneeOptions,
  categoryOptions,
  subcategoryOptions,
  useGroups,
  useLocations,
  usePeople,
} from '../../../shared/options';
import type { TicketUpdate } from './useTicketUpdate';

/** Closed dropdowns unmount, so each label names one element only (getByLabel stays unambiguous). */
const COMBO = { keepMounted: false } as const;

export function TicketFieldsPanel({ ticket, update, readOnly }: { ticket: Ticket; update: TicketUpdate; readOnly: boolean }) {
  const { user } = useWorkspace();
  const config = useItsmConfig();
  const people = usePeople();
  const groups = useGroups();
  const locations = useLocations(ticket.siteId);
  const groupName = groups.find((g) => g.id === ticket.groupId)?.name ?? null;
  const matrixPriority = priorityFor(config.priorityMatrix, ticket.impact, ticket.urgency);
  const { save, error, busy } = update;

  // Options that point at records missing on this device still show the id's place as missing.
  const assigneeData = assigneeOptions(people, ticket.groupId, groupName);
  const personKnown = (id: string | null) => !id || people.some((p) => p.id === id);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Details
        </Title>
        {ticket.assigneeId !== user.id && !readOnly && (
          <Button size="compact-sm" variant="light" leftSection={<IconUserCheck size={14} />} onClick={() => void save({ assigneeId: user.id })} loading={busy}>
            Assign to me
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label="Assignee"
          placeholder={personKnown(ticket.assigneeId) ? 'Unassigned' : 'Assignee not on this device'}
          data={assigneeData}
          value={personKnown(ticket.assigneeId) ? ticket.assigneeId : null}
          onChange={(v) => void save({ assigneeId: v })}
          searchable
          clearable
          disabled={readOnly}
          comboboxProps={COMBO}
          nothingFoundMessage="Nobody by that name on this device"
        />
        <Select
          label="Group"
          placeholder="No group"
          data={groups.map((g) => ({ value: g.id, label: g.name }))}
          value={ticket.groupId}
          onChange={(v) => void save({ groupId: v })}
          searchable
          disabled={readOnly}
          comboboxProps={COMBO}
        />
        <Select
          label="Impact"
          data={LEVEL_OPTIONS}
          value={String(ticket.impact)}
          onChange={(v) => v && void save({ impact: Number(v) as Level })}
          allowDeselect={false}
          disabled={readOnly}
          comboboxProps={COMBO}
        />
        <Select
          label="Urgency"
          data={LEVEL_OPTIONS}
          value={String(ticket.urgency)}
          onChange={(v) => v && void save({ urgency: Number(v) as Level })}
          allowDeselect={false}
          disabled={readOnly}
          comboboxProps={COMBO}
        />
        <Select
          label="Priority"
          description={ticket.priority === matrixPriority ? 'From the matrix; pick another to override' : `Set by hand (the matrix gives P${matrixPriority})`}
          data={PRIORITY_OPTIONS}
          value={String(ticket.priority)}
          onChange={(v) => v && void save({ priority: Number(v) as Priority })}
          allowDeselect={false}
          disabled={readOnly}
          comboboxProps={COMBO}
        />
        <Select
          label="Location"
          placeholder={ticket.siteId ? 'No location' : 'The ticket has no site'}
          data={locations.map((l) => ({ value: l.id, label: l.name }))}
          value={ticket.locationId && locations.some((l) => l.id === ticket.locationId) ? ticket.locationId : null}
          onChange={(v) => void save({ locationId: v })}
          searchable
          clearable
          disabled={readOnly || !ticket.siteId}
          comboboxProps={COMBO}
        />
        <Select
          label="Category"
          placeholder="No category"
          data={categoryOptions(config, ticket.category)}
          value={ticket.category || null}
          // A new category empties the subcategory, which belongs to the old one.
          onChange={(v) => void save({ category: v ?? '', subcategory: '' })}
          searchable
          clearable
          disabled={readOnly}
          comboboxProps={COMBO}
        />
        <Select
          label="Subcategory"
          placeholder={ticket.category ? 'No subcategory' : 'Choose a category first'}
          data={subcategoryOptions(config, ticket.category, ticket.subcategory)}
          value={ticket.subcategory || null}
          onChange={(v) => void save({ subcategory: v ?? '' })}
          searchable
          clearable
          disabled={readOnly || !ticket.category}
          comboboxProps={COMBO}
        />
      </SimpleGrid>
      {error && (
        <Alert color="red" data-testid="fields-error">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
