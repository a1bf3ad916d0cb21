import { randomUUID } from 'node:crypto';
import { API, attachmentPath, recordsPath, type LoginResponse, type RecordsPage } from '@fielddesk/common/api/http';
import type { Asset, AssetInventory, Attachment, ConfigurationItem, Person, Task, Ticket, TicketEvent, Worklog } from '@fielddesk/common/domain/entities';
import type { OpResult, PullResponse, PushResponse, TicketPatchFields } from '@fielddesk/common/sync/protocol';
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

  private readonly clientId = randomUUID();
  private seq = 0;

  /** Changes a ticket as this user would from another device: one patch op. */
  async patchTicket(ticket: Ticket, fields: TicketPatchFields): Promise<OpResult> {
    return this.push({ entity: 'ticket', id: ticket.id, kind: 'patch', baseRev: ticket.rev, fields });
  }

  /** Pushes one op as this user would from another device (opId, seq and clientTime added). */
  async push(op: Record<string, unknown> & { entity: string; id: string; kind: string }): Promise<OpResult> {
    const full = { opId: randomUUID(), seq: ++this.seq, ...op, clientTime: new Date().toISOString() };
    const res = await fetch(`${this.baseUrl}${API.push}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ clientId: this.clientId, ops: [full] }),
    });
    if (!res.ok) throw new Error(`push failed: ${res.status} ${await res.text()}`);
    const [result] = ((await res.json()) as PushResponse).results;
    if (!result) throw new Error('push answered no result');
    return result;
  }

  /** A GET of the server's API as this user; throws with the status and body on anything but 200. */
  async getJson<T>(path: string): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (res.status !== 200) throw new Error(`GET ${path} failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Every record of one entity this user may read (GET /api/records/<entity>, page by page). */
  async records<R>(entity: string): Promise<R[]> {
    const out: R[] = [];
    for (let after = ''; ; ) {
      const page = await this.getJson<RecordsPage<R>>(`${recordsPath(entity)}?limit=1000${after ? `&after=${after}` : ''}`);
      out.push(...page.records);
      if (!page.next) return out;
      after = page.next;
    }
  }

  /** The bytes of an attachment as the server holds them, or null when it answers 404. */
  async download(sha256: string): Promise<Buffer | null> {
    const res = await fetch(`${this.baseUrl}${attachmentPath(sha256)}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`download failed: ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  /** Everything this user may see, pulled page by page. */
  async pullAll(): Promise<{
    tickets: Map<string, Ticket>;
    worklogs: Worklog[];
    attachments: Attachment[];
    tasks: Task[];
    events: TicketEvent[];
    persons: Person[];
    assets: Map<string, Asset>;
    configurationItems: ConfigurationItem[];
    assetInventories: Map<string, AssetInventory>;
  }> {
    const tickets = new Map<string, Ticket>();
    const worklogs = new Map<string, Worklog>();
    const attachments = new Map<string, Attachment>();
    const tasks = new Map<string, Task>();
    const events = new Map<string, TicketEvent>();
    const persons = new Map<string, Person>();
    const assets = new Map<string, Asset>();
    const configurationItems = new Map<string, ConfigurationItem>();
    const assetInventories = new Map<string, AssetInventory>();
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
        if (c.entity === 'attachment') attachments.set(c.id, c.data as Attachment);
        if (c.entity === 'task') tasks.set(c.id, c.data as Task);
        if (c.entity === 'ticket_event') events.set(c.id, c.data as TicketEvent);
        if (c.entity === 'person') persons.set(c.id, c.data as Person);
        if (c.entity === 'asset') assets.set(c.id, c.data as Asset);
        if (c.entity === 'configuration_item') configurationItems.set(c.id, c.data as ConfigurationItem);
        if (c.entity === 'asset_inventory') assetInventories.set(c.id, c.data as AssetInventory);
      }
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    return {
      tickets,
      worklogs: [...worklogs.values()],
      attachments: [...attachments.values()],
      tasks: [...tasks.values()],
      events: [...events.values()],
      persons: [...persons.values()],
      assets,
      configurationItems: [...configurationItems.values()],
      assetInventories,
    };
  }
}
