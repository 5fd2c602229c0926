import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Placeholder } from 'drizzle-orm';
import { auditedViews } from '../../../../platform/audit/audited-views.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead } from '../../../../platform/db/read-together.js';
import { AppError, notFound } from '../../../../platform/errors.js';
import { accessAuditValues, auditAccess, resolvePatientAccess } from '../../../patients/index.js';
import { adherenceWindow, patientAdherenceQuery, type AdherenceWindow } from '../adherence.repository.js';
import { findDose, findDosePatientId, flattenDoses, patientDosesQuery, updateDose } from '../doses.repository.js';
import { toAdherence, type MedicineAdherence } from './adherence.service.js';
import { toDoseDto, type DoseDto } from './dose-view.js';

/** A patient may record a dose from this long before its time (taking the evening dose early). */
export const EARLY_RECORD_MS = 2 * 3_600_000;
/** Snooze: remind again after this long. */
export const SNOOZE_MS = 15 * 60_000;
/** The patient's page: doses of the last day and the next day. */
const LIST_BACK_MS = 24 * 3_600_000;
const LIST_AHEAD_MS = 24 * 3_600_000;

export type PatientDoseAction = 'taken' | 'skipped' | 'snooze';

function ownPatientId(ctx: ServiceContext): string {
  if (!ctx.actor.patientId) throw notFound('Your record');
  return ctx.actor.patientId;
}

/**
 * The signed-in patient's doses of the last 24 hours and the next 24, and their adherence per
 * medicine over 7 and 30 days; one audit row (`medication_dose.list`) for the view, in one
 * statement with both reads (was a transaction of three).
 */
export async function listMyDoses(db: Db, ctx: ServiceContext): Promise<{ doses: DoseDto[]; adherence: MedicineAdherence[] }> {
  const access = await resolvePatientAccess(db, ctx, ownPatientId(ctx), { need: 'clinical', action: 'medication_dose.list' });
  const audit = accessAuditValues(ctx, access, { action: 'medication_dose.list', resourceType: 'medication_dose', category: 'clinical' });
  const { doses, adherence } = await myDosesView(
    db,
    'my_doses',
    audit,
    (db, audited, param: (name: keyof AdherenceWindow | 'from' | 'to') => Placeholder) => ({
      doses: deferRead(patientDosesQuery(db, audited, param('from'), param('to')), flattenDoses),
      adherence: deferRead(
        patientAdherenceQuery(db, audited, { now: param('now'), since7: param('since7'), since30: param('since30') }),
        toAdherence,
      ),
    }),
    {
      ...adherenceWindow(ctx.now),
      from: new Date(ctx.now.getTime() - LIST_BACK_MS),
      to: new Date(ctx.now.getTime() + LIST_AHEAD_MS),
    },
  );
  return { doses: doses.map((d) => toDoseDto(d, ctx.now)), adherence };
}

/** The page's and the API's one statement (the audit row with the doses and the adherence), built once (issue 11). */
const myDosesView = auditedViews();

/**
 * "Taken", "skipped" or "snooze" on one of the patient's own doses: pending, of a signed
 * prescription, due no more than 2 hours ahead (422 otherwise); a dose already recorded → 409.
 * Snooze keeps the dose pending and reminds again in 15 minutes. Audited.
 */
export async function recordMyDose(db: Db, ctx: ServiceContext, doseId: string, action: PatientDoseAction): Promise<DoseDto> {
  const patientId = ownPatientId(ctx);
  if ((await findDosePatientId(db, doseId)) !== patientId) throw notFound('The dose');
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action: `medication_dose.${action}` });
  return db.transaction(async (tx) => {
    const auditAction = action === 'snooze' ? 'medication_dose.snoozed' : `medication_dose.${action}`;
    await auditAccess(tx, ctx, access, { action: auditAction, resourceType: 'medication_dose', resourceId: doseId, category: 'clinical' });
    const dose = await findDose(tx, doseId, true);
    if (!dose) throw notFound('The dose');
    if (dose.status !== 'pending') throw new AppError('conflict', 'This dose is already recorded.');
    if (dose.prescriptionStatus !== 'signed') throw new AppError('conflict', 'This medicine is no longer active.');
    if (dose.dueAt.getTime() > ctx.now.getTime() + EARLY_RECORD_MS) {
      throw new AppError('unprocessable', 'This dose is not due yet: record it from two hours before its time.');
    }
    const values =
      action === 'snooze'
        ? { remindAt: new Date(ctx.now.getTime() + SNOOZE_MS), updatedAt: ctx.now }
        : {
            status: action,
            recordedAt: ctx.now,
            recordedBy: ctx.actor.userId,
            administeredAt: action === 'taken' ? ctx.now : null,
            remindAt: null,
            updatedAt: ctx.now,
          };
    if (!(await updateDose(tx, dose.id, dose.version, values))) throw new AppError('conflict', 'This dose changed meanwhile.');
    return toDoseDto((await findDose(tx, dose.id))!, ctx.now);
  });
}
