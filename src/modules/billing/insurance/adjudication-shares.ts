/** A line's money as the share recomputation needs it (integer minor units). */
export interface ShareLine {
  id: string;
  totalMinor: number;
  insurerShareMinor: number;
  patientShareMinor: number;
}

export interface ClaimedLine {
  id: string;
  invoiceLineId: string;
  position: number;
  claimedMinor: number;
}

/**
 * The shares after a payer's decision (docs/billing.md "Insurance"): each claimed line's insurer's
 * share becomes what the payer paid on it — clamped between nothing and what was claimed on it,
 * whatever a payer answers — and its patient's share the rest of the line's total. Lines not on
 * the claim keep theirs. Pure and integer-only, so the totals always reconcile:
 * insurer paid + patient's share = the invoice's total (no adjustment line is needed).
 */
export function sharesAfterAdjudication(
  invoiceLines: readonly ShareLine[],
  claimLines: readonly ClaimedLine[],
  paidPerLine: readonly { position: number; paidMinor: number }[],
): { lines: ShareLine[]; claimLinePaid: Map<string, number>; paidTotal: number } {
  const byId = new Map(invoiceLines.map((l) => [l.id, { ...l }]));
  const claimLinePaid = new Map<string, number>();
  let paidTotal = 0;
  for (const line of claimLines) {
    const decided = paidPerLine.find((p) => p.position === line.position)?.paidMinor ?? 0;
    const invoiceLine = byId.get(line.invoiceLineId);
    if (!invoiceLine) continue;
    const paid = Math.min(Math.max(Math.trunc(decided), 0), line.claimedMinor, invoiceLine.totalMinor);
    claimLinePaid.set(line.id, paid);
    paidTotal += paid;
    invoiceLine.insurerShareMinor = paid;
    invoiceLine.patientShareMinor = invoiceLine.totalMinor - paid;
  }
  return { lines: [...byId.values()], claimLinePaid, paidTotal };
}
