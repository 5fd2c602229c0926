import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { onlinePayments } from './online-payments.tables.js';

/** PAYMENT_PROVIDER=none (docs/billing.md "Online payments"): no online payment at all. */
const t = useTestApp({ env: { PAYMENT_PROVIDER: 'none' } });
let billing: TestAccount;
let patient: TestAccount;
let invoiceId: string;

beforeAll(async () => {
  billing = await createAccount(t, { role: 'billing' });
  patient = await createAccount(t, { role: 'patient' });
  const price = { code: 'NONE1', name: 'Consultation', unitPriceMinor: 5000, effectiveFrom: '2020-01-01' };
  expect((await api(t, 'POST', '/api/v1/billing/charge-items', { token: billing.token, body: price })).statusCode).toBe(201);
  const charge = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/charges`, {
    token: billing.token,
    body: { code: 'NONE1', serviceDate: t.clock.now().toISOString().slice(0, 10) },
  });
  const draft = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, {
    token: billing.token,
    body: { chargeIds: [charge.json<{ id: string }>().id] },
  });
  invoiceId = draft.json<{ id: string }>().id;
  expect((await api(t, 'POST', `/api/v1/invoices/${invoiceId}/issue`, { token: billing.token })).statusCode).toBe(200);
});

describe('no online payment provider', () => {
  it('the API refuses to start a payment with 409 online_payments_disabled and writes nothing', async () => {
    const res = await api(t, 'POST', '/api/v1/payments/online', {
      token: patient.token,
      body: { invoiceId },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'online_payments_disabled' });
    expect(await t.db.select().from(onlinePayments).where(eq(onlinePayments.invoiceId, invoiceId))).toHaveLength(0);
  });

  it('every webhook path answers 404', async () => {
    for (const name of ['test', 'stripe', 'none']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/webhooks/payments/${name}`,
        headers: { 'content-type': 'application/json' },
        payload: '{"id":"evt_x","type":"payment_intent.succeeded"}',
      });
      expect(res.statusCode, name).toBe(404);
    }
  });

  it('the portal bill shows how to pay at the desk, not "Pay online"; the pay form route refuses', async () => {
    const portal = new PageSession(t, patient.cookie);
    const bill = await portal.get(`/portal/bills/${invoiceId}`);
    expect(bill.statusCode).toBe(200);
    expect(bill.body).toContain('Pay at the billing desk');
    expect(bill.body).not.toContain(`action="/portal/bills/${invoiceId}/pay"`);
    expect(bill.body).not.toContain('>Pay online<');
    const pay = await portal.post(`/portal/bills/${invoiceId}/pay`, {});
    expect(pay.statusCode).toBe(409);
    expect(pay.body).toContain('does not take payments online');
  });
});
