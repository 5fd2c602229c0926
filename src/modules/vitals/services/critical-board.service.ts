import type { Placeholder } from 'drizzle-orm';
import { auditActorOf, patientsAuditValues, preparedPatientsAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { textListValue } from '../../../platform/db/id-lists.js';
import { deferRead, preparedReadTogether } from '../../../platform/db/read-together.js';
import { notFound } from '../../../platform/errors.js';
import { openAlertsOfPatients, type ClinicalAlertKind, type ClinicalAlertSeverity } from '../../clinical-alerts/index.js';
import { departmentRound, recentObservationsQuery } from '../../records/index.js';
import { listDepartments, type Department } from '../../staff/index.js';
import { news2Applicable } from '../news2.js';
import { recentSetsQuery } from '../vitals.repository.js';
import type { VitalSetRow } from '../vitals.tables.js';
import { VITAL_CODES } from '../vitals.vocabulary.js';

/** Sets read per patient: the latest and the ones before it for the NEWS2 trend. */
export const BOARD_TREND_SETS = 5;

/** The vitals shown on the board, in the order of the NEWS2 chart. */
export const BOARD_CODES = [
  VITAL_CODES.respiratoryRate,
  VITAL_CODES.spo2,
  VITAL_CODES.systolicBp,
  VITAL_CODES.diastolicBp,
  VITAL_CODES.pulse,
  VITAL_CODES.consciousness,
  VITAL_CODES.temperature,
] as const;

const BOARD_CODES_VALUE = textListValue(BOARD_CODES);

/** The board's audit rows with its patients' sets, readings and alerts: ONE statement, built once. */
const boardStatement = preparedReadTogether(
  (db, param: (name: 'viewerId' | 'codes' | `audit_${string}`) => Placeholder) => {
    const { audited } = preparedPatientsAudit(param);
    return {
      sets: deferRead(recentSetsQuery(db, audited, BOARD_TREND_SETS), (rows) => rows.map((r) => r.recent)),
      readings: deferRead(recentObservationsQuery(db, audited, param('codes'), 1), (rows) => rows),
      alerts: deferRead(openAlertsOfPatients(db, audited, param('viewerId')), (rows) => rows),
    };
  },
  { writes: (_db, param) => [preparedPatientsAudit(param).write] },
);

export type BoardTrendDirection = 'rising' | 'falling' | 'steady';

export interface CriticalBoardRow {
  patient: { id: string; name: string; mrn: string };
  /** The newest reading of each board vital (each may come from a different set). */
  latest: { code: string; value: number; unit: string; effectiveAt: Date }[];
  /** The newest set (its NEWS2, oxygen and next due time), or null. */
  last: VitalSetRow | null;
  /** NEWS2 totals of the recent scored sets, oldest first (at most BOARD_TREND_SETS). */
  trend: number[];
  direction: BoardTrendDirection | null;
  overdue: boolean;
  /** `onViewersChain`: the alert reached the viewer, who alone may open it (the board links only those). */
  openAlerts: {
    id: string;
    kind: ClinicalAlertKind;
    severity: ClinicalAlertSeverity;
    summary: string;
    raisedAt: Date;
    onViewersChain: boolean;
  }[];
}

export interface CriticalBoard {
  departmentId: string | null;
  departments: Department[];
  rows: CriticalBoardRow[];
}

const RESPONSE_RANK = { emergency: 3, urgent: 2, ward: 1, routine: 0 } as const;

/** The direction of the last two totals; null with fewer than two. */
export function trendDirection(totals: readonly number[]): BoardTrendDirection | null {
  if (totals.length < 2) return null;
  const [before, last] = totals.slice(-2) as [number, number];
  return last > before ? 'rising' : last < before ? 'falling' : 'steady';
}

/**
 * Riskiest first: an open emergency (critical) alert; then the NEWS2 response of the latest set
 * (emergency, urgent, ward, routine — a red score counts though the set is incomplete); then the
 * total; then more open alerts; then overdue; then by name.
 */
export function compareByRisk(a: CriticalBoardRow, b: CriticalBoardRow): number {
  const critical = (r: CriticalBoardRow) => Number(r.openAlerts.some((x) => x.severity === 'critical' || x.kind === 'news2_emergency'));
  const response = (r: CriticalBoardRow) => (r.last?.news2Response ? RESPONSE_RANK[r.last.news2Response] : -1);
  const total = (r: CriticalBoardRow) => r.last?.news2Total ?? -1;
  return (
    critical(b) - critical(a) ||
    response(b) - response(a) ||
    total(b) - total(a) ||
    b.openAlerts.length - a.openAlerts.length ||
    Number(b.overdue) - Number(a.overdue) ||
    a.patient.name.localeCompare(b.patient.name)
  );
}

/**
 * The live board of critical patients of one department (the viewer's own by default): the
 * department's patients as the round defines them, each with the latest value of each vital, the
 * NEWS2 of the latest set and its trend, whether observations are overdue, and the open clinical
 * alerts; riskiest first. One audit row per patient shown (`vital_set.board`, with the department).
 *
 * Two statements whatever the number of patients, both built once (issue 11): the department and
 * its patients; then the audit rows with the sets, the readings and the alerts of exactly the
 * patients they name. No transaction: the rows commit with the reads or not at all.
 */
export async function readCriticalBoard(db: Db, ctx: ServiceContext, requested?: string): Promise<CriticalBoard> {
  const departments = await listDepartments(db);
  if (requested && !departments.some((d) => d.id === requested)) throw notFound('The department');
  const { departmentId, patients } = await departmentRound(db, ctx, requested);
  if (!departmentId) return { departmentId: null, departments, rows: [] };
  if (patients.length === 0) return { departmentId, departments, rows: [] };
  const audit = patientsAuditValues(
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action: 'vital_set.board',
      resourceType: 'vital_set',
      category: 'clinical',
      detail: { relationship: 'department_board', departmentId },
    },
    patients.map((p) => p.id),
    ctx.now,
  );
  const { sets, readings, alerts } = await boardStatement(db, { ...audit, viewerId: ctx.actor.userId, codes: BOARD_CODES_VALUE });
  const rows = patients.map((p): CriticalBoardRow => {
    const own = sets.filter((s) => s.patientId === p.id);
    const last = own[0] ?? null;
    const trend = own
      .map((s) => s.news2Total)
      .filter((t): t is number => t !== null)
      .reverse();
    const overdue = last ? last.nextDueAt !== null && last.nextDueAt <= ctx.now : news2Applicable(p.birthDate, ctx.now, false);
    return {
      patient: { id: p.id, name: p.name, mrn: p.mrn },
      latest: BOARD_CODES.flatMap((code) => readings.filter((r) => r.patientId === p.id && r.code === code).slice(0, 1)),
      last,
      trend,
      direction: trendDirection(trend),
      overdue,
      openAlerts: alerts.filter((a) => a.patientId === p.id),
    };
  });
  rows.sort(compareByRisk);
  return { departmentId, departments, rows };
}
