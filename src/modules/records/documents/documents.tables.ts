import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/auth/auth.tables.js';
import { createdAt, id, instant } from '../../../platform/db/columns.js';
import { storedFiles } from '../../../platform/files/files.tables.js';
import { patients } from '../../patients/index.js';

export const DOCUMENT_CATEGORIES = ['lab_report', 'imaging', 'referral', 'discharge_summary', 'other'] as const;
export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number];
export const DOCUMENT_STATUSES = ['active', 'entered-in-error'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
/** Who uploaded it: the patient (patient-provided) or a clinician. */
export const DOCUMENT_SOURCES = ['patient', 'staff'] as const;
export type DocumentSource = (typeof DOCUMENT_SOURCES)[number];

/**
 * A document in a patient's record: the bytes are an encrypted stored file (src/platform/files);
 * this row says whose it is, what it is and who brought it. DICOM metadata (modality, study date,
 * study description) is read from the file once, at upload. A document is never edited; a wrong
 * one is marked entered-in-error (kept for the record, no longer listed or served).
 */
export const documents = pgTable(
  'documents',
  {
    id: id(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id),
    category: text('category').$type<DocumentCategory>().notNull(),
    title: text('title').notNull(),
    source: text('source').$type<DocumentSource>().notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    status: text('status').$type<DocumentStatus>().notNull().default('active'),
    modality: text('modality'),
    studyDate: date('study_date'),
    studyDescription: text('study_description'),
    createdAt: createdAt(),
    enteredInErrorAt: instant('entered_in_error_at'),
    enteredInErrorBy: uuid('entered_in_error_by').references(() => users.id),
  },
  (t) => [
    index('documents_patient_idx').on(t.patientId, t.createdAt, t.id),
    uniqueIndex('documents_file_key').on(t.fileId),
    check('documents_category_check', sql`${t.category} in ('lab_report','imaging','referral','discharge_summary','other')`),
    check('documents_status_check', sql`${t.status} in ('active','entered-in-error')`),
    check('documents_source_check', sql`${t.source} in ('patient','staff')`),
    check('documents_title_check', sql`char_length(${t.title}) between 1 and 200`),
  ],
);

export type DocumentRow = typeof documents.$inferSelect;
