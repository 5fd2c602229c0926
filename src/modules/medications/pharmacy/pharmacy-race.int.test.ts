import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { postgresLegReady } from '../../../../test/helpers/postgres-leg.js';
import { addDays, localDateOf } from '../../../platform/time/zoned-time.js';
import { patients } from '../../patients/index.js';
import { medicationProducts } from '../medications.tables.js';
import { seedFormularyProducts } from '../medications.seed.js';
import { prescriptionDispenses, prescriptionVerifications } from './pharmacy.tables.js';

/**
 * Double-submitted dispenses at the same moment. Races only show on real PostgreSQL (PGlite runs
 * one transaction at a time): the same request sent several times at once dispenses exactly once,
 * and two different dispenses that together exceed quantity × (1 + refills) cannot both pass
 * (the prescription row is locked while the total is read).
 */
describe.runIf(postgresLegReady())('concurrent dispenses (needs real PostgreSQL)', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let pharmacist: TestAccount;
  let patientId: string;
  let productId: string;

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    pharmacist = await createAccount(t, { role: 'pharmacist' });
    const patient = await createAccount(t, { role: 'patient' });
    patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patientId));
    await seedFormularyProducts(t.db, t.clock.now(), doctor.userId, [
      { name: 'Ibuprofen 400 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['5640', 400, 'mg']] },
    ]);
    productId = (await t.db.select().from(medicationProducts))[0]!.id;
  });

  /** A signed, verified prescription of 10 tablets with one refill (20 may be dispensed). */
  async function verifiedPrescription(): Promise<string> {
    const res = await api(t, 'POST', '/api/v1/prescriptions', {
      token: doctor.token,
      body: {
        patientId,
        productId,
        dose: { value: 1, unit: '{tablet}' },
        frequency: { kind: 'times_a_day', times: 1 },
        startsAt: t.clock.now().toISOString(),
        durationDays: 10,
        quantity: { value: 10, unit: '{tablet}' },
        refills: 1,
      },
    });
    const id = res.json().id as string;
    expect((await api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, { token: doctor.token, body: { overrides: [] } })).statusCode).toBe(
      200,
    );
    expect(
      (await api(t, 'POST', `/api/v1/prescriptions/${id}/verification`, { token: pharmacist.token, body: { decision: 'verified' } }))
        .statusCode,
    ).toBe(201);
    return id;
  }

  const dispense = (id: string, key: string, value: number) =>
    api(t, 'POST', `/api/v1/prescriptions/${id}/dispenses`, {
      token: pharmacist.token,
      headers: { 'idempotency-key': key },
      body: { quantity: { value, unit: '{tablet}' }, lotNumber: 'LOT-R1', expiresOn: addDays(localDateOf(t.clock.now(), 'UTC'), 365) },
    });

  it('the same dispense sent four times at once is recorded once', async () => {
    for (let round = 0; round < 4; round += 1) {
      const id = await verifiedPrescription();
      const key = crypto.randomUUID();
      const results = await Promise.all([1, 2, 3, 4].map(() => dispense(id, key, 10)));
      const statuses = results.map((r) => r.statusCode);
      // The first wins; the others either wait for it and replay its answer or are told it is in progress.
      expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      const ids = new Set(results.filter((r) => r.statusCode === 201).map((r) => r.json().id as string));
      expect(ids.size).toBe(1);
      const rows = await t.db.select().from(prescriptionDispenses).where(eq(prescriptionDispenses.prescriptionId, id));
      expect(rows).toHaveLength(1);
      // A later retry replays the same dispense.
      const retry = await dispense(id, key, 10);
      expect(retry.statusCode).toBe(201);
      expect(retry.json().id).toBe([...ids][0]);
    }
  }, 60_000);

  it('two different dispenses that together exceed the total: one passes, the other is refused', async () => {
    for (let round = 0; round < 4; round += 1) {
      const id = await verifiedPrescription();
      const results = await Promise.all([dispense(id, crypto.randomUUID(), 15), dispense(id, crypto.randomUUID(), 15)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 422]);
      const rows = await t.db.select().from(prescriptionDispenses).where(eq(prescriptionDispenses.prescriptionId, id));
      expect(rows).toHaveLength(1);
    }
  }, 60_000);

  it('two pharmacists deciding at once leave one decision', async () => {
    const other = await createAccount(t, { role: 'pharmacist' });
    const res = await api(t, 'POST', '/api/v1/prescriptions', {
      token: doctor.token,
      body: {
        patientId,
        productId,
        dose: { value: 1, unit: '{tablet}' },
        frequency: { kind: 'times_a_day', times: 1 },
        startsAt: t.clock.now().toISOString(),
        durationDays: 3,
      },
    });
    const id = res.json().id as string;
    expect((await api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, { token: doctor.token, body: { overrides: [] } })).statusCode).toBe(
      200,
    );
    const results = await Promise.all(
      [pharmacist, other].map((p) =>
        api(t, 'POST', `/api/v1/prescriptions/${id}/verification`, { token: p.token, body: { decision: 'verified' } }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await t.db.select().from(prescriptionVerifications).where(eq(prescriptionVerifications.prescriptionId, id))).toHaveLength(1);
  }, 30_000);
});
