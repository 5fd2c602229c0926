import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { postgresLegReady } from '../../../../test/helpers/postgres-leg.js';
import { invoices } from '../billing.tables.js';
import { creditNoteCounters } from './adjustments.tables.js';

/**
 * Concurrent credit notes on real PostgreSQL (PGlite serialises every transaction): numbers stay
 * consecutive with no gap and no duplicate, and credits racing on one line never together exceed it.
 */
describe.runIf(postgresLegReady())('concurrent credit notes (needs real PostgreSQL)', () => {
  const t = useTestApp();
  let billing: TestAccount;
  let patient: TestAccount;

  beforeAll(async () => {
    billing = await createAccount(t, { role: 'billing' });
    patient = await createAccount(t, { role: 'patient' });
    const price = await api(t, 'POST', '/api/v1/billing/charge-items', {
      token: billing.token,
      body: { code: 'CN-RACE', name: 'Race test', unitPriceMinor: 1000, effectiveFrom: '2020-01-01' },
    });
    expect(price.statusCode).toBe(201);
  });

  const issued = async () => {
    const charge = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/charges`, {
      token: billing.token,
      body: { code: 'CN-RACE', serviceDate: t.clock.now().toISOString().slice(0, 10) },
    });
    const draft = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/invoices`, {
      token: billing.token,
      body: { chargeIds: [charge.json<{ id: string }>().id] },
    });
    const id = draft.json<{ id: string }>().id;
    expect((await api(t, 'POST', `/api/v1/invoices/${id}/issue`, { token: billing.token })).statusCode).toBe(200);
    return id;
  };
  const credit = (id: string, amountMinor: number) =>
    api(t, 'POST', `/api/v1/invoices/${id}/credit-notes`, {
      token: billing.token,
      body: { lines: [{ position: 1, amountMinor }], reason: 'Race' },
    });

  it('ten credit notes at once on ten invoices: numbers 1 to 10 of the year, each once, the counter at 10', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await issued());
    const results = await Promise.all(ids.map((id) => credit(id, 100)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    const year = t.clock.now().getUTCFullYear();
    const numbers = results.map((r) => r.json<{ number: string }>().number).sort();
    expect(numbers).toEqual(Array.from({ length: 10 }, (_, i) => `CN-${year}-${String(i + 1).padStart(6, '0')}`));
    const [counter] = await t.db.select().from(creditNoteCounters).where(eq(creditNoteCounters.year, year));
    expect(counter!.lastNumber).toBe(10);
  });

  it('three credits of 600 at once on a line of 1000: one is taken, the line never over-credited, no number lost', async () => {
    const id = await issued();
    const results = await Promise.all([credit(id, 600), credit(id, 600), credit(id, 600)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 422, 422]);
    const [row] = await t.db.select().from(invoices).where(eq(invoices.id, id));
    expect(row!.creditedMinor).toBe(600);
    const year = t.clock.now().getUTCFullYear();
    const [counter] = await t.db.select().from(creditNoteCounters).where(eq(creditNoteCounters.year, year));
    expect(counter!.lastNumber).toBe(11);
  });
});
