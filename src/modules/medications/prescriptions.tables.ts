import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, numeric, pgTable, smallint, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt, version } from '../../platform/db/columns.js';
import { conditions, patients } from '../patients/index.js';
import { diagnoses, encounters } from '../records/index.js';
import { medicationProducts } from './medications.tables.js';
import { outsideMedications } from './reconciliation/outside-medications.tables.js';
import { ROUTES, sqlList } from './medications.vocabulary.js';
import {
  ALERT_KINDS,
  ALERT_SEVERITIES,
  MAX_REFILLS,
  PRESCRIPTION_STATUSES,
  type AlertKind,
  type AlertSeverity,
  type PrescriptionStatus,
} from './prescriptions.vocabulary.js';
import type { Frequency } from './prescriptions.frequency.js';

/**
 * A prescription: one formulary product for one patient. A draft changes freely; signing (with the
 * safety checks, services/prescription-signing.service.ts) freezes it. A change after signing is a
 * new prescription whose `replaces_id` names the old one, which is then stopped with
 * `replaced_by_id` set. The indication is one problem-list entry: a chronic diagnosis or an active
 * condition (at most one of the two columns).
 */
export const prescriptions = pgTable(
  'prescriptions',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    encounterId: uuid('encounter_id').references(() => encounters.id),
    prescriberId: uuid('prescriber_id')
      .notNull()
      .references(() => users.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => medicationProducts.id),
    doseValue: numeric('dose_value', { precision: 14, scale: 4, mode: 'number' }).notNull(),
    /** A UCUM code, validated by @lhncbc/ucum-lhc when written. */
    doseUnit: text('dose_unit').notNull(),
    route: text('route').notNull(),
    frequency: jsonb('frequency').$type<Frequency>().notNull(),
    startsAt: instant('starts_at').notNull(),
    durationDays: smallint('duration_days'),
    endsAt: instant('ends_at'),
    quantityValue: numeric('quantity_value', { precision: 14, scale: 4, mode: 'number' }),
    quantityUnit: text('quantity_unit'),
    refills: smallint('refills').notNull().default(0),
    indicationDiagnosisId: uuid('indication_diagnosis_id').references(() => diagnoses.id),
    indicationConditionId: uuid('indication_condition_id').references(() => conditions.id),
    instructions: text('instructions'),
    status: text('status').$type<PrescriptionStatus>().notNull(),
    replacesId: uuid('replaces_id').references((): AnyPgColumn => prescriptions.id),
    replacedById: uuid('replaced_by_id').references((): AnyPgColumn => prescriptions.id),
    signedAt: instant('signed_at'),
    stoppedAt: instant('stopped_at'),
    stoppedBy: uuid('stopped_by').references(() => users.id),
    stopReason: text('stop_reason'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The patient's list (newest first) and the active set the checks read (signed, by patient).
    index('prescriptions_patient_idx').on(t.patientId, t.createdAt),
    index('prescriptions_patient_active_idx')
      .on(t.patientId)
      .where(sql`${t.status} = 'signed'`),
    index('prescriptions_encounter_idx').on(t.encounterId),
    // The pharmacy's verification queue: active prescriptions, oldest signed first.
    index('prescriptions_signed_queue_idx')
      .on(t.signedAt, t.id)
      .where(sql`${t.status} = 'signed'`),
    // One live replacement per prescription.
    uniqueIndex('prescriptions_replaces_key')
      .on(t.replacesId)
      .where(sql`${t.status} <> 'entered_in_error'`),
    check('prescriptions_status_check', sql`${t.status} in (${sql.raw(sqlList(PRESCRIPTION_STATUSES))})`),
    check('prescriptions_route_check', sql`${t.route} in (${sql.raw(sqlList(ROUTES))})`),
    check('prescriptions_dose_check', sql`${t.doseValue} > 0 and length(${t.doseUnit}) between 1 and 40`),
    check('prescriptions_end_check', sql`${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
    check('prescriptions_duration_check', sql`${t.durationDays} is null or (${t.durationDays} between 1 and 366 and ${t.endsAt} is null)`),
    check(
      'prescriptions_quantity_check',
      sql`(${t.quantityValue} is null) = (${t.quantityUnit} is null) and (${t.quantityValue} is null or ${t.quantityValue} > 0)`,
    ),
    check('prescriptions_refills_check', sql`${t.refills} between 0 and ${sql.raw(String(MAX_REFILLS))}`),
    check('prescriptions_indication_check', sql`num_nonnulls(${t.indicationDiagnosisId}, ${t.indicationConditionId}) <= 1`),
    // Drafts are unsigned; signed, completed and stopped ones were signed; a draft entered in error never was.
    check('prescriptions_signed_check', sql`${t.status} = 'entered_in_error' or (${t.status} = 'draft') = (${t.signedAt} is null)`),
    check(
      'prescriptions_stopped_check',
      sql`${t.status} <> 'stopped' or (${t.stoppedAt} is not null and (${t.stopReason} is not null or ${t.replacedById} is not null))`,
    ),
  ],
);

/**
 * The alerts shown when a prescription was signed, one row each, and the override reason given
 * for those that needed one (who, when, why). Written in the signing transaction; never changed.
 */
export const prescriptionAlerts = pgTable(
  'prescription_alerts',
  {
    id: id(),
    prescriptionId: uuid('prescription_id')
      .notNull()
      .references(() => prescriptions.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    kind: text('kind').$type<AlertKind>().notNull(),
    severity: text('severity').$type<AlertSeverity>().notNull(),
    /** The stable key the signer named in the override (checks/signing-checks.ts). */
    alertKey: text('alert_key').notNull(),
    source: text('source').notNull(),
    sourceEdition: text('source_edition').notNull(),
    /** The drug being prescribed and the other side: a medicine or an allergy (none for "allergies not recorded"). */
    drug: text('drug').notNull(),
    otherDrug: text('other_drug'),
    otherPrescriptionId: uuid('other_prescription_id').references((): AnyPgColumn => prescriptions.id),
    /** The other side when it is a medicine taken from outside (recorded at reconciliation). */
    otherOutsideMedicationId: uuid('other_outside_medication_id').references(() => outsideMedications.id),
    /** What makes two alerts "the same" for collapsing: kind, source, rule and the ingredient pair (checks/override-collapsing.ts). */
    collapseKey: text('collapse_key'),
    /** Shown collapsed: the earlier override (same prescriber, pair, continuous therapy, dose not higher) that stands for this one. */
    collapsedFromId: uuid('collapsed_from_id').references((): AnyPgColumn => prescriptionAlerts.id),
    rule: text('rule'),
    /** Only where the source gives one (the ONC rules), awaiting clinician review. */
    consequence: text('consequence'),
    requiresOverride: boolean('requires_override').notNull(),
    overrideReason: text('override_reason'),
    overriddenBy: uuid('overridden_by').references(() => users.id),
    overriddenAt: instant('overridden_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('prescription_alerts_prescription_idx').on(t.prescriptionId),
    index('prescription_alerts_patient_idx').on(t.patientId, t.createdAt),
    // The earlier overrides collapsing looks up: this prescriber's, for this patient and pair.
    index('prescription_alerts_override_history_idx')
      .on(t.patientId, t.overriddenBy, t.collapseKey)
      .where(sql`${t.overrideReason} is not null`),
    check('prescription_alerts_other_check', sql`num_nonnulls(${t.otherPrescriptionId}, ${t.otherOutsideMedicationId}) <= 1`),
    check('prescription_alerts_kind_check', sql`${t.kind} in (${sql.raw(sqlList(ALERT_KINDS))})`),
    check('prescription_alerts_severity_check', sql`${t.severity} in (${sql.raw(sqlList(ALERT_SEVERITIES))})`),
    check(
      'prescription_alerts_override_check',
      sql`(not ${t.requiresOverride} and ${t.overrideReason} is null and ${t.collapsedFromId} is null) or (${t.requiresOverride} and ${t.overrideReason} is not null and ${t.overriddenBy} is not null and ${t.overriddenAt} is not null and ${t.collapsedFromId} is null) or (${t.requiresOverride} and ${t.overrideReason} is null and ${t.overriddenBy} is null and ${t.collapsedFromId} is not null)`,
    ),
  ],
);

export type PrescriptionRow = typeof prescriptions.$inferSelect;
export type NewPrescriptionRow = typeof prescriptions.$inferInsert;
export type PrescriptionAlertRow = typeof prescriptionAlerts.$inferSelect;
