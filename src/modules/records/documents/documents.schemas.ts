import { z } from 'zod';
import { DOCUMENT_CATEGORIES, DOCUMENT_SOURCES, DOCUMENT_STATUSES } from './documents.tables.js';

/** Upload limits: documents and images 20 MiB, DICOM studies 100 MiB (checked while streaming). */
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;
export const DICOM_MAX_BYTES = 100 * 1024 * 1024;
export const DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'application/dicom'] as const;
/** The multipart file field. */
export const DOCUMENT_FILE_FIELD = 'file';

export const documentIdParamsSchema = z.object({ id: z.uuid() });

/** The plain fields sent before the file (multipart); `_csrf` and `_idempotency` come from forms. */
export const documentUploadFieldsSchema = z.object({
  category: z.enum(DOCUMENT_CATEGORIES),
  title: z.string().trim().min(1).max(200),
});
export type DocumentUploadFields = z.output<typeof documentUploadFieldsSchema>;

export const dicomMetadataSchema = z.object({
  modality: z.string().nullable(),
  studyDate: z.string().nullable().describe('YYYY-MM-DD'),
  description: z.string().nullable(),
});

export const documentSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  title: z.string(),
  category: z.enum(DOCUMENT_CATEGORIES),
  contentType: z.enum(DOCUMENT_TYPES).describe('Sniffed from the bytes, never the declared type'),
  sizeBytes: z.number().int(),
  sha256: z.string().describe('Hex SHA-256 of the file, verified on every download'),
  source: z.enum(DOCUMENT_SOURCES).describe('patient: provided by the patient; staff: uploaded by a clinician'),
  status: z.enum(DOCUMENT_STATUSES),
  uploadedAt: z.date(),
  uploadedByName: z.string().nullable(),
  dicom: dicomMetadataSchema.nullable(),
  contentUrl: z.string().describe('Download (attachment)'),
});
export type DocumentView = z.output<typeof documentSchema>;
