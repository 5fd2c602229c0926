import { auditActorOf, auditPatientsAccess } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { CLINICAL_ROLES } from '../../../platform/authz/permissions.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import { openAlertsOfPatients } from '../../clinical-alerts/index.js';
import { recentObservationsOf } from '../../records/index.js';
import { selectBoardEnrolments } from '../devices.repository.js';
import type { BoardRow } from '../devices.schemas.js';
import { PROGRAMME_CODES } from '../devices.vocabulary.js';

/** Readings per code on the board: the last one and enough before it to show a trend. */
const TREND_LENGTH = 5;

/**
 * The remote-monitoring board of a clinician: active enrolments of the patients on their care teams
 * (or for whom they are responsible), each with its recent readings, flags (out-of-range streak, no
 * readings) and unreviewed alerts. One audit row per patient shown. Five statements whatever the
 * number of patients: enrolments, then in one transaction the audit rows, readings and alerts.
 */
export async function readRemoteMonitoringBoard(db: Db, ctx: ServiceContext): Promise<BoardRow[]> {
  const { actor, now } = ctx;
  if (!CLINICAL_ROLES.includes(actor.role)) throw notFound('The board');
  const rows = await selectBoardEnrolments(db, { userId: actor.userId, staffId: actor.staffId }, now);
  if (rows.length === 0) return [];
  const patientIds = [...new Set(rows.map((r) => r.patient.id))];
  const codes = [...new Set(rows.flatMap((r) => PROGRAMME_CODES[r.enrolment.programme]))];
  const { readings, alerts } = await db.transaction(async (tx) => {
    const audited = await auditPatientsAccess(
      tx,
      auditActorOf(actor),
      ctx.origin,
      patientIds.map((patientId) => ({
        action: 'monitoring.board',
        resourceType: 'monitoring_enrolment',
        patientId,
        category: 'clinical',
      })),
      now,
    );
    return {
      readings: await recentObservationsOf(tx, audited, codes, TREND_LENGTH),
      alerts: await openAlertsOfPatients(tx, audited, actor.userId, 'remote_monitoring'),
    };
  });
  return rows.map(({ enrolment, patient }) => {
    const watched = PROGRAMME_CODES[enrolment.programme];
    return {
      enrolmentId: enrolment.id,
      patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, mrn: patient.mrn },
      programme: enrolment.programme,
      readings: readings
        .filter((r) => r.patientId === patient.id && watched.includes(r.code))
        .map((r) => ({ code: r.code, value: r.value, unit: r.unit, effectiveAt: r.effectiveAt.toISOString() })),
      lastReadingAt: enrolment.lastReadingAt?.toISOString() ?? null,
      outOfRangeStreak: enrolment.outOfRangeStreak,
      silentSince: enrolment.silentSince?.toISOString() ?? null,
      openAlerts: alerts
        .filter((a) => a.patientId === patient.id)
        .map((a) => ({ id: a.id, summary: a.summary, raisedAt: a.raisedAt.toISOString(), onYourChain: a.onViewersChain })),
    };
  });
}
