import type { FastifyInstance } from 'fastify';
import { registerPatientThreads } from './patient-threads/index.js';

// What other modules may import (docs/messaging.md); every other file here is private.
export {
  escalateOverdueThreads,
  PATIENT_THREAD_MESSAGE_EVENT,
  PATIENT_THREADS_ESCALATION_QUEUE,
  patientThreadMessages,
  patientThreads,
} from './patient-threads/index.js';

/** Secure messaging (docs/messaging.md): each part registers itself. */
export function registerMessagingModule(app: FastifyInstance): void {
  registerPatientThreads(app);
}
