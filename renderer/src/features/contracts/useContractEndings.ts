/**
 * The contracts on this device ending within `days` days of today, as "endings" (what the
 * dashboard's card counts and lists: a contract now; warranties may be added beside it).
 */
import { localToday } from '../../shared/dates';
import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useWorkspace } from '../../app/workspaceContext';
import { contractTables } from '../../data/repositories/contracts';
import { useNow } from '../../shared/useNow';
import { contractsEnding } from './model';

export interface EndingItem {
  /** What ends, as the card words it ("Contract"). */
  what: string;
  id: string;
  name: string;
  endsOn: string;
  daysLeft: number;
  /** Where it opens. */
  href: string;
}

export function useContractEndings(days: number): EndingItem[] | undefined {
  const { db } = useWorkspace();
  const contracts = useLiveQuery(() => contractTables(db).contracts.toArray(), [db]);
  const now = useNow(60_000);
  const today = localToday(new Date(now));
  return useMemo(
    () => contracts && contractsEnding(contracts, days, today).map(({ item, daysLeft }) => ({ what: 'Contract', id: item.id, name: item.name, endsOn: item.endsOn, daysLeft, href: `/contracts/${item.id}` })),
    [contracts, days, today],
  );
}
