/**
 * The signed-in frame: header (name, search, sync status, conflicts, user, sign out), a navbar
 * built from the features' entries (app/features.ts: New, then dashboard, queues, my tasks,
 * knowledge, this device, software), sync notices, content.
 * On narrow windows the navbar folds behind a burger.
 */
import type { ReactNode } from 'react';
import { Anchor, AppShell, Burger, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconHeadset } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { useWorkspace } from './workspaceContext';
import type { NavEntry } from '../shared/feature';
import { NAV } from './features';
import { SignOutButton } from '../features/auth';
import { ConflictsLink } from '../features/conflicts';
import { GlobalSearch } from '../features/search';
import { SyncBanner, SyncStatusControl } from '../features/sync';

function isActive(place: NavEntry, pathname: string): boolean {
  if (place.to === '/') return pathname === '/' || (place.also ?? []).some((p) => pathname.startsWith(p));
  return pathname === place.to || pathname.startsWith(`${place.to}/`);
}

export function Shell({ children }: { children: ReactNode }) {
  const { user } = useWorkspace();
  const { pathname } = useLocation();
  const [navOpen, nav] = useDisclosure(false);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !navOpen } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          {/* The left side (search) gives way first; the sync controls on the right never truncate. */}
          <Group gap="sm" wrap="nowrap" style={{ flex: '1 1 auto', minWidth: 0 }}>
            <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label="Show the navigation" />
            <Anchor component={Link} to="/" underline="never" c="inherit" aria-label="FieldDesk, go to the queue">
              <Group gap={8} wrap="nowrap">
                <IconHeadset size={22} aria-hidden="true" />
                <Text fw={700} size="lg">
                  FieldDesk
                </Text>
              </Group>
            </Anchor>
            <GlobalSearch />
          </Group>
          <Group gap="md" wrap="nowrap" style={{ flexShrink: 0 }}>
            <SyncStatusControl />
            <ConflictsLink />
            {/* On a tablet (below lg) the name gives way so the search box keeps its room; sign-out still names the user. */}
            <Text size="sm" data-testid="current-user" visibleFrom="lg" title={`Signed in as ${user.username}`}>
              {user.displayName}
            </Text>
            <SignOutButton />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <Stack gap={4}>
          {NAV.map((entry) => {
            const title = entry.description ? `${entry.description}${entry.shortcut ? ` (${entry.shortcut})` : ''}` : undefined;
            return entry.primary ? (
              <Button key={entry.to} component={Link} to={entry.to} leftSection={<entry.icon size={16} aria-hidden="true" />} onClick={nav.close} mb="xs" title={title}>
                {entry.label}
              </Button>
            ) : (
              <NavLink
                key={entry.to}
                component={Link}
                to={entry.to}
                label={entry.label}
                title={title}
                leftSection={<entry.icon size={18} aria-hidden="true" />}
                active={isActive(entry, pathname)}
                onClick={nav.close}
              />
            );
          })}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <div style={{ margin: 'calc(-1 * var(--mantine-spacing-md)) calc(-1 * var(--mantine-spacing-md)) var(--mantine-spacing-md)' }}>
          <SyncBanner />
        </div>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
