import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { roleHasPermission } from '../../../platform/authz/permissions.js';
import type { Db } from '../../../platform/db/database.js';
import { validationFailed } from '../../../platform/errors.js';
import { serviceContext } from '../../../platform/http/context.js';
import { handleForm, type FormFailure } from '../../../platform/http/page-forms.js';
import { localTimeToInstant, parseWallTime } from '../../../platform/time/zoned-time.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { NOT_GIVEN_REASONS } from './doses.tables.js';
import { listDepartmentDueDoses, recordAdministration } from './services/administration.service.js';
import { listMyDoses, recordMyDose, type PatientDoseAction } from './services/my-doses.service.js';
import { getPrescriptionAdherence, setAdherenceMonitoring } from './services/prescription-adherence.service.js';
import { AdministrationPage } from './views/administration-page.js';
import { MyDosesPage } from './views/my-doses-page.js';
import { PrescriptionDosesPage } from './views/prescription-doses-page.js';

const page = { hide: true } as const;
const idParams = z.object({ id: z.uuid() });
const empty = z.object({});
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Give the date and time the dose was given.');
const givenForm = z.object({
  administeredAt: localDateTime,
  doseValue: z.coerce.number().positive('Give the dose given.'),
  doseUnit: z.string().min(1),
  note: z.string().max(500).optional(),
});
const notGivenForm = z.object({ reason: z.enum(NOT_GIVEN_REASONS), note: z.string().max(500).optional() });
const monitoringForm = z.object({
  active: z.enum(['true', 'false']),
  thresholdPercent: z.coerce.number().int().min(1).max(100).optional(),
});

async function renderMine(db: Db, request: FastifyRequest, reply: FastifyReply, failure?: FormFailure) {
  const ctx = serviceContext(request);
  const { doses, adherence } = await listMyDoses(db, ctx);
  return sendPage(
    reply,
    <MyDosesPage ctx={pageContext(request, reply)} now={ctx.now} doses={doses} adherence={adherence} message={failure?.message} />,
    failure?.status ?? 200,
  );
}

async function renderRound(db: Db, request: FastifyRequest, reply: FastifyReply, doseId?: string, failure?: FormFailure) {
  const ctx = serviceContext(request);
  const data = await listDepartmentDueDoses(db, ctx);
  const pageFailure =
    failure && doseId ? { doseId, errors: failure.errors, ...(failure.message ? { message: failure.message } : {}) } : undefined;
  return sendPage(
    reply,
    <AdministrationPage ctx={pageContext(request, reply)} now={ctx.now} data={data} failure={pageFailure} />,
    failure?.status ?? 200,
  );
}

async function renderPrescription(db: Db, request: FastifyRequest, reply: FastifyReply, failure?: FormFailure) {
  const ctx = serviceContext(request);
  const { id } = request.params as { id: string };
  const data = await getPrescriptionAdherence(db, ctx, id);
  const canFlag = roleHasPermission(ctx.actor.role, 'prescriptions.write');
  return sendPage(
    reply,
    <PrescriptionDosesPage ctx={pageContext(request, reply)} data={data} canFlag={canFlag} message={failure?.message} />,
    failure?.status ?? 200,
  );
}

/** The patient's doses page, the nurse's administration round and a prescription's adherence page, over the same services as the API. */
export function registerDosesPages(app: FastifyInstance): void {
  const { db } = app.deps;
  const self = { permission: 'medications.doses.self' } as const;
  const administer = { permission: 'medications.administer' } as const;

  app.get('/portal/doses', { config: self, schema: page }, async (request, reply) => renderMine(db, request, reply));
  for (const action of ['taken', 'skipped', 'snooze'] as const satisfies readonly PatientDoseAction[]) {
    app.post(`/portal/doses/:id/${action}`, { config: self, schema: { ...page, params: idParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      return handleForm(
        request,
        reply,
        empty,
        async () => (await recordMyDose(db, serviceContext(request), id, action), '/portal/doses'),
        (f) => renderMine(db, request, reply, f),
      );
    });
  }

  app.get('/staff/doses', { config: administer, schema: page }, async (request, reply) => renderRound(db, request, reply));
  app.post('/staff/doses/:id/given', { config: administer, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = serviceContext(request);
    return handleForm(
      request,
      reply,
      givenForm,
      async (data) => {
        const [date, time] = data.administeredAt.split('T') as [string, string];
        const administeredAt = localTimeToInstant(date, parseWallTime(time), ctx.actor.timeZone);
        if (!administeredAt)
          throw validationFailed([{ path: 'administeredAt', message: 'This local time does not exist (a clock change).' }]);
        await recordAdministration(db, ctx, id, {
          outcome: 'given',
          administeredAt,
          dose: { value: data.doseValue, unit: data.doseUnit },
          note: data.note,
        });
        return '/staff/doses';
      },
      (f) => renderRound(db, request, reply, id, f),
    );
  });
  app.post('/staff/doses/:id/not-given', { config: administer, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return handleForm(
      request,
      reply,
      notGivenForm,
      async (data) => (
        await recordAdministration(db, serviceContext(request), id, { outcome: 'not_given', reason: data.reason, note: data.note }),
        '/staff/doses'
      ),
      (f) => renderRound(db, request, reply, id, f),
    );
  });

  app.get(
    '/staff/prescriptions/:id/doses',
    { config: { permission: 'prescriptions.read' }, schema: { ...page, params: idParams } },
    async (request, reply) => renderPrescription(db, request, reply),
  );
  app.post(
    '/staff/prescriptions/:id/doses/monitoring',
    { config: { permission: 'prescriptions.write' }, schema: { ...page, params: idParams } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      return handleForm(
        request,
        reply,
        monitoringForm,
        async (data) => (
          await setAdherenceMonitoring(db, serviceContext(request), id, {
            active: data.active === 'true',
            thresholdPercent: data.thresholdPercent,
          }),
          `/staff/prescriptions/${id}/doses`
        ),
        (f) => renderPrescription(db, request, reply, f),
      );
    },
  );
}
