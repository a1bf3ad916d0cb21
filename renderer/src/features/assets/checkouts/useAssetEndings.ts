/**
 * What the dashboard counts about assets: warranties that end within N days (as "endings",
 * beside contracts), and the open check-outs past their expected return.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { overdue } from '@fielddesk/common/assets/checkout';
import { endingWithin } from '@fielddesk/common/assets/depreciation';
import { useWorkspace } from '../../../app/workspaceContext';
import { useNow } from '../../../shared/useNow';
import { localToday } from '../../../shared/dates';

export interface AssetEnding {
  what: string;
  id: string;
  name: string;
  endsOn: string;
  daysLeft: number;
  href: string;
}

/** Warranties of assets still in service that end within `days` days (today included). */
export function useWarrantyEndings(days: number): AssetEnding[] | undefined {
  const { db } = useWorkspace();
  const today = localToday(new Date(useNow(60_000)));
  const assets = useLiveQuery(() => db.assets.filter((a) => a.warrantyEndsOn !== null && a.warrantyEndsOn >= today && a.state !== 'retired' && a.state !== 'disposed').toArray(), [db, today]);
  return useMemo(
    () =>
      assets &&
      endingWithin(
        assets.map((a) => ({ ...a, endsOn: a.warrantyEndsOn! })),
        days,
        today,
      ).map(({ item, daysLeft }) => ({ what: 'Warranty', id: item.id, name: `${item.tag} · ${item.name}`, endsOn: item.endsOn, daysLeft, href: `/assets/${item.id}` })),
    [assets, days, today],
  );
}

/** How many open check-outs are past their expected return. */
export function useOverdueCount(): number | undefined {
  const { db } = useWorkspace();
  const today = localToday(new Date(useNow(60_000)));
  return useLiveQuery(async () => overdue(await db.assetCheckouts.filter((c) => c.checkedInAt === null && c.expectedReturnOn !== null).toArray(), today).length, [db, today]);
}
