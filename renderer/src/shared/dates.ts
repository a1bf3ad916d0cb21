/**
 * Today as a calendar date (YYYY-MM-DD) in this device's own calendar, not UTC's: check-out and
 * return dates, warranty and contract ends are the technician's days (a contract ending today
 * ends today here). The one helper every screen uses.
 */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
