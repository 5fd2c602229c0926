import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noStore } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import {
  idParamsSchema,
  notificationListQuerySchema,
  notificationListSchema,
  notificationSchema,
  preferencesSchema,
  readAllResultSchema,
  updatePreferencesBodySchema,
} from './notifications.schemas.js';
import { listNotifications, readAllNotifications, readNotification } from './services/notification-centre.service.js';
import { getPreferences, updatePreferences } from './services/preferences.service.js';

/** The signed-in person's notification centre and delivery preferences. */
export function registerNotificationsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Notifications'];

  r.get(
    '/api/v1/notifications',
    {
      config: { permission: 'account' },
      schema: {
        tags,
        summary: 'Your notifications, newest first, with the unread count',
        querystring: notificationListQuerySchema,
        response: { 200: notificationListSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return listNotifications(db, serviceContext(request), request.query);
    },
  );
  r.post(
    '/api/v1/notifications/read-all',
    {
      config: { permission: 'account' },
      schema: { tags, summary: 'Mark all your notifications read', response: { 200: readAllResultSchema } },
    },
    async (request) => readAllNotifications(db, serviceContext(request)),
  );
  r.post(
    '/api/v1/notifications/:id/read',
    {
      config: { permission: 'account' },
      schema: { tags, summary: 'Mark one of your notifications read', params: idParamsSchema, response: { 200: notificationSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return readNotification(db, serviceContext(request), request.params.id);
    },
  );
  r.get(
    '/api/v1/notifications/preferences',
    {
      config: { permission: 'account' },
      schema: { tags, summary: 'Channels per category and quiet hours', response: { 200: preferencesSchema } },
    },
    async (request) => getPreferences(db, serviceContext(request)),
  );
  r.put(
    '/api/v1/notifications/preferences',
    {
      config: { permission: 'account' },
      schema: {
        tags,
        summary: 'Change channels per category and quiet hours (in-app is always on)',
        body: updatePreferencesBodySchema,
        response: { 200: preferencesSchema },
      },
    },
    async (request) => updatePreferences(db, serviceContext(request), request.body),
  );
}
