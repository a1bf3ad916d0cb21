import { z } from 'zod';

/**
 * Record ids are UUIDs made on the client (v7 for new records, so they sort by time).
 * The server accepts any RFC 4122 UUID so that seeded and imported records fit too.
 */
export const IdSchema = z.uuid({ message: 'must be a UUID' });
export type Id = z.infer<typeof IdSchema>;

/** ISO-8601 timestamp with a time zone, as produced by Date#toISOString(). */
export const TimestampSchema = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp' });
export type Timestamp = z.infer<typeof TimestampSchema>;
