import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { insurancePolicies } from '../../patients/index.js';
import { invoices, payments } from '../billing.tables.js';
import { selectClaim } from './insurance.repository.js';
import { pollClaimFromJob } from './services/claim-payer.service.js';
import { postRemittance } from './services/remittance.js';

/**
 * The insurer's remittance (docs/billing.md "The insurer's remittance"): an adjudication posts what
 * the payer pays as a payment of method `insurer`, never more than the insurer's share still owed
 * nor the balance, once per adjudication, audited, in the payment history and the reconciliation.
 */
const t = useTestApp();
let billing: TestAccount;
let patient: TestAccount;

const today = () => t.clock.now().toISOString().slice(0, 10);

type Payment = { id: string; kind: string; method: string; amountMinor: number };
type Invoice = {
  status: string;
  totalMinor: number;
  paidMinor: number;
  insurerPaidMinor: number;
  patientShareMinor: number;
  balanceMinor: number;
  payments: Payment[];
};

/** 100.00 consultation + 10.01 certificate taxed 20 % = 112.01; the insurer's share 80 % = 89.61, the patient's 22.40. */
async function claimedInvoice(memberNumber: string) {
  const [policy] = await t.db
    .insert(insurancePolicies)
    .values({ patientId: patient.patientId!, payer: 'Test Mutual', memberNumber, createdAt: t.clock.now(), updatedAt: t.clock.now() })
    .returning();
  const chargeIds: string[] = [];
  for (const code of ['CONS', 'CERT']) {
    const res = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/charges`, {
      token: billing.token,
      body: { code, quantity: 1, serviceDate: today() },
    });
    chargeIds.push(res.json<{ id: string }>().id);
  }
  const draft = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, {
    token: billing.token,
    body: { chargeIds, insurerCoverageBp: 8000 },
  });
  const invoiceId = draft.json<{ id: string }>().id;
  expect((await api(t, 'POST', `/api/v1/invoices/${invoiceId}/issue`, { token: billing.token })).statusCode).toBe(200);
  const created = await api(t, 'POST', '/api/v1/claims', { token: billing.token, body: { invoiceId, policyId: policy!.id } });
  expect(created.statusCode, created.body).toBe(201);
  const claimId = created.json<{ id: string }>().id;
  expect((await step(claimId, 'submit')).statusCode).toBe(200);
  return { invoiceId, claimId };
}

const step = (id: string, what: string, body?: object) =>
  api(t, 'POST', `/api/v1/claims/${id}/${what}`, { token: billing.token, ...(body ? { body } : {}) });
const invoice = async (id: string) => (await api(t, 'GET', `/api/v1/invoices/${id}`, { token: billing.token })).json<Invoice>();
const deskPay = (id: string, amountMinor: number) =>
  api(t, 'POST', `/api/v1/invoices/${id}/payments`, { token: billing.token, body: { amountMinor, method: 'cash' } });

beforeAll(async () => {
  billing = await createAccount(t, { role: 'billing' });
  patient = await createAccount(t, { role: 'patient' });
  for (const body of [
    { code: 'CONS', name: 'Consultation', unitPriceMinor: 10000, effectiveFrom: '2020-01-01' },
    { code: 'CERT', name: 'Certificate', unitPriceMinor: 1001, taxRateBp: 2000, effectiveFrom: '2020-01-01' },
  ]) {
    expect((await api(t, 'POST', '/api/v1/billing/charge-items', { token: billing.token, body })).statusCode).toBe(201);
  }
});

describe("the insurer's remittance", () => {
  it('posts what a partial payment pays, lowering the balance; the patient owes the rest; an appeal posts the difference', async () => {
    const { invoiceId, claimId } = await claimedInvoice('R-1007');
    expect((await deskPay(invoiceId, 2240)).statusCode).toBe(201); // the patient's share, before the claim is decided
    await step(claimId, 'poll');
    expect((await step(claimId, 'poll')).json()).toMatchObject({ outcome: 'partly_paid', paidMinor: 4480 });
    const partly = await invoice(invoiceId);
    expect(partly).toMatchObject({ status: 'partly_paid', paidMinor: 2240 + 4480, insurerPaidMinor: 4480, balanceMinor: 11201 - 6720 });
    // What the insurer did not pay moved to the patient: their share less what they paid is the balance.
    expect(partly.patientShareMinor - (partly.paidMinor - partly.insurerPaidMinor)).toBe(partly.balanceMinor);
    expect(partly.payments.map((p) => [p.method, p.amountMinor])).toEqual([
      ['cash', 2240],
      ['insurer', 4480],
    ]);
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'billing.payment.remittance'), eq(auditEvents.resourceId, partly.payments[1]!.id)));
    expect(audit).toMatchObject({ patientId: patient.patientId, actorUserId: billing.userId });
    // The patient sees it in their payment history.
    const mine = (await api(t, 'GET', `/api/v1/me/invoices/${invoiceId}`, { token: patient.token })).json<Invoice>();
    expect(mine.payments.map((p) => p.method)).toContain('insurer');

    expect((await step(claimId, 'appeal', { reason: 'Covered in full.' })).statusCode).toBe(200);
    expect((await step(claimId, 'poll')).json()).toMatchObject({ outcome: 'paid', paidMinor: 8961 });
    const paid = await invoice(invoiceId);
    expect(paid).toMatchObject({ status: 'paid', balanceMinor: 0, insurerPaidMinor: 8961, paidMinor: 11201 });
    expect(paid.payments.filter((p) => p.method === 'insurer').map((p) => p.amountMinor)).toEqual([4480, 4481]);

    const recon = (await api(t, 'GET', '/api/v1/billing/reconciliation', { token: billing.token })).json<{
      byMethod: { method: string; paymentsMinor: number }[];
    }>();
    expect(recon.byMethod.find((m) => m.method === 'insurer')?.paymentsMinor).toBeGreaterThanOrEqual(8961);
  });

  it('never posts more than the balance, posts nothing on a denial, and posts once per adjudication', async () => {
    // The patient paid everything at the desk before the insurer decided: nothing is left to post.
    const first = await claimedInvoice('R-2001');
    expect((await deskPay(first.invoiceId, 11201)).statusCode).toBe(201);
    await step(first.claimId, 'poll');
    expect((await step(first.claimId, 'poll')).json()).toMatchObject({ outcome: 'paid' });
    expect((await invoice(first.invoiceId)).payments.map((p) => p.method)).toEqual(['cash']);

    // A denial pays nothing.
    const denied = await claimedInvoice('R-3009');
    await step(denied.claimId, 'poll');
    expect((await step(denied.claimId, 'poll')).json()).toMatchObject({ outcome: 'denied' });
    expect(await invoice(denied.invoiceId)).toMatchObject({ paidMinor: 0, insurerPaidMinor: 0, status: 'issued' });

    // The payer job decides (no person): recorded under the claim's creator, audited with no actor.
    const byJob = await claimedInvoice('R-4002');
    await pollClaimFromJob(t.db, byJob.claimId, t.clock.now());
    await pollClaimFromJob(t.db, byJob.claimId, t.clock.now());
    const remitted = (await invoice(byJob.invoiceId)).payments.find((p) => p.method === 'insurer')!;
    expect(remitted.amountMinor).toBe(8961);
    const [row] = await t.db.select().from(payments).where(eq(payments.id, remitted.id));
    expect(row!.recordedBy).toBe(billing.userId);
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.resourceId, remitted.id));
    expect(audit).toMatchObject({ action: 'billing.payment.remittance', actorUserId: null, patientId: patient.patientId });

    // Some of the remittance is given back at the desk: the insurer's share is owed again, yet the
    // same adjudication posting again is refused by its key — a new decision is needed.
    const refund = await api(t, 'POST', `/api/v1/payments/${remitted.id}/refund`, {
      token: billing.token,
      body: { amountMinor: 100, reason: 'Insurer recouped an overpayment' },
    });
    expect(refund.statusCode, refund.body).toBe(201);
    expect(await invoice(byJob.invoiceId)).toMatchObject({ insurerPaidMinor: 8861, balanceMinor: 2240 + 100 });
    const claim = (await selectClaim(t.db, byJob.claimId))!;
    const posted = await t.db.transaction((tx) => postRemittance(tx, claim, row!.reference!, { kind: 'payer', now: t.clock.now() }));
    expect(posted).toBe(0);
    const [after] = await t.db.select().from(invoices).where(eq(invoices.id, byJob.invoiceId));
    expect(after).toMatchObject({ insurerPaidMinor: 8861, paidMinor: 8861 });
  });
});
