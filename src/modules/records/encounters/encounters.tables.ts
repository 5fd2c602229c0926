import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt, version } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import { appointments } from '../../scheduling/index.js';
import { staffProfiles } from '../../staff/index.js';

export const ENCOUNTER_TYPES = ['outpatient', 'telemedicine', 'emergency', 'inpatient'] as const;
export type EncounterType = (typeof ENCOUNTER_TYPES)[number];
export const ENCOUNTER_STATUSES = ['planned', 'in_progress', 'finished', 'cancelled'] as const;
export type EncounterStatus = (typeof ENCOUNTER_STATUSES)[number];

/** One contact of a patient with a clinician; at most one per appointment. */
export const encounters = pgTable(
  'encounters',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    clinicianId: uuid('clinician_id')
      .notNull()
      .references(() => staffProfiles.id),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    type: text('type').$type<EncounterType>().notNull(),
    status: text('status').$type<EncounterStatus>().notNull().default('in_progress'),
    startedAt: instant('started_at'),
    endedAt: instant('ended_at'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('encounters_appointment_key')
      .on(t.appointmentId)
      .where(sql`${t.appointmentId} is not null`),
    index('encounters_patient_started_idx').on(t.patientId, t.createdAt, t.id),
    // A department's open encounters by clinician (the nurse's medication round until inpatient stays exist).
    index('encounters_clinician_open_idx')
      .on(t.clinicianId)
      .where(sql`${t.status} = 'in_progress'`),
    check('encounters_type_check', sql`${t.type} in ('outpatient','telemedicine','emergency','inpatient')`),
    check('encounters_status_check', sql`${t.status} in ('planned','in_progress','finished','cancelled')`),
  ],
);

/** The summary and instructions the clinician shares with the patient (one per encounter). */
export const encounterSummaries = pgTable(
  'encounter_summaries',
  {
    id: id(),
    encounterId: uuid('encounter_id')
      .notNull()
      .references((): AnyPgColumn => encounters.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    summary: text('summary').notNull(),
    instructions: text('instructions').notNull().default(''),
    sharedBy: uuid('shared_by')
      .notNull()
      .references(() => staffProfiles.id),
    sharedAt: instant('shared_at').notNull(),
  },
  (t) => [
    uniqueIndex('encounter_summaries_encounter_key').on(t.encounterId),
    index('encounter_summaries_patient_idx').on(t.patientId, t.sharedAt),
  ],
);
