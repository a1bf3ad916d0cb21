/**
 * The history of the replica's latest schema: one digest per Dexie version from 6 on, oldest
 * first (db.ts storesDigest of latestStores(): the tables declared in common/entities/ and the
 * local ones). Adding an entity, or changing a declared replica table or its indexes, changes
 * the digest: db.test.ts then fails and prints the line to append here, which raises the
 * version by one so that every replica upgrades.
 */
const DIGESTS = ['25t44244n5q', 'mfxbb3ombl', 'zlmtftvi5w', '1znw28sozho', '1tp9h40kvrp', '7qez8itpbt', '1lue2wtsa0f', '1vhgbd7u3k5', '1ycuaxjcfkc', '2ay931ii645'] as const;

/** The replica's latest Dexie version (versions up to 5 are the upgrades kept in db.ts). */
export const REPLICA_VERSION = 5 + DIGESTS.length;
/** The schema the latest version was made for. */
export const REPLICA_SCHEMA_DIGEST: string = DIGESTS[DIGESTS.length - 1]!;
