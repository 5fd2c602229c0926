import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { postgresLegReady } from '../../../test/helpers/postgres-leg.js';
import { patients } from '../patients/index.js';
import { medicationProducts } from './medications.tables.js';
import { seedFormularyProducts } from './medications.seed.js';
import { prescriptions } from './prescriptions.tables.js';

/**
 * Two prescriptions that interact, signed at the same moment for the same patient, each with no
 * alert when previewed alone. Without the per-patient lock both could sign, each blind to the
 * other; with it the second waits, sees the first as active and is refused (422) for want of an
 * override reason. Races only show on real PostgreSQL (PGlite runs one transaction at a time).
 */
describe.runIf(postgresLegReady())('concurrent signings for one patient (needs real PostgreSQL)', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let patientId: string;
  const product: Record<string, string> = {};

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createAccount(t, { role: 'patient' });
    patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patientId));
    await seedFormularyProducts(t.db, t.clock.now(), doctor.userId, [
      { name: 'Simvastatin 20 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['36567', 20, 'mg']] },
      { name: 'Clarithromycin 500 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['21212', 500, 'mg']] },
    ]);
    for (const row of await t.db.select().from(medicationProducts)) product[row.name.split(' ')[0]!.toLowerCase()] = row.id;
  });

  const draft = async (name: string) => {
    const res = await api(t, 'POST', '/api/v1/prescriptions', {
      token: doctor.token,
      body: {
        patientId,
        productId: product[name],
        dose: { value: 1, unit: '{tablet}' },
        frequency: { kind: 'times_a_day', times: 1 },
        startsAt: t.clock.now().toISOString(),
        durationDays: 7,
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };

  it('one signs, the other sees it and is refused without an override reason', async () => {
    for (let round = 0; round < 5; round += 1) {
      const a = await draft('simvastatin');
      const b = await draft('clarithromycin');
      // Alone, neither has an alert (the other is only a draft).
      expect((await api(t, 'POST', `/api/v1/prescriptions/${a}/check`, { token: doctor.token })).json().alerts).toEqual([]);
      expect((await api(t, 'POST', `/api/v1/prescriptions/${b}/check`, { token: doctor.token })).json().alerts).toEqual([]);
      const results = await Promise.all(
        [a, b].map((id) => api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, { token: doctor.token, body: { overrides: [] } })),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 422]);
      expect(results.find((r) => r.statusCode === 422)!.json().code).toBe('override_required');
      const signed = await t.db.select().from(prescriptions).where(eq(prescriptions.status, 'signed'));
      expect(signed).toHaveLength(1);
      // Clean slate for the next round: the signed one is stopped, the refused one stays a draft.
      const winner = signed[0]!.id;
      const stop = await api(t, 'POST', `/api/v1/prescriptions/${winner}/stop`, { token: doctor.token, body: { reason: 'Next round' } });
      expect(stop.statusCode).toBe(200);
    }
  }, 60_000);
});
