import { labelOf, type PatientLabel } from '../../../patients/index.js';
import type { ClaimEventRow, ClaimLineRow, ClaimRow, PolicyRow } from '../insurance.repository.js';
import type { ClaimDto, ClaimSummaryDto } from '../insurance.schemas.js';

type PatientNames = Parameters<typeof labelOf>[0];

export function toClaimSummary(row: ClaimRow, patient: PatientNames | PatientLabel, invoiceNumber: string | null): ClaimSummaryDto {
  const label = 'name' in patient ? patient : labelOf(patient);
  return {
    id: row.id,
    invoiceId: row.invoiceId,
    invoiceNumber,
    patient: { id: label.id, name: label.name, mrn: label.mrn },
    payer: row.payer,
    status: row.status,
    outcome: row.outcome,
    currency: row.currency,
    claimedMinor: row.claimedMinor,
    paidMinor: row.paidMinor,
    reasonCode: row.reasonCode,
    payerReference: row.payerReference,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toClaimDto(
  row: ClaimRow,
  parts: {
    patient: PatientNames;
    invoiceNumber: string | null;
    policy: Pick<PolicyRow, 'memberNumber'>;
    lines: readonly ClaimLineRow[];
    events: readonly ClaimEventRow[];
  },
): ClaimDto {
  return {
    ...toClaimSummary(row, parts.patient, parts.invoiceNumber),
    policyId: row.policyId,
    memberNumber: parts.policy.memberNumber,
    appealReason: row.appealReason,
    createdAt: row.createdAt.toISOString(),
    lines: parts.lines.map((l) => ({
      position: l.position,
      invoiceLineId: l.invoiceLineId,
      claimedMinor: l.claimedMinor,
      paidMinor: l.paidMinor,
    })),
    timeline: parts.events.map((e) => ({
      status: e.status,
      outcome: e.outcome,
      paidMinor: e.paidMinor,
      reasonCode: e.reasonCode,
      note: e.note,
      byStaff: e.actorUserId !== null,
      occurredAt: e.occurredAt.toISOString(),
    })),
  };
}
