import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { raiseClinicalAlert } from '../../clinical-alerts/index.js';
import type { VitalSetDto } from '../vitals.schemas.js';
import { selectResponsibleDoctor } from '../vitals.repository.js';
import type { VitalsPatient } from './vitals-access.js';

/** Minutes before an unacknowledged NEWS2 alert escalates (editable defaults; docs/vitals.md). */
export const NEWS2_ESCALATION_MINUTES = { urgent: 30, emergency: 5 } as const;

/**
 * The RCP clinical response, in the set's transaction (docs/vitals.md):
 * - urgent (5–6, or 3 in a single parameter): `news2_urgent` to the responsible clinician, escalating
 *   along the chain after 30 minutes unacknowledged;
 * - emergency (7 or more): `news2_emergency` to the responsible clinician AND at once the care team
 *   and the department (nurse leads), escalating to the fallback after 5 minutes.
 * The summary names the patient and the score and is shown only inside the app; e-mail, SMS and
 * push say only that a patient needs review (the clinical alerts' wording).
 */
export async function raiseNews2Alert(
  tx: Db,
  ctx: ServiceContext,
  of: { patient: VitalsPatient; set: VitalSetDto; departmentId: string | null },
): Promise<string> {
  const emergency = of.set.news2.response === 'emergency';
  const responsibleUserId = (await selectResponsibleDoctor(tx, of.patient.id, of.departmentId, ctx.now)) ?? ctx.actor.userId;
  const score = of.set.news2.total === null ? `NEWS2 incomplete, a parameter scored 3` : `NEWS2 ${of.set.news2.total}`;
  const raised = await raiseClinicalAlert(
    tx,
    { actor: ctx.actor, origin: ctx.origin, now: ctx.now },
    {
      patientId: of.patient.id,
      kind: emergency ? 'news2_emergency' : 'news2_urgent',
      severity: emergency ? 'critical' : 'high',
      responsible: { userId: responsibleUserId },
      source: { type: 'vital_set', id: of.set.id },
      summary: `${of.patient.name} (${of.patient.mrn}): ${score} — ${emergency ? 'emergency assessment' : 'urgent review'}`,
      escalationDelayMinutes: emergency ? NEWS2_ESCALATION_MINUTES.emergency : NEWS2_ESCALATION_MINUTES.urgent,
      reach: emergency ? 'team_and_department' : 'responsible',
    },
  );
  return raised.id;
}
