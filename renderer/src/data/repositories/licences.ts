/**
 * Software licences and their seats, on this device. Each change is ONE Dexie transaction
 * (record + outbox op). Before writing, the server's rules are checked over the replica in its
 * words (common/assets/contracts.ts): only desk staff and admins add or change licences; a
 * licence's seats, cost and dates (checkLicence, with the seats given on this device); a seat
 * beyond the licence's count or a second seat for one target (checkSeatAssignment). The
 * replica holds every seat of every licence (their scope is everyone), so what the app allows
 * offline the server allows too, unless someone else gave the last seat meanwhile: that op
 * comes back refused, in these words, as a sync notice.
 */
import type { Table } from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { SessionUser } from '@fielddesk/common/api/http';
import { assetLabel, checkLicence, checkSeatAssignment, ONLY_DESK_LICENCES, type SeatTargetKind } from '@fielddesk/common/assets/contracts';
import type { Asset, Person } from '@fielddesk/common/domain/entities';
import { LicenceCreateDataSchema, type LicenceRecord } from '@fielddesk/common/entities/licence';
import type { LicenceSeat } from '@fielddesk/common/entities/licence-seat';
import { entities } from '@fielddesk/common/entities/registry';
import { seesEverything } from '@fielddesk/common/entities/scope';
import { recordKey, type FieldDeskDb } from '../db';
import { firstIssue } from './rules';
import type { IntentResult, RepositoryContext } from './tickets';
import { serverBaseOf, writeLocal } from './write';

export type NewLicence = z.input<typeof LicenceCreateDataSchema>;
export type LicenceFields = z.infer<typeof entities.licence.ops.patch.fields>;

/** The replica's tables of this module, typed (db.ts reaches every entity table by name). */
export function licenceTables(db: FieldDeskDb) {
  return {
    licences: db.tableFor('licence') as unknown as Table<LicenceRecord, string>,
    seats: db.tableFor('licence_seat') as unknown as Table<LicenceSeat, string>,
    assets: db.tableFor('asset') as unknown as Table<Asset, string>,
    persons: db.tableFor('person') as unknown as Table<Person, string>,
  };
}

export interface LicenceRepository {
  createLicence(data: NewLicence): Promise<IntentResult>;
  /** Edits a licence; only the fields that changed are sent. */
  updateLicence(licenceId: string, fields: LicenceFields): Promise<IntentResult>;
  /** Gives a seat of a licence to an asset or a person. */
  assignSeat(licenceId: string, target: { kind: SeatTargetKind; id: string }): Promise<IntentResult>;
  /** Takes a seat back. */
  unassignSeat(seatId: string): Promise<IntentResult>;
}

export function createLicenceRepository(ctx: RepositoryContext & { user: Pick<SessionUser, 'role'> }): LicenceRepository {
  const { db } = ctx;
  const t = licenceTables(db);
  const now = ctx.now ?? (() => new Date());
  const desk = seesEverything(ctx.user);

  return {
    async createLicence(input) {
      if (!desk) return { ok: false, reason: ONLY_DESK_LICENCES };
      const parsed = LicenceCreateDataSchema.safeParse(input);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'licence') };
      const verdict = checkLicence(parsed.data);
      if (!verdict.ok) return verdict;
      return db.transaction('rw', [t.licences, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'licence', kind: 'create', id, data: parsed.data, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async updateLicence(licenceId, requested) {
      if (!desk) return { ok: false, reason: ONLY_DESK_LICENCES };
      const parsed = entities.licence.ops.patch.fields.safeParse(requested);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'licence') };
      return db.transaction('rw', [t.licences, t.seats, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const licence = await t.licences.get(licenceId);
        if (!licence) return { ok: false, reason: 'This licence is not on this device.' };
        const current = licence as unknown as Record<string, unknown>;
        const fields = Object.fromEntries(Object.entries(parsed.data).filter(([k, v]) => v !== undefined && (current[k] ?? null) !== (v ?? null))) as LicenceFields;
        if (Object.keys(fields).length === 0) return { ok: false, reason: 'Nothing changed.' };
        const given = fields.seats !== undefined ? await t.seats.where('licenceId').equals(licenceId).count() : 0;
        const verdict = checkLicence({ ...licence, ...fields } as LicenceRecord, given);
        if (!verdict.ok) return verdict;
        const { baseRev, known } = await serverBaseOf(db, recordKey('licence', licenceId), licence);
        const entry = await writeLocal(db, ctx.userId, licence, { entity: 'licence', kind: 'patch', id: licenceId, baseRev, fields, clientTime: now().toISOString() }, known);
        return { ok: true, id: licenceId, opId: entry.opId };
      });
    },

    async assignSeat(licenceId, target) {
      return db.transaction('rw', [t.licences, t.seats, t.assets, t.persons, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const licence = await t.licences.get(licenceId);
        if (!licence) return { ok: false, reason: 'The licence does not exist.' };
        let label: string;
        if (target.kind === 'asset') {
          const asset = await t.assets.get(target.id);
          if (!asset) return { ok: false, reason: 'The asset does not exist or is not visible to you.' };
          label = assetLabel(asset);
        } else {
          const person = await t.persons.get(target.id);
          if (!person) return { ok: false, reason: 'The person does not exist.' };
          label = person.displayName;
        }
        const given = await t.seats.where('licenceId').equals(licenceId).toArray();
        const verdict = checkSeatAssignment(licence, given, { ...target, label });
        if (!verdict.ok) return verdict;
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'licence_seat', kind: 'create', id, data: { licenceId, target }, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async unassignSeat(seatId) {
      return db.transaction('rw', [t.seats, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const seat = await t.seats.get(seatId);
        if (!seat) return { ok: false, reason: 'This seat is no longer assigned on this device (it may already be taken back).' };
        const entry = await writeLocal(db, ctx.userId, seat, { entity: 'licence_seat', kind: 'delete', id: seatId, clientTime: now().toISOString() });
        return { ok: true, id: seatId, opId: entry.opId };
      });
    },
  };
}
