import { auditActorOf, auditPatientsAccess } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import { openAlertsOfPatients, type ClinicalAlertKind, type ClinicalAlertSeverity } from '../../clinical-alerts/index.js';
import { recentObservationsOf } from '../../records/index.js';
import { listDepartments, type Department } from '../../staff/index.js';
import { news2Applicable } from '../news2.js';
import { selectRecentSets } from '../vitals.repository.js';
import type { VitalSetRow } from '../vitals.tables.js';
import { VITAL_CODES } from '../vitals.vocabulary.js';
import { departmentPatientsToday, ownDepartmentOf } from './vitals-access.js';

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
 * A fixed number of statements whatever the number of patients.
 */
export async function readCriticalBoard(db: Db, ctx: ServiceContext, requested?: string): Promise<CriticalBoard> {
  const departments = await listDepartments(db);
  const departmentId = requested ?? (await ownDepartmentOf(db, ctx));
  if (requested && !departments.some((d) => d.id === requested)) throw notFound('The department');
  if (!departmentId) return { departmentId: null, departments, rows: [] };
  const patients = await departmentPatientsToday(db, ctx, departmentId);
  if (patients.length === 0) return { departmentId, departments, rows: [] };
  const { sets, readings, alerts } = await db.transaction(async (tx) => {
    const audited = await auditPatientsAccess(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      patients.map((p) => ({
        action: 'vital_set.board',
        resourceType: 'vital_set',
        patientId: p.id,
        category: 'clinical' as const,
        detail: { relationship: 'department_board', departmentId },
      })),
      ctx.now,
    );
    return {
      sets: await selectRecentSets(tx, audited, BOARD_TREND_SETS),
      readings: await recentObservationsOf(tx, audited, BOARD_CODES, 1),
      alerts: await openAlertsOfPatients(tx, audited, ctx.actor.userId),
    };
  });
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
