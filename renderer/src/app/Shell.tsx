/** The signed-in frame: header (name, sync status, conflicts, user, sign out), sync notices, content. */
import type { ReactNode } from 'react';
import { Anchor, AppShell, Group, Text } from '@mantine/core';
import { IconHeadset } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useWorkspace } from './workspaceContext';
import { SyncStatusControl } from '../features/sync/SyncStatusControl';
import { SyncBanner } from '../features/sync/SyncBanner';
import { SignOutButton } from '../features/auth/SignOutButton';
import { ConflictsLink } from '../features/conflicts/ConflictsLink';

export function Shell({ children }: { children: ReactNode }) {
  const { user } = useWorkspace();
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Anchor component={Link} to="/" underline="never" c="inherit" aria-label="FieldDesk, go to the queue">
            <Group gap={8} wrap="nowrap">
              <IconHeadset size={22} aria-hidden="true" />
              <Text fw={700} size="lg">
                FieldDesk
              </Text>
            </Group>
          </Anchor>
          <Group gap="md" wrap="nowrap">
            <SyncStatusControl />
            <ConflictsLink />
            <Text size="sm" data-testid="current-user" visibleFrom="xs" title={`Signed in as ${user.username}`}>
              {user.displayName}
            </Text>
            <SignOutButton />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <div style={{ margin: 'calc(-1 * var(--mantine-spacing-md)) calc(-1 * var(--mantine-spacing-md)) var(--mantine-spacing-md)' }}>
          <SyncBanner />
        </div>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
