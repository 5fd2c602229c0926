import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { postgresLegReady } from '../../../test/helpers/postgres-leg.js';
import { charges, invoiceCounters, invoices } from './billing.tables.js';

/**
 * Concurrent billing on real PostgreSQL (PGlite serialises every transaction): invoice numbers
 * stay consecutive with no gap and no duplicate when many invoices are issued at once, and two
 * drafts racing for the same charges never both take them.
 */
describe.runIf(postgresLegReady())('concurrent billing (needs real PostgreSQL)', () => {
  const t = useTestApp();
  let billing: TestAccount;
  let patient: TestAccount;
  const today = () => t.clock.now().toISOString().slice(0, 10);

  beforeAll(async () => {
    billing = await createAccount(t, { role: 'billing' });
    patient = await createAccount(t, { role: 'patient' });
    const price = await api(t, 'POST', '/api/v1/billing/charge-items', {
      token: billing.token,
      body: { code: 'RACE', name: 'Race test', unitPriceMinor: 1000, effectiveFrom: '2020-01-01' },
    });
    expect(price.statusCode).toBe(201);
  });

  const charge = async () =>
    (
      await api(t, 'POST', `/api/v1/patients/${patient.patientId}/charges`, {
        token: billing.token,
        body: { code: 'RACE', serviceDate: today() },
      })
    ).json<{ id: string }>();
  const draft = async (chargeIds: string[]) =>
    api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, { token: billing.token, body: { chargeIds } });

  it('issues 12 invoices at once: numbers 1 to 12 of the year, each once, the counter at 12', async () => {
    const drafts: string[] = [];
    for (let i = 0; i < 12; i++) drafts.push((await draft([(await charge()).id])).json<{ id: string }>().id);
    const issued = await Promise.all(drafts.map((id) => api(t, 'POST', `/api/v1/invoices/${id}/issue`, { token: billing.token })));
    expect(issued.map((r) => r.statusCode)).toEqual(Array(12).fill(200));
    const year = t.clock.now().getUTCFullYear();
    const numbers = issued.map((r) => r.json<{ number: string }>().number).sort();
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => `INV-${year}-${String(i + 1).padStart(6, '0')}`));
    const [counter] = await t.db.select().from(invoiceCounters).where(eq(invoiceCounters.year, year));
    expect(counter!.lastNumber).toBe(12);
  });

  it('two drafts for the same charges at once: one takes them, the other is 409', async () => {
    const ids = [(await charge()).id, (await charge()).id];
    const [a, b] = await Promise.all([draft(ids), draft([...ids].reverse())]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const winner = (a.statusCode === 201 ? a : b).json<{ id: string }>().id;
    const rows = await t.db.select().from(charges).where(eq(charges.invoiceId, winner));
    expect(rows).toHaveLength(2);
    expect(await t.db.select().from(invoices).where(eq(invoices.patientId, patient.patientId!))).toHaveLength(13);
  });

  it('two payments of the whole balance at once: one is taken, the other is refused; never overpaid', async () => {
    const created = (await draft([(await charge()).id])).json<{ id: string }>();
    await api(t, 'POST', `/api/v1/invoices/${created.id}/issue`, { token: billing.token });
    const pay = () =>
      api(t, 'POST', `/api/v1/invoices/${created.id}/payments`, { token: billing.token, body: { amountMinor: 1000, method: 'cash' } });
    const results = await Promise.all([pay(), pay(), pay()]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    const [row] = await t.db.select().from(invoices).where(eq(invoices.id, created.id));
    expect(row).toMatchObject({ paidMinor: 1000, status: 'paid' });
  });
});
