/**
 * The signed-in frame: header (name, sync status, conflicts, user, sign out), a navbar with
 * the day's places (dashboard, queues, my tasks, knowledge, this device, software, new), sync
 * notices, content.
 * On narrow windows the navbar folds behind a burger.
 */
import type { ReactNode } from 'react';
import { Anchor, AppShell, Burger, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconApps, IconBook2, IconChecklist, IconDeviceDesktop, IconHeadset, IconLayoutDashboard, IconListDetails, IconPlus } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { useWorkspace } from './workspaceContext';
import { SyncStatusControl } from '../features/sync/SyncStatusControl';
import { SyncBanner } from '../features/sync/SyncBanner';
import { SignOutButton } from '../features/auth/SignOutButton';
import { ConflictsLink } from '../features/conflicts/ConflictsLink';
import { GlobalSearch } from '../features/search/GlobalSearch';

interface Place {
  to: string;
  label: string;
  icon: typeof IconHeadset;
  /** Other path prefixes that belong to this place (a ticket opened from a queue). */
  also?: readonly string[];
}

const PLACES: readonly Place[] = [
  { to: '/dashboard', label: 'Dashboard', icon: IconLayoutDashboard },
  { to: '/', label: 'Queues', icon: IconListDetails, also: ['/tickets/', '/queue'] },
  { to: '/tasks', label: 'My tasks', icon: IconChecklist },
  { to: '/kb', label: 'Knowledge', icon: IconBook2 },
  // On the web too: the screen explains that scanning needs the desktop app.
  { to: '/device', label: 'This device', icon: IconDeviceDesktop },
  { to: '/software', label: 'Software', icon: IconApps },
];

function isActive(place: Place, pathname: string): boolean {
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
            <Text size="sm" data-testid="current-user" visibleFrom="xs" title={`Signed in as ${user.username}`}>
              {user.displayName}
            </Text>
            <SignOutButton />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <Stack gap={4}>
          <Button component={Link} to="/new" leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={nav.close} mb="xs" title="Create a ticket, request, problem or task (N)">
            New
          </Button>
          {PLACES.map((place) => (
            <NavLink
              key={place.to}
              component={Link}
              to={place.to}
              label={place.label}
              leftSection={<place.icon size={18} aria-hidden="true" />}
              active={isActive(place, pathname)}
              onClick={nav.close}
            />
          ))}
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
