/** The header's way to the "Sync conflicts" screen, with the number of open conflicts. */
import { Badge, Button } from '@mantine/core';
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
      Conflicts
    </Button>
  );
}
