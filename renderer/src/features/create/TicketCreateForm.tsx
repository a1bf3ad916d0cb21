/**
 * The form for a new incident, service request or problem: title and description; for a
 * request, the catalog item (its fulfilment tasks are listed, and created with it); impact
 * and urgency with the priority the matrix gives, live, and an optional override; category
 * and subcategory; requester; group and assignee; site and location; for an incident, the
 * problem it belongs to.
 */
import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Badge, Button, Group, List, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';
import type { Ticket, TicketKind } from '@fielddesk/common/domain/entities';
import { PRIORITY_LABELS, priorityFor, type Level, type Priority } from '@fielddesk/common/itsm/config';
import { useIntent } from '../../app/useIntent';
import { useWorkspace } from '../../app/workspaceContext';
import { useItsmConfig } from '../../data/config';
import { ticketNumber } from '../../data/display';
import type { NewTicket } from '../../data/repositories/tickets';
import { PriorityLabel } from '../../shared/badges';
import {
  LEVEL_OPTIONS,
  PRIORITY_OPTIONS,
  assigneeOptions,
  categoryOptions,
  personOptions,
  subcategoryOptions,
  useGroups,
  useLocations,
  usePeople,
  useSites,
} from '../../shared/options';
import { TicketSearchPicker } from '../ticket';

/** What the index looks in for this picker. */
const PROBLEMS = ['problem'] as const;

const COMBO = { keepMounted: false } as const;

export function TicketCreateForm({ kind }: { kind: TicketKind }) {
  const { user, tickets } = useWorkspace();
  const config = useItsmConfig();
  const navigate = useNavigate();
  const people = usePeople();
  const groups = useGroups();
  const sites = useSites();

  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [catalogItemId, setCatalogItemId] = useState<string | null>(null);
  const [impact, setImpact] = useState<Level>(2);
  const [urgency, setUrgency] = useState<Level>(2);
  const [override, setOverride] = useState<Priority | null>(null);
  const [category, setCategory] = useState('');
  const [subcategory, setSubcategory] = useState('');
  const [requesterId, setRequesterId] = useState<string | null>(null);
  const [groupId, setGroupId] = useState<string | null>(user.groupIds[0] ?? null);
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [siteId, setSiteId] = useState<string | null>(user.siteId);
  const [locationId, setLocationId] = useState<string | null>(null);
  const [problem, setProblem] = useState<Ticket | null>(null);
  const [rootCause, setRootCause] = useState('');
  const [workaround, setWorkaround] = useState('');
  const { run, error, setError, busy } = useIntent((data: NewTicket) => tickets.createTicket(data), 'the new record');
  const locations = useLocations(siteId);

  const matrixPriority = priorityFor(config.priorityMatrix, impact, urgency);
  const priority = override ?? matrixPriority;
  const catalogItem = config.catalog.find((c) => c.id === catalogItemId);
  const groupName = groups.find((g) => g.id === groupId)?.name ?? null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (kind === 'service_request' && !catalogItemId) {
      setError('Choose what is requested from the catalog.');
      return;
    }
    const data: NewTicket = {
      kind,
      title,
      description,
      impact,
      urgency,
      // Without a priority the repository (and the server) take the matrix's; an override is sent as is.
      ...(override !== null ? { priority: override } : {}),
      category,
      subcategory,
      requesterId,
      assigneeId,
      groupId,
      siteId,
      locationId,
      catalogItemId: kind === 'service_request' ? catalogItemId : null,
      problemId: kind === 'incident' ? (problem?.id ?? null) : null,
      ...(kind === 'problem' ? { rootCause: rootCause.trim() || null, workaround: workaround.trim() || null } : {}),
    };
    const saved = await run(data);
    if (!saved) return;
    notifications.show({ color: 'teal', message: 'Saved on this device; it gets its number at the next sync.' });
    void navigate(`/tickets/${saved.id}`);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="New ticket">
      <Stack gap="md">
        {kind === 'service_request' && (
          <Stack gap="xs">
            <Select
              label="Catalog item"
              placeholder="What is requested?"
              data={config.catalog.map((c) => ({ value: c.id, label: c.name }))}
              value={catalogItemId}
              onChange={(id) => {
                setCatalogItemId(id);
                const item = config.catalog.find((c) => c.id === id);
                if (item) {
                  if (!title.trim()) setTitle(item.name);
                  if (item.category) {
                    setCategory(item.category);
                    setSubcategory('');
                  }
                }
              }}
              searchable
              withAsterisk
              comboboxProps={COMBO}
            />
            {catalogItem && (
              <Paper withBorder p="sm" bg="var(--mantine-color-default-hover)" data-testid="catalog-item-details">
                <Text size="sm">{catalogItem.description}</Text>
                {catalogItem.tasks.length > 0 && (
                  <>
                    <Text size="xs" c="dimmed" mt="xs">
                      Fulfilment tasks created with the request:
                    </Text>
                    <List size="sm" type="ordered">
                      {catalogItem.tasks.map((t) => (
                        <List.Item key={t}>{t}</List.Item>
                      ))}
                    </List>
                  </>
                )}
              </Paper>
            )}
          </Stack>
        )}
        <TextInput label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={300} withAsterisk autoFocus />
        <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={3} maxLength={20_000} />

        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select label="Impact" data={LEVEL_OPTIONS} value={String(impact)} onChange={(v) => v && setImpact(Number(v) as Level)} allowDeselect={false} comboboxProps={COMBO} />
          <Select label="Urgency" data={LEVEL_OPTIONS} value={String(urgency)} onChange={(v) => v && setUrgency(Number(v) as Level)} allowDeselect={false} comboboxProps={COMBO} />
          <Select
            label="Priority override"
            placeholder={`None (P${matrixPriority} from the matrix)`}
            data={PRIORITY_OPTIONS}
            value={override === null ? null : String(override)}
            onChange={(v) => setOverride(v ? (Number(v) as Priority) : null)}
            clearable
            comboboxProps={COMBO}
          />
        </SimpleGrid>
        <Group gap="xs" data-testid="computed-priority">
          <Text size="sm">Priority:</Text>
          <PriorityLabel priority={priority} />
          <Badge size="xs" variant="light" color={override === null ? 'gray' : 'orange'}>
            {override === null ? 'from impact × urgency' : `set by hand (matrix: P${matrixPriority} ${PRIORITY_LABELS[matrixPriority]})`}
          </Badge>
        </Group>

        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label="Category"
            placeholder="No category"
            data={categoryOptions(config, category)}
            value={category || null}
            onChange={(v) => {
              setCategory(v ?? '');
              setSubcategory('');
            }}
            searchable
            clearable
            comboboxProps={COMBO}
          />
          <Select
            label="Subcategory"
            placeholder={category ? 'No subcategory' : 'Choose a category first'}
            data={subcategoryOptions(config, category, subcategory)}
            value={subcategory || null}
            onChange={(v) => setSubcategory(v ?? '')}
            searchable
            clearable
            disabled={!category}
            comboboxProps={COMBO}
          />
          <Select
            label="Requester"
            placeholder="Search people by name or email"
            data={personOptions(people)}
            value={requesterId}
            onChange={setRequesterId}
            searchable
            clearable
            limit={50}
            nothingFoundMessage="Nobody by that name on this device"
            comboboxProps={COMBO}
          />
          <Select
            label="Group"
            placeholder="No group"
            data={groups.map((g) => ({ value: g.id, label: g.name }))}
            value={groupId}
            onChange={setGroupId}
            searchable
            clearable
            comboboxProps={COMBO}
          />
          <Select
            label="Assignee"
            placeholder="Unassigned"
            description={groupName ? `Members of ${groupName} first` : undefined}
            data={assigneeOptions(people, groupId, groupName)}
            value={assigneeId}
            onChange={setAssigneeId}
            searchable
            clearable
            comboboxProps={COMBO}
          />
          <Select
            label="Site"
            placeholder="No site"
            data={sites.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
            value={siteId}
            onChange={(v) => {
              setSiteId(v);
              setLocationId(null);
            }}
            searchable
            clearable
            comboboxProps={COMBO}
          />
          <Select
            label="Location"
            placeholder={siteId ? 'No location' : 'Choose a site first'}
            data={locations.map((l) => ({ value: l.id, label: l.name }))}
            value={locationId}
            onChange={setLocationId}
            searchable
            clearable
            disabled={!siteId}
            comboboxProps={COMBO}
          />
        </SimpleGrid>

        {kind === 'problem' && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Textarea label="Root cause" placeholder="If already known" value={rootCause} onChange={(e) => setRootCause(e.currentTarget.value)} autosize minRows={2} maxLength={20_000} />
            <Textarea
              label="Workaround"
              placeholder="What to do meanwhile, if anything"
              value={workaround}
              onChange={(e) => setWorkaround(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={20_000}
            />
          </SimpleGrid>
        )}
        {kind === 'incident' && (
          <Stack gap={4}>
            {problem ? (
              <Group gap="xs" data-testid="create-linked-problem">
                <Text size="sm">Linked problem:</Text>
                <Text size="sm" ff="monospace">
                  {ticketNumber(problem)}
                </Text>
                <Text size="sm">{problem.title}</Text>
                <Anchor component="button" type="button" size="sm" onClick={() => setProblem(null)}>
                  Remove
                </Anchor>
              </Group>
            ) : (
              <TicketSearchPicker
                label="Linked problem (optional)"
                placeholder="Type a problem number or words of its title"
                types={PROBLEMS}
                accept={(t) => t.kind === 'problem'}
                onPick={setProblem}
              />
            )}
          </Stack>
        )}

        {error && (
          <Alert color="red" data-testid="create-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            Create {kind === 'service_request' ? 'request' : kind}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
