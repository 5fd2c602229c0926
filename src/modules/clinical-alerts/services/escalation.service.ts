import type { Logger } from 'pino';
import { writeAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import {
  claimDueAlerts,
  insertEvents,
  insertRecipients,
  selectCareTeamUsers,
  selectDepartmentNurseLeads,
  selectFallbackUsers,
  setEscalation,
  type ClinicalAlertRow,
  type NewTimelineEvent,
} from '../clinical-alerts.repository.js';
import { ESCALATION_STEPS, LAST_STEP, type EscalationStep } from '../clinical-alerts.vocabulary.js';
import { reachPeople } from './clinical-alert-delivery.js';
import { clinicalAlertSettings, type ClinicalAlertSettings } from './clinical-alert-settings.js';

type AlertForReach = Pick<
  ClinicalAlertRow,
  'id' | 'patientId' | 'responsibleUserId' | 'kind' | 'severity' | 'summary' | 'escalationDelayMinutes'
>;

/** The people of one step not yet reached by the alert (active clinical accounts only). */
async function peopleOfStep(tx: Db, alert: AlertForReach, step: EscalationStep, fallback: ClinicalAlertSettings['fallback'], now: Date) {
  switch (step) {
    case 'care_team_doctors':
      return selectCareTeamUsers(tx, alert.id, alert.patientId, 'doctors', now);
    case 'care_team_nurse_leads':
      return selectCareTeamUsers(tx, alert.id, alert.patientId, 'nurse_leads', now);
    case 'department_nurse_leads':
      return selectDepartmentNurseLeads(tx, alert.id, alert.responsibleUserId);
    case 'fallback':
      return fallback ? selectFallbackUsers(tx, alert.id, fallback) : [];
    default:
      return [];
  }
}

/**
 * Moves one due alert to its next step that reaches somebody: steps with nobody new are skipped
 * (a `skipped` timeline row each, at once); the people of the step become recipients, get the
 * banner and the notification, and the timeline says `escalated` and `notified` for each. The
 * next step is due one delay later; after the last step nothing more is scheduled.
 */
async function escalateOne(tx: Db, alert: ClinicalAlertRow, fallback: ClinicalAlertSettings['fallback'], now: Date): Promise<void> {
  const timeline: NewTimelineEvent[] = [];
  let step = alert.escalationStep;
  let reached: string[] = [];
  while (reached.length === 0 && step < LAST_STEP) {
    step += 1;
    reached = await peopleOfStep(tx, alert, ESCALATION_STEPS[step]!, fallback, now);
    if (reached.length === 0) timeline.push({ type: 'skipped', step });
  }
  for (const userId of reached) timeline.push({ type: 'escalated', step, userId }, { type: 'notified', step, userId });
  await insertRecipients(tx, alert.id, reached, step, now);
  await insertEvents(tx, alert.id, timeline, now);
  const next = step < LAST_STEP ? new Date(now.getTime() + alert.escalationDelayMinutes * 60_000) : null;
  await setEscalation(tx, alert.id, step, next);
  // The system acts: no actor. Ids and codes only.
  await writeAudit(
    tx,
    {},
    null,
    {
      action: 'clinical_alert.escalate',
      resourceType: 'clinical_alert',
      resourceId: alert.id,
      patientId: alert.patientId,
      category: 'clinical',
      severity: 'high',
      detail: {
        kind: alert.kind,
        step: ESCALATION_STEPS[step],
        skipped: timeline.filter((e) => e.type === 'skipped').map((e) => ESCALATION_STEPS[e.step!]),
        recipients: reached,
      },
    },
    now,
  );
  await reachPeople(tx, alert, reached, now);
}

/**
 * For an emergency (a NEWS2 of 7 or more: "the team and the department"): at raise, reaches at once
 * every person of the chain's steps up to `department_nurse_leads` (the patient's care-team doctors
 * and nurse leads, the department's nurse leads), with the same timeline rows and delivery as an
 * escalation; the fallback step stays for one delay later if nobody acknowledges.
 */
export async function reachTeamAndDepartmentAtOnce(tx: Db, alert: AlertForReach, now: Date): Promise<string[]> {
  const lastAtOnce = ESCALATION_STEPS.indexOf('department_nurse_leads');
  const timeline: NewTimelineEvent[] = [];
  const everyone: string[] = [];
  for (let step = 1; step <= lastAtOnce; step += 1) {
    const reached = await peopleOfStep(tx, alert, ESCALATION_STEPS[step]!, null, now);
    if (reached.length === 0) timeline.push({ type: 'skipped', step });
    for (const userId of reached) timeline.push({ type: 'escalated', step, userId }, { type: 'notified', step, userId });
    // Recorded step by step, so the next step's query does not pick the same person again.
    await insertRecipients(tx, alert.id, reached, step, now);
    everyone.push(...reached);
  }
  await insertEvents(tx, alert.id, timeline, now);
  await setEscalation(tx, alert.id, lastAtOnce, new Date(now.getTime() + alert.escalationDelayMinutes * 60_000));
  await reachPeople(tx, alert, everyone, now);
  return everyone;
}

export interface EscalationReport {
  escalated: number;
  failed: number;
}

/**
 * Escalates every open alert whose next step is due at `now` (the injected clock), each in its
 * own transaction, claimed FOR UPDATE SKIP LOCKED so several sweepers share the work. Run by a
 * pg-boss cron every minute; tests call it with the test clock. Idempotent: an alert acknowledged
 * meanwhile is no longer open, and a second run at the same instant finds nothing due.
 */
export async function escalateDueClinicalAlerts(
  db: Db,
  now: Date,
  options: { settings?: ClinicalAlertSettings; limit?: number; logger?: Logger } = {},
): Promise<EscalationReport> {
  const { fallback } = options.settings ?? clinicalAlertSettings();
  const limit = options.limit ?? 500;
  const report: EscalationReport = { escalated: 0, failed: 0 };
  while (report.escalated + report.failed < limit) {
    const claimedId: { id?: string } = {};
    try {
      const done = await db.transaction(async (tx) => {
        const [alert] = await claimDueAlerts(tx, now, 1);
        if (!alert) return false;
        claimedId.id = alert.id;
        await escalateOne(tx, alert, fallback, now);
        return true;
      });
      if (!done) break;
      report.escalated += 1;
    } catch (error) {
      if (!claimedId.id) throw error;
      report.failed += 1;
      options.logger?.error(
        { alertId: claimedId.id, err: { name: (error as Error).name, code: (error as { code?: string }).code } },
        'clinical alerts: an escalation failed',
      );
      // The failed alert stays due; stop this run rather than claim it again in a loop.
      break;
    }
  }
  return report;
}
