import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt } from '../../../platform/db/columns.js';
import { storedFiles } from '../../../platform/files/index.js';
import { insurancePolicies, patients } from '../../patients/index.js';
import { invoiceLines, invoices } from '../billing.tables.js';
import type { CardSide, ClaimOutcome, ClaimStatus, EligibilityResult } from './insurance.vocabulary.js';

const minor = (name: string) => bigint(name, { mode: 'number' });

/** One eligibility question asked of a payer: when, by whom, about which policy, and its answer. */
export const eligibilityChecks = pgTable(
  'insurance_eligibility_checks',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => insurancePolicies.id),
    payer: text('payer').notNull(),
    serviceDate: date('service_date').notNull(),
    result: text('result').$type<EligibilityResult>().notNull(),
    /** The share the plan pays, in basis points (8000 = 80 %), when eligible. */
    coverageBp: integer('coverage_bp'),
    /** The payer's reason code when not eligible or unknown. */
    reasonCode: text('reason_code'),
    checkedBy: uuid('checked_by')
      .notNull()
      .references(() => users.id),
    checkedAt: instant('checked_at').notNull(),
  },
  (t) => [
    index('insurance_eligibility_checks_patient_idx').on(t.patientId, t.checkedAt),
    check('insurance_eligibility_checks_result_check', sql`${t.result} in ('eligible','not_eligible','unknown')`),
    check(
      'insurance_eligibility_checks_coverage_check',
      sql`(${t.result} = 'eligible') = (${t.coverageBp} is not null) and (${t.coverageBp} is null or ${t.coverageBp} between 0 and 10000)`,
    ),
  ],
);

/** An insurance card image uploaded by the patient (the bytes in the encrypted file store). */
export const cardImages = pgTable(
  'insurance_card_images',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    side: text('side').$type<CardSide>().notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('insurance_card_images_patient_idx').on(t.patientId, t.createdAt),
    check('insurance_card_images_side_check', sql`${t.side} in ('front','back')`),
  ],
);

/**
 * A claim to the patient's insurer for the insurer's share of one invoice (one claim per
 * invoice). `paid_minor` is what the payer decided to pay; the invoice lines' shares follow it.
 */
export const claims = pgTable(
  'insurance_claims',
  {
    id: id(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => insurancePolicies.id),
    payer: text('payer').notNull(),
    status: text('status').$type<ClaimStatus>().notNull(),
    outcome: text('outcome').$type<ClaimOutcome>(),
    currency: text('currency').notNull(),
    claimedMinor: minor('claimed_minor').notNull(),
    paidMinor: minor('paid_minor'),
    /** The payer's reason code for a denial or a partial payment. */
    reasonCode: text('reason_code'),
    /** The payer's own id of the claim, given at submission. */
    payerReference: text('payer_reference'),
    appealReason: text('appeal_reason'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('insurance_claims_invoice_key').on(t.invoiceId),
    index('insurance_claims_patient_idx').on(t.patientId, t.createdAt),
    // The work queues: drafts to submit, denials to appeal or close.
    index('insurance_claims_status_idx').on(t.status, t.outcome, t.updatedAt),
    check('insurance_claims_status_check', sql`${t.status} in ('draft','submitted','acknowledged','adjudicated','appealed','closed')`),
    check('insurance_claims_outcome_check', sql`${t.outcome} is null or ${t.outcome} in ('paid','partly_paid','denied')`),
    check(
      'insurance_claims_amounts_check',
      sql`${t.claimedMinor} > 0 and (${t.paidMinor} is null or ${t.paidMinor} between 0 and ${t.claimedMinor})`,
    ),
    check('insurance_claims_adjudicated_check', sql`(${t.outcome} is null) = (${t.paidMinor} is null)`),
    check('insurance_claims_submitted_check', sql`${t.status} = 'draft' or ${t.payerReference} is not null`),
  ],
);

/** What a claim asks for each invoice line (its insurer's share when claimed) and what was paid. */
export const claimLines = pgTable(
  'insurance_claim_lines',
  {
    id: id(),
    claimId: uuid('claim_id')
      .notNull()
      .references(() => claims.id),
    invoiceLineId: uuid('invoice_line_id')
      .notNull()
      .references(() => invoiceLines.id),
    position: integer('position').notNull(),
    claimedMinor: minor('claimed_minor').notNull(),
    paidMinor: minor('paid_minor'),
  },
  (t) => [
    uniqueIndex('insurance_claim_lines_position_key').on(t.claimId, t.position),
    uniqueIndex('insurance_claim_lines_invoice_line_key').on(t.invoiceLineId),
    check(
      'insurance_claim_lines_amounts_check',
      sql`${t.claimedMinor} > 0 and (${t.paidMinor} is null or ${t.paidMinor} between 0 and ${t.claimedMinor})`,
    ),
  ],
);

/** The claim's timeline: one row per step, with its time and who did it (null: the payer). */
export const claimEvents = pgTable(
  'insurance_claim_events',
  {
    id: id(),
    claimId: uuid('claim_id')
      .notNull()
      .references(() => claims.id),
    status: text('status').$type<ClaimStatus>().notNull(),
    outcome: text('outcome').$type<ClaimOutcome>(),
    paidMinor: minor('paid_minor'),
    reasonCode: text('reason_code'),
    note: text('note'),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    occurredAt: instant('occurred_at').notNull(),
    /** Insertion order: steps taken at the same instant still read in the order they happened. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  },
  (t) => [
    index('insurance_claim_events_claim_idx').on(t.claimId, t.occurredAt, t.seq),
    check(
      'insurance_claim_events_status_check',
      sql`${t.status} in ('draft','submitted','acknowledged','adjudicated','appealed','closed')`,
    ),
  ],
);
