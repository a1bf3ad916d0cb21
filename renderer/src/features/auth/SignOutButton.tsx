/** Sign out, with a warning when changes on this device are not yet synced. */
import { useState } from 'react';
import { Button, Group, Modal, Text } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useWorkspace } from '../../app/workspaceContext';
import { useSignOut } from './useSignOut';

export function SignOutButton() {
  const { db, user } = useWorkspace();
  const signOut = useSignOut();
  const [pending, setPending] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  async function start() {
    const count = await db.outbox.count();
    if (count > 0) setPending(count);
    else await finish();
  }

  async function finish() {
    setBusy(true);
    try {
      await signOut();
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button
        variant="subtle"
        color="gray"
        leftSection={<IconLogout size={16} />}
        onClick={() => void start()}
        loading={busy && pending === null}
        title={`Sign out ${user.displayName}`}
        aria-label="Sign out"
      >
        {/* Below md (a tablet held upright) the icon alone, so the header's search box keeps its room. */}
        <Text span inherit visibleFrom="md">
          Sign out
        </Text>
      </Button>
      <Modal opened={pending !== null} onClose={() => setPending(null)} title="Sign out with unsynced changes?" centered>
        <Text size="sm">
          {pending === 1 ? '1 change' : `${pending ?? 0} changes`} made on this device {pending === 1 ? 'has' : 'have'} not reached the server yet.
        </Text>
        <Text size="sm" mt="xs">
          {pending === 1 ? 'It stays' : 'They stay'} on this device, un-synced, and {pending === 1 ? 'is' : 'are'} sent the next time {user.displayName} signs in
          here. Nothing is deleted.
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setPending(null)}>
            Cancel
          </Button>
          <Button color="red" onClick={() => void finish()} loading={busy}>
            Sign out and keep changes
          </Button>
        </Group>
      </Modal>
    </>
  );
}
