import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { roleHasPermission } from '../../platform/authz/permissions.js';
import type { ServiceContext } from '../../platform/auth/actor.js';
import { notFound, type FieldError } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/context.js';
import { handleForm, type FormFailure } from '../../platform/http/page-forms.js';
import { localiseFieldErrors, parseForm, type FieldMessages } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { registerDeviceBodySchema } from './devices.schemas.js';
import { MONITORING_PROGRAMMES } from './devices.vocabulary.js';
import { registerDevice, revokeDevice } from './services/device-registration.service.js';
import { endMonitoring, enrolInMonitoring } from './services/monitoring-enrolment.service.js';
import { readPatientMonitoring } from './services/patient-monitoring.service.js';
import { PatientDevicesPage, type DevicesNotice, type PatientDevicesPageProps } from './views/patient-devices.js';

const page = { hide: true } as const;
const idParams = z.object({ id: z.uuid() });
const deviceParams = z.object({ id: z.uuid(), deviceId: z.uuid() });
const enrolmentParams = z.object({ id: z.uuid(), enrolmentId: z.uuid() });
const manageDevices = { permission: 'devices.manage' } as const;
const manageMonitoring = { permission: 'remote-monitoring.manage' } as const;
const NOTICES: readonly DevicesNotice[] = ['revoked', 'enrolled', 'ended'];

/** The enrol form: numbers come as text, blank ones are dropped (the service's defaults apply). */
const enrolForm = z.object({
  programme: z.enum(MONITORING_PROGRAMMES),
  alertAfterReadings: z.coerce.number().int().min(1).max(20).optional(),
  silentAfterDays: z.coerce.number().int().min(1).max(60).optional(),
});

/** The message beside each field, in the viewer's language (Zod's own messages are English and technical). */
const FIELD_MESSAGES: FieldMessages = {
  kind: ['devices.field_required'],
  label: ['devices.field_required'],
  programme: ['devices.field_required'],
  alertAfterReadings: ['devices.field_whole_number', { min: 1, max: 20 }],
  silentAfterDays: ['devices.field_whole_number', { min: 1, max: 60 }],
};

/**
 * This page is the care team's (the patient registers their own devices in the portal's My devices,
 * though their role holds devices.manage for it): anyone but staff gets 404, as the chart answers.
 */
function staffOnly(ctx: ServiceContext): void {
  if (ctx.actor.role === 'patient') throw notFound('The patient');
}

/** Staff pages over the same services as the API: a patient's devices and remote-monitoring enrolments (docs/vitals.md). */
export function registerPatientDevicePages(app: FastifyInstance): void {
  const { db } = app.deps;

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    patientId: string,
    extra: Partial<PatientDevicesPageProps> = {},
    status = 200,
  ) {
    const ctx = serviceContext(request);
    staffOnly(ctx);
    const data = await readPatientMonitoring(db, ctx, patientId);
    const view = pageContext(request, reply);
    const localise = (errors: FieldError[]) => localiseFieldErrors(errors, FIELD_MESSAGES, view.t);
    const props: PatientDevicesPageProps = {
      ctx: view,
      data,
      mayEnrol: roleHasPermission(ctx.actor.role, 'remote-monitoring.manage'),
      ...extra,
    };
    if (props.register) props.register = { ...props.register, errors: localise(props.register.errors) };
    if (props.enrol) props.enrol = { ...props.enrol, errors: localise(props.enrol.errors) };
    return sendPage(reply, <PatientDevicesPage {...props} />, status);
  }

  app.get('/staff/patients/:id/devices', { config: manageDevices, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const done = (request.query as Record<string, unknown>).done;
    const notice = NOTICES.find((n) => n === done);
    return render(request, reply, id, { notice });
  });

  // The credential is on this answer only: no redirect (it must not sit in a URL or a session), never logged.
  app.post('/staff/patients/:id/devices', { config: manageDevices, schema: { ...page, params: idParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = serviceContext(request);
    staffOnly(ctx);
    const parsed = parseForm(registerDeviceBodySchema, request.body);
    if (!parsed.ok) return render(request, reply, id, { register: { errors: parsed.errors, values: parsed.values } }, 400);
    const { credential } = await registerDevice(db, ctx, id, parsed.data);
    return render(request, reply, id, { created: { label: parsed.data.label, credential } });
  });

  app.post(
    '/staff/patients/:id/devices/:deviceId/revoke',
    { config: manageDevices, schema: { ...page, params: deviceParams } },
    async (request, reply) => {
      const { deviceId } = request.params as { id: string; deviceId: string };
      const ctx = serviceContext(request);
      staffOnly(ctx);
      const device = await revokeDevice(db, ctx, deviceId);
      // Back to the device's own patient: the service checked the viewer's access to that one.
      return reply.redirect(`/staff/patients/${device.patientId}/devices?done=revoked`, 303);
    },
  );

  app.post(
    '/staff/patients/:id/monitoring-enrolments',
    { config: manageMonitoring, schema: { ...page, params: idParams } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const ctx = serviceContext(request);
      staffOnly(ctx);
      return handleForm(
        request,
        reply,
        enrolForm,
        async (data) => (await enrolInMonitoring(db, ctx, id, data), `/staff/patients/${id}/devices?done=enrolled`),
        (failure: FormFailure) => {
          const message = failure.code === 'conflict' ? pageContext(request, reply).t('devices.staff_already_enrolled') : failure.message;
          return render(request, reply, id, { enrol: { errors: failure.errors, values: failure.values, message } }, failure.status);
        },
      );
    },
  );

  app.post(
    '/staff/patients/:id/monitoring-enrolments/:enrolmentId/end',
    { config: manageMonitoring, schema: { ...page, params: enrolmentParams } },
    async (request, reply) => {
      const { enrolmentId } = request.params as { id: string; enrolmentId: string };
      const ctx = serviceContext(request);
      staffOnly(ctx);
      const ended = await endMonitoring(db, ctx, enrolmentId);
      return reply.redirect(`/staff/patients/${ended.patientId}/devices?done=ended`, 303);
    },
  );
}
