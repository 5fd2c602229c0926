import type { ServiceContext } from '../../../platform/auth/actor.js';
import { publishEvent } from '../../../platform/events/index.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, validationFailed, type FieldError } from '../../../platform/errors.js';
import { checkReading, recordObservation, type ObservationDto } from '../../records/index.js';
import { news2, news2Applicable, NEWS2_PARAMETERS, type News2Input } from '../news2.js';
import { qsofaConsiderations } from '../qsofa.js';
import type { VitalSetInput } from '../vitals.schemas.js';
import { insertVitalSet, selectVitalSettings } from '../vitals.repository.js';
import { VITAL_CODES, VITALS_RECORDED_EVENT, type News2Status, type VitalField, type VitalSetSource } from '../vitals.vocabulary.js';
import { raiseNews2Alert } from './news2-alerts.js';
import { acvpuOrdinal, toVitalSetDto } from './vital-set-view.js';
import { vitalsAccess } from './vitals-access.js';

const BACK_MS = 24 * 3_600_000;
const NUMERIC_FIELDS = [
  'respiratoryRate',
  'spo2',
  'oxygenFlow',
  'systolicBp',
  'diastolicBp',
  'pulse',
  'temperature',
  'glucose',
  'weight',
  'height',
  'pain',
] as const satisfies readonly VitalField[];

interface CheckedValue {
  field: VitalField;
  value: number;
  unit: string;
  implausible: boolean;
}

/**
 * Every value against its code's ranges, all fields at once: impossible values → 400
 * `validation_failed` naming each field; implausible ones without `confirmImplausible` → 422
 * `confirmation_required` naming each field. BMI is derived from weight and height when both are given.
 */
export function checkVitalValues(input: VitalSetInput): CheckedValue[] {
  const impossible: FieldError[] = [];
  const checked: CheckedValue[] = [];
  const values: [VitalField, number][] = NUMERIC_FIELDS.filter((f) => input[f] !== undefined).map((f) => [f, input[f]!]);
  if (input.weight !== undefined && input.height !== undefined) {
    values.push(['bmi', Math.round((input.weight / (input.height / 100) ** 2) * 10) / 10]);
  }
  if (input.consciousness !== undefined) values.push(['consciousness', acvpuOrdinal(input.consciousness)]);
  for (const [field, value] of values) {
    try {
      checked.push({ field, ...checkReading(VITAL_CODES[field], value, undefined, field) });
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed') {
        const [first] = (error.extra.errors as FieldError[] | undefined) ?? [];
        impossible.push({ path: field, message: first?.message ?? 'Not a possible value' });
      } else throw error;
    }
  }
  if (input.diastolicBp !== undefined && input.systolicBp !== undefined && input.diastolicBp >= input.systolicBp) {
    impossible.push({ path: 'diastolicBp', message: 'Must be lower than the systolic pressure' });
  }
  if (input.oxygenFlow !== undefined && input.onOxygen !== true) {
    impossible.push({ path: 'oxygenFlow', message: 'Give an oxygen flow only when the patient is on oxygen' });
  }
  if (impossible.length > 0) throw validationFailed(impossible, 'Some values are not possible: check them.');
  if (checked.length === 0)
    throw validationFailed([{ path: 'respiratoryRate', message: 'Enter at least one value' }], 'Enter at least one value.');
  const unusual = checked.filter((c) => c.implausible);
  if (unusual.length > 0 && input.confirmImplausible !== true) {
    throw new AppError('confirmation_required', 'Some values are unusual: check them, then confirm to save them.', {
      errors: unusual.map((c) => ({ path: c.field, message: 'Unusual value: check it and confirm' })),
    });
  }
  return checked;
}

function takenAtOf(input: VitalSetInput, now: Date): Date {
  if (!input.takenAt) return now;
  const at = new Date(input.takenAt);
  if (at.getTime() > now.getTime() + 60_000 || at.getTime() < now.getTime() - BACK_MS) {
    throw validationFailed([{ path: 'takenAt', message: 'Give a time within the last 24 hours, not in the future.' }]);
  }
  return at;
}

/**
 * Records one set of vital signs: the values as observations (one row per parameter, linked by the
 * set), the set with its NEWS2 (by the patient's SpO2 scale and applicability), and for a set taken
 * by staff the RCP response through the clinical alerts (docs/vitals.md). One transaction; audited
 * `vital_set.create`. A patient records their own home readings (`source: patient`, not scored).
 */
export async function recordVitalSet(db: Db, ctx: ServiceContext, patientId: string, input: VitalSetInput) {
  const checked = checkVitalValues(input);
  const takenAt = takenAtOf(input, ctx.now);
  const access = await vitalsAccess(db, ctx, patientId, 'vital_set.create');
  const source: VitalSetSource = ctx.actor.role === 'patient' ? 'patient' : 'clinician';
  const settings = await selectVitalSettings(db, patientId);
  const scale = settings?.spo2Scale === 2 ? 2 : 1;
  const news2Input: News2Input = {
    respiratoryRate: input.respiratoryRate,
    spo2: input.spo2,
    onOxygen: input.onOxygen,
    systolicBp: input.systolicBp,
    pulse: input.pulse,
    consciousness: input.consciousness,
    temperature: input.temperature,
  };
  const anyNews2Value = NEWS2_PARAMETERS.some((p) => news2Input[p] !== undefined);
  const applicable = news2Applicable(access.patient.birthDate, takenAt, settings?.pregnant ?? false);
  const score = news2(news2Input, scale);
  const status: News2Status =
    source === 'patient' || !anyNews2Value ? 'not_scored' : !applicable ? 'not_applicable' : score.complete ? 'scored' : 'incomplete';
  const scored = status === 'scored' || status === 'incomplete';

  return db.transaction(async (tx) => {
    const audited = await access.audit(tx, {
      action: 'vital_set.create',
      resourceType: 'vital_set',
      category: 'clinical',
      severity: 'medium',
      detail: { source, news2Status: status, ...(scored ? { news2Total: score.total, news2Response: score.response } : {}) },
    });
    const set = await insertVitalSet(tx, audited, {
      takenAt,
      source,
      departmentId: access.departmentId,
      onOxygen: input.onOxygen ?? null,
      spo2Scale: scale,
      news2Status: status,
      news2Total: status === 'scored' ? score.total : null,
      news2Red: scored && score.redScore,
      news2Risk: scored ? score.risk : null,
      news2Response: scored ? score.response : null,
      nextDueAt: scored ? new Date(takenAt.getTime() + score.observationIntervalMinutes * 60_000) : null,
      hasImplausible: checked.some((c) => c.implausible),
      recordedBy: ctx.actor.userId,
      createdAt: ctx.now,
    });
    const readings: ObservationDto[] = [];
    for (const c of checked) {
      readings.push(
        await recordObservation(tx, audited, {
          code: VITAL_CODES[c.field],
          value: c.value,
          unit: c.unit,
          effectiveAt: takenAt,
          source,
          setId: set.id,
          flag: c.implausible ? 'implausible' : null,
          recordedBy: ctx.actor.userId,
        }),
      );
    }
    const dto = toVitalSetDto(set, readings);
    const alertId =
      scored && (score.response === 'urgent' || score.response === 'emergency')
        ? await raiseNews2Alert(tx, ctx, { patient: access.patient, set: dto, departmentId: access.departmentId })
        : null;
    // The set's id only: each open board re-reads what its viewer may see.
    await publishEvent(tx, { type: VITALS_RECORDED_EVENT, audience: { roles: ['doctor', 'nurse'] }, data: { setId: set.id } }, ctx.now);
    const considerations = source === 'patient' ? [] : qsofaConsiderations(news2Input);
    return { ...dto, alertId, considerations };
  });
}
