/**
 * Where Esc on a ticket goes back to: the queue as the technician last saw it (its filter
 * and sort live in the URL), even when the ticket was reached through Create New, search or
 * My Tasks. `QueueReturnTracker` is mounted once in the workspace and remembers the last
 * queue location; it is per workspace (module state), reset on a new sign-in with the page.
 */
import { useEffect } from 'react';
import { useLocation } from 'react-router';

let lastQueue = '/';

/** The last queue location (path + query), or "/" before any queue was shown. */
export function lastQueueLocation(): string {
  return lastQueue;
}

export function QueueReturnTracker() {
  const { pathname, search } = useLocation();
  useEffect(() => {
    if (pathname === '/') lastQueue = `/${search}`;
  }, [pathname, search]);
  return null;
}
