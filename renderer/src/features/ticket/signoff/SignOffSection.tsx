/**
 * On-site sign-off: the requester signs on the technician's screen; the signature is saved
 * as a PNG attachment of kind 'signature' through the attachments repository (main keeps the
 * bytes on desktop and uploads them when online), so it works with no network. Shows the
 * latest signature, who signed, who captured it, and when.
 */
import { useRef, useState, type Ref } from 'react';
import { Alert, Badge, Button, Group, Image, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEraser, IconSignature } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { format } from 'date-fns';
import type { Attachment, Person, Ticket } from '@fielddesk/common/domain/entities';
import { useWorkspace } from '../../../app/workspaceContext';
import { THUMBNAIL_FALLBACK, useAttachmentUrl } from '../../../shared/attachmentUrl';
import { SignaturePadField, type SignaturePadHandle } from '../../../shared/SignaturePadField';
import { pngBytesFromDataUrl, signatureFile, signatureFileName, signerOf } from './signatureFile';

function LatestSignature({ signature, capturedBy }: { signature: Attachment; capturedBy: string }) {
  const url = useAttachmentUrl(signature.sha256);
  const signer = signerOf(signature.fileName);
  return (
    <Paper withBorder p="sm" data-testid="signoff-latest">
      <Group gap="md" wrap="nowrap" align="flex-start">
        {url.data ? (
          <Image
            key={String(signature.uploaded)}
            src={url.data}
            alt={`Signature of ${signer ?? 'the requester'}`}
            w={160}
            h={64}
            fit="contain"
            bg="white"
            radius="sm"
            fallbackSrc={THUMBNAIL_FALLBACK}
            data-testid="signoff-thumbnail"
          />
        ) : (
          <IconSignature size={28} aria-hidden="true" />
        )}
        <Stack gap={2}>
          <Text size="sm" fw={600} data-testid="signoff-signer">
            Signed by {signer ?? 'an unnamed signer'}
          </Text>
          <Text size="xs" c="dimmed">
            Captured by {capturedBy} · {format(new Date(signature.createdAt), 'd MMM yyyy HH:mm')}
          </Text>
          {!signature.uploaded && (
            <Badge size="xs" variant="light" color="yellow">
              Waiting to upload
            </Badge>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}

export function SignOffSection({ ticket, requester, signerRef }: { ticket: Ticket; requester: Person | null; signerRef?: Ref<HTMLInputElement> }) {
  const { db, attachments, engine } = useWorkspace();
  const pad = useRef<SignaturePadHandle>(null);
  const [signer, setSigner] = useState(requester?.displayName ?? '');
  const [empty, setEmpty] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const latest = useLiveQuery(async () => {
    const signatures = (await db.attachments.where('ticketId').equals(ticket.id).toArray()).filter((a) => a.kind === 'signature');
    const last = signatures.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
    if (!last) return null;
    const author = await db.persons.get(last.authorId);
    return { signature: last, capturedBy: author?.displayName ?? 'someone not on this device', count: signatures.length };
  }, [db, ticket.id]);

  async function save() {
    setError(null);
    const name = signer.trim() || requester?.displayName || '';
    if (!name) {
      setError('Type the name of the person signing.');
      return;
    }
    if (!pad.current || pad.current.isEmpty()) {
      setError('The requester has not signed yet: ask them to sign in the box.');
      return;
    }
    setBusy(true);
    try {
      const bytes = pngBytesFromDataUrl(pad.current.toPngDataUrl());
      const result = await attachments.addAttachment(ticket.id, signatureFile(signatureFileName(name, new Date()), bytes), 'signature');
      if (!result.ok) {
        setError(result.reason);
        return;
      }
      pad.current.clear();
      notifications.show({ color: 'teal', message: `Sign-off by ${name} saved.` });
      engine.requestSync();
    } catch (e) {
      setError(`The signature could not be saved: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="sm" data-testid="signoff-section">
      <Group justify="space-between">
        <Title order={2} size="h4">
          On-site sign-off
        </Title>
        {latest && latest.count > 1 && (
          <Text size="xs" c="dimmed">
            {latest.count} signatures on this ticket
          </Text>
        )}
      </Group>
      {latest && <LatestSignature signature={latest.signature} capturedBy={latest.capturedBy} />}
      {ticket.status !== 'closed' && (
        <>
          <TextInput ref={signerRef} label="Signed by" placeholder={requester?.displayName ?? 'Name of the person signing'} value={signer} onChange={(e) => setSigner(e.currentTarget.value)} maxLength={150} />
          <SignaturePadField ref={pad} label="Signature box: the requester signs here" onChange={setEmpty} />
          {error && (
            <Alert color="red" data-testid="signoff-error">
              {error}
            </Alert>
          )}
          <Group justify="space-between">
            <Button variant="subtle" size="compact-sm" leftSection={<IconEraser size={14} />} onClick={() => pad.current?.clear()} disabled={empty}>
              Clear
            </Button>
            <Button leftSection={<IconSignature size={16} />} onClick={() => void save()} loading={busy}>
              Save sign-off
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
