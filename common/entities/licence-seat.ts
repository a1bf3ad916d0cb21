import { z } from 'zod';
import type { SeatAssignment } from '../assets/compliance';
import { SeatAssignmentSchema } from '../assets/compliance';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { defineEntity } from './define';
import { scope } from './scope';

/**
 * A seat of a licence given to an asset or a person (../assets/compliance.ts
 * SeatAssignmentSchema), kept flat (targetKind, targetId) so that both stores and the replica
 * index it and find one target's seats.
 */
export const LicenceSeatSchema = z.object({
  id: IdSchema,
  licenceId: IdSchema,
  targetKind: SeatAssignmentSchema.shape.target.shape.kind,
  targetId: IdSchema,
  assignedById: IdSchema.nullable(),
  createdAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type LicenceSeat = z.infer<typeof LicenceSeatSchema>;

/** A new seat: exactly a SeatAssignment. */
export const LicenceSeatCreateDataSchema = SeatAssignmentSchema;

/** The seat as compliance reads it. */
export function seatAssignmentOf(seat: Pick<LicenceSeat, 'licenceId' | 'targetKind' | 'targetId'>): SeatAssignment {
  return { licenceId: seat.licenceId, target: { kind: seat.targetKind, id: seat.targetId } };
}

/**
 * Seats are given and taken back (created and deleted), never edited. Scope: everyone, as
 * the licences: the app refuses a seat beyond the licence's count before queuing it, which
 * it can only do when it holds every seat of the licence.
 */
export const licenceSeat = defineEntity({
  name: 'licence_seat',
  schema: LicenceSeatSchema,
  table: 'licence_seats',
  scope: scope.everyone(),
  replica: { table: 'licenceSeats', indexes: ['licenceId', 'targetId'] },
  ops: { create: LicenceSeatCreateDataSchema, delete: true },
});
