import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import { prescriptions } from '../prescriptions.tables.js';
import { sqlList } from '../medications.vocabulary.js';

/**
 * The verification codes printed on prescription PDFs. Only a SHA-256 of the code is kept (with
 * the prescription it belongs to): the code itself is shown once, on the PDF, and never stored or
 * logged. Each download issues a new code; every code issued stays valid, so an earlier printout
 * still verifies (the prescription's status, not the code, says whether it may be dispensed).
 */
export const prescriptionVerificationCodes = pgTable(
  'prescription_verification_codes',
  {
    id: id(),
    prescriptionId: uuid('prescription_id')
      .notNull()
      .references(() => prescriptions.id),
    /** Hex SHA-256 of the normalised code (services/verification-code.ts). */
    codeHash: text('code_hash').notNull(),
    issuedBy: uuid('issued_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('prescription_verification_codes_hash_key').on(t.codeHash),
    index('prescription_verification_codes_prescription_idx').on(t.prescriptionId),
    check('prescription_verification_codes_hash_check', sql`${t.codeHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

export const RENEWAL_STATUSES = ['pending', 'approved', 'denied', 'cancelled'] as const;
export type RenewalStatus = (typeof RENEWAL_STATUSES)[number];

/**
 * A patient's request to renew a prescription, in the prescriber's queue until decided. One
 * pending request per prescription (partial unique index). Approving links the new draft.
 */
export const prescriptionRenewalRequests = pgTable(
  'prescription_renewal_requests',
  {
    id: id(),
    prescriptionId: uuid('prescription_id')
      .notNull()
      .references(() => prescriptions.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    /** Whose queue it is in: the prescriber of the prescription. */
    prescriberId: uuid('prescriber_id')
      .notNull()
      .references(() => users.id),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    note: text('note'),
    status: text('status').$type<RenewalStatus>().notNull(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: instant('decided_at'),
    denialReason: text('denial_reason'),
    newPrescriptionId: uuid('new_prescription_id').references(() => prescriptions.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('prescription_renewal_requests_pending_key')
      .on(t.prescriptionId)
      .where(sql`${t.status} = 'pending'`),
    // The prescriber's queue (pending, oldest first) and the patient's list.
    index('prescription_renewal_requests_queue_idx').on(t.prescriberId, t.status, t.createdAt),
    index('prescription_renewal_requests_patient_idx').on(t.patientId, t.createdAt),
    check('prescription_renewal_requests_status_check', sql`${t.status} in (${sql.raw(sqlList(RENEWAL_STATUSES))})`),
    check('prescription_renewal_requests_note_check', sql`${t.note} is null or length(${t.note}) <= 1000`),
    check(
      'prescription_renewal_requests_decision_check',
      sql`(${t.status} in ('pending', 'cancelled')) = (${t.decidedBy} is null) and (${t.status} = 'approved') = (${t.newPrescriptionId} is not null) and (${t.status} = 'denied') = (${t.denialReason} is not null) and (${t.status} = 'pending') = (${t.decidedAt} is null)`,
    ),
  ],
);

export type RenewalRequestRow = typeof prescriptionRenewalRequests.$inferSelect;
