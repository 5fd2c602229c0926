import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { seedRecord } from '../../records/index.js';
import { charges } from '../billing.tables.js';
import { captureLabTest, captureProcedure } from './capture.service.js';

/** Billing's work queues and the billing tier (docs/billing.md "Work queues", "The billing tier"). */
const t = useTestApp();
let billing: TestAccount;
let doctor: TestAccount;
let receptionist: TestAccount;
let patient: TestAccount;
let itemId: string;
const DAY = 86_400_000;
const dayOf = (offsetDays: number) => new Date(t.clock.now().getTime() + offsetDays * DAY).toISOString().slice(0, 10);
const get = <T>(url: string, token = billing.token) =>
  api(t, 'GET', url, { token }).then((r) => ({ status: r.statusCode, body: r.json<T>() }));
type Page<T> = { items: T[]; nextCursor: string | null };

beforeAll(async () => {
  billing = await createAccount(t, { role: 'billing' });
  doctor = await createAccount(t, { role: 'doctor' });
  receptionist = await createAccount(t, { role: 'receptionist' });
  patient = await createAccount(t, { role: 'patient' });
  const res = await api(t, 'POST', '/api/v1/billing/charge-items', {
    token: billing.token,
    body: { code: 'CONS-Q', name: 'Consultation', unitPriceMinor: 5000, procedureCode: '99213', effectiveFrom: '2020-01-01' },
  });
  expect(res.statusCode, res.body).toBe(201);
  itemId = res.json<{ id: string }>().id;
});

async function visitCharge(daysAgo: number) {
  const [row] = await t.db
    .insert(charges)
    .values({
      patientId: patient.patientId!,
      chargeItemId: itemId,
      code: 'CONS-Q',
      description: 'Consultation',
      quantity: 1,
      unitPriceMinor: 5000,
      currency: 'EUR',
      taxRateBp: 0,
      serviceDate: dayOf(-daysAgo),
      source: 'visit',
      sourceId: randomUUID(),
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    })
    .returning();
  return row!.id;
}

describe('the billing tier', () => {
  it('billing staff see a billed encounter’s codes with their names, never notes; others are refused', async () => {
    const record = await seedRecord(
      t,
      patient.patientId!,
      { staffId: doctor.staffId!, userId: doctor.userId },
      patient.userId,
      'SECRET-NOTE',
    );
    const url = `/api/v1/billing/encounters/${record.encounterId}`;
    expect((await get(url)).status).toBe(404); // not billed yet
    const procedure = {
      procedureId: randomUUID(),
      encounterId: record.encounterId,
      patientId: patient.patientId!,
      code: '99213',
      description: 'Office visit',
      performedAt: t.clock.now(),
    };
    await t.db.transaction((tx) => captureProcedure(tx, procedure, { now: t.clock.now(), actorUserId: null }));
    const [charge] = await t.db.select().from(charges).where(eq(charges.sourceId, procedure.procedureId));
    const draft = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, {
      token: billing.token,
      body: { chargeIds: [charge!.id], insurerCoverageBp: 0 },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    // The invoice's page links its line to the encounter (read with the invoice, in its statement).
    const invoicePage = await api(t, 'GET', `/staff/billing/invoices/${draft.json<{ id: string }>().id}`, { token: billing.token });
    expect(invoicePage.statusCode).toBe(200);
    expect(invoicePage.body).toContain(`/staff/billing/encounters/${record.encounterId}`);
    const seen = await api(t, 'GET', url, { token: billing.token });
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({
      diagnoses: [{ code: 'E11.9', description: 'Type 2 diabetes mellitus without complications', rank: 'primary' }],
      procedures: [],
      clinician: expect.any(String),
    });
    expect(seen.body).not.toContain('SECRET-NOTE');
    const page = await api(t, 'GET', `/staff/billing/encounters/${record.encounterId}`, { token: billing.token });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('E11.9');
    expect(page.body).toContain('Type 2 diabetes mellitus without complications');
    expect(page.body).not.toContain('SECRET-NOTE');
    const billingPage = await api(t, 'GET', `/staff/billing/patients/${patient.patientId}`, { token: billing.token });
    expect(billingPage.body).toContain(`/staff/billing/encounters/${record.encounterId}`);
    for (const other of [doctor, receptionist, patient]) expect((await get(url, other.token)).status).toBe(403);
    expect((await get(`/api/v1/billing/encounters/${randomUUID()}`)).status).toBe(404);
  });
});

describe('work queues', () => {
  it('unbilled visits: only visits three days old or more, oldest first, a keyset page at a time', async () => {
    const recent = await visitCharge(1);
    const old = await visitCharge(10);
    const older = await visitCharge(20);
    const first = await get<Page<{ chargeId: string; daysUnbilled: number }>>('/api/v1/billing/queues/unbilled-visits?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items.map((i) => [i.chargeId, i.daysUnbilled])).toEqual([[older, 20]]);
    const second = await get<Page<{ chargeId: string }>>(`/api/v1/billing/queues/unbilled-visits?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i) => i.chargeId)).toEqual([old]);
    const all = await get<Page<{ chargeId: string }>>('/api/v1/billing/queues/unbilled-visits');
    expect(all.body.items.map((i) => i.chargeId)).not.toContain(recent);
    expect((await get('/api/v1/billing/queues/unbilled-visits?cursor=nonsense')).status).toBe(400);
    const page = await api(t, 'GET', '/staff/billing/queues/unbilled-visits', { token: billing.token });
    expect(page.statusCode).toBe(200);
  });

  it('unpriced: a captured event without a price is listed once, even when captured twice', async () => {
    const event = {
      resultId: randomUUID(),
      orderId: randomUUID(),
      encounterId: null,
      patientId: patient.patientId!,
      loinc: '1234-5',
      testName: 'Unpriced assay',
      performedAt: t.clock.now(),
    };
    for (let i = 0; i < 2; i += 1) await t.db.transaction((tx) => captureLabTest(tx, event, { now: t.clock.now(), actorUserId: null }));
    const queue = await get<Page<{ description: string; reason: string }>>('/api/v1/billing/queues/unpriced');
    expect(queue.body.items.filter((i) => i.description === 'Unpriced assay')).toEqual([
      expect.objectContaining({ reason: 'no_price', source: 'lab_test', code: '1234-5' }),
    ]);
    expect((await api(t, 'GET', '/staff/billing/queues/unpriced', { token: billing.token })).statusCode).toBe(200);
  });

  it('overdue: an issued invoice joins the queue the day after its due date (the injected clock)', async () => {
    const chargeId = await visitCharge(0);
    const draft = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, {
      token: billing.token,
      body: { chargeIds: [chargeId], insurerCoverageBp: 0 },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const invoiceId = draft.json<{ id: string }>().id;
    const issued = await api(t, 'POST', `/api/v1/invoices/${invoiceId}/issue`, { token: billing.token });
    expect(issued.json<{ dueOn: string }>().dueOn).toBe(dayOf(30));
    const overdueIds = async () =>
      (await get<Page<{ invoiceId: string; daysOverdue: number }>>('/api/v1/billing/queues/overdue')).body.items.filter(
        (i) => i.invoiceId === invoiceId,
      );
    expect((await get('/api/v1/billing/queues/overdue', receptionist.token)).status).toBe(403);
    t.clock.advance(30 * DAY);
    billing = await createAccount(t, { role: 'billing' }); // a new session: the first one has expired
    expect(await overdueIds()).toEqual([]);
    t.clock.advance(2 * DAY);
    billing = await createAccount(t, { role: 'billing' });
    expect(await overdueIds()).toEqual([expect.objectContaining({ daysOverdue: 2, balanceMinor: 5000 })]);
    expect((await api(t, 'GET', '/staff/billing/queues/overdue', { token: billing.token })).statusCode).toBe(200);
  });
});
