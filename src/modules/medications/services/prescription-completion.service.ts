import { pendingPatientsAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { completeEndedCourses } from '../prescriptions.repository.js';

/** How many ended prescriptions one sweep completes; the next sweep takes the rest. */
const SWEEP_BATCH = 500;

/**
 * Completes the signed prescriptions whose course has ended by `now` (the injected clock): an end
 * instant that has passed, or the start plus the duration in days. The change is the system's (an
 * audit row per prescription with no person as actor). As-needed or open-ended prescriptions (no
 * end and no duration) stay signed until a doctor stops them. Rows another sweep holds are
 * skipped, so two instances never complete one twice.
 */
export async function completeEndedPrescriptions(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const completed = await completeEndedCourses(tx, now, SWEEP_BATCH);
    const { write } = pendingPatientsAudit(
      tx,
      {},
      null,
      completed.map((p) => ({
        action: 'prescription.complete',
        resourceType: 'prescription',
        resourceId: p.id,
        patientId: p.patientId,
        category: 'clinical' as const,
      })),
      now,
    );
    if (write) await tx.execute(write);
    return completed.length;
  });
}
