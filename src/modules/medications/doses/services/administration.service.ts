import type { Placeholder } from 'drizzle-orm';
import { auditActorOf, patientsAuditValues, preparedPatientsAudit, writeAudit } from '../../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, preparedReadTogether } from '../../../../platform/db/read-together.js';
import { AppError, notFound, validationFailed } from '../../../../platform/errors.js';
import { departmentRound } from '../../../records/index.js';
import { departmentDosesQuery, findDose, findDosePatientId, flattenDoses, updateDose } from '../doses.repository.js';
import type { NotGivenReason } from '../doses.tables.js';
import { toDoseDto, type DoseDto } from './dose-view.js';

/** The nurse's list: pending doses from 24 hours back (overdue) to 2 hours ahead (due soon). */
const BACK_MS = 24 * 3_600_000;
const AHEAD_MS = 2 * 3_600_000;

export interface DepartmentPatient {
  id: string;
  name: string;
  mrn: string;
}

export interface DepartmentDoses {
  departmentId: string | null;
  patients: DepartmentPatient[];
  doses: DoseDto[];
}

/** The audit rows (one per patient shown) with those patients' due doses: ONE statement, built once. */
const dueDosesStatement = preparedReadTogether(
  (db, param: (name: 'from' | 'to' | `audit_${string}`) => Placeholder) => ({
    doses: deferRead(departmentDosesQuery(db, preparedPatientsAudit(param).audited, param('from'), param('to')), flattenDoses),
  }),
  { writes: (_db, param) => [preparedPatientsAudit(param).write] },
);

/** The viewer's department and its patients today (none without a department): one statement. */
async function departmentPatients(db: Db, ctx: ServiceContext): Promise<{ departmentId: string | null; patients: DepartmentPatient[] }> {
  const { departmentId, patients } = await departmentRound(db, ctx);
  return { departmentId, patients: patients.map(({ id, name, mrn }) => ({ id, name, mrn })) };
}

/**
 * Due and overdue doses of the nurse's department's patients (docs: a department's patients are
 * those with an open encounter or an appointment today with one of its clinicians). One audit row
 * per patient shown (`medication_dose.administration_list`). Two statements whatever the number of
 * patients: the department with its patients, then the audit rows with exactly their doses (issue
 * 11; was a look-up, the patients and a transaction of two).
 */
export async function listDepartmentDueDoses(db: Db, ctx: ServiceContext): Promise<DepartmentDoses> {
  const { departmentId, patients } = await departmentPatients(db, ctx);
  if (patients.length === 0) return { departmentId, patients, doses: [] };
  const audit = patientsAuditValues(
    auditActorOf(ctx.actor),
    ctx.origin,
    { action: 'medication_dose.administration_list', resourceType: 'medication_dose', category: 'clinical' },
    patients.map((p) => p.id),
    ctx.now,
  );
  const { doses } = await dueDosesStatement(db, {
    ...audit,
    from: new Date(ctx.now.getTime() - BACK_MS),
    to: new Date(ctx.now.getTime() + AHEAD_MS),
  });
  return { departmentId, patients, doses: doses.map((d) => toDoseDto(d, ctx.now)) };
}

export type AdministrationInput =
  | { outcome: 'given'; administeredAt: Date; dose: { value: number; unit: string }; note?: string }
  | { outcome: 'not_given'; reason: NotGivenReason; note?: string };

/**
 * Records a dose as given (when, how much; by the signed-in nurse) or not given (a reason), for a
 * patient of the nurse's department; another dose → 404. A recorded dose → 409. The time given
 * may not be in the future nor more than 24 hours back (400 on `administeredAt`). Audited.
 */
export async function recordAdministration(db: Db, ctx: ServiceContext, doseId: string, input: AdministrationInput): Promise<DoseDto> {
  if (input.outcome === 'given') {
    const t = input.administeredAt.getTime();
    if (t > ctx.now.getTime() + 60_000 || t < ctx.now.getTime() - BACK_MS) {
      throw validationFailed([{ path: 'administeredAt', message: 'Give a time within the last 24 hours, not in the future.' }]);
    }
  }
  const patientId = await findDosePatientId(db, doseId);
  const { patients } = await departmentPatients(db, ctx);
  if (!patientId || !patients.some((p) => p.id === patientId)) throw notFound('The dose');
  return db.transaction(async (tx) => {
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: `medication_dose.${input.outcome}`,
        resourceType: 'medication_dose',
        resourceId: doseId,
        patientId,
        category: 'clinical',
        severity: 'medium',
        detail: input.outcome === 'not_given' ? { reason: input.reason } : {},
      },
      ctx.now,
    );
    const dose = await findDose(tx, doseId, true);
    if (!dose) throw notFound('The dose');
    if (dose.status !== 'pending') throw new AppError('conflict', 'This dose is already recorded.');
    if (dose.prescriptionStatus !== 'signed') throw new AppError('conflict', 'This medicine is no longer active.');
    const common = { recordedAt: ctx.now, recordedBy: ctx.actor.userId, remindAt: null, note: input.note ?? null, updatedAt: ctx.now };
    const values =
      input.outcome === 'given'
        ? {
            ...common,
            status: 'given' as const,
            administeredAt: input.administeredAt,
            givenDoseValue: input.dose.value,
            givenDoseUnit: input.dose.unit,
          }
        : { ...common, status: 'not_given' as const, notGivenReason: input.reason };
    if (!(await updateDose(tx, dose.id, dose.version, values))) throw new AppError('conflict', 'This dose changed meanwhile.');
    return toDoseDto((await findDose(tx, dose.id))!, ctx.now);
  });
}
