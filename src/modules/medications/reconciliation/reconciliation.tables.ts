import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import { encounters } from '../../records/index.js';
import { sqlList } from '../medications.vocabulary.js';
import { prescriptions } from '../prescriptions.tables.js';
import { outsideMedications } from './outside-medications.tables.js';
import { RECONCILIATION_DECISIONS, type ReconciliationDecision } from './reconciliation.vocabulary.js';

/** One medication reconciliation done at an encounter: who, when; its decisions are the items. */
export const medicationReconciliations = pgTable(
  'medication_reconciliations',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    encounterId: uuid('encounter_id')
      .notNull()
      .references(() => encounters.id),
    performedBy: uuid('performed_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('medication_reconciliations_encounter_idx').on(t.encounterId, t.createdAt),
    index('medication_reconciliations_patient_idx').on(t.patientId, t.createdAt),
  ],
);

/** One decision: a signed prescription or an outside medicine, continued, stopped (reason) or changed. */
export const medicationReconciliationItems = pgTable(
  'medication_reconciliation_items',
  {
    id: id(),
    reconciliationId: uuid('reconciliation_id')
      .notNull()
      .references(() => medicationReconciliations.id),
    prescriptionId: uuid('prescription_id').references(() => prescriptions.id),
    outsideMedicationId: uuid('outside_medication_id').references(() => outsideMedications.id),
    /** The medicine's name when decided (a product name or the free-text name). */
    medicineName: text('medicine_name').notNull(),
    decision: text('decision').$type<ReconciliationDecision>().notNull(),
    stopReason: text('stop_reason'),
  },
  (t) => [
    index('medication_reconciliation_items_reconciliation_idx').on(t.reconciliationId),
    check('medication_reconciliation_items_decision_check', sql`${t.decision} in (${sql.raw(sqlList(RECONCILIATION_DECISIONS))})`),
    check('medication_reconciliation_items_target_check', sql`num_nonnulls(${t.prescriptionId}, ${t.outsideMedicationId}) = 1`),
    check('medication_reconciliation_items_reason_check', sql`(${t.decision} = 'stop') = (${t.stopReason} is not null)`),
    // Changing an outside medicine is stopping it and prescribing here: only prescriptions are changed.
    check('medication_reconciliation_items_change_check', sql`${t.decision} <> 'change' or ${t.prescriptionId} is not null`),
  ],
);

export type ReconciliationRow = typeof medicationReconciliations.$inferSelect;
export type ReconciliationItemRow = typeof medicationReconciliationItems.$inferSelect;
