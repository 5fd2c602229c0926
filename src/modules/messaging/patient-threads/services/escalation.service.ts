import { writeAudit } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { lockOverdueThreads, markEscalated, selectCareTeamUserIds, selectDepartmentUserIds } from '../patient-threads.repository.js';
import { deliverEscalation } from './thread-delivery.js';

export interface MessageEscalationReport {
  escalated: number;
}

/** Threads per sweep (the rest wait for the next minute). */
const BATCH = 100;

/**
 * The escalation sweep (a job every few minutes, reading the injected clock): each thread whose
 * patient message is unanswered past its response time is marked escalated and its department's
 * doctors and nurses are told. A care-team thread goes to the department of its longest-serving
 * care-team clinician (which then also reads it in its inbox); with none, the care team is told.
 * One system audit row per thread. The team's next answer lifts the mark.
 */
export async function escalateOverdueThreads(db: Db, now: Date): Promise<MessageEscalationReport> {
  return db.transaction(async (tx) => {
    const due = await lockOverdueThreads(tx, now, BATCH);
    for (const thread of due) {
      const team = await selectCareTeamUserIds(tx, thread.patientId, now);
      const departmentId = thread.departmentId ?? team.find((m) => m.departmentId)?.departmentId ?? null;
      await markEscalated(tx, thread.id, departmentId, now);
      const people = departmentId ? await selectDepartmentUserIds(tx, departmentId) : team.map((m) => m.userId);
      await deliverEscalation(tx, thread, [...new Set(people)], now);
      await writeAudit(
        tx,
        { userId: null, role: null },
        null,
        {
          action: 'patient_thread.escalate',
          resourceType: 'patient_thread',
          resourceId: thread.id,
          patientId: thread.patientId,
          category: 'clinical',
          detail: { departmentId, notified: people.length },
        },
        now,
      );
    }
    return { escalated: due.length };
  });
}
