import type { Route } from '../../medications.vocabulary.js';
import type { DispenseWithName, PharmacyPrescriptionRow, QueryWithNames, QueueRow } from '../pharmacy.repository.js';
import type { DispenseDto, PharmacyQueryDto, QueueItem, VerificationDto } from '../pharmacy.schemas.js';
import type { VerificationRow } from '../pharmacy.tables.js';

/** Rows of the pharmacy as the API and the pages show them. */

export const amountOf = (value: number | null, unit: string | null) =>
  value === null || unit === null ? null : { value: Number(value), unit };

export function toQueueItem(row: QueueRow, patient: { id: string; name: string; mrn: string }): QueueItem {
  return {
    prescriptionId: row.prescriptionId,
    patient,
    product: { id: row.productId, name: row.productName },
    dose: { value: Number(row.doseValue), unit: row.doseUnit },
    route: row.route as Route,
    frequency: row.frequency,
    quantity: amountOf(row.quantityValue, row.quantityUnit),
    refills: row.refills,
    prescriber: { id: row.prescriberId, name: row.prescriberName },
    signedAt: row.signedAt!,
    hasOverride: Boolean(row.hasOverride),
    openQuery: Boolean(row.openQuery),
    verifiedAt: row.verifiedAt,
  };
}

export function toVerificationDto(row: VerificationRow, deciderName: string | null): VerificationDto {
  return {
    id: row.id,
    prescriptionId: row.prescriptionId,
    decision: row.decision,
    reason: row.reason,
    decidedBy: { id: row.decidedBy, name: deciderName },
    decidedAt: row.decidedAt,
  };
}

export function toQueryDto(row: QueryWithNames): PharmacyQueryDto {
  const q = row.query;
  return {
    id: q.id,
    prescriptionId: q.prescriptionId,
    message: q.message,
    askedBy: { id: q.askedBy, name: row.askerName },
    askedAt: q.askedAt,
    answer: q.answer,
    answeredBy: q.answeredBy ? { id: q.answeredBy, name: row.answererName } : null,
    answeredAt: q.answeredAt,
  };
}

export function toDispenseDto(row: DispenseWithName): DispenseDto {
  const d = row.dispense;
  return {
    id: d.id,
    prescriptionId: d.prescriptionId,
    quantity: { value: Number(d.quantityValue), unit: d.quantityUnit },
    lotNumber: d.lotNumber,
    expiresOn: d.expiresOn,
    dispensedOn: d.dispensedOn,
    dispensedBy: { id: d.dispensedBy, name: row.dispenserName },
    dispensedAt: d.dispensedAt,
  };
}

/** quantity × (1 + refills): the most that may ever be dispensed, or null when no quantity was prescribed. */
export function allowedTotalOf(row: Pick<PharmacyPrescriptionRow, 'quantityValue' | 'quantityUnit' | 'refills'>) {
  if (row.quantityValue === null || row.quantityUnit === null) return null;
  return { value: roundQuantity(Number(row.quantityValue) * (1 + row.refills)), unit: row.quantityUnit };
}

/** Quantities are stored with 4 decimals: compare and add at that precision, never in binary fractions. */
export const roundQuantity = (value: number) => Math.round(value * 10_000) / 10_000;
