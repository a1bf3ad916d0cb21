/**
 * `defineEntity`: one declaration per synced entity. From it come the entity's name and record
 * type, its server table and columns, and its replica table and indexes; the sync core and the
 * replica read these instead of spelling each entity out (see ./registry.ts for what is derived).
 *
 * Columns are derived from the schema: each record field is the column of its snake_case name,
 * and how the value is stored follows the field's type: booleans as 0/1 (`bool`), arrays and
 * objects as JSON text (`json`), numbers as numbers (`number`, which also turns PostgreSQL's
 * bigint strings back into numbers), everything else as it is (`value`). A declaration names only
 * the exceptions: another column name, a lenient reader for a stored value, or a field that is
 * not a column of the entity's table at all (`null`: e.g. a person's groups, kept in a table of
 * their own).
 */
import type { z } from 'zod';
import type { FieldPolicy } from '../sync/merge';
import { ruleFields, type ScopeRule } from './scope';

/** How a record field is stored in its column. */
export type Codec = 'value' | 'number' | 'bool' | 'json';

export interface Column {
  /** The record field. */
  field: string;
  /** The server column. */
  column: string;
  codec: Codec;
  /**
   * Reads the stored value when the plain codec would be too strict (a damaged or older value
   * read as a sensible default rather than failing the whole pull). Given the raw column value.
   */
  read?: (stored: unknown) => unknown;
}

/** What a declaration may say about one field: another column name, or more, or `null` (not a column). */
export type ColumnOverride = string | Partial<Omit<Column, 'field'>> | null;

/** A patch op: the fields a client may change, each with its merge policy (common/sync/merge.ts). */
export interface PatchOps<Fields extends z.ZodType = z.ZodType> {
  /** The op's `fields`: a non-empty part of the patchable fields (see `patchOf`). */
  fields: Fields;
  /** Every patchable field and how a clash on it is merged. */
  policies: Readonly<Record<string, FieldPolicy>>;
}

/**
 * The ops clients may send for an entity (common/sync/protocol.ts derives the op union from
 * them): `create` with its data schema, `patch` with its fields and merge policies, `delete`.
 * An entity without ops is changed only by the server.
 */
export interface EntityOps {
  create?: z.ZodType;
  patch?: PatchOps;
  delete?: true;
}

export interface EntityInput<Name extends string, Schema extends z.ZodObject, ReplicaTable extends string = string, Ops extends EntityOps = EntityOps> {
  /** The entity's name in the sync protocol (ops, changes, cursors). */
  name: Name;
  /** The whole record, as every layer validates it. */
  schema: Schema;
  /** The server table. */
  table: string;
  /** Exceptions to the derived columns (see the module comment). */
  columns?: { readonly [F in keyof z.infer<Schema> & string]?: ColumnOverride };
  /**
   * Columns of the table that are not fields of the record, by the name scope rules use for
   * them: e.g. an asset inventory keeps its asset's site (`{ siteId: 'site_id' }`) to be scoped by.
   */
  tableOnly?: Readonly<Record<string, string>>;
  /** Who may see its records (./scope.ts); the rule reads fields, or `tableOnly` columns. */
  scope: ScopeRule;
  /** The replica's Dexie table and the fields it is indexed on (the primary key `id` is implied). */
  replica: { table: ReplicaTable; indexes: readonly string[] };
  /** The ops clients may send (none: the server alone changes its records). */
  ops?: Ops;
  /** The human number the server gives each new record (see `Numbering`); none when its records have no number. */
  numbering?: Numbering;
}

/**
 * How the server numbers an entity's records in its `number` field: a prefix and a counter
 * per numbered kind (INC-0042, TASK-0007). `by` names the field that picks the kind (a
 * ticket's `kind`); without it the entity is one kind.
 */
export interface Numbering {
  /** Numbered kind -> prefix. */
  prefixes: Readonly<Record<string, string>>;
  by?: string;
}

export interface EntityDeclaration<
  Name extends string = string,
  Schema extends z.ZodObject = z.ZodObject,
  ReplicaTable extends string = string,
  Ops extends EntityOps = EntityOps,
> {
  readonly name: Name;
  readonly schema: Schema;
  readonly table: string;
  /** Every field stored in the entity's table, in the schema's order. */
  readonly columns: readonly Column[];
  /** Fields that are not columns of the table (filled in by whoever reads the record). */
  readonly derivedFields: readonly string[];
  readonly scope: ScopeRule;
  /** The column of each field a scope rule may read: every column's field, and the `tableOnly` ones. */
  readonly scopeColumns: Readonly<Record<string, string>>;
  readonly replica: { readonly table: ReplicaTable; readonly indexes: readonly string[] };
  readonly ops: Ops;
  readonly numbering: Numbering | null;
}

/** camelCase → snake_case: `assignedToId` → `assigned_to_id`. */
export function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The codec a field's zod type calls for (wrappers such as nullable and default looked through). */
export function codecOf(type: z.ZodType): Codec {
  let def = (type as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })._zod.def;
  while (def.innerType && ['nullable', 'optional', 'default', 'readonly', 'prefault', 'catch'].includes(def.type)) {
    def = (def.innerType as unknown as { _zod: { def: typeof def } })._zod.def;
  }
  switch (def.type) {
    case 'boolean':
      return 'bool';
    case 'array':
    case 'object':
    case 'record':
    case 'tuple':
      return 'json';
    case 'number':
    case 'int':
      return 'number';
    default:
      return 'value';
  }
}

export function defineEntity<const Name extends string, Schema extends z.ZodObject, const ReplicaTable extends string, const Ops extends EntityOps = Record<never, never>>(
  input: EntityInput<Name, Schema, ReplicaTable, Ops>,
): EntityDeclaration<Name, Schema, ReplicaTable, Ops> {
  const overrides = (input.columns ?? {}) as Record<string, ColumnOverride | undefined>;
  for (const field of Object.keys(overrides)) {
    if (!(field in input.schema.shape)) throw new Error(`entity ${input.name}: a column override names ${field}, which is not a field of its schema`);
  }
  const columns: Column[] = [];
  const derivedFields: string[] = [];
  for (const [field, type] of Object.entries(input.schema.shape)) {
    const override = overrides[field];
    if (override === null) {
      derivedFields.push(field);
      continue;
    }
    const spec = typeof override === 'string' ? { column: override } : (override ?? {});
    columns.push({ field, column: spec.column ?? snakeCase(field), codec: spec.codec ?? codecOf(type as z.ZodType), ...(spec.read && { read: spec.read }) });
  }
  for (const index of input.replica.indexes) {
    const field = index.replace(/^[*&]/, '');
    if (!(field in input.schema.shape)) throw new Error(`entity ${input.name}: the replica index ${index} is not a field of its schema`);
  }
  const scopeColumns: Record<string, string> = { ...Object.fromEntries(columns.map((c) => [c.field, c.column])), ...input.tableOnly };
  for (const field of ruleFields(input.scope)) {
    if (!(field in scopeColumns)) throw new Error(`entity ${input.name}: its scope reads ${field}, which is not a column of its table`);
  }
  if (input.numbering && !('number' in input.schema.shape)) throw new Error(`entity ${input.name}: it is numbered but has no number field`);
  if (input.numbering?.by && !(input.numbering.by in input.schema.shape)) throw new Error(`entity ${input.name}: its numbering is by ${input.numbering.by}, which is not a field of its schema`);
  for (const field of Object.keys(input.ops?.patch?.policies ?? {})) {
    if (!(field in input.schema.shape)) throw new Error(`entity ${input.name}: its patch names ${field}, which is not a field of its schema`);
  }
  return {
    name: input.name,
    schema: input.schema,
    table: input.table,
    columns,
    derivedFields,
    scope: input.scope,
    scopeColumns,
    replica: input.replica,
    ops: input.ops ?? ({} as Ops),
    numbering: input.numbering ?? null,
  };
}

/** The fields of a patch op of an entity whose record is `Record`, for the given policies. */
export type PatchFields<Record, Policies> = Partial<Pick<Record, keyof Policies & keyof Record>>;

/**
 * A patch op's schema and policies, picked from the entity's schema: the fields named in
 * `policies` (each with its merge policy), each optional, at least one, nothing else. `input`
 * replaces a field's rule where what a client sends is checked more strictly than what is
 * stored (a title is trimmed before its length is checked), with the same value type.
 */
export function patchOf<Schema extends z.ZodObject, const Policies extends { readonly [F in keyof z.infer<Schema>]?: FieldPolicy }>(
  schema: Schema,
  policies: Policies,
  input: { readonly [F in keyof Policies]?: z.ZodType<z.infer<Schema>[F & keyof z.infer<Schema>]> } = {},
): { fields: z.ZodType<PatchFields<z.infer<Schema>, Policies>>; policies: Policies } {
  const mask = Object.fromEntries(Object.keys(policies).map((f) => [f, true])) as Record<string, true>;
  const fields = schema
    .pick(mask)
    .extend(input as Record<string, z.ZodType>)
    .partial()
    .strict()
    .refine((f) => Object.keys(f).length > 0, 'a patch must change at least one field');
  return { fields: fields as unknown as z.ZodType<PatchFields<z.infer<Schema>, Policies>>, policies };
}

/** The record of a row of the entity's table: every column read by its codec; derived fields are left out. */
export function recordFromRow(entity: EntityDeclaration, row: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const c of entity.columns) {
    const stored = row[c.column];
    record[c.field] = c.read ? c.read(stored) : decode(c.codec, stored);
  }
  return record;
}

/** The row of a record: every column written by its codec. */
export function rowFromRecord(entity: EntityDeclaration, record: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const c of entity.columns) row[c.column] = encode(c.codec, record[c.field]);
  return row;
}

function decode(codec: Codec, stored: unknown): unknown {
  if (stored === null || stored === undefined) return null;
  switch (codec) {
    case 'bool':
      return Number(stored) === 1;
    case 'number':
      return Number(stored);
    case 'json':
      return typeof stored === 'string' ? JSON.parse(stored) : stored;
    default:
      return stored;
  }
}

function encode(codec: Codec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (codec) {
    case 'bool':
      return value ? 1 : 0;
    case 'json':
      return JSON.stringify(value);
    default:
      return value;
  }
}

/** The Dexie store definition of a replica table: the primary key, then the indexes. */
export function replicaStore(entity: EntityDeclaration): string {
  return ['id', ...entity.replica.indexes].join(', ');
}
