import { and, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.js';
import { addDays, hospitalTimeZone, localDateOf } from '../platform/time/zoned-time.js';
import {
  addChargeItem,
  captureVisitCharge,
  charges,
  createClaim,
  createDraftInvoice,
  issueInvoice,
  recordPayment,
  submitClaim,
} from '../modules/billing/index.js';
import { appointments, visitTypes } from '../modules/scheduling/index.js';
import type { DemoPatientIds } from './demo-activity.js';
import { demoStaffActor } from './demo-actors.js';

const DAY = 86_400_000;

/** The demo's price list (docs/demo.md): one price per visit type, and two services added by hand. */
const PRICES: { code: string; name: string; unitPriceMinor: number; taxRateBp?: number; visitType?: string }[] = [
  { code: 'CONS-NEW', name: 'First consultation', unitPriceMinor: 6000, visitType: 'new_patient' },
  { code: 'CONS-FU', name: 'Follow-up consultation', unitPriceMinor: 3500, visitType: 'follow_up' },
  { code: 'CONS-TELE', name: 'Video consultation', unitPriceMinor: 3000, visitType: 'telemedicine' },
  { code: 'PROC', name: 'Outpatient procedure', unitPriceMinor: 12000, visitType: 'procedure' },
  { code: 'DRESS', name: 'Wound dressing', unitPriceMinor: 1250 },
  { code: 'CERT', name: 'Medical certificate (non-medical purpose)', unitPriceMinor: 1500, taxRateBp: 2000 },
];

/**
 * Billing in the demo, through the billing services: Beth Adams's price list (valid from a year
 * ago), each completed visit's charge captured as completing it would, and Maria Santos's visits
 * invoiced two days ago with her insurer paying 70 % (that share claimed and submitted yesterday);
 * Fatima Benali's in a draft to issue. Every
 * other patient's charges wait in the billing queue.
 */
export async function seedDemoBilling(tx: Db, now: Date, currency: string, patientIds: DemoPatientIds): Promise<void> {
  const billing = await demoStaffActor(tx, 'billing@carewell.test');
  const yearAgo = addDays(localDateOf(now, hospitalTimeZone()), -365);
  const types = new Map((await tx.select({ id: visitTypes.id, code: visitTypes.code }).from(visitTypes)).map((v) => [v.code, v.id]));
  const priceListDay = new Date(now.getTime() - 365 * DAY);
  for (const price of PRICES) {
    const visitTypeId = price.visitType ? types.get(price.visitType) : undefined;
    await addChargeItem(tx, billing.at(priceListDay), currency, {
      code: price.code,
      name: price.name,
      unitPriceMinor: price.unitPriceMinor,
      taxRateBp: price.taxRateBp ?? 0,
      effectiveFrom: yearAgo,
      ...(visitTypeId ? { visitTypeId } : {}),
    });
  }

  const completed = await tx.select().from(appointments).where(eq(appointments.status, 'completed'));
  for (const visit of completed) {
    await captureVisitCharge(
      tx,
      { kind: 'completed', appointment: visit },
      { now: visit.completedAt ?? now, actorUserId: null, origin: null },
    );
  }

  const invoicedAt = new Date(now.getTime() - 2 * DAY);
  const maria = await unbilledOf(tx, patientIds.get('Maria Santos')?.patientId);
  if (maria) {
    const draft = await createDraftInvoice(tx, billing.at(invoicedAt), maria.patientId, {
      chargeIds: maria.chargeIds,
      insurerCoverageBp: 7000,
    });
    await issueInvoice(tx, billing.at(invoicedAt), draft.id);
    // She paid 10.00 of her share in cash at the desk that day (a payment, with its receipt).
    await recordPayment(tx, billing.at(invoicedAt), draft.id, { method: 'cash', amountMinor: 1000 });
    // Her insurer's share claimed and submitted a day later, waiting for the payer's answer
    // (docs/billing.md "Insurance": her member number gets paid in full when the payer decides).
    const claimedAt = new Date(now.getTime() - DAY);
    const claim = await createClaim(tx, billing.at(claimedAt), draft.id, {});
    await submitClaim(tx, billing.at(claimedAt), claim.id);
  }
  // A draft waiting in the queue for Beth to check and issue.
  const fatima = await unbilledOf(tx, patientIds.get('Fatima Benali')?.patientId);
  if (fatima) await createDraftInvoice(tx, billing.at(now), fatima.patientId, { chargeIds: fatima.chargeIds, insurerCoverageBp: 6000 });
}

async function unbilledOf(tx: Db, patientId: string | undefined): Promise<{ patientId: string; chargeIds: string[] } | undefined> {
  if (!patientId) return undefined;
  const rows = await tx
    .select({ id: charges.id })
    .from(charges)
    .where(and(eq(charges.patientId, patientId), eq(charges.status, 'unbilled')));
  return rows.length ? { patientId, chargeIds: rows.map((r) => r.id) } : undefined;
}
