import { describe, expect, it } from 'vitest';
import { CursorSchema, describeZodError, formatCursor, MAX_PULL_LIMIT, parseCursor, PullQuerySchema, PushRequestSchema } from './protocol';

const uuid = (n: number) => `0190a4b2-1c2d-7e3f-8a4b-${String(n).padStart(12, '0')}`;
const patch = (over: Record<string, unknown> = {}) => ({
  opId: uuid(1),
  seq: 1,
  entity: 'ticket',
  id: uuid(2),
  kind: 'patch',
  baseRev: 7,
  fields: { status: 'in_progress' },
  clientTime: '2026-11-21T08:00:00.000Z',
  ...over,
});
const parse = (ops: unknown[]) => PushRequestSchema.safeParse({ clientId: uuid(9), ops });
const errorOf = (ops: unknown[]) => {
  const r = parse(ops);
  if (r.success) throw new Error('expected a failure');
  return describeZodError(r.error);
};

describe('push request', () => {
  it('accepts a ticket patch and a worklog create', () => {
    const worklog = {
      opId: uuid(3),
      seq: 2,
      entity: 'worklog',
      id: uuid(4),
      kind: 'create',
      data: { ticketId: uuid(2), body: 'Swapped the docking station', minutes: 20 },
      clientTime: '2026-11-21T08:05:00.000Z',
    };
    expect(parse([patch(), worklog]).success).toBe(true);
  });

  it('names a missing opId', () => {
    const { opId: _omit, ...noOpId } = patch();
    expect(errorOf([noOpId])).toContain('ops[0].opId');
  });

  it('names an unknown entity', () => {
    expect(errorOf([patch({ entity: 'spaceship' })])).toMatch(/ops\[0\]\.entity/);
  });

  it('names a field of the wrong type', () => {
    expect(errorOf([patch({ fields: { priority: 'urgent' } })])).toContain('ops[0].fields.priority');
    expect(errorOf([patch({ fields: { status: 'done' } })])).toContain('ops[0].fields.status');
  });

  it('refuses fields a client may not set, an empty patch, and worklog edits', () => {
    expect(errorOf([patch({ fields: { number: 'INC-9999' } })])).toContain('ops[0].fields');
    expect(errorOf([patch({ fields: {} })])).toContain('at least one field');
    expect(parse([patch({ entity: 'worklog' })]).success).toBe(false);
  });

  it('refuses an empty batch', () => {
    expect(errorOf([])).toContain('ops');
  });
});

describe('pull query', () => {
  it('defaults the cursor and limit', () => {
    expect(PullQuerySchema.parse({})).toEqual({ cursor: '0', limit: 1000 });
  });
  it('accepts numeric cursors and refuses garbage', () => {
    expect(CursorSchema.safeParse('1234').success).toBe(true);
    expect(CursorSchema.safeParse('1234.7').success).toBe(true);
    expect(parseCursor('1234.7')).toEqual({ rev: 1234, scopeVersion: 7 });
    expect(parseCursor('99')).toEqual({ rev: 99, scopeVersion: null });
    expect(formatCursor(5, 2)).toBe('5.2');
    for (const bad of ['abc', '-1', '01', '1e9', '', '12345678901234567', '1.', '1.2.3', '.5']) expect(CursorSchema.safeParse(bad).success).toBe(false);
  });
  it('caps the limit', () => {
    expect(PullQuerySchema.safeParse({ limit: String(MAX_PULL_LIMIT + 1) }).success).toBe(false);
    expect(PullQuerySchema.parse({ limit: '50' }).limit).toBe(50);
  });
});
