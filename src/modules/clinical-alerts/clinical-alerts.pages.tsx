import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/context.js';
import { normaliseForm } from '../../platform/http/forms.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { clinicalAlertIdParamsSchema, reportQuerySchema } from './clinical-alerts.schemas.js';
import { acknowledgeClinicalAlert } from './services/acknowledge-clinical-alert.service.js';
import { getClinicalAlert, listMyClinicalAlerts } from './services/clinical-alert-queries.service.js';
import { timeToAcknowledgeReport } from './services/time-to-acknowledge.service.js';
import { ClinicalAlertDetailPage, MyClinicalAlertsPage } from './views/clinical-alert-pages.js';
import { TimeToAcknowledgePage } from './views/time-to-acknowledge-page.js';

function idOf(request: FastifyRequest): string {
  const parsed = clinicalAlertIdParamsSchema.safeParse(request.params);
  if (!parsed.success) throw new AppError('not_found', 'There is nothing at this address.');
  return parsed.data.id;
}

const doneOf = (request: FastifyRequest) => (request.query as Record<string, unknown>).done === 'acknowledged';

/** Staff pages: my clinical alerts, one alert with its timeline, acknowledging one; the admin report. */
export function registerClinicalAlertsPages(app: FastifyInstance): void {
  const { db } = app.deps;

  app.get('/clinical-alerts', { config: { permission: 'clinical-alerts.read' }, schema: { hide: true } }, async (request, reply) => {
    const items = await listMyClinicalAlerts(db, serviceContext(request));
    return sendPage(reply, <MyClinicalAlertsPage ctx={pageContext(request, reply)} items={items} done={doneOf(request)} />);
  });

  app.get('/clinical-alerts/:id', { config: { permission: 'clinical-alerts.read' }, schema: { hide: true } }, async (request, reply) => {
    const alert = await getClinicalAlert(db, serviceContext(request), idOf(request));
    return sendPage(reply, <ClinicalAlertDetailPage ctx={pageContext(request, reply)} alert={alert} done={doneOf(request)} />);
  });

  app.post(
    '/clinical-alerts/:id/acknowledge',
    { config: { permission: 'clinical-alerts.read' }, schema: { hide: true } },
    async (request, reply) => {
      const id = idOf(request);
      await acknowledgeClinicalAlert(db, serviceContext(request), id);
      const from = normaliseForm(request.body).from;
      // The remote-monitoring board acknowledges from its own rows and expects to come back to them.
      if (from === 'remote-monitoring') return reply.redirect('/staff/remote-monitoring?done=acknowledged', 303);
      return reply.redirect(from === 'list' ? '/clinical-alerts?done=acknowledged' : `/clinical-alerts/${id}?done=acknowledged`, 303);
    },
  );

  app.get(
    '/admin/reports/time-to-acknowledge',
    { config: { permission: 'clinical-alerts.report' }, schema: { hide: true } },
    async (request, reply) => {
      const ctx = serviceContext(request);
      const parsed = reportQuerySchema.safeParse(normaliseForm(request.query));
      let errors: { path: string; message: string }[] = parsed.success
        ? []
        : parsed.error.issues.map((i) => ({
            path: i.path.join('.'),
            message: pageContext(request, reply).t('clinical_alerts.report_bad_date'),
          }));
      let report;
      try {
        report = await timeToAcknowledgeReport(db, ctx, parsed.success ? parsed.data : {});
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
        errors = [{ path: 'from', message: pageContext(request, reply).t('clinical_alerts.report_bad_range') }];
        report = await timeToAcknowledgeReport(db, ctx, {});
      }
      return sendPage(
        reply,
        <TimeToAcknowledgePage ctx={pageContext(request, reply)} report={report} errors={errors} />,
        errors.length ? 400 : 200,
      );
    },
  );
}
