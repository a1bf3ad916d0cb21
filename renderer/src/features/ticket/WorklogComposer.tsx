/**
 * Writing on a ticket: an internal note (the requester never sees it) or a public reply,
 * with the time spent. Saved on this device at once and sent at the next sync.
 */
import { useState, type FormEvent, type Ref } from 'react';
import { Alert, Button, Group, NumberInput, SegmentedControl, Stack, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { WorklogVisibility } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';
import { useIntent } from '../../app/useIntent';

/** `ref`: the text box, so the `w` shortcut can focus it. */
export function WorklogComposer({ ticketId, ref }: { ticketId: string; ref?: Ref<HTMLTextAreaElement> }) {
  const { tickets } = useWorkspace();
  const [body, setBody] = useState('');
  const [minutes, setMinutes] = useState<string | number>('');
  const [visibility, setVisibility] = useState<WorklogVisibility>('internal');
  const { run, error, busy } = useIntent(
    (text: string, spent: number, as: WorklogVisibility) => tickets.addWorklog(ticketId, text, spent, as),
    'the worklog',
  );
  const isPublic = visibility === 'public';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!(await run(body, minutes === '' ? 0 : Number(minutes), visibility))) return;
    setBody('');
    setMinutes('');
    notifications.show({ color: 'teal', message: isPublic ? 'Reply saved; it is sent at the next sync.' : 'Worklog added.' });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Write a note or a reply">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Add to the worklog
          </Title>
          <SegmentedControl
            size="xs"
            value={visibility}
            onChange={(v) => setVisibility(v as WorklogVisibility)}
            data={[
              { value: 'internal', label: 'Internal note' },
              { value: 'public', label: 'Public reply' },
            ]}
            aria-label="Who can read it"
            data-testid="worklog-visibility-control"
          />
        </Group>
        <Textarea
          ref={ref}
          label="Worklog"
          description={isPublic ? 'A reply the requester can read.' : 'Only the service desk can read internal notes.'}
          placeholder={isPublic ? 'Write to the requester…' : 'What did you do?'}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          autosize
          minRows={3}
          maxLength={20_000}
        />
        <Group align="flex-end" justify="space-between">
          <NumberInput label="Time spent (minutes)" value={minutes} onChange={setMinutes} min={0} max={1440} allowDecimal={false} allowNegative={false} w={200} />
          <Button type="submit" loading={busy}>
            {isPublic ? 'Send reply' : 'Add worklog'}
          </Button>
        </Group>
        {error && (
          <Alert color="red" data-testid="worklog-error">
            {error}
          </Alert>
        )}
      </Stack>
    </form>
  );
}
