/**
 * Where the impact view spends its time, as User Timing measures (performance.measure) that
 * `npm run bench:assets` reads from the page: reading the replica, the walk (impactOf), the
 * list's rows and the dagre layout. Cheap enough to stay in production: a clock read and one
 * measure per step, and each name keeps only its latest entry (cleared before it is written), so
 * nothing piles up however often the view is opened. Never throws: timing is informative only.
 */

export const IMPACT_MEASURES = {
  /** loadImpact as a whole: the replica's reads, the walk and the rows. */
  load: 'fielddesk:impact:load',
  /** impactView: the walk over the relations (impactOf) and the direction filter. */
  traversal: 'fielddesk:impact:traversal',
  /** impactRows: the list's rows, each with the relation it was reached through. */
  rows: 'fielddesk:impact:rows',
  /** layoutImpact: dagre placing the boxes. */
  layout: 'fielddesk:impact:layout',
} as const;

export type ImpactMeasure = (typeof IMPACT_MEASURES)[keyof typeof IMPACT_MEASURES];

/** Records the span from `start` (performance.now()) to now under `name`, replacing its previous entry. */
export function measureSince(name: ImpactMeasure, start: number): void {
  try {
    const end = performance.now();
    performance.clearMeasures(name);
    performance.measure(name, { start, end });
  } catch {
    // A host without User Timing Level 3 (an old engine, a test DOM): nothing to record.
  }
}

/** Runs `fn` and records how long it took under `name`. */
export function timed<T>(name: ImpactMeasure, fn: () => T): T {
  const start = performance.now();
  try {
    return fn();
  } finally {
    measureSince(name, start);
  }
}
