import type { FastifyInstance } from 'fastify';
import { registerPatientThreads } from './patient-threads/index.js';
import { registerStaffThreads } from './staff-threads/index.js';

// What other modules may import (docs/messaging.md); every other file here is private.
/** Patient threads: the escalation job's names and the tables (test fixtures). */
export {
  escalateOverdueThreads,
  PATIENT_THREAD_MESSAGE_EVENT,
  PATIENT_THREADS_ESCALATION_QUEUE,
  patientThreadMessages,
  patientThreads,
} from './patient-threads/index.js';
/** Staff threads: tables (test fixtures) and the unread count (the bell reads it through notifications' addBellCount). */
export { staffMessages, staffMessagesUnreadCount, staffThreadMembers, staffThreadReads, staffThreads } from './staff-threads/index.js';

/** Secure messaging (docs/messaging.md): patient threads with the care team, and staff threads. */
export function registerMessagingModule(app: FastifyInstance): void {
  registerPatientThreads(app);
  registerStaffThreads(app);
}
