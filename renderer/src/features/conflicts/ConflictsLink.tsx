/** The header's way to the "Sync conflicts" screen, with the number of open conflicts. */
import { Badge, Button, Text } from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useOpenConflictCount } from './useOpenConflicts';

export function ConflictsLink() {
  const count = useOpenConflictCount();
  return (
    <Button
      component={Link}
      to="/conflicts"
      size="compact-sm"
      variant={count > 0 ? 'light' : 'subtle'}
      color={count > 0 ? 'orange' : 'gray'}
      leftSection={<IconGitMerge size={14} aria-hidden="true" />}
      rightSection={
        <Badge data-testid="conflict-count" size="xs" circle color={count > 0 ? 'orange' : 'gray'} variant={count > 0 ? 'filled' : 'outline'}>
          {count}
        </Badge>
      }
      data-testid="conflicts-link"
      aria-label={`Sync conflicts: ${count} open`}
    >
      {/* Below md (a tablet held upright) the icon and the count, so the header's search box keeps its room. */}
      <Text span inherit visibleFrom="md">
        Conflicts
      </Text>
    </Button>
  );
}
