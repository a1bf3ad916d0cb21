/** Sync status in the header, the banner (offline, rejections, sign in again) and the sync notices from the start. */
import type { Feature } from '../../shared/feature';
import { useSyncNotices } from './useSyncNotices';

function SyncNotices() {
  useSyncNotices();
  return null;
}

export const feature: Feature = { name: 'sync', background: SyncNotices };

export { SyncBanner } from './SyncBanner';
export { SyncStatusControl } from './SyncStatusControl';
