import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, jsonb, pgSequence, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt, version } from '../../platform/db/columns.js';
import { patients } from '../patients/index.js';
import type { CatalogueRange } from './labs.catalogue-defaults.js';
import type {
  LabCategory,
  LabFlag,
  LabPerformer,
  LabOrderStatus,
  LabReleaseRule,
  LabPriority,
  LabResultSource,
  LabResultStatus,
  LabSpecimen,
} from './labs.vocabulary.js';

/** The catalogue's tests: LOINC, UCUM unit, specimen, ranges by sex and age with critical limits (editable defaults). */
export const labTests = pgTable(
  'lab_tests',
  {
    id: id(),
    code: text('code').notNull(),
    loinc: text('loinc').notNull(),
    name: text('name').notNull(),
    unit: text('unit'),
    specimen: text('specimen').$type<LabSpecimen>().notNull(),
    resultKind: text('result_kind').$type<'numeric' | 'text'>().notNull(),
    /** Release to the patient is decided per category (lab_release_rules). */
    category: text('category').$type<LabCategory>().notNull().default('chemistry'),
    molarMass: doublePrecision('molar_mass'),
    /** Who performs it: in-house, or an outside laboratory (its orders go out as HL7 ORM^O01 at collection). */
    performedBy: text('performed_by').$type<LabPerformer>().notNull().default('in_house'),
    ranges: jsonb('ranges').$type<CatalogueRange[]>().notNull(),
    /** Shipped defaults stay marked until a lab administrator saves the test. */
    needsReview: boolean('needs_review').notNull().default(true),
    active: boolean('active').notNull().default(true),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('lab_tests_code_key').on(t.code),
    uniqueIndex('lab_tests_loinc_key').on(t.loinc),
    check('lab_tests_kind_check', sql`${t.resultKind} in ('numeric','text')`),
    check('lab_tests_category_check', sql`${t.category} in ('chemistry','haematology','coagulation','cardiac_markers','microbiology')`),
    check('lab_tests_performed_by_check', sql`${t.performedBy} in ('in_house','outside_lab')`),
    check('lab_tests_specimen_check', sql`${t.specimen} in ('serum_plasma','whole_blood','citrated_plasma','urine')`),
  ],
);

export const labPanels = pgTable(
  'lab_panels',
  {
    id: id(),
    code: text('code').notNull(),
    loinc: text('loinc').notNull(),
    name: text('name').notNull(),
    testCodes: text('test_codes').array().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('lab_panels_code_key').on(t.code)],
);

export const labAccessionSequence = pgSequence('lab_accession_seq', { startWith: 100001 });

/** One order: a test or a panel for a patient, from an encounter or the chart, and its specimen. */
export const labOrders = pgTable(
  'lab_orders',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    encounterId: uuid('encounter_id'),
    orderedBy: uuid('ordered_by')
      .notNull()
      .references(() => users.id),
    itemKind: text('item_kind').$type<'test' | 'panel'>().notNull(),
    itemCode: text('item_code').notNull(),
    itemName: text('item_name').notNull(),
    /** The tests ordered (a panel's at ordering time). */
    testCodes: text('test_codes').array().notNull(),
    priority: text('priority').$type<LabPriority>().notNull(),
    priorityRank: integer('priority_rank').notNull(),
    indication: text('indication').notNull(),
    fasting: boolean('fasting').notNull().default(false),
    status: text('status').$type<LabOrderStatus>().notNull().default('ordered'),
    resultStatus: text('result_status').$type<LabResultStatus>(),
    accessionNumber: text('accession_number'),
    /**
     * Sent to the outside laboratory: decided at ordering (a test performed outside, or the doctor's
     * choice); the ORM^O01 goes when the specimen is collected and has its accession (placer) number.
     */
    sendOut: boolean('send_out').notNull().default(false),
    /** The outside laboratory's own number for the order (OBR-3 of its results), kept for reference. */
    fillerOrderNumber: text('filler_order_number'),
    specimen: text('specimen').$type<LabSpecimen>(),
    collectedAt: instant('collected_at'),
    collectedBy: uuid('collected_by').references(() => users.id),
    receivedAt: instant('received_at'),
    receivedBy: uuid('received_by').references(() => users.id),
    resultedAt: instant('resulted_at'),
    reviewedAt: instant('reviewed_at'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewComment: text('review_comment'),
    cancelledAt: instant('cancelled_at'),
    cancelledBy: uuid('cancelled_by').references(() => users.id),
    cancelReason: text('cancel_reason'),
    orderedAt: instant('ordered_at').notNull(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('lab_orders_accession_key').on(t.accessionNumber),
    index('lab_orders_patient_idx').on(t.patientId, t.orderedAt),
    index('lab_orders_queue_idx')
      .on(t.priorityRank, t.orderedAt)
      .where(sql`${t.status} in ('ordered','collected','received')`),
    index('lab_orders_to_review_idx')
      .on(t.orderedBy, t.resultedAt)
      .where(sql`${t.status} = 'resulted'`),
    check('lab_orders_status_check', sql`${t.status} in ('ordered','collected','received','resulted','reviewed','cancelled')`),
    check('lab_orders_priority_check', sql`${t.priority} in ('stat','urgent','routine')`),
    check('lab_orders_kind_check', sql`${t.itemKind} in ('test','panel')`),
    check('lab_orders_accession_check', sql`(${t.status} = 'ordered' or ${t.status} = 'cancelled') or ${t.accessionNumber} is not null`),
    check('lab_orders_cancel_check', sql`(${t.status} = 'cancelled') = (${t.cancelReason} is not null)`),
  ],
);

/**
 * Results: one row per value filed. A newer value for the same test supersedes the earlier one
 * (`superseded_at`), which stays visible; `first_result_id` names the first value of that test on
 * the order (the result's identity across corrections: the critical alert's source).
 */
export const labResults = pgTable(
  'lab_results',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => labOrders.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    firstResultId: uuid('first_result_id'),
    testCode: text('test_code').notNull(),
    loinc: text('loinc').notNull(),
    value: doublePrecision('value'),
    unit: text('unit'),
    text: text('text'),
    /** As sent or typed, before conversion to the test's unit. */
    enteredValue: doublePrecision('entered_value'),
    enteredUnit: text('entered_unit'),
    flag: text('flag').$type<LabFlag>(),
    /** The range applied (sex, age), shown with the value. */
    rangeLow: doublePrecision('range_low'),
    rangeHigh: doublePrecision('range_high'),
    status: text('status').$type<LabResultStatus>().notNull(),
    source: text('source').$type<LabResultSource>().notNull(),
    observedAt: instant('observed_at').notNull(),
    enteredBy: uuid('entered_by').references(() => users.id),
    supersededAt: instant('superseded_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('lab_results_order_idx').on(t.orderId, t.createdAt),
    uniqueIndex('lab_results_current_key')
      .on(t.orderId, t.testCode)
      .where(sql`${t.supersededAt} is null`),
    index('lab_results_patient_idx').on(t.patientId, t.observedAt),
    check('lab_results_status_check', sql`${t.status} in ('preliminary','final','corrected')`),
    check('lab_results_flag_check', sql`${t.flag} is null or ${t.flag} in ('normal','low','high','critical_low','critical_high')`),
    check('lab_results_value_check', sql`${t.value} is not null or ${t.text} is not null`),
  ],
);

/**
 * Release to the patient, one row per test category a lab administrator has set; a category
 * without a row follows the shipped default (services/lab-release.ts, docs/labs.md).
 */
export const labReleaseRules = pgTable(
  'lab_release_rules',
  {
    category: text('category').$type<LabCategory>().primaryKey(),
    rule: text('rule').$type<LabReleaseRule>().notNull(),
    /** For `after_days`: days after resulting (or at review, if sooner). */
    days: integer('days'),
    version: version(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('lab_release_rules_rule_check', sql`${t.rule} in ('immediately','after_review','after_days')`),
    check(
      'lab_release_rules_days_check',
      sql`(${t.rule} = 'after_days') = (${t.days} is not null) and (${t.days} is null or ${t.days} between 1 and 365)`,
    ),
  ],
);
