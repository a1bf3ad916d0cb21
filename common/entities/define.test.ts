import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NUMBER_PREFIX, numberingOf } from '../itsm/numbering';
import { OpSchema } from '../sync/protocol';
import { codecOf, defineEntity, patchOf, recordFromRow, replicaStore, rowFromRecord, snakeCase } from './define';
import { ENTITIES, ENTITY_NAMES, EntityNameSchema, entities, entitySchemas } from './registry';
import { scope } from './scope';

const WidgetSchema = z.object({
  id: z.string(),
  ownerId: z.string().nullable(),
  published: z.boolean(),
  tags: z.array(z.string()),
  size: z.number().int(),
  note: z.string().nullable(),
  extra: z.array(z.string()),
  rev: z.number(),
});

describe('defineEntity', () => {
  it('derives each column from the field: snake_case, stored by its type', () => {
    expect(snakeCase('assignedToId')).toBe('assigned_to_id');
    expect(codecOf(z.boolean().nullable())).toBe('bool');
    expect(codecOf(z.array(z.string()).default([]))).toBe('json');
    expect(codecOf(z.object({ a: z.string() }))).toBe('json');
    expect(codecOf(z.number().int().nonnegative())).toBe('number');
    expect(codecOf(z.enum(['a', 'b']))).toBe('value');
    const widget = defineEntity({
      name: 'widget',
      schema: WidgetSchema,
      table: 'widgets',
      scope: scope.everyone(),
      columns: { note: 'remark', extra: null },
      replica: { table: 'widgets', indexes: ['ownerId', '*tags'] },
    });
    expect(widget.columns.map((c) => [c.field, c.column, c.codec])).toEqual([
      ['id', 'id', 'value'],
      ['ownerId', 'owner_id', 'value'],
      ['published', 'published', 'bool'],
      ['tags', 'tags', 'json'],
      ['size', 'size', 'number'],
      ['note', 'remark', 'value'],
      ['rev', 'rev', 'number'],
    ]);
    expect(widget.derivedFields).toEqual(['extra']);
    expect(replicaStore(widget)).toBe('id, ownerId, *tags');
  });

  it('maps a record to its row and back, every codec both ways', () => {
    const widget = defineEntity({ name: 'widget', schema: WidgetSchema, table: 'widgets', scope: scope.everyone(), columns: { extra: null }, replica: { table: 'widgets', indexes: [] } });
    const record = { id: 'w1', ownerId: null, published: true, tags: ['a', 'b'], size: 3, note: 'x', rev: 7 };
    const row = rowFromRecord(widget, record);
    expect(row).toEqual({ id: 'w1', owner_id: null, published: 1, tags: '["a","b"]', size: 3, note: 'x', rev: 7 });
    // PostgreSQL hands bigints back as strings; they are numbers again in the record.
    expect(recordFromRow(widget, { ...row, rev: '7', size: '3' })).toEqual(record);
  });

  it('refuses a declaration that names a field its schema does not have', () => {
    expect(() =>
      defineEntity({ name: 'widget', schema: WidgetSchema, table: 'widgets', scope: scope.everyone(), columns: { nope: 'x' } as never, replica: { table: 'widgets', indexes: [] } }),
    ).toThrow(/widget: a column override names nope/);
    expect(() => defineEntity({ name: 'widget', schema: WidgetSchema, table: 'widgets', scope: scope.everyone(), replica: { table: 'widgets', indexes: ['colour'] } })).toThrow(
      /widget: the replica index colour is not a field/,
    );
  });
});

describe('the declared entities', () => {
  it('give the entity names, their enum and their schemas, one per declaration', () => {
    expect(ENTITY_NAMES).toEqual(ENTITIES.map((e) => e.name));
    expect(new Set(ENTITY_NAMES).size).toBe(ENTITIES.length);
    expect(EntityNameSchema.options).toEqual([...ENTITY_NAMES]);
    for (const e of ENTITIES) {
      expect(entities[e.name]).toBe(e);
      expect(entitySchemas[e.name]).toBe(e.schema);
    }
  });

  it('each has an id and a rev column, and no two fields share a server table or a replica table', () => {
    for (const e of ENTITIES) {
      const columns = e.columns.map((c) => c.column);
      expect(columns, e.name).toContain('id');
      expect(columns, e.name).toContain('rev');
    }
    expect(new Set(ENTITIES.map((e) => e.table)).size).toBe(ENTITIES.length);
    expect(new Set(ENTITIES.map((e) => e.replica.table)).size).toBe(ENTITIES.length);
  });
});

describe('ops', () => {
  it('picks a patch from the entity schema: the named fields, optional, at least one, nothing else', () => {
    const patch = patchOf(WidgetSchema, { published: 'conflict', note: 'conflict' }, { note: z.string().trim().min(1).nullable() });
    expect(patch.policies).toEqual({ published: 'conflict', note: 'conflict' });
    expect(patch.fields.parse({ published: true })).toEqual({ published: true });
    expect(patch.fields.parse({ note: '  hi ' })).toEqual({ note: 'hi' });
    expect(patch.fields.safeParse({}).success).toBe(false);
    expect(patch.fields.safeParse({ size: 3 }).success).toBe(false);
    expect(patch.fields.safeParse({ note: '   ' }).success).toBe(false);
    expect(patch.fields.safeParse({ published: 'yes' }).success).toBe(false);
  });

  it('refuses a patch that names a field the schema lacks', () => {
    expect(() =>
      defineEntity({
        name: 'widget',
        schema: WidgetSchema,
        table: 'widgets',
        scope: scope.everyone(),
        replica: { table: 'widgets', indexes: [] },
        ops: { patch: { fields: z.object({}), policies: { colour: 'conflict' } } },
      }),
    ).toThrow(/patch names colour/);
  });

  it('derives the op union from every declaration that accepts ops', () => {
    const base = { opId: '0b7c5a4e-4f4a-4d7e-9d0b-7f1d1f6f2a01', seq: 1, id: '0b7c5a4e-4f4a-4d7e-9d0b-7f1d1f6f2a02', clientTime: '2026-01-01T00:00:00.000Z' };
    // Every entity and kind: the schema knows the kind exactly when the declaration accepts it (an
    // entity or kind it does not know fails on that; one it knows fails on the payload only).
    for (const e of ENTITIES) {
      for (const kind of ['create', 'patch', 'delete'] as const) {
        const result = OpSchema.safeParse({ ...base, entity: e.name, kind, baseRev: 0, data: { nonsense: 1 }, fields: { nonsense: 1 } });
        const knowsKind = result.success || !result.error.issues.some((i) => ['entity', 'kind'].includes(i.path.join('.')));
        expect(knowsKind, `${e.name}:${kind}`).toBe(Boolean(e.ops[kind as keyof typeof e.ops]));
      }
    }
    expect(ENTITIES.filter((e) => Object.keys(e.ops).length > 0).length).toBeGreaterThan(5);
    expect(OpSchema.safeParse({ ...base, entity: 'ticket_link', kind: 'delete' }).success).toBe(true);
    expect(OpSchema.safeParse({ ...base, entity: 'worklog', kind: 'delete' }).success).toBe(false);
    expect(OpSchema.safeParse({ ...base, entity: 'site', kind: 'create', data: {} }).success).toBe(false);
    expect(OpSchema.safeParse({ ...base, entity: 'ticket', kind: 'patch', baseRev: 3, fields: { title: ' New ' } })).toMatchObject({ success: true, data: { fields: { title: 'New' } } });
  });
});

describe('numbering', () => {
  it('gives each numbered kind the prefix its declaration names', () => {
    expect(NUMBER_PREFIX).toEqual({ incident: 'INC', service_request: 'REQ', problem: 'PRB', task: 'TASK', knowledge_article: 'KB', purchase_order: 'PO', audit: 'AUD', change: 'CHG', release: 'REL' });
    expect(numberingOf('problem')).toMatchObject({ entity: { name: 'ticket' }, by: 'kind' });
    expect(numberingOf('task')).toMatchObject({ entity: { name: 'task' }, by: null });
  });
});
