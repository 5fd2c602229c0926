import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noStore } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import {
  clinicalAlertDetailSchema,
  clinicalAlertIdParamsSchema,
  clinicalAlertListSchema,
  reportQuerySchema,
  timeToAcknowledgeSchema,
} from './clinical-alerts.schemas.js';
import { acknowledgeClinicalAlert } from './services/acknowledge-clinical-alert.service.js';
import { getClinicalAlert, listMyClinicalAlerts } from './services/clinical-alert-queries.service.js';
import { timeToAcknowledgeReport } from './services/time-to-acknowledge.service.js';

/** Clinical alerts: yours, one with its timeline, acknowledging one (never a batch), the report. */
export function registerClinicalAlertsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Clinical alerts'];

  r.get(
    '/api/v1/clinical-alerts',
    {
      config: { permission: 'clinical-alerts.read' },
      schema: {
        tags,
        summary: 'Clinical alerts that reached you (responsible or escalated to), unacknowledged first',
        response: { 200: clinicalAlertListSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return { items: await listMyClinicalAlerts(db, serviceContext(request)), nextCursor: null };
    },
  );
  r.get(
    '/api/v1/clinical-alerts/:id',
    {
      config: { permission: 'clinical-alerts.read' },
      schema: {
        tags,
        summary: 'One clinical alert with its timeline (only for people on its escalation chain; others get 404)',
        params: clinicalAlertIdParamsSchema,
        response: { 200: clinicalAlertDetailSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return getClinicalAlert(db, serviceContext(request), request.params.id);
    },
  );
  r.post(
    '/api/v1/clinical-alerts/:id/acknowledge',
    {
      config: { permission: 'clinical-alerts.read' },
      schema: {
        tags,
        summary: 'Acknowledge one clinical alert (idempotent: a second call answers the same acknowledgement)',
        params: clinicalAlertIdParamsSchema,
        response: { 200: clinicalAlertDetailSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return acknowledgeClinicalAlert(db, serviceContext(request), request.params.id);
    },
  );
  r.get(
    '/api/v1/reports/time-to-acknowledge',
    {
      config: { permission: 'clinical-alerts.report' },
      schema: {
        tags,
        summary: 'Time to acknowledge clinical alerts per kind (median, p90, max) over local dates in your zone, and the alerts',
        querystring: reportQuerySchema,
        response: { 200: timeToAcknowledgeSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return timeToAcknowledgeReport(db, serviceContext(request), request.query);
    },
  );
}
