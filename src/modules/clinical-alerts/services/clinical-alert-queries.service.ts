import { auditActorOf, pendingPatientAudit, pendingPatientsAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { runRead } from '../../../platform/db/read-together.js';
import { oneStepRead, preparedRead, type TwoStepRead } from '../../../platform/db/read-in-two-steps.js';
import { deferRead, readTogether } from '../../../platform/db/read-together.js';
import { notFound } from '../../../platform/errors.js';
import { patientLabelsRead, type PatientLabel } from '../../patients/index.js';
import {
  countMyOpenAlerts,
  selectAlertForRecipient,
  selectMyAlerts,
  selectTimeline,
  type ClinicalAlertRow,
  type TimelineRow,
} from '../clinical-alerts.repository.js';
import type { ClinicalAlertDetailDto, ClinicalAlertSummaryDto, TimelineEventDto } from '../clinical-alerts.schemas.js';
import { ESCALATION_STEPS } from '../clinical-alerts.vocabulary.js';

const LIST_LIMIT = 100;

const labelFor = (labels: Map<string, PatientLabel>, patientId: string): PatientLabel =>
  labels.get(patientId) ?? { id: patientId, name: '—', mrn: '—' };

/**
 * The alerts that reached the signed-in clinician (as the responsible one or by escalation),
 * unacknowledged first, newest first, at most 100. Two statements: the alerts, then one audit row
 * per patient shown sent with the patients' names.
 */
export async function listMyClinicalAlerts(db: Db, ctx: ServiceContext): Promise<ClinicalAlertSummaryDto[]> {
  const { actor, now } = ctx;
  const rows = await selectMyAlerts(db, actor.userId, LIST_LIMIT);
  if (rows.length === 0) return [];
  const { audited, write } = pendingPatientsAudit(
    db,
    auditActorOf(actor),
    ctx.origin,
    [...new Set(rows.map((r) => r.patientId))].map((patientId) => ({
      action: 'clinical_alert.list',
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      category: 'clinical' as const,
      detail: { alertIds: rows.filter((r) => r.patientId === patientId).map((r) => r.id) },
    })),
    now,
  );
  const { labels } = await readTogether(db, { labels: patientLabelsRead(db, audited) }, { writes: [write] });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    status: r.status,
    patient: labelFor(labels, r.patientId),
    summary: r.summary,
    raisedAt: r.raisedAt.toISOString(),
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    yourStep: ESCALATION_STEPS[r.myStep] ?? 'fallback',
  }));
}

/** How many unacknowledged alerts reached this person (the home page's count; no patient data). */
export function countMyOpenClinicalAlerts(db: Db, userId: string): Promise<number> {
  return runRead(countMyOpenAlerts(db, userId));
}

/** The same count as a part built once, to read with a home's other parts in one statement. */
export function myOpenClinicalAlertsRead(userId: string): TwoStepRead<number> {
  return oneStepRead(preparedRead('clinical_alerts.my_open_count', (db, param) => countMyOpenAlerts(db, param('userId')), { userId }));
}

const nameOf = (row: Pick<TimelineRow, 'givenName' | 'familyName'>) => [row.givenName, row.familyName].filter(Boolean).join(' ') || '—';

function toTimeline(rows: TimelineRow[]): TimelineEventDto[] {
  return rows.map((r) => ({
    type: r.type,
    step: r.step === null ? null : (ESCALATION_STEPS[r.step] ?? null),
    person: r.userId ? { userId: r.userId, name: nameOf(r) } : null,
    at: r.at.toISOString(),
  }));
}

/** Loads the alert for someone on its chain; anyone else gets 404 (never a hint that it exists). */
export async function findAlertOnChain(db: Db, ctx: ServiceContext, alertId: string): Promise<ClinicalAlertRow> {
  const alert = await selectAlertForRecipient(db, alertId, ctx.actor.userId);
  if (!alert) throw notFound('The clinical alert');
  return alert;
}

/**
 * One alert with its timeline, for someone on its chain. Audited (`clinical_alert.read`) in the
 * same statement as the patient's label and the timeline.
 */
export async function getClinicalAlert(db: Db, ctx: ServiceContext, alertId: string): Promise<ClinicalAlertDetailDto> {
  const { actor, now } = ctx;
  const alert = await findAlertOnChain(db, ctx, alertId);
  const { audited, write } = pendingPatientAudit(
    db,
    auditActorOf(actor),
    ctx.origin,
    {
      action: 'clinical_alert.read',
      resourceType: 'clinical_alert',
      resourceId: alert.id,
      patientId: alert.patientId,
      category: 'clinical',
    },
    now,
  );
  const { labels, timeline } = await readTogether(
    db,
    { labels: patientLabelsRead(db, audited), timeline: deferRead(selectTimeline(db, alert.id), (rows) => rows) },
    { writes: [write] },
  );
  const people = new Map(timeline.filter((r) => r.userId).map((r) => [r.userId!, nameOf(r)]));
  const myStep = timeline.find((r) => r.userId === actor.userId && (r.type === 'notified' || r.type === 'escalated'))?.step ?? 0;
  return {
    id: alert.id,
    kind: alert.kind,
    severity: alert.severity,
    status: alert.status,
    patient: labelFor(labels, alert.patientId),
    summary: alert.summary,
    raisedAt: alert.raisedAt.toISOString(),
    acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
    yourStep: ESCALATION_STEPS[myStep] ?? 'fallback',
    source: { type: alert.sourceType, id: alert.sourceId },
    responsible: { userId: alert.responsibleUserId, name: people.get(alert.responsibleUserId) ?? '—' },
    escalationStep: ESCALATION_STEPS[alert.escalationStep] ?? 'fallback',
    nextEscalationAt: alert.nextEscalationAt?.toISOString() ?? null,
    acknowledgedBy: alert.acknowledgedBy ? { userId: alert.acknowledgedBy, name: people.get(alert.acknowledgedBy) ?? '—' } : null,
    timeline: toTimeline(timeline),
  };
}
