import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { addCharge as chargeFor } from '../../../test/helpers/billing.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { appointments, visitTypes } from '../scheduling/index.js';
import { charges, invoiceLines, invoices } from './billing.tables.js';

/** Billing (docs/billing.md): the price list, charges captured and by hand, invoices, numbering, access. */
const t = useTestApp();
let billing: TestAccount;
let patient: TestAccount;
let otherPatient: TestAccount;
let doctor: TestAccount;
let receptionist: TestAccount;
let followUpTypeId: string;

const today = () => t.clock.now().toISOString().slice(0, 10);

async function addPrice(body: Record<string, unknown>) {
  return api(t, 'POST', '/api/v1/billing/charge-items', { token: billing.token, body });
}

const addCharge = (code: string, quantity = 1, patientId = patient.patientId!) => chargeFor(t, billing.token, patientId, code, quantity);

beforeAll(async () => {
  billing = await createAccount(t, { role: 'billing' });
  patient = await createAccount(t, { role: 'patient' });
  otherPatient = await createAccount(t, { role: 'patient' });
  doctor = await createAccount(t, { role: 'doctor' });
  receptionist = await createAccount(t, { role: 'receptionist' });
  const [followUp] = await t.db.select({ id: visitTypes.id }).from(visitTypes).where(eq(visitTypes.code, 'follow_up'));
  followUpTypeId = followUp!.id;
  const from = '2020-01-01';
  expect(
    (
      await addPrice({
        code: 'CONS-FU',
        name: 'Follow-up consultation',
        unitPriceMinor: 4500,
        visitTypeId: followUpTypeId,
        effectiveFrom: from,
      })
    ).statusCode,
  ).toBe(201);
  expect(
    (await addPrice({ code: 'DRESS', name: 'Wound dressing', unitPriceMinor: 1250, taxRateBp: 550, effectiveFrom: from })).statusCode,
  ).toBe(201);
  expect(
    (await addPrice({ code: 'CERT', name: 'Medical certificate', unitPriceMinor: 3, taxRateBp: 2000, effectiveFrom: from })).statusCode,
  ).toBe(201);
});

describe('the price list', () => {
  it('a new price closes the current period the day before; a price cannot start before the current one', async () => {
    const later = await addPrice({
      code: 'DRESS',
      name: 'Wound dressing',
      unitPriceMinor: 1400,
      taxRateBp: 550,
      effectiveFrom: '2099-01-01',
    });
    expect(later.statusCode, later.body).toBe(201);
    const list = (await api(t, 'GET', '/api/v1/billing/charge-items', { token: billing.token })).json<{
      items: { code: string; effectiveFrom: string; effectiveTo: string | null }[];
    }>();
    expect(list.items.filter((i) => i.code === 'DRESS').map((i) => [i.effectiveFrom, i.effectiveTo])).toEqual([
      ['2099-01-01', null],
      ['2020-01-01', '2098-12-31'],
    ]);
    expect((await addPrice({ code: 'DRESS', name: 'Wound dressing', unitPriceMinor: 1, effectiveFrom: '2099-01-01' })).statusCode).toBe(
      409,
    );
    const bad = await addPrice({ code: 'bad code!', name: '', unitPriceMinor: -1, effectiveFrom: 'tomorrow' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['code', 'effectiveFrom', 'name', 'unitPriceMinor']);
  });

  it('is billing’s: a doctor and a receptionist get 403, a patient 403', async () => {
    for (const who of [doctor, receptionist, patient]) {
      expect((await api(t, 'GET', '/api/v1/billing/charge-items', { token: who.token })).statusCode).toBe(403);
    }
  });
});

describe('charges and invoices', () => {
  it('captures a completed visit’s charge once, at the price of its visit type on its day', async () => {
    const startsAt = new Date(t.clock.now().getTime() - 2 * 3_600_000);
    const [visit] = await t.db
      .insert(appointments)
      .values({
        patientId: patient.patientId!,
        staffId: doctor.staffId!,
        visitTypeId: followUpTypeId,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 20 * 60_000),
        status: 'checked_in',
        checkedInAt: startsAt,
        createdAt: startsAt,
        updatedAt: startsAt,
      })
      .returning();
    const done = await api(t, 'POST', `/api/v1/appointments/${visit!.id}/complete`, {
      token: receptionist.token,
      headers: { 'if-match': `"${visit!.version}"` },
    });
    expect(done.statusCode, done.body).toBe(200);
    const captured = await t.db.select().from(charges).where(eq(charges.sourceId, visit!.id));
    expect(captured).toMatchObject([{ code: 'CONS-FU', unitPriceMinor: 4500, source: 'visit', status: 'unbilled', quantity: 1 }]);
  });

  it('makes a draft whose totals are its lines’ sums, tax and the insurer’s share rounded per line; issues it with the next number', async () => {
    const dressing = await addCharge('DRESS', 3); // 3 × 12.50 = 37.50, tax 5.5 % = 2.0625 → 2.06
    const cert = await addCharge('CERT', 1); // 0.03, tax 20 % = 0.006 → 0.01
    const billingView = (await api(t, 'GET', `/api/v1/patients/${patient.patientId}/billing`, { token: billing.token })).json<{
      unbilled: { id: string }[];
    }>();
    const chargeIds = billingView.unbilled.map((c) => c.id);
    expect(chargeIds).toEqual(expect.arrayContaining([dressing.id, cert.id]));

    const created = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, {
      token: billing.token,
      body: { chargeIds, insurerCoverageBp: 7000 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json<{
      id: string;
      status: string;
      number: null;
      lines: { code: string; netMinor: number; taxMinor: number; totalMinor: number; insurerShareMinor: number }[];
      totalMinor: number;
      insurerShareMinor: number;
      patientShareMinor: number;
    }>();
    expect(draft.status).toBe('draft');
    expect(draft.number).toBeNull();
    const byCode = Object.fromEntries(draft.lines.map((l) => [l.code, l]));
    expect(byCode.DRESS).toMatchObject({ netMinor: 3750, taxMinor: 206, totalMinor: 3956, insurerShareMinor: 2769 });
    expect(byCode.CERT).toMatchObject({ netMinor: 3, taxMinor: 1, totalMinor: 4, insurerShareMinor: 3 });
    expect(draft.totalMinor).toBe(draft.lines.reduce((s, l) => s + l.totalMinor, 0));
    expect(draft.insurerShareMinor + draft.patientShareMinor).toBe(draft.totalMinor);
    // The charges are taken: a second draft with them is refused.
    expect(
      (await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, { token: billing.token, body: { chargeIds } })).statusCode,
    ).toBe(409);
    // A patient never sees a draft.
    expect((await api(t, 'GET', `/api/v1/me/invoices/${draft.id}`, { token: patient.token })).statusCode).toBe(404);

    const issued = await api(t, 'POST', `/api/v1/invoices/${draft.id}/issue`, { token: billing.token });
    expect(issued.statusCode, issued.body).toBe(200);
    const year = t.clock.now().getUTCFullYear();
    expect(issued.json()).toMatchObject({ status: 'issued', number: `INV-${year}-000001` });
    expect((await api(t, 'POST', `/api/v1/invoices/${draft.id}/issue`, { token: billing.token })).statusCode).toBe(409);

    // The patient sees it, with its lines; another patient gets 404.
    const mine = await api(t, 'GET', '/api/v1/me/invoices', { token: patient.token });
    expect(mine.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([draft.id]);
    expect((await api(t, 'GET', `/api/v1/me/invoices/${draft.id}`, { token: patient.token })).statusCode).toBe(200);
    expect((await api(t, 'GET', `/api/v1/me/invoices/${draft.id}`, { token: otherPatient.token })).statusCode).toBe(404);

    // Voiding keeps the number and gives the charges back; the next invoice takes number 2.
    expect(
      (await api(t, 'POST', `/api/v1/invoices/${draft.id}/void`, { token: billing.token, body: { reason: 'Wrong patient share' } })).json(),
    ).toMatchObject({
      status: 'void',
      number: `INV-${year}-000001`,
      balanceMinor: 0,
    });
    const again = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, { token: billing.token, body: { chargeIds } });
    expect(again.statusCode).toBe(201);
    const second = await api(t, 'POST', `/api/v1/invoices/${again.json<{ id: string }>().id}/issue`, { token: billing.token });
    expect(second.json()).toMatchObject({ number: `INV-${year}-000002`, insurerShareMinor: 0 });

    const audits = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.resourceId, draft.id));
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['billing.invoice.create', 'billing.invoice.issue', 'billing.invoice.void', 'billing.invoice.read']),
    );
  });

  it('discarding a draft gives its charges back; a cancelled charge keeps its reason; an invoiced one cannot be cancelled', async () => {
    const charge = await addCharge('DRESS', 1, otherPatient.patientId!);
    const draft = (
      await api(t, 'POST', `/api/v1/patients/${otherPatient.patientId}/invoices`, {
        token: billing.token,
        body: { chargeIds: [charge.id] },
      })
    ).json<{ id: string }>();
    expect(
      (await api(t, 'POST', `/api/v1/charges/${charge.id}/cancel`, { token: billing.token, body: { reason: 'Entered twice' } })).statusCode,
    ).toBe(409);
    expect((await api(t, 'DELETE', `/api/v1/invoices/${draft.id}`, { token: billing.token })).statusCode).toBe(204);
    expect(await t.db.select().from(invoices).where(eq(invoices.id, draft.id))).toEqual([]);
    const cancelled = await api(t, 'POST', `/api/v1/charges/${charge.id}/cancel`, {
      token: billing.token,
      body: { reason: 'Entered twice' },
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Entered twice', invoiceId: null });
  });

  it('refuses an invoice whose totals differ from its lines, at commit (the database’s own check)', async () => {
    const charge = await addCharge('CERT', 1, otherPatient.patientId!);
    const draft = (
      await api(t, 'POST', `/api/v1/patients/${otherPatient.patientId}/invoices`, {
        token: billing.token,
        body: { chargeIds: [charge.id] },
      })
    ).json<{ id: string }>();
    await expect(
      t.db.transaction(async (tx) => {
        await tx
          .update(invoiceLines)
          .set({ unitPriceMinor: 4, netMinor: 4, taxMinor: 1, totalMinor: 5, patientShareMinor: 5 })
          .where(eq(invoiceLines.invoiceId, draft.id));
      }),
    ).rejects.toThrow();
    await expect(
      t.db.update(invoices).set({ netMinor: 1, totalMinor: 2, patientShareMinor: 2 }).where(eq(invoices.id, draft.id)),
    ).rejects.toThrow();
    const [row] = await t.db.select().from(invoices).where(eq(invoices.id, draft.id));
    expect(row).toMatchObject({ netMinor: 3, taxMinor: 1, totalMinor: 4 });
  });
});

describe('payments and refunds', () => {
  it('a payment never exceeds what is owed; refunds never exceed the payment; the invoice’s paid and status follow', async () => {
    const charge = await addCharge('DRESS', 2); // 25.00, tax 5.5 % = 1.375 → 1.38: 26.38
    const draft = (
      await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, { token: billing.token, body: { chargeIds: [charge.id] } })
    ).json<{ id: string }>();
    const pay = (amountMinor: number, key?: string) =>
      api(t, 'POST', `/api/v1/invoices/${draft.id}/payments`, {
        token: billing.token,
        body: { amountMinor, method: 'card_terminal', reference: 'TERM-0042' },
        ...(key ? { headers: { 'idempotency-key': key } } : {}),
      });
    expect((await pay(100)).statusCode).toBe(409); // a draft takes no payment
    await api(t, 'POST', `/api/v1/invoices/${draft.id}/issue`, { token: billing.token });
    expect((await pay(2639)).statusCode).toBe(422);
    const first = await pay(1000, 'desk-payment-0001');
    expect(first.statusCode, first.body).toBe(201);
    const replay = await pay(1000, 'desk-payment-0001');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    const invoice = async () =>
      (await api(t, 'GET', `/api/v1/invoices/${draft.id}`, { token: billing.token })).json<{
        status: string;
        paidMinor: number;
        balanceMinor: number;
        payments: unknown[];
      }>();
    expect(await invoice()).toMatchObject({ status: 'partly_paid', paidMinor: 1000, balanceMinor: 1638 });
    const rest = await pay(1638);
    expect(rest.statusCode).toBe(201);
    expect(await invoice()).toMatchObject({ status: 'paid', paidMinor: 2638, balanceMinor: 0 });
    expect((await pay(1)).statusCode).toBe(409);
    expect((await api(t, 'POST', `/api/v1/invoices/${draft.id}/void`, { token: billing.token, body: { reason: 'x' } })).statusCode).toBe(
      409,
    );

    const refund = (paymentId: string, amountMinor: number) =>
      api(t, 'POST', `/api/v1/payments/${paymentId}/refund`, { token: billing.token, body: { amountMinor, reason: 'Charged twice' } });
    const firstId = first.json<{ id: string }>().id;
    expect((await refund(firstId, 1001)).statusCode).toBe(422);
    expect((await refund(firstId, 600)).json()).toMatchObject({ kind: 'refund', amountMinor: 600, refundOf: firstId });
    expect((await refund(firstId, 401)).statusCode).toBe(422);
    expect((await refund(firstId, 400)).statusCode).toBe(201);
    expect(await invoice()).toMatchObject({ status: 'partly_paid', paidMinor: 1638 });
    const refundId = (await invoice()).payments.length;
    expect(refundId).toBe(4);
    // A refund cannot itself be refunded; the patient sees the payments on their bill.
    const mine = await api(t, 'GET', `/api/v1/me/invoices/${draft.id}`, { token: patient.token });
    expect(mine.json<{ payments: { kind: string }[] }>().payments.map((p) => p.kind)).toEqual(['payment', 'payment', 'refund', 'refund']);
    const audits = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.patientId, patient.patientId!));
    expect(audits.filter((a) => a.action === 'billing.payment.record')).toHaveLength(2);
    expect(audits.filter((a) => a.action === 'billing.payment.refund')).toHaveLength(2);
  });
});

describe('the pages', () => {
  it('billing adds a price and a charge, makes and issues an invoice through forms; the patient sees it in My bills', async () => {
    const page = new PageSession(t, billing.cookie);
    const home = await page.get('/staff');
    expect(home.body).toContain('href="/staff/billing"');
    const priceForm = await page.post('/staff/billing/price-list', {
      code: 'xray-1',
      name: 'Chest X-ray',
      price: '80.5',
      taxRate: '0',
      effectiveFrom: '2020-01-01',
    });
    expect(priceForm.statusCode, priceForm.body).toBe(303);
    const badPrice = await page.post('/staff/billing/price-list', { code: 'X2', name: 'Bad', price: '1.234', effectiveFrom: '2020-01-01' });
    expect(badPrice.statusCode).toBe(400);
    expect(badPrice.body).toContain('Enter a price such as 45.00');
    const list = await page.get('/staff/billing/price-list');
    expect(list.body).toContain('XRAY-1');
    expect(list.body).toContain('80.50');

    const base = `/staff/billing/patients/${patient.patientId}`;
    const added = await page.post(`${base}/charges`, { code: 'XRAY-1', quantity: '2', serviceDate: today() });
    expect(added.statusCode, added.body).toBe(303);
    const queue = await page.get('/staff/billing');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`href="${base}"`);
    const viewsOf = () =>
      t.db
        .select({ action: auditEvents.action, detail: auditEvents.detail, actor: auditEvents.actorUserId })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.patientId, patient.patientId!),
            inArray(auditEvents.action, ['billing.patient.read', 'insurance.patient.read']),
          ),
        );
    const before = await viewsOf();
    const patientPage = await page.get(base);
    expect(patientPage.body).toContain('Chest X-ray');
    // One access decision and ONE audit row for the view, naming every section it read (issue 11).
    const after = await viewsOf();
    expect(after).toHaveLength(before.length + 1);
    expect(after).toContainEqual({
      action: 'billing.patient.read',
      actor: billing.userId,
      detail: {
        tier: 'registration',
        sections: [
          'unbilled_charges',
          'invoices',
          'billed_encounters',
          'insurance_policies',
          'eligibility_checks',
          'insurance_cards',
          'claims',
        ],
      },
    });
    const [charge] = await t.db.select().from(charges).where(eq(charges.code, 'XRAY-1'));
    const draft = await page.post(`${base}/invoices`, { chargeIds: [charge!.id], insurerCoverage: '80' });
    expect(draft.statusCode, draft.body).toBe(303);
    const invoiceUrl = draft.headers.location!.split('?')[0]!;
    const issued = await page.post(`${invoiceUrl}/issue`, {});
    expect(issued.statusCode).toBe(303);
    const invoicePage = await page.get(invoiceUrl);
    expect(invoicePage.body).toMatch(/Invoice INV-\d{4}-\d{6}/);
    expect(invoicePage.body).toContain('161.00');
    // The patient's 20 % (32.20) taken in cash at the desk; more than is owed is refused beside the form.
    const tooMuch = await page.post(`${invoiceUrl}/payments`, { amount: '500', method: 'cash' });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.body).toContain('more than is owed');
    const paid = await page.post(`${invoiceUrl}/payments`, { amount: '32.20', method: 'cash' });
    expect(paid.statusCode, paid.body).toBe(303);
    expect((await page.get(invoiceUrl)).body).toContain('Partly paid');

    const portal = new PageSession(t, patient.cookie);
    const bills = await portal.get('/portal/bills');
    expect(bills.statusCode).toBe(200);
    expect(bills.body).toContain(`href="/portal/bills/${invoiceUrl.split('/').pop()}"`);
    const bill = await portal.get(`/portal/bills/${invoiceUrl.split('/').pop()}`);
    expect(bill.body).toContain('Chest X-ray');
    expect(bill.body).not.toContain('Issue the invoice');
    expect(bill.body).toContain('Payments and refunds');
    expect(bill.body).not.toContain('Record the payment');
    expect((await portal.get(invoiceUrl)).statusCode).toBe(403);
  });
});
