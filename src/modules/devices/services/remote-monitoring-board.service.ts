import type { Placeholder } from 'drizzle-orm';
import { auditActorOf, patientsAuditValues, preparedPatientsAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { CLINICAL_ROLES } from '../../../platform/authz/permissions.js';
import type { Db } from '../../../platform/db/database.js';
import { textListValue } from '../../../platform/db/id-lists.js';
import { deferRead, preparedReadTogether } from '../../../platform/db/read-together.js';
import { notFound } from '../../../platform/errors.js';
import { openAlertsOfPatients } from '../../clinical-alerts/index.js';
import { recentObservationsQuery } from '../../records/index.js';
import { selectBoardEnrolments } from '../devices.repository.js';
import type { BoardRow } from '../devices.schemas.js';
import { PROGRAMME_CODES } from '../devices.vocabulary.js';

/** Readings per code on the board: the last one and enough before it to show a trend. */
const TREND_LENGTH = 5;

/** The board's audit rows with its patients' readings (the programmes' codes) and open alerts: ONE statement, built once. */
const boardStatement = preparedReadTogether(
  (db, param: (name: 'viewerId' | 'codes' | `audit_${string}`) => Placeholder) => {
    const { audited } = preparedPatientsAudit(param);
    return {
      readings: deferRead(recentObservationsQuery(db, audited, param('codes'), TREND_LENGTH), (rows) => rows),
      alerts: deferRead(openAlertsOfPatients(db, audited, param('viewerId'), 'remote_monitoring'), (rows) => rows),
    };
  },
  { writes: (_db, param) => [preparedPatientsAudit(param).write] },
);

/**
 * The remote-monitoring board of a clinician: active enrolments of the patients on their care teams
 * (or for whom they are responsible), each with its recent readings, flags (out-of-range streak, no
 * readings) and unreviewed alerts. One audit row per patient shown. Two statements whatever the
 * number of patients: the enrolments, then the audit rows with the readings and alerts of exactly
 * the patients they name, built once (issue 11; no transaction: they commit together or not at all).
 */
export async function readRemoteMonitoringBoard(db: Db, ctx: ServiceContext): Promise<BoardRow[]> {
  const { actor, now } = ctx;
  if (!CLINICAL_ROLES.includes(actor.role)) throw notFound('The board');
  const rows = await selectBoardEnrolments(db, { userId: actor.userId, staffId: actor.staffId }, now);
  if (rows.length === 0) return [];
  const patientIds = [...new Set(rows.map((r) => r.patient.id))];
  const codes = [...new Set(rows.flatMap((r) => PROGRAMME_CODES[r.enrolment.programme]))];
  const audit = patientsAuditValues(
    auditActorOf(actor),
    ctx.origin,
    { action: 'monitoring.board', resourceType: 'monitoring_enrolment', category: 'clinical' },
    patientIds,
    now,
  );
  const { readings, alerts } = await boardStatement(db, { ...audit, viewerId: actor.userId, codes: textListValue(codes) });
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
