import type { FastifyInstance, FastifyRequest } from 'fastify';
import { serviceContext } from '../../platform/http/context.js';
import { pageContext } from '../../platform/views/page-context.js';
import { renderFragment, sendPage } from '../../platform/views/render.js';
import { AppError, notFound } from '../../platform/errors.js';
import { normaliseForm } from '../../platform/http/forms.js';
import { deviceIdParamsSchema, registerDeviceBodySchema } from './devices.schemas.js';
import { listPatientDevices, registerDevice, revokeDevice } from './services/device-registration.service.js';
import { readRemoteMonitoringBoard } from './services/remote-monitoring-board.service.js';
import { registerPatientDevicePages } from './patient-devices.pages.js';
import { PortalDevicesPage } from './views/portal-devices.js';
import { RemoteMonitoringPage, RemoteMonitoringTable } from './views/remote-monitoring-board.js';

/** Staff pages: the remote-monitoring board, and its table alone for the live refresh; a patient's devices and monitoring; the portal's "My devices". */
export function registerDevicesPages(app: FastifyInstance): void {
  const { db } = app.deps;
  registerPortalDevicePages(app);
  registerPatientDevicePages(app);

  app.get(
    '/staff/remote-monitoring',
    { config: { permission: 'remote-monitoring.manage' }, schema: { hide: true } },
    async (request, reply) => {
      const rows = await readRemoteMonitoringBoard(db, serviceContext(request));
      const done = (request.query as Record<string, unknown>).done === 'acknowledged';
      return sendPage(reply, <RemoteMonitoringPage ctx={pageContext(request, reply)} rows={rows} done={done} />);
    },
  );

  app.get(
    '/staff/remote-monitoring/board',
    { config: { permission: 'remote-monitoring.manage' }, schema: { hide: true } },
    async (request, reply) => {
      const rows = await readRemoteMonitoringBoard(db, serviceContext(request));
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(renderFragment(<RemoteMonitoringTable ctx={pageContext(request, reply)} rows={rows} />));
    },
  );
}

/** The patient's own record id, or 404 (a page for patients only). */
function ownPatientId(request: FastifyRequest): string {
  const ctx = serviceContext(request);
  if (ctx.actor.role !== 'patient' || !ctx.actor.patientId) throw notFound('Your patient record');
  return ctx.actor.patientId;
}

function registerPortalDevicePages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/portal/devices', { config: { permission: 'devices.own' }, schema: { hide: true } }, async (request, reply) => {
    const devices = await listPatientDevices(db, serviceContext(request), ownPatientId(request));
    const revoked = (request.query as Record<string, unknown>).done === 'revoked';
    return sendPage(reply, <PortalDevicesPage ctx={pageContext(request, reply)} devices={devices} revoked={revoked} />);
  });

  // The credential is shown on this answer only (no redirect: it must not sit in a URL or a session).
  app.post('/portal/devices', { config: { permission: 'devices.own' }, schema: { hide: true } }, async (request, reply) => {
    const patientId = ownPatientId(request);
    const values = normaliseForm(request.body) as Record<string, string | undefined>;
    const parsed = registerDeviceBodySchema.safeParse({ kind: values.kind, label: values.label });
    const ctx = serviceContext(request);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({
        path: i.path.join('.'),
        message: pageContext(request, reply).t('devices.field_required'),
      }));
      const devices = await listPatientDevices(db, ctx, patientId);
      return sendPage(
        reply,
        <PortalDevicesPage ctx={pageContext(request, reply)} devices={devices} errors={errors} values={values} />,
        400,
      );
    }
    const { credential } = await registerDevice(db, ctx, patientId, parsed.data);
    const devices = await listPatientDevices(db, ctx, patientId);
    return sendPage(
      reply,
      <PortalDevicesPage ctx={pageContext(request, reply)} devices={devices} created={{ label: parsed.data.label, credential }} />,
    );
  });

  app.post('/portal/devices/:id/revoke', { config: { permission: 'devices.own' }, schema: { hide: true } }, async (request, reply) => {
    ownPatientId(request);
    const parsed = deviceIdParamsSchema.safeParse(request.params);
    if (!parsed.success) throw new AppError('not_found', 'There is nothing at this address.');
    await revokeDevice(db, serviceContext(request), parsed.data.id);
    return reply.redirect('/portal/devices?done=revoked', 303);
  });
}
