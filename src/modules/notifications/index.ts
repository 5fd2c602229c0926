import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { addLayoutHeaderItem, addLayoutScript } from '../../platform/views/layout-extensions.js';
import { registerNotificationsApi } from './notifications.api.js';
import { registerNotificationsPages } from './notifications.pages.js';
import { configureNotifications } from './services/notify.service.js';
import { NotificationBell } from './views/notification-bell.js';

// What other modules may import (docs/architecture.md); every other file of this folder is private.
export { notify, type NotifyInput } from './services/notify.service.js';
/** For modules that add an unread count to the bell (staff messages). */
export { addBellCount, type BellCount } from './services/bell-counts.js';
export { NOTIFICATION_CATEGORIES, type NotificationCategory, notifications } from './notifications.tables.js';

const LIVE_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../platform/views/assets/live.js');

/**
 * The notification centre (bell, list, preferences), `notify()` for other modules, and live.js —
 * the page script that carries real-time events and alert banners to every signed-in page.
 */
export function registerNotificationsModule(app: FastifyInstance): void {
  configureNotifications({ publicUrl: app.deps.config.publicUrl });
  registerLiveScript(app);
  addLayoutScript('/assets/live.js');
  addLayoutHeaderItem('notifications', (ctx) => NotificationBell({ ctx }));
  registerNotificationsApi(app);
  registerNotificationsPages(app);
}

/** Served like the platform's assets (an exact path, cached, ETag); `/assets/:name` does not list it. */
function registerLiveScript(app: FastifyInstance): void {
  const body = readFileSync(LIVE_SCRIPT);
  const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
  app.get('/assets/live.js', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('etag', etag)
      .send(body);
  });
}
/** For the home pages' worklists: the signed-in person's own notifications (no patient data of others). */
export { listNotifications, notificationInboxReads } from './services/notification-centre.service.js';
export type { NotificationDto } from './notifications.schemas.js';
