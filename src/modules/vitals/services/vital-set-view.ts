import type { ObservationDto } from '../../records/index.js';
import { ACVPU, type Acvpu } from '../news2.js';
import type { VitalSetDto } from '../vitals.schemas.js';
import type { VitalSetRow } from '../vitals.tables.js';
import { VITAL_CODES, VITAL_FIELDS, type VitalField } from '../vitals.vocabulary.js';

const FIELD_OF_CODE = new Map<string, VitalField>(VITAL_FIELDS.map((f) => [VITAL_CODES[f], f]));
/** The vital a LOINC code records, when it is one. */
export const fieldOfCode = (code: string): VitalField | undefined => FIELD_OF_CODE.get(code);

/** ACVPU as the ordinal stored in the observation (67775-7): 0 alert … 4 unresponsive. */
export const acvpuOrdinal = (value: Acvpu): number => ACVPU.indexOf(value);
export const acvpuOf = (ordinal: number): Acvpu => ACVPU[ordinal] ?? 'unresponsive';

/** A set and its readings as the pages and the API show them. */
export function toVitalSetDto(set: VitalSetRow, readings: ObservationDto[]): VitalSetDto {
  const own = readings.filter((r) => r.setId === set.id);
  const consciousness = own.find((r) => r.code === VITAL_CODES.consciousness);
  return {
    id: set.id,
    takenAt: set.takenAt.toISOString(),
    source: set.source,
    onOxygen: set.onOxygen,
    consciousness: consciousness ? acvpuOf(consciousness.value) : null,
    readings: own
      .filter((r) => r.code !== VITAL_CODES.consciousness)
      .map((r) => ({ code: r.code, field: FIELD_OF_CODE.get(r.code) ?? r.code, value: r.value, unit: r.unit, flag: r.flag })),
    news2: {
      status: set.news2Status,
      total: set.news2Total,
      redScore: set.news2Red,
      scale: set.spo2Scale === 2 ? 2 : 1,
      risk: set.news2Risk,
      response: set.news2Response,
      nextDueAt: set.nextDueAt?.toISOString() ?? null,
    },
    hasImplausible: set.hasImplausible,
  };
}

/** A reading's value of a field in a set, when there is one. */
export function valueOf(set: VitalSetDto, field: VitalField): number | undefined {
  return set.readings.find((r) => r.field === field)?.value;
}
