import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { validationFailed } from '../../../platform/errors.js';
import { assertVersion } from '../../../platform/http/api-helpers.js';
import type { VitalSettingsDto, VitalSettingsInput } from '../vitals.schemas.js';
import { selectVitalSettings, upsertVitalSettings } from '../vitals.repository.js';
import type { PatientVitalSettingsRow } from '../vitals.tables.js';
import { vitalsAccess } from './vitals-access.js';

export function toSettingsDto(row: PatientVitalSettingsRow | undefined): VitalSettingsDto {
  return {
    spo2Scale: row?.spo2Scale === 2 ? 2 : 1,
    spo2ScaleReason: row?.spo2ScaleReason ?? null,
    pregnant: row?.pregnant ?? false,
    pregnancyReason: row?.pregnancyReason ?? null,
    version: row?.version ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/**
 * A doctor sets the patient's NEWS2 settings: SpO2 scale 2 (needs a reason: hypercapnic
 * respiratory failure with a prescribed target of 88–92 %) and "pregnant" (needs a reason; NEWS2 is
 * then not applicable). Never per set, never by a nurse, a patient or a device. Audited
 * `vital_settings.update` with the old and new values and whether a reason was given (the reason
 * text is clinical and stays in the row). A stale `version` → 412.
 */
export async function updateVitalSettings(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  input: VitalSettingsInput,
  expectedVersion?: number,
): Promise<VitalSettingsDto> {
  const errors = [
    ...(input.spo2Scale === 2 && !input.spo2ScaleReason ? [{ path: 'spo2ScaleReason', message: 'Give the reason for scale 2' }] : []),
    ...(input.pregnant && !input.pregnancyReason ? [{ path: 'pregnancyReason', message: 'Give the reason (how pregnancy is known)' }] : []),
  ];
  if (errors.length > 0) throw validationFailed(errors);
  const access = await vitalsAccess(db, ctx, patientId, 'vital_settings.update');
  return db.transaction(async (tx) => {
    const before = await selectVitalSettings(tx, patientId);
    assertVersion(before?.version ?? 0, expectedVersion);
    const audited = await access.audit(tx, {
      action: 'vital_settings.update',
      resourceType: 'patient_vital_settings',
      resourceId: patientId,
      category: 'clinical',
      severity: 'medium',
      detail: {
        spo2Scale: { from: before?.spo2Scale ?? 1, to: input.spo2Scale },
        pregnant: { from: before?.pregnant ?? false, to: input.pregnant },
      },
    });
    const row = await upsertVitalSettings(tx, audited, {
      spo2Scale: input.spo2Scale,
      spo2ScaleReason: input.spo2Scale === 2 ? input.spo2ScaleReason! : null,
      pregnant: input.pregnant,
      pregnancyReason: input.pregnant ? input.pregnancyReason! : null,
      updatedBy: ctx.actor.userId,
      updatedAt: ctx.now,
    });
    return toSettingsDto(row);
  });
}
