import type { DoseWithMedicine } from '../doses.repository.js';
import type { DoseStatus, NotGivenReason } from '../doses.tables.js';

/** A dose is overdue once this long past its time and still not recorded. */
export const OVERDUE_AFTER_MS = 60 * 60_000;

export interface DoseDto {
  id: string;
  prescriptionId: string;
  patientId: string;
  medicine: string;
  dose: { value: number; unit: string };
  dueAt: string;
  status: DoseStatus;
  overdue: boolean;
  snoozedUntil: string | null;
  recordedAt: string | null;
  administeredAt: string | null;
  givenDose: { value: number; unit: string } | null;
  notGivenReason: NotGivenReason | null;
  note: string | null;
}

export function toDoseDto(d: DoseWithMedicine, now: Date): DoseDto {
  return {
    id: d.id,
    prescriptionId: d.prescriptionId,
    patientId: d.patientId,
    medicine: d.productName,
    dose: { value: d.prescribedDoseValue, unit: d.prescribedDoseUnit },
    dueAt: d.dueAt.toISOString(),
    status: d.status,
    overdue: d.status === 'pending' && d.dueAt.getTime() < now.getTime() - OVERDUE_AFTER_MS,
    snoozedUntil: d.status === 'pending' && d.remindAt && d.remindAt.getTime() > d.dueAt.getTime() ? d.remindAt.toISOString() : null,
    recordedAt: d.recordedAt?.toISOString() ?? null,
    administeredAt: d.administeredAt?.toISOString() ?? null,
    givenDose: d.givenDoseValue !== null && d.givenDoseUnit !== null ? { value: d.givenDoseValue, unit: d.givenDoseUnit } : null,
    notGivenReason: d.notGivenReason,
    note: d.note,
  };
}
