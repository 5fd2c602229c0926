import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, notFound, type FieldError } from '../../../platform/errors.js';
import { readUploadFields, takeUpload } from '../../../platform/files/multipart-upload.js';
import { serviceContext } from '../../../platform/http/context.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { sendDocumentBytes } from './documents.api.js';
import { DICOM_MAX_BYTES, documentIdParamsSchema } from './documents.schemas.js';
import { uploadDocument } from './services/documents-upload.service.js';
import { documentsOfPatient, getPatientDocument, readDocumentContent, retractDocument } from './services/documents.service.js';
import { DocumentsPage, type DocumentsPlace } from './views/document-list.js';
import { DocumentViewPage } from './views/document-view.js';

const page = { hide: true } as const;
const UPLOAD_STATUSES = [400, 413, 415];

function idOf(request: FastifyRequest, what: string): string {
  const parsed = documentIdParamsSchema.safeParse(request.params);
  if (!parsed.success) throw notFound(what);
  return parsed.data.id;
}

/** The signed-in patient's own record; staff have no portal (404). */
function ownPatientId(request: FastifyRequest): string {
  const actor = serviceContext(request).actor;
  if (actor.role !== 'patient' || !actor.patientId) throw notFound('Your patient record');
  return actor.patientId;
}

/** Field errors for a refused upload, in the person's language, beside the field concerned. */
function uploadErrors(request: FastifyRequest, reply: FastifyReply, error: AppError): FieldError[] {
  const { t } = pageContext(request, reply);
  if (error.status === 413) return [{ path: 'file', message: t('records.doc_error_size') }];
  if (error.status === 415) return [{ path: 'file', message: t('records.doc_error_type') }];
  const fields = ((error.extra.errors as FieldError[] | undefined) ?? []).map((e) => e.path);
  const messages: FieldError[] = [];
  if (fields.includes('category')) messages.push({ path: 'category', message: t('records.doc_error_category') });
  if (fields.includes('title')) messages.push({ path: 'title', message: t('records.doc_error_title') });
  if (fields.includes('file') || messages.length === 0) messages.push({ path: 'file', message: t('records.doc_error_file') });
  return messages;
}

/** Document pages: the patient's portal list, a patient's list for staff, the viewer, downloads. */
export function registerDocumentsPages(app: FastifyInstance): void {
  const { db, files } = app.deps;

  const placeFor = (request: FastifyRequest, reply: FastifyReply, patientId: string, patientName: string): DocumentsPlace => {
    const { t } = pageContext(request, reply);
    return serviceContext(request).actor.role === 'patient'
      ? { audience: 'patient', href: '/portal/documents', title: t('records.doc_portal_title') }
      : { audience: 'staff', href: `/staff/patients/${patientId}/documents`, title: t('records.doc_staff_title', { name: patientName }) };
  };

  async function renderList(
    request: FastifyRequest,
    reply: FastifyReply,
    patientId: string,
    failure?: { status: number; errors: FieldError[]; values: Record<string, unknown> },
  ) {
    const ctx = serviceContext(request);
    const { patientName, documents } = await documentsOfPatient(db, ctx, patientId);
    const query = request.query as Record<string, unknown>;
    const notice = query.uploaded ? 'uploaded' : query.removed ? 'removed' : undefined;
    return sendPage(
      reply,
      <DocumentsPage
        ctx={pageContext(request, reply)}
        place={placeFor(request, reply, patientId, patientName)}
        documents={documents}
        notice={failure ? undefined : notice}
        errors={failure?.errors}
        values={failure?.values}
      />,
      failure?.status ?? 200,
    );
  }

  async function upload(request: FastifyRequest, reply: FastifyReply, patientId: string, listHref: string) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      await uploadDocument(
        db,
        files,
        serviceContext(request),
        patientId,
        { category: body.category, title: body.title },
        takeUpload(request),
      );
      return reply.redirect(`${listHref}?uploaded=1#documents`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || !UPLOAD_STATUSES.includes(error.status)) throw error;
      return renderList(request, reply, patientId, {
        status: error.status,
        errors: uploadErrors(request, reply, error),
        values: { category: body.category, title: body.title },
      });
    }
  }

  app.get('/portal/documents', { config: { permission: 'records.read' }, schema: page }, async (request, reply) =>
    renderList(request, reply, ownPatientId(request)),
  );

  app.post(
    '/portal/documents',
    { config: { permission: 'records.upload' }, preValidation: readUploadFields({ maxBytes: DICOM_MAX_BYTES }), schema: page },
    async (request, reply) => upload(request, reply, ownPatientId(request), '/portal/documents'),
  );

  app.get('/staff/patients/:id/documents', { config: { permission: 'records.read' }, schema: page }, async (request, reply) =>
    renderList(request, reply, idOf(request, 'The patient')),
  );

  app.post(
    '/staff/patients/:id/documents',
    { config: { permission: 'records.upload' }, preValidation: readUploadFields({ maxBytes: DICOM_MAX_BYTES }), schema: page },
    async (request, reply) => {
      const patientId = idOf(request, 'The patient');
      return upload(request, reply, patientId, `/staff/patients/${patientId}/documents`);
    },
  );

  app.get('/documents/:id/view', { config: { permission: 'records.read' }, schema: page }, async (request, reply) => {
    const ctx = serviceContext(request);
    const document = await getPatientDocument(db, ctx, idOf(request, 'The document'));
    const isPatient = ctx.actor.role === 'patient';
    const backHref = isPatient ? '/portal/documents' : `/staff/patients/${document.patientId}/documents`;
    // Patients may retract only what they uploaded; clinicians with clinical access (they got this far) any.
    const mayRetract = isPatient ? document.source === 'patient' : ctx.actor.role !== 'billing' && ctx.actor.role !== 'receptionist';
    return sendPage(
      reply,
      <DocumentViewPage ctx={pageContext(request, reply)} document={document} backHref={backHref} mayRetract={mayRetract} />,
    );
  });

  // Downloads are always attachments; the PDF viewer fetches the same URL.
  app.get('/documents/:id/download', { config: { permission: 'records.read' }, schema: page }, async (request, reply) =>
    sendDocumentBytes(reply, await readDocumentContent(db, files, serviceContext(request), idOf(request, 'The document')), 'attachment'),
  );

  // Shown inline in the view page: images only (a PDF or DICOM here is 404).
  app.get('/documents/:id/image', { config: { permission: 'records.read' }, schema: page }, async (request, reply) => {
    const content = await readDocumentContent(db, files, serviceContext(request), idOf(request, 'The document'));
    if (content.document.contentType !== 'image/png' && content.document.contentType !== 'image/jpeg') throw notFound('The image');
    return sendDocumentBytes(reply, content, 'inline');
  });

  app.post('/documents/:id/delete', { config: { permission: 'records.upload' }, schema: page }, async (request, reply) => {
    const ctx = serviceContext(request);
    const documentId = idOf(request, 'The document');
    const document = await getPatientDocument(db, ctx, documentId);
    await retractDocument(db, ctx, documentId);
    const listHref = ctx.actor.role === 'patient' ? '/portal/documents' : `/staff/patients/${document.patientId}/documents`;
    return reply.redirect(`${listHref}?removed=1#documents`, 303);
  });
}
