import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readUploadFields, takeUpload } from '../../../platform/files/multipart-upload.js';
import { listResponseSchema } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import { patientParamsSchema } from '../../patients/index.js';
import { DICOM_MAX_BYTES, documentIdParamsSchema, documentSchema } from './documents.schemas.js';
import { uploadDocument } from './services/documents-upload.service.js';
import {
  getPatientDocument,
  listPatientDocuments,
  readDocumentContent,
  retractDocument,
  type DocumentContent,
} from './services/documents.service.js';

const tags = ['Documents'];

/** Sends verified document bytes: the sniffed type, never sniffed by the browser, never cached. */
export function sendDocumentBytes(reply: FastifyReply, content: DocumentContent, disposition: 'attachment' | 'inline') {
  return (
    reply
      .header('content-type', content.document.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `${disposition}; filename="${content.filename}"`)
      .header('cache-control', 'private, no-store')
      // A document that slipped past the type check still cannot run script in our origin.
      .header('content-security-policy', "default-src 'none'; img-src 'self'; sandbox")
      .send(content.bytes)
  );
}

/** Patient documents: uploads (multipart), metadata, downloads as attachments, entered-in-error. */
export function registerDocumentsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, files } = app.deps;

  r.post(
    '/api/v1/patients/:id/documents',
    {
      config: { permission: 'records.upload' },
      preValidation: readUploadFields({ maxBytes: DICOM_MAX_BYTES }),
      schema: {
        tags,
        summary:
          'Upload a document: multipart/form-data with the fields category (lab_report, imaging, referral, discharge_summary, other) and title, THEN one file field "file" (PDF, PNG or JPEG up to 20 MiB; DICOM up to 100 MiB). The type is taken from the bytes. The patient themself or a clinician with clinical access.',
        consumes: ['multipart/form-data'],
        params: patientParamsSchema,
        response: { 201: documentSchema },
      },
    },
    async (request, reply) => {
      const document = await uploadDocument(db, files, serviceContext(request), request.params.id, request.body, takeUpload(request));
      return reply.status(201).header('location', `/api/v1/documents/${document.id}`).send(document);
    },
  );

  r.get(
    '/api/v1/patients/:id/documents',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary: "A patient's documents, newest first (clinical access only)",
        params: patientParamsSchema,
        response: { 200: listResponseSchema(documentSchema) },
      },
    },
    async (request) => ({ items: await listPatientDocuments(db, serviceContext(request), request.params.id), nextCursor: null }),
  );

  r.get(
    '/api/v1/documents/:id',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary: "A document's metadata (with DICOM modality, study date and description)",
        params: documentIdParamsSchema,
        response: { 200: documentSchema },
      },
    },
    async (request) => getPatientDocument(db, serviceContext(request), request.params.id),
  );

  r.get(
    '/api/v1/documents/:id/content',
    {
      config: { permission: 'records.read' },
      schema: {
        tags,
        summary:
          'Download a document (Content-Disposition: attachment, the sniffed type, nosniff). Its SHA-256 is verified first: a damaged file is a 500, never bytes.',
        params: documentIdParamsSchema,
        response: { 200: z.string().describe('The file bytes') },
      },
    },
    async (request, reply) =>
      sendDocumentBytes(reply, await readDocumentContent(db, files, serviceContext(request), request.params.id), 'attachment'),
  );

  r.delete(
    '/api/v1/documents/:id',
    {
      config: { permission: 'records.upload' },
      schema: {
        tags,
        summary:
          'Mark a document entered-in-error (kept for the record, no longer listed or served). Clinicians with clinical access; patients only documents they uploaded.',
        params: documentIdParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await retractDocument(db, serviceContext(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
