/**
 * What the store and its migrations both need to know of the engine, kept apart from both so
 * neither imports the other for it.
 */

/** The engine a store runs on: SQLite (a file in the data directory) or PostgreSQL. */
export type StoreKind = 'sqlite' | 'postgres';

/** The rev sequence used on PostgreSQL (SQLite counts in change_sequence instead). */
export const PG_REV_SEQUENCE = 'fielddesk_rev_seq';
