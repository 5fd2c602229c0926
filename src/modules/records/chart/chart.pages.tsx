import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BREAK_GLASS_ROLES } from '../../../platform/authz/permissions.js';
import { AppError } from '../../../platform/errors.js';
import { serviceContext } from '../../../platform/http/context.js';
import { pageContext } from '../../../platform/views/page-context.js';
import { sendPage } from '../../../platform/views/render.js';
import { NoAccessPage } from '../../patients/index.js';
import { listMyPatients } from './services/chart-my-patients.service.js';
import { getPatientChart } from './services/chart.service.js';
import { ChartPage } from './views/chart-page.js';
import { MyPatientsPage } from './views/chart-my-patients.js';

const idParams = z.object({ id: z.uuid() });

/** The clinician's chart of one patient, and their assigned patients with what needs attention. */
export function registerChartPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get(
    '/staff/patients/:id/chart',
    { config: { permission: 'records.read' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      const { id } = request.params as { id: string };
      try {
        const chart = await getPatientChart(db, ctx, id);
        return sendPage(reply, <ChartPage ctx={pageContext(request, reply)} now={ctx.now} chart={chart} />);
      } catch (error) {
        // Off the care team: the same 404 as the patients chart, with the emergency-access offer.
        if (error instanceof AppError && error.code === 'not_found' && BREAK_GLASS_ROLES.includes(ctx.actor.role)) {
          return sendPage(reply, <NoAccessPage ctx={pageContext(request, reply)} patientId={id} canBreakGlass />, 404);
        }
        throw error;
      }
    },
  );

  app.get('/staff/my-patients', { config: { permission: 'records.read' }, schema: { hide: true } }, async (request, reply) => {
    const patients = await listMyPatients(db, serviceContext(request));
    return sendPage(reply, <MyPatientsPage ctx={pageContext(request, reply)} patients={patients} />);
  });
}
