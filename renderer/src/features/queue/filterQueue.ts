/**
 * Kept only for renderer/src/data/sync/pull.test.ts, which imports ticketNumber from here;
 * the queue itself uses engine/item.ts, and screens use data/display.ts.
 */
export { ticketNumber } from '../../data/display';
