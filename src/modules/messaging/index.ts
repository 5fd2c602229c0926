import type { FastifyInstance } from 'fastify';
import { registerStaffThreads } from './staff-threads/index.js';

// What other modules may import (docs/messaging.md); every other file of this folder is private.
/** Staff threads: tables (test fixtures) and the unread count (the bell reads it through notifications' addBellCount). */
export { staffMessages, staffMessagesUnreadCount, staffThreadMembers, staffThreadReads, staffThreads } from './staff-threads/index.js';

/** Messaging (docs/messaging.md). */
export function registerMessagingModule(app: FastifyInstance): void {
  registerStaffThreads(app);
}
