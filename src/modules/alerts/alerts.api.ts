import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noStore } from '../../platform/http/api-helpers.js';
import { serviceContext, userActor } from '../../platform/http/context.js';
import { translator } from '../../platform/i18n/i18n.js';
import {
  acknowledgementSchema,
  alertDetailSchema,
  alertIdParamsSchema,
  alertListQuerySchema,
  alertListSchema,
  bannerListSchema,
  broadcastAlertBodySchema,
  codeBlueBodySchema,
} from './alerts.schemas.js';
import { activeBanners, getAlert, listAlerts } from './services/alert-queries.service.js';
import { acknowledgeAlert, resolveAlert } from './services/alert-responses.service.js';
import { broadcastAlert, callCodeBlue } from './services/broadcast-alert.service.js';

/** Hospital-wide alerts: broadcast, history, acknowledgements, and the banners of the signed-in person. */
export function registerAlertsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Hospital alerts'];
  registerCodeBlueApi(app);

  r.post(
    '/api/v1/alerts',
    {
      config: { permission: 'alerts.broadcast' },
      schema: {
        tags,
        summary: 'Broadcast an alert to everyone, a department or a role (banners at once; optional e-mail, SMS, push)',
        body: broadcastAlertBodySchema,
        response: { 201: alertDetailSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reply.status(201).send(await broadcastAlert(db, serviceContext(request), request.body));
    },
  );
  r.get(
    '/api/v1/alerts',
    {
      config: { permission: 'alerts.read' },
      schema: {
        tags,
        summary: 'Alert history, newest first (broadcasters: all; other staff: the alerts addressed to them)',
        querystring: alertListQuerySchema,
        response: { 200: alertListSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return listAlerts(db, serviceContext(request), request.query);
    },
  );
  r.get(
    '/api/v1/alerts/:id',
    {
      config: { permission: 'alerts.read' },
      schema: {
        tags,
        summary: 'One alert with acknowledgement counts (and, for the sender and broadcasters, who has and has not acknowledged)',
        params: alertIdParamsSchema,
        response: { 200: alertDetailSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return getAlert(db, serviceContext(request), request.params.id);
    },
  );
  r.post(
    '/api/v1/alerts/:id/acknowledge',
    {
      config: { permission: 'alerts.read' },
      schema: {
        tags,
        summary: 'Acknowledge an alert addressed to you (idempotent)',
        params: alertIdParamsSchema,
        response: { 200: acknowledgementSchema },
      },
    },
    async (request) => acknowledgeAlert(db, serviceContext(request), request.params.id),
  );
  r.post(
    '/api/v1/alerts/:id/resolve',
    {
      config: { permission: 'alerts.broadcast' },
      schema: {
        tags,
        summary: 'Resolve an alert: its banners stop, the history stays',
        params: alertIdParamsSchema,
        response: { 200: alertDetailSchema },
      },
    },
    async (request) => resolveAlert(db, serviceContext(request), request.params.id),
  );
  r.get(
    '/api/v1/banners/active',
    {
      config: { permission: 'account' },
      schema: { tags, summary: 'Your unacknowledged alerts still in force, as page banners', response: { 200: bannerListSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return activeBanners(db, userActor(request).userId, translator(request.locale));
    },
  );
}

/** A code blue from any clinician (alerts.code-blue): type and severity fixed, to the resuscitation team. */
function registerCodeBlueApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Hospital alerts'];
  r.post(
    '/api/v1/alerts/code-blue',
    {
      config: { permission: 'alerts.code-blue' },
      schema: {
        tags,
        summary: 'Call a medical emergency (code blue, critical) at a location: sent to the resuscitation team',
        body: codeBlueBodySchema,
        response: { 201: alertDetailSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const alert = await callCodeBlue(db, serviceContext(request), request.body, app.deps.config.alertsCodeBlueTeamRoles);
      return reply.status(201).send(alert);
    },
  );
}
