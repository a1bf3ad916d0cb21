/**
 * A ticket's attachments: name, size, kind; images as thumbnails, other files as download
 * links (URLs come from the platform: main's attachment store on desktop, the server on
 * the web). "Take photo" (the camera on a tablet) and "Attach file" hand the bytes to the
 * platform and record the attachment like any other change. Files the server does not have
 * yet say "Waiting to upload".
 */
import { useState, type ComponentPropsWithoutRef } from 'react';
import { Alert, Anchor, Badge, Button, FileButton, Group, Image, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCamera, IconPaperclip } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Attachment } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../app/workspaceContext';
import { recordKey } from '../../data/db';
import { usePendingKeys } from '../../shared/syncHooks';
import { NotSyncedMarker } from '../../shared/badges';
import { THUMBNAIL_FALLBACK, useAttachmentUrl } from '../../shared/attachmentUrl';

const KIND_LABELS: Record<Attachment['kind'], string> = { file: 'File', photo: 'Photo', signature: 'Signature' };

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

function AttachmentItem({ attachment, pending }: { attachment: Attachment; pending: boolean }) {
  const url = useAttachmentUrl(attachment.sha256);
  const isImage = attachment.mimeType.startsWith('image/');
  return (
    <Paper component="li" withBorder p="sm" data-testid="attachment-item">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        {isImage && url.data ? (
          // Keyed by `uploaded`: on the web a thumbnail asked for before the server has the
          // record answers 404; it is asked for again once the upload is confirmed.
          <Image
            key={String(attachment.uploaded)}
            src={url.data}
            alt={attachment.fileName}
            w={72}
            h={72}
            fit="cover"
            radius="sm"
            fallbackSrc={THUMBNAIL_FALLBACK}
            data-testid="attachment-thumbnail"
          />
        ) : (
          <IconPaperclip size={20} aria-hidden="true" />
        )}
        <Stack gap={2} style={{ minWidth: 0 }}>
          {url.data ? (
            <Anchor href={url.data} download={attachment.fileName} size="sm" fw={600} data-testid="attachment-name" style={{ overflowWrap: 'anywhere' }}>
              {attachment.fileName}
            </Anchor>
          ) : (
            <Text size="sm" fw={600} data-testid="attachment-name" style={{ overflowWrap: 'anywhere' }}>
              {attachment.fileName}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {KIND_LABELS[attachment.kind]} · {formatBytes(attachment.size)}
          </Text>
          <Group gap={4}>
            {!attachment.uploaded && (
              <Badge size="xs" variant="light" color="yellow" data-testid="attachment-waiting">
                Waiting to upload
              </Badge>
            )}
            {pending && <NotSyncedMarker />}
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}

export function AttachmentsSection({ ticketId }: { ticketId: string }) {
  const { db, attachments: repo, engine } = useWorkspace();
  const attachments = useLiveQuery(() => db.attachments.where('ticketId').equals(ticketId).sortBy('createdAt'), [db, ticketId], [] as Attachment[]);
  const pending = usePendingKeys();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function attach(file: File | null) {
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      const result = await repo.addAttachment(ticketId, file);
      if (!result.ok) {
        setError(result.reason);
        return;
      }
      notifications.show({ color: 'teal', message: `"${file.name}" attached.` });
      engine.requestSync();
    } catch (e) {
      setError(`"${file.name}" could not be attached: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Attachments
        </Title>
        <Group gap="xs">
          {/* On a tablet or phone this opens the back camera; elsewhere, a picker of images. */}
          <FileButton
            onChange={(file) => void attach(file)}
            accept="image/*"
            capture="environment"
            inputProps={{ 'aria-label': 'Take photo', 'data-testid': 'take-photo-input' } as ComponentPropsWithoutRef<'input'>}
          >
            {(props) => (
              <Button {...props} size="compact-sm" variant="default" leftSection={<IconCamera size={14} />} loading={busy}>
                Take photo
              </Button>
            )}
          </FileButton>
          <FileButton onChange={(file) => void attach(file)} inputProps={{ 'aria-label': 'Attach file', 'data-testid': 'attach-file-input' } as ComponentPropsWithoutRef<'input'>}>
            {(props) => (
              <Button {...props} size="compact-sm" variant="default" leftSection={<IconPaperclip size={14} />} loading={busy}>
                Attach file
              </Button>
            )}
          </FileButton>
        </Group>
      </Group>
      {attachments.length === 0 && (
        <Text size="sm" c="dimmed">
          No attachments.
        </Text>
      )}
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Attachments">
        {attachments.map((a) => (
          <AttachmentItem key={a.id} attachment={a} pending={pending.records.has(recordKey('attachment', a.id))} />
        ))}
      </Stack>
      {error && (
        <Alert color="red" data-testid="attachment-error">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
