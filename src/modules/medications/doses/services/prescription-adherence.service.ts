import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead } from '../../../../platform/db/read-together.js';
import { auditedViews } from '../../../../platform/audit/audited-views.js';
import type { Placeholder } from 'drizzle-orm';
import { AppError, notFound } from '../../../../platform/errors.js';
import { accessAuditValues, auditAccess } from '../../../patients/index.js';
import { prescriptionQuery } from '../../prescriptions.repository.js';
import { accessPrescription, loadPrescription } from '../../services/prescriptions.service.js';
import { adherenceWindow, monitorQuery, prescriptionAdherenceQuery, upsertMonitor, type AdherenceWindow } from '../adherence.repository.js';
import { flattenDoses, patientDosesQuery } from '../doses.repository.js';
import { DEFAULT_ADHERENCE_THRESHOLD, toAdherence, type MedicineAdherence } from './adherence.service.js';
import { toDoseDto, type DoseDto } from './dose-view.js';

export interface PrescriptionAdherence {
  prescriptionId: string;
  patientId: string;
  medicine: string;
  status: string;
  adherence: Pick<MedicineAdherence, 'last7Days' | 'last30Days'>;
  monitoring: { active: boolean; thresholdPercent: number; alertOpen: boolean };
  recentDoses: DoseDto[];
}

const EMPTY = { due: 0, taken: 0, percent: null };

/** The page's and the API's one statement (the audit row with the four reads), built once (issue 11). */
const adherenceView = auditedViews();

/**
 * A prescription's adherence over 7 and 30 days, its monitoring flag and its doses of the last 7
 * days (clinical tier): the access facts, then the audit row with the four reads in one statement,
 * built once: the prescription and the times are its placeholders.
 */
export async function getPrescriptionAdherence(db: Db, ctx: ServiceContext, prescriptionId: string): Promise<PrescriptionAdherence> {
  const access = await accessPrescription(db, ctx, prescriptionId, 'medication_dose.adherence_read');
  const audit = accessAuditValues(ctx, access, {
    action: 'medication_dose.adherence_read',
    resourceType: 'prescription',
    resourceId: prescriptionId,
    category: 'clinical',
  });
  const day = 86_400_000;
  const { prescription, counts, monitor, doses } = await adherenceView(
    db,
    'adherence',
    audit,
    (db, audited, param: (name: 'prescriptionId' | keyof AdherenceWindow | 'dosesFrom' | 'dosesTo') => Placeholder) => ({
      prescription: deferRead(prescriptionQuery(db, audited, param('prescriptionId')), ([row]) => row),
      counts: deferRead(
        prescriptionAdherenceQuery(db, audited, param('prescriptionId'), {
          now: param('now'),
          since7: param('since7'),
          since30: param('since30'),
        }),
        (rows) => toAdherence(rows)[0],
      ),
      monitor: deferRead(monitorQuery(db, param('prescriptionId')), ([row]) => row),
      doses: deferRead(patientDosesQuery(db, audited, param('dosesFrom'), param('dosesTo')), flattenDoses),
    }),
    {
      prescriptionId,
      ...adherenceWindow(ctx.now),
      dosesFrom: new Date(ctx.now.getTime() - 7 * day),
      dosesTo: new Date(ctx.now.getTime() + day),
    },
  );
  if (!prescription) throw notFound('The prescription');
  return {
    prescriptionId,
    patientId: access.patient.id,
    medicine: prescription.productName,
    status: prescription.status,
    adherence: { last7Days: counts?.last7Days ?? EMPTY, last30Days: counts?.last30Days ?? EMPTY },
    monitoring: {
      active: monitor?.active ?? false,
      thresholdPercent: monitor?.thresholdPercent ?? DEFAULT_ADHERENCE_THRESHOLD,
      alertOpen: monitor?.alertOpen ?? false,
    },
    recentDoses: doses.filter((d) => d.prescriptionId === prescriptionId).map((d) => toDoseDto(d, ctx.now)),
  };
}

/** Flags (or unflags) a signed prescription for adherence monitoring with a threshold; prescribers (clinical tier). Audited. */
export async function setAdherenceMonitoring(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
  input: { active: boolean; thresholdPercent?: number },
): Promise<PrescriptionAdherence> {
  const access = await accessPrescription(db, ctx, prescriptionId, 'medication_dose.monitoring_set');
  await db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'medication_dose.monitoring_set',
      resourceType: 'prescription',
      resourceId: prescriptionId,
      category: 'clinical',
      detail: { active: input.active, thresholdPercent: input.thresholdPercent ?? DEFAULT_ADHERENCE_THRESHOLD },
    });
    const prescription = await loadPrescription(tx, audited, prescriptionId, true);
    if (prescription.status !== 'signed') throw new AppError('conflict', 'Only an active (signed) prescription can be monitored.');
    await upsertMonitor(
      tx,
      {
        prescriptionId,
        patientId: audited.patientId,
        thresholdPercent: input.thresholdPercent ?? DEFAULT_ADHERENCE_THRESHOLD,
        active: input.active,
        flaggedBy: ctx.actor.userId,
      },
      ctx.now,
    );
  });
  return getPrescriptionAdherence(db, ctx, prescriptionId);
}
