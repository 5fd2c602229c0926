import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { pdfText } from '../../../../test/helpers/pdf.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { hospitalTimeZone, setHospitalTimeZone } from '../../../platform/time/zoned-time.js';

/** Credit notes, adjustments, PDFs, statements and the reconciliation (docs/billing.md). */
const t = useTestApp();
let billing: TestAccount;
let patient: TestAccount;
let otherPatient: TestAccount;
const zone = hospitalTimeZone();
afterAll(() => setHospitalTimeZone(zone));

const day = () => t.clock.now().toISOString().slice(0, 10);

/** An issued invoice for the patient: 2 × 10.00 at 20 % (24.00) and 5.00 (5.00). */
async function issuedInvoice(patientId = patient.patientId!) {
  const ids: string[] = [];
  for (const [code, quantity] of [
    ['DOC-A', 2],
    ['DOC-B', 1],
  ] as const) {
    const res = await api(t, 'POST', `/api/v1/patients/${patientId}/charges`, {
      token: billing.token,
      body: { code, quantity, serviceDate: day() },
    });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(res.json<{ id: string }>().id);
  }
  const draft = await api(t, 'POST', `/api/v1/patients/${patientId}/invoices`, {
    token: billing.token,
    body: { chargeIds: ids, insurerCoverageBp: 0 },
  });
  expect(draft.statusCode, draft.body).toBe(201);
  const id = draft.json<{ id: string }>().id;
  expect((await api(t, 'POST', `/api/v1/invoices/${id}/issue`, { token: billing.token })).statusCode).toBe(200);
  return id;
}

const invoice = async (id: string) =>
  (await api(t, 'GET', `/api/v1/invoices/${id}`, { token: billing.token })).json<{
    status: string;
    totalMinor: number;
    creditedMinor: number;
    adjustedMinor: number;
    paidMinor: number;
    balanceMinor: number;
    refundDueMinor: number;
  }>();
const credit = (id: string, lines: { position: number; amountMinor: number }[], reason = 'Price error') =>
  api(t, 'POST', `/api/v1/invoices/${id}/credit-notes`, { token: billing.token, body: { lines, reason } });

beforeAll(async () => {
  billing = await createAccount(t, { role: 'billing' });
  patient = await createAccount(t, { role: 'patient', givenName: 'نور', familyName: 'الهدى' });
  otherPatient = await createAccount(t, { role: 'patient' });
  await t.db.update(users).set({ locale: 'ar' }).where(eq(users.id, patient.userId));
  for (const body of [
    { code: 'DOC-A', name: 'Consultation', unitPriceMinor: 1000, taxRateBp: 2000, effectiveFrom: '2020-01-01' },
    { code: 'DOC-B', name: 'Dressing', unitPriceMinor: 500, effectiveFrom: '2020-01-01' },
  ]) {
    expect((await api(t, 'POST', '/api/v1/billing/charge-items', { token: billing.token, body })).statusCode).toBe(201);
  }
});

describe('credit notes', () => {
  it('are numbered CN-<year>-NNNNNN in order, never credit more than a line, and reduce the balance', async () => {
    const id = await issuedInvoice();
    expect((await invoice(id)).totalMinor).toBe(2900);
    const lines = (await api(t, 'GET', `/api/v1/invoices/${id}`, { token: billing.token })).json<{
      lines: { position: number; code: string }[];
    }>().lines;
    const [pa, pb] = ['DOC-A', 'DOC-B'].map((code) => lines.find((l) => l.code === code)!.position) as [number, number];
    const over = await credit(id, [{ position: pa, amountMinor: 2401 }]);
    expect(over.statusCode, over.body).toBe(422);
    expect((await credit(id, [{ position: 9, amountMinor: 1 }])).statusCode).toBe(422);
    const first = await credit(id, [{ position: pa, amountMinor: 1000 }]);
    expect(first.statusCode, first.body).toBe(201);
    const second = await credit(id, [
      { position: pa, amountMinor: 1400 },
      { position: pb, amountMinor: 100 },
    ]);
    expect(second.statusCode, second.body).toBe(201);
    const [a, b] = [first.json<{ number: string }>().number, second.json<{ number: string }>().number];
    expect(a).toMatch(/^CN-2026-\d{6}$/);
    expect(Number(b.slice(-6))).toBe(Number(a.slice(-6)) + 1);
    // Line 1 is fully credited now: one more unit is above the line.
    expect((await credit(id, [{ position: pa, amountMinor: 1 }])).statusCode).toBe(422);
    expect(await invoice(id)).toMatchObject({ creditedMinor: 2500, balanceMinor: 400, status: 'issued' });
    // A credited invoice is not voided (it is credited instead).
    expect((await api(t, 'POST', `/api/v1/invoices/${id}/void`, { token: billing.token, body: { reason: 'x' } })).statusCode).toBe(409);
  });

  it('credit beyond what is unpaid becomes a refund due, paid back as a refund', async () => {
    const id = await issuedInvoice();
    const pay = await api(t, 'POST', `/api/v1/invoices/${id}/payments`, {
      token: billing.token,
      body: { amountMinor: 2900, method: 'cash' },
    });
    expect(pay.statusCode, pay.body).toBe(201);
    expect((await credit(id, [{ position: 2, amountMinor: 500 }])).statusCode).toBe(201);
    expect(await invoice(id)).toMatchObject({ status: 'paid', balanceMinor: 0, refundDueMinor: 500 });
    const refund = await api(t, 'POST', `/api/v1/payments/${pay.json<{ id: string }>().id}/refund`, {
      token: billing.token,
      body: { amountMinor: 500, reason: 'Credit note' },
    });
    expect(refund.statusCode, refund.body).toBe(201);
    expect(await invoice(id)).toMatchObject({ status: 'paid', balanceMinor: 0, refundDueMinor: 0, paidMinor: 2400 });
  });
});

describe('adjustments', () => {
  it('need a reason, never exceed the balance, are billing staff’s only, and reduce the balance', async () => {
    const id = await issuedInvoice();
    const adjust = (body: Record<string, unknown>, token = billing.token) =>
      api(t, 'POST', `/api/v1/invoices/${id}/adjustments`, { token, body });
    expect((await adjust({ kind: 'write_off', amountMinor: 100 })).statusCode).toBe(400);
    expect((await adjust({ kind: 'write_off', amountMinor: 100, reason: ' ' })).statusCode).toBe(400);
    expect((await adjust({ kind: 'goodwill', amountMinor: 2901, reason: 'Too much' })).statusCode).toBe(422);
    expect((await adjust({ kind: 'goodwill', amountMinor: 100, reason: 'Waited long' }, patient.token)).statusCode).toBe(403);
    const ok = await adjust({ kind: 'goodwill', amountMinor: 900, reason: 'Waited long' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await invoice(id)).toMatchObject({ adjustedMinor: 900, balanceMinor: 2000 });
    const docs = (await api(t, 'GET', `/api/v1/invoices/${id}/credit-notes`, { token: billing.token })).json<{ adjustments: unknown[] }>();
    expect(docs.adjustments).toHaveLength(1);
  });
});

describe('an invoice with its credit notes and adjustments', () => {
  it('two invoices read in turn each show their own, in the invoice’s statement, with one audit row naming the action (built once)', async () => {
    const credited = await issuedInvoice();
    const adjusted = await issuedInvoice(otherPatient.patientId!);
    expect((await credit(credited, [{ position: 1, amountMinor: 300 }])).statusCode).toBe(201);
    const adjustment = await api(t, 'POST', `/api/v1/invoices/${adjusted}/adjustments`, {
      token: billing.token,
      body: { kind: 'goodwill', amountMinor: 200, reason: 'Waited long' },
    });
    expect(adjustment.statusCode).toBe(201);
    const read = async (id: string) => {
      const res = await api(t, 'GET', `/api/v1/invoices/${id}/credit-notes`, { token: billing.token });
      expect(res.statusCode).toBe(200);
      return res.json<{ invoice: { id: string; creditedMinor: number }; creditNotes: { invoiceId: string }[]; adjustments: unknown[] }>();
    };
    for (let round = 0; round < 2; round++) {
      const [one, other] = [await read(credited), await read(adjusted)];
      expect(one.invoice).toMatchObject({ id: credited, creditedMinor: 300 });
      expect(one.creditNotes.map((n) => n.invoiceId)).toEqual([credited]);
      expect(one.adjustments).toEqual([]);
      expect(other.invoice).toMatchObject({ id: adjusted, creditedMinor: 0 });
      expect(other.creditNotes).toEqual([]);
      expect(other.adjustments).toHaveLength(1);
    }
    const rows = await t.db
      .select({ action: auditEvents.action, patientId: auditEvents.patientId })
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceId, adjusted), eq(auditEvents.action, 'billing.credit_note.list')));
    expect(rows).toEqual([
      { action: 'billing.credit_note.list', patientId: otherPatient.patientId },
      { action: 'billing.credit_note.list', patientId: otherPatient.patientId },
    ]);
  });
});

describe('the invoice PDF and the statement', () => {
  it('prints the Arabic name for the patient in Arabic; another patient gets 404', async () => {
    const id = await issuedInvoice();
    const res = await api(t, 'GET', `/api/v1/me/invoices/${id}/pdf`, { token: patient.token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="INV-2026-\d{6}\.pdf"$/);
    const { text } = await pdfText(res.rawPayload);
    expect(text).toContain('نور الهدى');
    expect(text).toContain('Carewell Hospital');
    expect((await api(t, 'GET', `/api/v1/me/invoices/${id}/pdf`, { token: otherPatient.token })).statusCode).toBe(404);
    expect((await api(t, 'GET', `/api/v1/invoices/${id}/pdf`, { token: billing.token })).statusCode).toBe(200);
  });

  it('a statement runs the balance through invoices, credits, adjustments and payments', async () => {
    const res = await api(t, 'GET', `/api/v1/patients/${patient.patientId}/statement`, { token: billing.token });
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json<{ entries: { amountMinor: number; balanceMinor: number }[]; openingMinor: number; closingMinor: number }>();
    let running = s.openingMinor;
    for (const e of s.entries) expect(e.balanceMinor).toBe((running += e.amountMinor));
    expect(s.closingMinor).toBe(running);
    const pdf = await api(t, 'GET', `/api/v1/patients/${patient.patientId}/statement/pdf`, { token: billing.token });
    expect(pdf.statusCode).toBe(200);
    expect((await pdfText(pdf.rawPayload)).text).toContain('نور الهدى');
    expect(
      (await api(t, 'GET', `/api/v1/patients/${patient.patientId}/statement?from=2026-02-01&to=2026-01-01`, { token: billing.token }))
        .statusCode,
    ).toBe(400);
  });
  it('two patients’ statements read in turn each show that patient’s own entries and audit rows (built once)', async () => {
    const people: { id: string; paid: number }[] = [];
    for (const paid of [700, 1100]) {
      const someone = await createAccount(t, { role: 'patient' });
      const id = await issuedInvoice(someone.patientId!);
      const pay = await api(t, 'POST', `/api/v1/invoices/${id}/payments`, {
        token: billing.token,
        body: { amountMinor: paid, method: 'cash' },
      });
      expect(pay.statusCode, pay.body).toBe(201);
      people.push({ id: someone.patientId!, paid });
    }
    const period = `from=${day()}&to=${day()}`;
    for (const [i, { id, paid }] of [...people, ...people].entries()) {
      const res = await api(t, 'GET', `/api/v1/patients/${id}/statement?${period}`, { token: billing.token });
      expect(res.statusCode, res.body).toBe(200);
      const s = res.json<{ patient: { id: string }; entries: { kind: string; amountMinor: number }[]; closingMinor: number }>();
      expect(s.patient.id).toBe(id);
      expect(s.entries.map((e) => [e.kind, e.amountMinor])).toEqual([
        ['invoice', 2900],
        ['payment', -paid],
      ]);
      expect(s.closingMinor).toBe(2900 - paid);
      const rows = await t.db
        .select({ detail: auditEvents.detail })
        .from(auditEvents)
        .where(and(eq(auditEvents.patientId, id), eq(auditEvents.action, 'billing.statement.read')));
      // One row per read of this patient's statement so far (the first pass, then the second).
      expect(rows).toHaveLength(i < people.length ? 1 : 2);
      expect(rows[0]!.detail).toMatchObject({ from: day(), to: day() });
    }
  });
});

describe('the daily reconciliation', () => {
  it('counts a payment on the hospital’s local day across the autumn change (25 hours), by method, with a CSV', async () => {
    setHospitalTimeZone('Europe/Paris');
    const id = await issuedInvoice(otherPatient.patientId!);
    const pay = (amountMinor: number, method: string) =>
      api(t, 'POST', `/api/v1/invoices/${id}/payments`, { token: billing.token, body: { amountMinor, method } });
    const saved = t.clock.current;
    // 00:30 CEST on 25 October, and 23:30 CET the same day: both on the 25th; 00:30 CET on the 26th is not.
    t.clock.current = new Date('2026-10-24T22:30:00Z');
    expect((await pay(100, 'cash')).statusCode).toBe(201);
    t.clock.current = new Date('2026-10-25T22:30:00Z');
    expect((await pay(200, 'card_terminal')).statusCode).toBe(201);
    t.clock.current = new Date('2026-10-25T23:30:00Z');
    expect((await pay(400, 'cash')).statusCode).toBe(201);
    t.clock.current = saved;
    const r = (await api(t, 'GET', '/api/v1/billing/reconciliation?day=2026-10-25', { token: billing.token })).json<{
      byMethod: { method: string; paymentsMinor: number }[];
      totals: { netMinor: number }[];
      start: string;
      end: string;
    }>();
    expect([r.start, r.end]).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect(r.byMethod.map((m) => [m.method, m.paymentsMinor])).toEqual([
      ['cash', 100],
      ['card_terminal', 200],
    ]);
    expect(r.totals[0]!.netMinor).toBe(300);
    const csv = await api(t, 'GET', '/api/v1/billing/reconciliation.csv?day=2026-10-26', { token: billing.token });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('"cash","EUR","1","400"');
    expect((await api(t, 'GET', '/api/v1/billing/reconciliation', { token: patient.token })).statusCode).toBe(403);
    setHospitalTimeZone(zone);
  });
});
