import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { roleHasPermission } from '../../platform/authz/permissions.js';
import { AppError, validationFailed } from '../../platform/errors.js';
import { localTimeToInstant, parseWallTime } from '../../platform/time/zoned-time.js';
import { readUploadFields, takeUpload } from '../../platform/files/multipart-upload.js';
import { serviceContext } from '../../platform/http/context.js';
import { handleForm, type FormFailure } from '../../platform/http/page-forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { DICOM_MAX_BYTES } from '../records/index.js';
import { addendumSchema, cancelOrderSchema, createOrderSchema, reportDraftSchema } from './imaging.schemas.js';
import {
  cancelImagingOrder,
  createImagingOrder,
  getImagingOrder,
  listImagingOrdersForPatient,
  radiologyWorklist,
  scheduleImagingOrder,
} from './services/imaging-orders.service.js';
import { addReportAddendum, saveReportDraft, signReport } from './services/imaging-report.service.js';
import { uploadImagingInstance } from './services/imaging-study.service.js';
import { openStudyViewer, readInstanceBytes } from './services/imaging-viewer.service.js';
import { OrderPage, PatientImagingPage, ViewerPage, WorklistPage, type FormState } from './views/imaging-pages.js';

const page = { hide: true };
const uuid = z.uuid();

function idOf(request: FastifyRequest, key = 'id'): string {
  const parsed = uuid.safeParse((request.params as Record<string, unknown>)[key]);
  if (!parsed.success) throw new AppError('not_found', 'There is nothing at this address.');
  return parsed.data;
}

/** The local wall time of a datetime-local field, in the viewer's time zone, as an instant. */
const scheduleFormSchema = z.strictObject({ scheduledFor: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/) });
const orderFormSchema = createOrderSchema.extend({
  encounterId: z
    .uuid()
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

/** Staff pages: a patient's imaging, the worklist, one order (its steps, upload, report), the viewer. */
export function registerImagingPages(app: FastifyInstance): void {
  const { db, files } = app.deps;

  const renderPatient = async (request: FastifyRequest, reply: FastifyReply, patientId: string, state?: FormState, status = 200) => {
    const ctx = serviceContext(request);
    const orders = await listImagingOrdersForPatient(db, ctx, patientId);
    const query = request.query as Record<string, unknown>;
    const encounterId = uuid.safeParse(query.encounter).success ? String(query.encounter) : undefined;
    return sendPage(
      reply,
      <PatientImagingPage
        ctx={pageContext(request, reply)}
        patientId={patientId}
        orders={orders}
        canOrder={roleHasPermission(ctx.actor.role, 'imaging.order')}
        encounterId={encounterId ?? (typeof state?.values.encounterId === 'string' ? state.values.encounterId : undefined)}
        state={state}
        done={query.done === 'created'}
      />,
      status,
    );
  };

  const renderOrder = async (request: FastifyRequest, reply: FastifyReply, orderId: string, state?: FormState, status = 200) => {
    const ctx = serviceContext(request);
    const order = await getImagingOrder(db, ctx, orderId);
    const role = ctx.actor.role;
    return sendPage(
      reply,
      <OrderPage
        ctx={pageContext(request, reply)}
        order={order}
        canPerform={roleHasPermission(role, 'imaging.perform')}
        canReport={roleHasPermission(role, 'imaging.report')}
        canCancel={roleHasPermission(role, 'imaging.order')}
        state={state}
        done={(request.query as Record<string, unknown>).done === 'saved'}
      />,
      status,
    );
  };

  const orderForm = (form: string) => (request: FastifyRequest, reply: FastifyReply) => (failure: FormFailure) =>
    renderOrder(request, reply, idOf(request), { ...failure, form }, failure.status);

  app.get('/staff/patients/:id/imaging', { config: { permission: 'imaging.read' }, schema: page }, async (request, reply) =>
    renderPatient(request, reply, idOf(request)),
  );

  app.post('/staff/patients/:id/imaging', { config: { permission: 'imaging.order' }, schema: page }, async (request, reply) => {
    const patientId = idOf(request);
    return handleForm(
      request,
      reply,
      orderFormSchema,
      async (data) => {
        const order = await createImagingOrder(db, serviceContext(request), patientId, data);
        return `/staff/imaging/orders/${order.id}?done=saved`;
      },
      (failure) => renderPatient(request, reply, patientId, failure, failure.status),
    );
  });

  app.get('/staff/imaging/worklist', { config: { permission: 'imaging.perform' }, schema: page }, async (request, reply) =>
    sendPage(reply, <WorklistPage ctx={pageContext(request, reply)} orders={await radiologyWorklist(db, serviceContext(request))} />),
  );

  app.get('/staff/imaging/orders/:id', { config: { permission: 'imaging.read' }, schema: page }, async (request, reply) =>
    renderOrder(request, reply, idOf(request)),
  );

  registerOrderStepPages(app, orderForm);

  app.post(
    '/staff/imaging/orders/:id/instances',
    { config: { permission: 'imaging.perform' }, preValidation: readUploadFields({ maxBytes: DICOM_MAX_BYTES }), schema: page },
    async (request, reply) => {
      const orderId = idOf(request);
      try {
        await uploadImagingInstance(db, files, serviceContext(request), orderId, takeUpload(request));
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) throw error;
        return renderOrder(request, reply, orderId, { errors: [], values: {}, message: error.detail, form: 'upload' }, error.status);
      }
      return reply.redirect(`/staff/imaging/orders/${orderId}?done=saved`, 303);
    },
  );

  app.get('/staff/imaging/orders/:id/viewer', { config: { permission: 'imaging.read' }, schema: page }, async (request, reply) => {
    const order = await openStudyViewer(db, serviceContext(request), idOf(request));
    allowViewerWorkers(reply);
    return sendPage(reply, <ViewerPage ctx={pageContext(request, reply)} order={order} />);
  });

  // The viewer's image bytes: DICOM, never sniffed, never cached, no script.
  app.get(
    '/staff/imaging/orders/:id/instances/:instanceId',
    { config: { permission: 'imaging.read' }, schema: page },
    async (request, reply) => {
      const bytes = await readInstanceBytes(db, files, serviceContext(request), idOf(request), idOf(request, 'instanceId'));
      return reply
        .header('content-type', 'application/dicom')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', 'attachment; filename="instance.dcm"')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(bytes);
    },
  );
}

/**
 * The viewer page's CSP: the app's policy plus `worker-src 'self'`, because dwv decodes compressed
 * pixel data (JPEG, JPEG 2000, RLE) in same-origin module workers served from /assets/imaging/.
 * Only this page gets it; every other page keeps the app's policy (which names no worker source).
 * Today `worker-src` would fall back to the app's `script-src 'self'` anyway: naming it keeps the
 * decoders working should `script-src` ever change (nonces, 'strict-dynamic'). Nothing else is
 * needed: the decoders use no WebAssembly, eval, blob: or data: worker.
 */
function allowViewerWorkers(reply: FastifyReply): void {
  const policy = reply.getHeader('content-security-policy');
  if (typeof policy !== 'string' || !policy) throw new Error('imaging viewer: the app sets no content security policy');
  reply.header('content-security-policy', `${policy.replace(/;\s*$/, '')};worker-src 'self'`);
}

type OrderForm = (form: string) => (request: FastifyRequest, reply: FastifyReply) => (failure: FormFailure) => Promise<FastifyReply>;

/** The order's steps as forms: schedule, cancel, the report's draft, signing and addenda. */
function registerOrderStepPages(app: FastifyInstance, orderForm: OrderForm): void {
  const { db } = app.deps;
  const back = (orderId: string) => `/staff/imaging/orders/${orderId}?done=saved`;

  app.post('/staff/imaging/orders/:id/schedule', { config: { permission: 'imaging.perform' }, schema: page }, async (request, reply) => {
    const orderId = idOf(request);
    return handleForm(
      request,
      reply,
      scheduleFormSchema,
      async (data, version) => {
        const ctx = serviceContext(request);
        const [date, time] = data.scheduledFor.split('T') as [string, string];
        const at = localTimeToInstant(date, parseWallTime(time), ctx.actor.timeZone);
        if (!at) throw validationFailed([{ path: 'scheduledFor', message: 'This local time does not exist (a clock change).' }]);
        await scheduleImagingOrder(db, ctx, orderId, at.toISOString(), version);
        return back(orderId);
      },
      orderForm('schedule')(request, reply),
    );
  });

  app.post('/staff/imaging/orders/:id/cancel', { config: { permission: 'imaging.order' }, schema: page }, async (request, reply) => {
    const orderId = idOf(request);
    return handleForm(
      request,
      reply,
      cancelOrderSchema,
      async (data, version) => {
        await cancelImagingOrder(db, serviceContext(request), orderId, data.reason, version);
        return back(orderId);
      },
      orderForm('cancel')(request, reply),
    );
  });

  app.post('/staff/imaging/orders/:id/report', { config: { permission: 'imaging.report' }, schema: page }, async (request, reply) => {
    const orderId = idOf(request);
    return handleForm(
      request,
      reply,
      reportDraftSchema,
      async (data, version) => {
        await saveReportDraft(db, serviceContext(request), orderId, data, version);
        return back(orderId);
      },
      orderForm('report')(request, reply),
    );
  });

  app.post('/staff/imaging/orders/:id/report/sign', { config: { permission: 'imaging.report' }, schema: page }, async (request, reply) => {
    const orderId = idOf(request);
    return handleForm(
      request,
      reply,
      z.object({}),
      async (_data, version) => {
        await signReport(db, serviceContext(request), orderId, version);
        return back(orderId);
      },
      orderForm('report')(request, reply),
    );
  });

  app.post(
    '/staff/imaging/orders/:id/report/addenda',
    { config: { permission: 'imaging.report' }, schema: page },
    async (request, reply) => {
      const orderId = idOf(request);
      return handleForm(
        request,
        reply,
        addendumSchema,
        async (data) => {
          await addReportAddendum(db, serviceContext(request), orderId, data.text);
          return back(orderId);
        },
        orderForm('addendum')(request, reply),
      );
    },
  );
}
