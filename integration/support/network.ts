/**
 * A fault-injecting network between sync engines and one FieldDesk server.
 *
 * Each client gets a SyncPlatform whose pushes may be, at random (seeded):
 * - held: the push waits "on the wire" until the test delivers it, while other clients
 *   carry on (so pushes of different clients are delayed and reordered);
 * - dropped before the server: the client sees a network error, nothing was applied;
 * - delayed: the client sees a time-out, but the request reaches the server later;
 * - answered, then the answer dropped: the server applied it, the client must retry and
 *   be answered "duplicate";
 * - duplicated on the wire: the server receives it twice, now or later.
 * Pulls and session checks can fail too. A client that is offline gets "offline" at once.
 *
 * Every answer the server gives for every op, whether or not it reaches a client, is kept
 * in `serverAnswers`; every answer a client receives, in `clientAnswers`. The tests use
 * both to account for each op.
 */
import { ApiError, type PlatformEvent } from '@fielddesk/common/ipc/contract';
import type { OpResult, PushRequest, PushResponse } from '@fielddesk/common/sync/protocol';
import type { SyncPlatform } from '../../renderer/src/data/sync/engine';
import type { InjectServerClient } from './injectPlatform';
import { pickIndex, type Rng } from './rng';

export interface FaultRates {
  /** Push waits on the wire until deliverHeld. */
  hold: number;
  /** Push lost before it reached the server. */
  dropRequest: number;
  /** Client times out; the request reaches the server later (flushStale). */
  delay: number;
  /** Server applies the push; its answer is lost. */
  dropResponse: number;
  /** Server receives the push twice now; the client gets one of the two answers. */
  duplicate: number;
  /** A copy of a delivered push arrives again later (flushStale). */
  lateCopy: number;
  /** A pull or session check fails with a network error. */
  dropPull: number;
}

export const NO_FAULTS: FaultRates = { hold: 0, dropRequest: 0, delay: 0, dropResponse: 0, duplicate: 0, lateCopy: 0, dropPull: 0 };

export interface NetClient {
  name: string;
  server: InjectServerClient;
  online: boolean;
}

interface Held {
  client: NetClient;
  request: PushRequest;
  resolve(response: PushResponse): void;
  reject(error: unknown): void;
}

const lost = (what: string) => new ApiError('offline', `Simulated network fault: ${what}.`);

export class FaultyNetwork {
  rates: FaultRates;
  /** Every answer the server gave, per opId (including answers nobody received). */
  readonly serverAnswers = new Map<string, OpResult[]>();
  /** Every answer a client received, per opId. */
  readonly clientAnswers = new Map<string, OpResult[]>();
  /** Pushes waiting on the wire for their client. */
  readonly held: Held[] = [];
  /** Requests that will reach the server late, with nobody waiting for the answer. */
  readonly stale: { client: NetClient; request: PushRequest }[] = [];
  readonly counts = { pushes: 0, delivered: 0, held: 0, droppedRequests: 0, delayed: 0, droppedResponses: 0, duplicated: 0, lateCopies: 0, droppedPulls: 0 };
  private readonly heldWaiters = new Map<NetClient, () => void>();

  constructor(
    private readonly rng: Rng,
    rates: FaultRates,
  ) {
    this.rates = rates;
  }

  /** Resolves when `client` next has a push held on the wire. */
  nextHeld(client: NetClient): Promise<void> {
    return new Promise((resolve) => this.heldWaiters.set(client, resolve));
  }

  hasHeld(client: NetClient): boolean {
    return this.held.some((h) => h.client === client);
  }

  private async deliver(client: NetClient, request: PushRequest): Promise<PushResponse> {
    // A copy, so later changes to the engine's objects cannot alter what "was sent".
    const body = structuredClone(request);
    const response = await client.server.push(body);
    this.counts.delivered++;
    for (const result of response.results) {
      const list = this.serverAnswers.get(result.opId) ?? [];
      list.push(result);
      this.serverAnswers.set(result.opId, list);
    }
    return response;
  }

  private received(response: PushResponse): PushResponse {
    for (const result of response.results) {
      const list = this.clientAnswers.get(result.opId) ?? [];
      list.push(result);
      this.clientAnswers.set(result.opId, list);
    }
    return response;
  }

  /** Delivers the push to the server now and decides what happens to its answer. */
  private async deliverAndAnswer(client: NetClient, request: PushRequest): Promise<PushResponse> {
    const r = this.rng();
    const { dropResponse, duplicate, lateCopy } = this.rates;
    if (r < dropResponse) {
      await this.deliver(client, request);
      this.counts.droppedResponses++;
      throw lost('the answer to a push was lost after the server applied it');
    }
    if (r < dropResponse + duplicate) {
      const first = await this.deliver(client, request);
      const second = await this.deliver(client, request);
      this.counts.duplicated++;
      return this.received(this.rng() < 0.5 ? first : second);
    }
    if (r < dropResponse + duplicate + lateCopy) {
      this.stale.push({ client, request: structuredClone(request) });
      this.counts.lateCopies++;
    }
    return this.received(await this.deliver(client, request));
  }

  platformFor(client: NetClient): SyncPlatform {
    return {
      push: async (request) => {
        this.counts.pushes++;
        if (!client.online) throw lost('this client is offline');
        const r = this.rng();
        const { hold, dropRequest, delay } = this.rates;
        if (r < hold) {
          this.counts.held++;
          return new Promise<PushResponse>((resolve, reject) => {
            this.held.push({ client, request: structuredClone(request), resolve, reject });
            const waiter = this.heldWaiters.get(client);
            this.heldWaiters.delete(client);
            waiter?.();
          });
        }
        if (r < hold + dropRequest) {
          this.counts.droppedRequests++;
          throw lost('a push was lost before it reached the server');
        }
        if (r < hold + dropRequest + delay) {
          this.counts.delayed++;
          this.stale.push({ client, request: structuredClone(request) });
          throw lost('a push timed out (it will still reach the server, late)');
        }
        return this.deliverAndAnswer(client, request);
      },
      pull: async (query) => {
        if (!client.online) throw lost('this client is offline');
        if (this.rng() < this.rates.dropPull) {
          this.counts.droppedPulls++;
          throw lost('a pull was lost');
        }
        return client.server.pull(query);
      },
      getSession: async () => {
        if (!client.online) throw lost('this client is offline');
        if (this.rng() < this.rates.dropPull) throw lost('a session check was lost');
        return client.server.getSession();
      },
      onEvent: (_listener: (event: PlatformEvent) => void) => () => undefined,
      getUploadQueue: async () => ({ pending: 0, bytesPending: 0, lastError: null }),
    };
  }

  /** Delivers one held push (chosen by `pick`); its answer may still be lost or doubled. */
  async deliverHeld(pick: number): Promise<NetClient | null> {
    if (this.held.length === 0) return null;
    const [item] = this.held.splice(pickIndex(() => pick, this.held.length), 1);
    if (!item) return null;
    try {
      item.resolve(await this.deliverAndAnswer(item.client, item.request));
    } catch (error) {
      item.reject(error);
    }
    return item.client;
  }

  /** Delivers one late request (chosen by `pick`); nobody is waiting for its answer. */
  async flushStale(pick: number): Promise<void> {
    if (this.stale.length === 0) return;
    const [item] = this.stale.splice(pickIndex(() => pick, this.stale.length), 1);
    if (item) await this.deliver(item.client, item.request);
  }

  /** Everything still on the wire reaches the server, answers delivered without faults. */
  async drain(): Promise<void> {
    const saved = this.rates;
    this.rates = { ...saved, dropResponse: 0, duplicate: 0, lateCopy: 0 };
    try {
      while (this.held.length > 0) await this.deliverHeld(0);
      while (this.stale.length > 0) await this.flushStale(0);
    } finally {
      this.rates = saved;
    }
  }
}
