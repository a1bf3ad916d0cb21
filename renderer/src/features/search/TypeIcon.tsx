/** The small icon that tells a search result's kind at a glance. */
import { ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconBook, IconChecklist, IconDeviceDesktop, IconServer, IconTicket, IconUser } from '@tabler/icons-react';
import type { SearchType } from './engine/types';

const ICONS = {
  ticket: { Icon: IconTicket, color: 'blue' },
  problem: { Icon: IconAlertTriangle, color: 'orange' },
  task: { Icon: IconChecklist, color: 'teal' },
  article: { Icon: IconBook, color: 'grape' },
  asset: { Icon: IconDeviceDesktop, color: 'gray' },
  configuration_item: { Icon: IconServer, color: 'indigo' },
  person: { Icon: IconUser, color: 'cyan' },
} as const satisfies Record<SearchType, unknown>;

export function TypeIcon({ type }: { type: SearchType }) {
  const { Icon, color } = ICONS[type];
  return (
    <ThemeIcon variant="light" color={color} size="md" aria-hidden="true">
      <Icon size={16} />
    </ThemeIcon>
  );
}
