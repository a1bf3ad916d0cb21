/** The icon that tells a search result's kind at a glance. */
import { IconAlertTriangle, IconBook, IconChecklist, IconDeviceDesktop, IconServer, IconTicket, IconUser, type Icon } from '@tabler/icons-react';
import type { SearchType } from './engine/types';

export const TYPE_ICONS: Record<SearchType, Icon> = {
  ticket: IconTicket,
  problem: IconAlertTriangle,
  task: IconChecklist,
  article: IconBook,
  asset: IconDeviceDesktop,
  configuration_item: IconServer,
  person: IconUser,
};
