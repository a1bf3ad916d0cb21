/** The current time for screens that show relative times (SLA clocks, due dates). */
import { useState } from 'react';
import { useInterval } from '@mantine/hooks';

/** The current time, refreshed every `everyMs` while mounted. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useInterval(() => setNow(Date.now()), everyMs, { autoInvoke: true });
  return now;
}
