/** The `field_revs` of a seeded record (server/src/sync/field-state.ts): every field last changed at its own rev. */
export const fieldRevsAt = (record: object, rev: number): string => JSON.stringify(Object.fromEntries(Object.keys(record).filter((k) => k !== 'id' && k !== 'rev').map((k) => [k, rev])));
