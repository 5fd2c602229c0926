import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { createdAt, id, instant, updatedAt, version } from '../../platform/db/columns.js';
import { patients } from '../patients/index.js';
import { documents } from '../records/index.js';
import type { ImagingModality, ImagingOrderStatus, ImagingPriority, ImagingReportStatus } from './imaging.vocabulary.js';

/**
 * A radiology order: what to image (modality, body part), why (indication), how soon (priority),
 * and where it stands. The study's UID is set by the first uploaded instance; every later instance
 * must belong to the same study.
 */
export const imagingOrders = pgTable(
  'imaging_orders',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    /** The encounter it was ordered from, when it was (not a foreign key: the records module owns encounters). */
    encounterId: uuid('encounter_id'),
    modality: text('modality').$type<ImagingModality>().notNull(),
    bodyPart: text('body_part').notNull(),
    indication: text('indication').notNull(),
    priority: text('priority').$type<ImagingPriority>().notNull(),
    /** 0 stat, 1 urgent, 2 routine: the worklist's sort key. */
    priorityRank: integer('priority_rank').notNull(),
    status: text('status').$type<ImagingOrderStatus>().notNull().default('ordered'),
    orderedBy: uuid('ordered_by')
      .notNull()
      .references(() => users.id),
    orderedAt: instant('ordered_at').notNull(),
    scheduledFor: instant('scheduled_for'),
    performedAt: instant('performed_at'),
    performedBy: uuid('performed_by').references(() => users.id),
    studyInstanceUid: text('study_instance_uid'),
    cancelledAt: instant('cancelled_at'),
    cancelledBy: uuid('cancelled_by').references(() => users.id),
    cancelReason: text('cancel_reason'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('imaging_orders_patient_idx').on(t.patientId, t.orderedAt),
    index('imaging_orders_worklist_idx')
      .on(t.priorityRank, t.orderedAt, t.id)
      .where(sql`${t.status} in ('ordered','scheduled','performed')`),
    check('imaging_orders_modality_check', sql`${t.modality} in ('CT','MR','CR','DX','US','NM','PT','MG')`),
    check('imaging_orders_priority_check', sql`${t.priority} in ('stat','urgent','routine')`),
    check('imaging_orders_status_check', sql`${t.status} in ('ordered','scheduled','performed','reported','cancelled')`),
    check('imaging_orders_body_part_check', sql`char_length(${t.bodyPart}) between 1 and 100`),
    check('imaging_orders_indication_check', sql`char_length(${t.indication}) between 1 and 2000`),
    check(
      'imaging_orders_cancel_check',
      sql`(${t.status} = 'cancelled') = (${t.cancelledAt} is not null and ${t.cancelReason} is not null)`,
    ),
    check('imaging_orders_study_check', sql`${t.status} not in ('performed','reported') or ${t.studyInstanceUid} is not null`),
  ],
);

/** One DICOM instance of an order's study: an encrypted document in the patient's record. */
export const imagingInstances = pgTable(
  'imaging_instances',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => imagingOrders.id),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    studyInstanceUid: text('study_instance_uid').notNull(),
    seriesInstanceUid: text('series_instance_uid').notNull(),
    sopInstanceUid: text('sop_instance_uid').notNull(),
    modality: text('modality'),
    bodyPart: text('body_part'),
    instanceNumber: integer('instance_number'),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('imaging_instances_order_idx').on(t.orderId, t.seriesInstanceUid, t.instanceNumber, t.id),
    uniqueIndex('imaging_instances_sop_key').on(t.orderId, t.sopInstanceUid),
    uniqueIndex('imaging_instances_document_key').on(t.documentId),
  ],
);

/** The radiologist's report of an order: one per order; a draft until signed, then immutable. */
export const imagingReports = pgTable(
  'imaging_reports',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => imagingOrders.id),
    findings: text('findings').notNull(),
    impression: text('impression').notNull(),
    status: text('status').$type<ImagingReportStatus>().notNull().default('draft'),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    signedAt: instant('signed_at'),
    signedBy: uuid('signed_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('imaging_reports_order_key').on(t.orderId),
    check('imaging_reports_status_check', sql`${t.status} in ('draft','signed')`),
    check('imaging_reports_signed_check', sql`(${t.status} = 'signed') = (${t.signedAt} is not null and ${t.signedBy} is not null)`),
    check('imaging_reports_text_check', sql`char_length(${t.findings}) <= 20000 and char_length(${t.impression}) <= 5000`),
  ],
);

/** A signed report's addendum: the report itself never changes after signing. */
export const imagingReportAddenda = pgTable(
  'imaging_report_addenda',
  {
    id: id(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => imagingReports.id),
    text: text('text').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('imaging_report_addenda_report_idx').on(t.reportId, t.createdAt),
    check('imaging_report_addenda_text_check', sql`char_length(${t.text}) between 1 and 5000`),
  ],
);

export type ImagingOrderRow = typeof imagingOrders.$inferSelect;
export type ImagingInstanceRow = typeof imagingInstances.$inferSelect;
export type ImagingReportRow = typeof imagingReports.$inferSelect;
