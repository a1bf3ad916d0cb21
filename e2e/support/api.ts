import { API, type LoginResponse } from '@fielddesk/common/api/http';
import type { Ticket, Worklog } from '@fielddesk/common/domain/entities';
import type { PullResponse } from '@fielddesk/common/sync/protocol';
import { DEMO_PASSWORD } from './server';

/**
 * Reads what the server holds, as a desktop client would (bearer token), so a test can
 * check the server's side of a sync independently of the app under test.
 */
export class ServerView {
  private constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    readonly userId: string,
  ) {}

  static async signIn(baseUrl: string, username: string): Promise<ServerView> {
    const res = await fetch(`${baseUrl}${API.login}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD, client: 'desktop' }),
    });
    if (!res.ok) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as LoginResponse;
    if (!body.token) throw new Error('desktop login returned no token');
    return new ServerView(baseUrl, body.token, body.user.id);
  }

  /** Everything this user may see, pulled page by page. */
  async pullAll(): Promise<{ tickets: Map<string, Ticket>; worklogs: Worklog[] }> {
    const tickets = new Map<string, Ticket>();
    const worklogs = new Map<string, Worklog>();
    let cursor = '0';
    for (;;) {
      const res = await fetch(`${this.baseUrl}${API.pull}?cursor=${cursor}&limit=2000`, {
        headers: { authorization: `Bearer ${this.token}` },
      });
      if (!res.ok) throw new Error(`pull failed: ${res.status} ${await res.text()}`);
      const page = (await res.json()) as PullResponse;
      for (const c of page.changes) {
        if (c.op !== 'put') continue;
        if (c.entity === 'ticket') tickets.set(c.id, c.data as Ticket);
        if (c.entity === 'worklog') worklogs.set(c.id, c.data as Worklog);
      }
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    return { tickets, worklogs: [...worklogs.values()] };
  }
}
