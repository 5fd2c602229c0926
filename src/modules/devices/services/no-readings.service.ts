import type { Db } from '../../../platform/db/database.js';
import { publishEvent } from '../../../platform/events/index.js';
import { flagSilentEnrolments } from '../devices.repository.js';
import { REMOTE_MONITORING_EVENT } from '../devices.vocabulary.js';

/**
 * The no-readings sweep: flags every active enrolment with no reading for its number of days (since
 * the last reading, or since enrolment), once, on the injected clock; the next reading clears the
 * flag. The board shows the flag; the open boards are told. Returns how many were flagged.
 */
export async function flagSilentPatients(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const flagged = await flagSilentEnrolments(tx, now);
    if (flagged.length > 0)
      await publishEvent(
        tx,
        { type: REMOTE_MONITORING_EVENT, audience: { roles: ['doctor', 'nurse'] }, data: { enrolmentIds: flagged.map((f) => f.id) } },
        now,
      );
    return flagged.length;
  });
}
