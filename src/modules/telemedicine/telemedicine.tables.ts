import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt } from '../../platform/db/columns.js';
import { patients } from '../patients/index.js';
import { appointments } from '../scheduling/index.js';

export const PATIENT_PRESENCE = ['absent', 'waiting', 'in_call'] as const;
export type PatientPresence = (typeof PATIENT_PRESENCE)[number];

/**
 * The video call of one telemedicine appointment (docs/telemedicine.md): who is there, whether the
 * clinician has admitted the patient, and when the clinician ended it. Media never passes through
 * the server; only this state and the signalling messages do.
 */
export const videoVisits = pgTable(
  'video_visits',
  {
    id: id(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    patientPresence: text('patient_presence').$type<PatientPresence>().notNull().default('absent'),
    clinicianPresent: boolean('clinician_present').notNull().default(false),
    /** Set once by the clinician's Admit; a patient who drops and rejoins goes straight back in. */
    admittedAt: instant('admitted_at'),
    admittedBy: uuid('admitted_by').references(() => users.id),
    endedAt: instant('ended_at'),
    endedBy: uuid('ended_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('video_visits_appointment_key').on(t.appointmentId),
    check('video_visits_presence_check', sql`${t.patientPresence} in ('absent','waiting','in_call')`),
    check('video_visits_admitted_check', sql`(${t.admittedAt} is null) = (${t.admittedBy} is null)`),
    check('video_visits_ended_check', sql`(${t.endedAt} is null) = (${t.endedBy} is null)`),
  ],
);

/** The in-call text chat, kept with the appointment (and so with its encounter): clinical data, audited. */
export const videoVisitMessages = pgTable(
  'video_visit_messages',
  {
    id: id(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    senderUserId: uuid('sender_user_id')
      .notNull()
      .references(() => users.id),
    senderRole: text('sender_role').$type<'patient' | 'clinician'>().notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // The chat of one call, oldest first.
    index('video_visit_messages_appointment_idx').on(t.appointmentId, t.createdAt),
    check('video_visit_messages_body_check', sql`char_length(${t.body}) between 1 and 2000`),
    check('video_visit_messages_role_check', sql`${t.senderRole} in ('patient','clinician')`),
  ],
);
