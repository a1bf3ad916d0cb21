/**
 * What every op handler of a push batch shares: how an op is refused (a Rejection carries
 * the reason a person reads), and the time an op happened.
 */
import type { TransitionCheck } from '@fielddesk/common/itsm/lifecycle';

export const NOT_VISIBLE = 'Ticket not found or not visible to you.';

/** Thrown by a handler to refuse its op; PushBatch.apply turns it into a 'rejected' answer. */
export class Rejection extends Error {}

export const reject = (reason: string): never => {
  throw new Rejection(reason);
};

/** Refuses the op when a shared rule (common/itsm) says no, with that rule's words. */
export function enforce(check: TransitionCheck): void {
  if (!check.ok) reject(check.reason);
}

/** The client's clock for "when it happened", but never later than the server's now. */
export function clampTime(clientTime: string, nowIso: string): string {
  const t = Date.parse(clientTime);
  return Number.isFinite(t) && t <= Date.parse(nowIso) ? new Date(t).toISOString() : nowIso;
}

/** A patch's fields without the ones it leaves out (zod keeps absent optional keys absent; this drops explicit undefined too). */
export function definedFields<F extends object>(fields: F): Partial<F> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<F>;
}
