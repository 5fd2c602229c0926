import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { noStore } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import { normaliseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import {
  fileReconciledResult,
  getReconciliationItem,
  listReconciliationQueue,
  OFFER_REASONS,
  rejectReconciliation,
  UNMATCHED_REASONS,
} from './services/lab-reconciliation.service.js';
import { ReconciliationItemPage, ReconciliationQueuePage } from './views/reconciliation.js';

const idParams = z.object({ id: z.uuid() });
const groupSchema = z.coerce.number().int().min(0).max(999);

const groupDto = z.object({
  index: z.number().int(),
  accessionNumber: z.string(),
  patientMrn: z.string(),
  reason: z.enum(UNMATCHED_REASONS),
  resultCount: z.number().int(),
});
const queueSchema = z.object({
  items: z.array(z.object({ id: z.uuid(), sender: z.string(), receivedAt: z.string(), groups: z.array(groupDto) })),
});
const detailSchema = z.object({
  id: z.uuid(),
  sender: z.string(),
  receivedAt: z.string(),
  group: groupDto,
  numbers: z
    .object({ placer: z.string().nullable(), filler: z.string().nullable() })
    .describe('The order numbers as sent: placer (OBR-2) and filler (OBR-3)'),
  results: z.array(
    z.object({
      loinc: z.string(),
      value: z.number().optional(),
      unit: z.string().optional(),
      text: z.string().optional(),
      status: z.string(),
    }),
  ),
  candidates: z.array(
    z.object({
      orderId: z.uuid(),
      accessionNumber: z.string().nullable(),
      itemName: z.string(),
      status: z.string(),
      patient: z.object({ id: z.uuid(), mrn: z.string(), givenName: z.string(), familyName: z.string(), birthDate: z.string() }),
      matchesAccession: z.boolean(),
      matchesMrn: z.boolean(),
      offeredBecause: z
        .array(z.enum(OFFER_REASONS))
        .describe(
          'Why offered: placer = its accession is OBR-2, filler = OBR-3, number = the one number sent, mrn = its patient has the MRN sent',
        ),
    }),
  ),
});
const fileBody = z.object({
  group: z.number().int().min(0),
  orderId: z.uuid(),
  patientId: z.uuid(),
  confirmedSamePerson: z.boolean().describe('I have checked the patient is the same person: must be true'),
});
const fileAnswer = z.object({
  orderId: z.uuid(),
  filed: z.number().int(),
  alerts: z.number().int(),
  messageStatus: z.string(),
});
const rejectBody = z.object({ group: z.number().int().min(0), reason: z.string().min(1).max(1000) });
const rejectAnswer = z.object({ messageStatus: z.string() });

const notHere = () => new AppError('not_found', 'There is nothing at this address.');
function idOf(request: FastifyRequest): string {
  const parsed = idParams.safeParse(request.params);
  if (!parsed.success) throw notHere();
  return parsed.data.id;
}

/** The reconciliation queue of unmatched outside results (issue 13): pages and the JSON API, `labs.work`. */
export function registerLabReconciliation(app: FastifyInstance): void {
  registerPages(app);
  registerApi(app);
}

function registerPages(app: FastifyInstance): void {
  const { db, encryptor } = app.deps;
  const base = (id: string, group: number) => `/lab/reconciliation/${id}?group=${group}`;

  app.get('/lab/reconciliation', { config: { permission: 'labs.work' }, schema: { hide: true } }, async (request, reply) => {
    const items = await listReconciliationQueue(db, encryptor, serviceContext(request));
    const done = (request.query as Record<string, string | undefined>).done === '1';
    return sendPage(reply, <ReconciliationQueuePage ctx={pageContext(request, reply)} items={items} done={done} />);
  });

  app.get('/lab/reconciliation/:id', { config: { permission: 'labs.work' }, schema: { hide: true } }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const group = groupSchema.safeParse(q.group);
    const detail = await getReconciliationItem(
      db,
      encryptor,
      serviceContext(request),
      idOf(request),
      group.success ? group.data : undefined,
    );
    const problem = ['conflict', 'confirm', 'invalid', 'reason'].includes(q.problem ?? '') ? q.problem : undefined;
    return sendPage(reply, <ReconciliationItemPage ctx={pageContext(request, reply)} detail={detail} {...(problem ? { problem } : {})} />);
  });

  const settle = async (
    reply: FastifyReply,
    id: string,
    group: number,
    work: () => Promise<{ messageStatus: string }>,
    onInvalidInput = 'confirm',
  ) => {
    try {
      const outcome = await work();
      return reply.redirect(outcome.messageStatus === 'unmatched' ? '/lab/reconciliation/' + id : '/lab/reconciliation?done=1', 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 409) return reply.redirect('/lab/reconciliation?done=0', 303);
      if (error.status === 400) return reply.redirect(`${base(id, group)}&problem=${onInvalidInput}`, 303);
      if (error.status === 422) return reply.redirect(`${base(id, group)}&problem=invalid`, 303);
      throw error;
    }
  };

  app.post('/lab/reconciliation/:id/file', { config: { permission: 'labs.work' }, schema: { hide: true } }, async (request, reply) => {
    const id = idOf(request);
    const form = normaliseForm(request.body);
    const group = groupSchema.safeParse(form.group);
    const orderId = z.uuid().safeParse(form.orderId);
    const patientId = z.uuid().safeParse(form.patientId);
    if (!group.success || !orderId.success || !patientId.success) throw new AppError('validation_failed', 'Choose an order.');
    return settle(reply, id, group.data, () =>
      fileReconciledResult(db, encryptor, serviceContext(request), id, {
        group: group.data,
        orderId: orderId.data,
        patientId: patientId.data,
        confirmedSamePerson: form.confirmedSamePerson === 'true',
      }),
    );
  });

  app.post('/lab/reconciliation/:id/reject', { config: { permission: 'labs.work' }, schema: { hide: true } }, async (request, reply) => {
    const id = idOf(request);
    const form = normaliseForm(request.body);
    const group = groupSchema.safeParse(form.group);
    if (!group.success) throw new AppError('validation_failed', 'The result group is missing.');
    return settle(
      reply,
      id,
      group.data,
      () =>
        rejectReconciliation(db, encryptor, serviceContext(request), id, {
          group: group.data,
          reason: typeof form.reason === 'string' ? form.reason : '',
        }),
      'reason',
    );
  });
}

function registerApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, encryptor } = app.deps;
  const tags = ['Laboratory'];

  r.get(
    '/api/v1/lab/reconciliation',
    {
      config: { permission: 'labs.work' },
      schema: {
        tags,
        summary: 'Unmatched outside results waiting for a person, oldest first (accession number and MRN as sent; audited)',
        response: { 200: queueSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const items = await listReconciliationQueue(db, encryptor, serviceContext(request));
      return { items: items.map((i) => ({ ...i, receivedAt: i.receivedAt.toISOString() })) };
    },
  );

  r.get(
    '/api/v1/lab/reconciliation/:id',
    {
      config: { permission: 'labs.work' },
      schema: {
        tags,
        summary: 'One unmatched order group: what was sent and the candidate orders (never chosen for you; audited)',
        params: idParams,
        querystring: z.object({ group: groupSchema.optional() }),
        response: { 200: detailSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const d = await getReconciliationItem(db, encryptor, serviceContext(request), request.params.id, request.query.group);
      return {
        id: d.id,
        sender: d.sender,
        receivedAt: d.receivedAt.toISOString(),
        group: d.group,
        numbers: d.numbers,
        results: d.results.map((x) => ({
          loinc: x.loinc,
          ...(x.value !== undefined ? { value: x.value } : {}),
          ...(x.unit !== undefined ? { unit: x.unit } : {}),
          ...(x.text !== undefined ? { text: x.text } : {}),
          status: x.status,
        })),
        candidates: d.candidates.map((c) => ({
          orderId: c.order.id,
          accessionNumber: c.order.accessionNumber,
          itemName: c.order.itemName,
          status: c.order.status,
          patient: c.patient,
          matchesAccession: c.matchesAccession,
          matchesMrn: c.matchesMrn,
          offeredBecause: c.offeredBecause,
        })),
      };
    },
  );

  r.post(
    '/api/v1/lab/reconciliation/:id/file',
    {
      config: { permission: 'labs.work' },
      schema: {
        tags,
        summary:
          'File an unmatched order group against the order a person chose (its patient must be the one confirmed); 409 when already settled',
        params: idParams,
        body: fileBody,
        response: { 200: fileAnswer },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return fileReconciledResult(db, encryptor, serviceContext(request), request.params.id, request.body);
    },
  );

  r.post(
    '/api/v1/lab/reconciliation/:id/reject',
    {
      config: { permission: 'labs.work' },
      schema: {
        tags,
        summary: 'Reject an unmatched order group with a reason (nothing filed); 409 when already settled',
        params: idParams,
        body: rejectBody,
        response: { 200: rejectAnswer },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return rejectReconciliation(db, encryptor, serviceContext(request), request.params.id, request.body);
    },
  );
}
