import { sql } from 'drizzle-orm';
import { check, date, index, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import { prescriptions } from '../prescriptions.tables.js';

export const VERIFICATION_DECISIONS = ['verified', 'rejected'] as const;
export type VerificationDecision = (typeof VERIFICATION_DECISIONS)[number];

/**
 * The pharmacist's decision on a signed prescription: verified (it may be dispensed) or rejected
 * (with a reason; the prescriber writes a new one). One decision per prescription, held by a
 * unique index: two pharmacists deciding at once cannot both win. The prescriptions table is not
 * changed: "awaiting verification" is "signed and no row here".
 */
export const prescriptionVerifications = pgTable(
  'prescription_verifications',
  {
    id: id(),
    prescriptionId: uuid('prescription_id')
      .notNull()
      .references(() => prescriptions.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    decision: text('decision').$type<VerificationDecision>().notNull(),
    reason: text('reason'),
    decidedBy: uuid('decided_by')
      .notNull()
      .references(() => users.id),
    decidedAt: instant('decided_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('prescription_verifications_prescription_key').on(t.prescriptionId),
    // The "to dispense" list: verified prescriptions, oldest decision first.
    index('prescription_verifications_verified_idx')
      .on(t.decidedAt, t.prescriptionId)
      .where(sql`${t.decision} = 'verified'`),
    check('prescription_verifications_decision_check', sql`${t.decision} in ('verified', 'rejected')`),
    check(
      'prescription_verifications_reason_check',
      sql`(${t.decision} = 'rejected') = (${t.reason} is not null) and (${t.reason} is null or length(${t.reason}) between 3 and 2000)`,
    ),
  ],
);

/**
 * A question from the pharmacy to the prescriber about one prescription, and the prescriber's
 * answer. Open while unanswered; the prescription stays in the queue, marked, until it is answered.
 */
export const pharmacyQueries = pgTable(
  'pharmacy_queries',
  {
    id: id(),
    prescriptionId: uuid('prescription_id')
      .notNull()
      .references(() => prescriptions.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    message: text('message').notNull(),
    askedBy: uuid('asked_by')
      .notNull()
      .references(() => users.id),
    askedAt: instant('asked_at').notNull(),
    answer: text('answer'),
    answeredBy: uuid('answered_by').references(() => users.id),
    answeredAt: instant('answered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('pharmacy_queries_prescription_idx').on(t.prescriptionId, t.askedAt),
    // At most one open query per prescription: a second question waits for the first answer.
    uniqueIndex('pharmacy_queries_open_key')
      .on(t.prescriptionId)
      .where(sql`${t.answeredAt} is null`),
    check('pharmacy_queries_message_check', sql`length(${t.message}) between 3 and 2000`),
    check(
      'pharmacy_queries_answer_check',
      sql`num_nulls(${t.answer}, ${t.answeredBy}, ${t.answeredAt}) in (0, 3) and (${t.answer} is null or length(${t.answer}) between 1 and 2000)`,
    ),
  ],
);

/**
 * One dispense of a verified prescription: how much (UCUM, the prescription's quantity unit), the
 * lot and its expiry, who and when. `idempotency_key` is the request's key (API `Idempotency-Key`,
 * or the page form's one-time key): unique per prescription, so a retried request can never
 * dispense twice, whatever happens above the database.
 */
export const prescriptionDispenses = pgTable(
  'prescription_dispenses',
  {
    id: id(),
    prescriptionId: uuid('prescription_id')
      .notNull()
      .references(() => prescriptions.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    quantityValue: numeric('quantity_value', { precision: 14, scale: 4, mode: 'number' }).notNull(),
    quantityUnit: text('quantity_unit').notNull(),
    lotNumber: text('lot_number').notNull(),
    /** A calendar date (the pack's), not an instant. */
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    /** The dispense's calendar date in the hospital's zone (what the label prints and the expiry is checked against). */
    dispensedOn: date('dispensed_on', { mode: 'string' }).notNull(),
    dispensedBy: uuid('dispensed_by')
      .notNull()
      .references(() => users.id),
    dispensedAt: instant('dispensed_at').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('prescription_dispenses_idempotency_key').on(t.prescriptionId, t.idempotencyKey),
    index('prescription_dispenses_prescription_idx').on(t.prescriptionId, t.dispensedAt),
    // The pharmacy-wide list of recent dispenses, newest first.
    index('prescription_dispenses_recent_idx').on(t.dispensedAt, t.id),
    check('prescription_dispenses_quantity_check', sql`${t.quantityValue} > 0 and length(${t.quantityUnit}) between 1 and 40`),
    check('prescription_dispenses_lot_check', sql`length(${t.lotNumber}) between 1 and 40`),
    check('prescription_dispenses_expiry_check', sql`${t.expiresOn} >= ${t.dispensedOn}`),
    check('prescription_dispenses_key_check', sql`length(${t.idempotencyKey}) between 8 and 300`),
  ],
);

export type VerificationRow = typeof prescriptionVerifications.$inferSelect;
export type PharmacyQueryRow = typeof pharmacyQueries.$inferSelect;
export type DispenseRow = typeof prescriptionDispenses.$inferSelect;
