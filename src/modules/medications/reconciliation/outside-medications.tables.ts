import { sql } from 'drizzle-orm';
import { check, date, index, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt, version } from '../../../platform/db/columns.js';
import { patients } from '../../patients/index.js';
import { encounters } from '../../records/index.js';
import { medicationIngredients, medicationProducts } from '../medications.tables.js';
import { sqlList } from '../medications.vocabulary.js';
import { OUTSIDE_MEDICATION_SOURCES, OUTSIDE_MEDICATION_STATUSES, type OutsideMedicationSource } from './reconciliation.vocabulary.js';

/**
 * A medicine the patient takes that the hospital did not prescribe (recorded at reconciliation):
 * either a formulary product, or a free-text name with one catalogue ingredient (RxCUI), so the
 * signing checks can read its ingredients. Active ones join the checks; stopping keeps the row.
 */
export const outsideMedications = pgTable(
  'outside_medications',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    encounterId: uuid('encounter_id').references(() => encounters.id),
    productId: uuid('product_id').references(() => medicationProducts.id),
    /** The free-text name (null when a product is named). */
    name: text('name'),
    ingredientRxcui: text('ingredient_rxcui').references(() => medicationIngredients.rxcui),
    doseValue: numeric('dose_value', { precision: 14, scale: 4, mode: 'number' }),
    doseUnit: text('dose_unit'),
    frequencyText: text('frequency_text'),
    source: text('source').$type<OutsideMedicationSource>().notNull(),
    startedOn: date('started_on'),
    status: text('status').$type<'active' | 'stopped'>().notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    stoppedAt: instant('stopped_at'),
    stoppedBy: uuid('stopped_by').references(() => users.id),
    stopReason: text('stop_reason'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('outside_medications_patient_idx').on(t.patientId, t.createdAt),
    index('outside_medications_patient_active_idx')
      .on(t.patientId)
      .where(sql`${t.status} = 'active'`),
    check('outside_medications_status_check', sql`${t.status} in (${sql.raw(sqlList(OUTSIDE_MEDICATION_STATUSES))})`),
    check('outside_medications_source_check', sql`${t.source} in (${sql.raw(sqlList(OUTSIDE_MEDICATION_SOURCES))})`),
    // A product, or a name with its ingredient: never both, never neither.
    check(
      'outside_medications_what_check',
      sql`(${t.productId} is not null and ${t.name} is null and ${t.ingredientRxcui} is null) or (${t.productId} is null and length(${t.name}) between 1 and 200 and ${t.ingredientRxcui} is not null)`,
    ),
    check(
      'outside_medications_dose_check',
      sql`(${t.doseValue} is null) = (${t.doseUnit} is null) and (${t.doseValue} is null or ${t.doseValue} > 0)`,
    ),
    check(
      'outside_medications_stopped_check',
      sql`(${t.status} = 'stopped') = (${t.stoppedAt} is not null) and (${t.status} <> 'stopped' or (${t.stopReason} is not null and ${t.stoppedBy} is not null))`,
    ),
  ],
);

export type OutsideMedicationRow = typeof outsideMedications.$inferSelect;
