import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { addBellCount } from '../../notifications/index.js';
import { staffMessagesUnreadRead } from './services/thread-queries.service.js';
import { registerStaffThreadsApi } from './staff-threads.api.js';
import { registerStaffThreadsPages } from './staff-threads.pages.js';
import { STAFF_MESSAGE_EVENT, STAFF_THREAD_READ_EVENT } from './staff-threads.vocabulary.js';
import { THREAD_SCRIPT } from './views/thread-page.js';

export { staffMessages, staffThreadMembers, staffThreadReads, staffThreads } from './staff-threads.tables.js';
export { staffMessagesUnreadCount, staffMessagesUnreadRead } from './services/thread-queries.service.js';

const SCRIPT_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'assets/staff-thread.js');

/** Staff threads (docs/messaging.md "Staff threads"): the API, the pages, the thread page's script and the bell's count. */
export function registerStaffThreads(app: FastifyInstance): void {
  addBellCount('staff-messages', {
    labelKey: 'staff_messages.bell_unread',
    read: staffMessagesUnreadRead,
    events: [STAFF_MESSAGE_EVENT, STAFF_THREAD_READ_EVENT],
  });
  registerThreadScript(app);
  registerStaffThreadsApi(app);
  registerStaffThreadsPages(app);
}

/** Served like the platform's assets (an exact path, cached, ETag). */
function registerThreadScript(app: FastifyInstance): void {
  const body = readFileSync(SCRIPT_FILE);
  const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
  app.get(THREAD_SCRIPT, { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('etag', etag)
      .send(body);
  });
}
