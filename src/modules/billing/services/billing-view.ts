import { balanceOf, refundDueOf } from '../adjustments/ledger.js';
import { labelOf, type PatientLabel } from '../../patients/index.js';
import type { ChargeItemRow, ChargeRow, InvoiceLineRow, InvoiceRow, PaymentRow } from '../billing.repository.js';
import type { ChargeDto, ChargeItemDto, InvoiceDto, InvoiceSummaryDto, PaymentDto } from '../billing.schemas.js';

export function toChargeItemDto(row: ChargeItemRow): ChargeItemDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    unitPriceMinor: row.unitPriceMinor,
    currency: row.currency,
    taxRateBp: row.taxRateBp,
    visitTypeId: row.visitTypeId,
    loinc: row.loinc,
    productId: row.productId,
    procedureCode: row.procedureCode,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
  };
}

export function toChargeDto(row: ChargeRow): ChargeDto {
  return {
    id: row.id,
    patientId: row.patientId,
    code: row.code,
    description: row.description,
    quantity: row.quantity,
    unitPriceMinor: row.unitPriceMinor,
    currency: row.currency,
    taxRateBp: row.taxRateBp,
    serviceDate: row.serviceDate,
    source: row.source,
    status: row.status,
    invoiceId: row.invoiceId,
    cancelReason: row.cancelReason,
  };
}

type PatientNames = Parameters<typeof labelOf>[0];

export function toInvoiceSummary(row: InvoiceRow, patient: PatientNames | PatientLabel): InvoiceSummaryDto {
  const label = 'name' in patient ? patient : labelOf(patient);
  return {
    id: row.id,
    patient: { id: label.id, name: label.name, mrn: label.mrn },
    status: row.status,
    number: row.number,
    currency: row.currency,
    netMinor: row.netMinor,
    taxMinor: row.taxMinor,
    totalMinor: row.totalMinor,
    insurerShareMinor: row.insurerShareMinor,
    patientShareMinor: row.patientShareMinor,
    paidMinor: row.paidMinor,
    insurerPaidMinor: row.insurerPaidMinor,
    creditedMinor: row.creditedMinor,
    adjustedMinor: row.adjustedMinor,
    balanceMinor: balanceOf(row),
    refundDueMinor: refundDueOf(row),
    issuedAt: row.issuedAt?.toISOString() ?? null,
    dueOn: row.dueOn,
    voidedAt: row.voidedAt?.toISOString() ?? null,
    voidReason: row.voidReason,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toInvoiceDto(
  row: InvoiceRow,
  patient: PatientNames,
  lines: readonly InvoiceLineRow[],
  payments: readonly PaymentRow[] = [],
): InvoiceDto {
  return {
    ...toInvoiceSummary(row, patient),
    payments: payments.map(toPaymentDto),
    lines: lines.map((l) => ({
      position: l.position,
      chargeId: l.chargeId,
      code: l.code,
      description: l.description,
      serviceDate: l.serviceDate,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      taxRateBp: l.taxRateBp,
      netMinor: l.netMinor,
      taxMinor: l.taxMinor,
      totalMinor: l.totalMinor,
      insurerShareMinor: l.insurerShareMinor,
      patientShareMinor: l.patientShareMinor,
    })),
  };
}

/** "INV-2026-000042": the year in the hospital's zone and the year's gap-free sequence number. */
export function formatInvoiceNumber(year: number, n: number): string {
  return `INV-${year}-${String(n).padStart(6, '0')}`;
}

export function toPaymentDto(row: PaymentRow): PaymentDto {
  return {
    id: row.id,
    invoiceId: row.invoiceId,
    kind: row.kind,
    method: row.method,
    amountMinor: row.amountMinor,
    currency: row.currency,
    reference: row.reference,
    refundOf: row.refundOf,
    reason: row.reason,
    receivedAt: row.receivedAt.toISOString(),
  };
}
