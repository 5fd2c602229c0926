import type { InvoiceLineRow } from '../billing.repository.js';
import type { AdjustmentRow, CreditNoteLineRow, CreditNoteRow } from './adjustments.repository.js';
import type { AdjustmentDto, CreditNoteDto } from './adjustments.schemas.js';

/** "CN-2026-000042": the year in the hospital's zone and the year's gap-free credit note number. */
export function formatCreditNoteNumber(year: number, n: number): string {
  return `CN-${year}-${String(n).padStart(6, '0')}`;
}

export function toCreditNoteDto(
  row: CreditNoteRow,
  lines: readonly CreditNoteLineRow[],
  invoiceLines: readonly InvoiceLineRow[],
): CreditNoteDto {
  const positionOf = new Map(invoiceLines.map((l) => [l.id, l.position]));
  return {
    id: row.id,
    invoiceId: row.invoiceId,
    number: row.number,
    currency: row.currency,
    netMinor: row.netMinor,
    taxMinor: row.taxMinor,
    totalMinor: row.totalMinor,
    insurerShareMinor: row.insurerShareMinor,
    patientShareMinor: row.patientShareMinor,
    reason: row.reason,
    issuedAt: row.issuedAt.toISOString(),
    lines: lines
      .filter((l) => l.creditNoteId === row.id)
      .map((l) => ({
        position: l.position,
        invoiceLinePosition: positionOf.get(l.invoiceLineId) ?? 0,
        netMinor: l.netMinor,
        taxMinor: l.taxMinor,
        totalMinor: l.totalMinor,
        insurerShareMinor: l.insurerShareMinor,
        patientShareMinor: l.patientShareMinor,
      })),
  };
}

export function toAdjustmentDto(row: AdjustmentRow): AdjustmentDto {
  return {
    id: row.id,
    invoiceId: row.invoiceId,
    kind: row.kind,
    amountMinor: row.amountMinor,
    currency: row.currency,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
  };
}
