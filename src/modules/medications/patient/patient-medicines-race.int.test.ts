import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { postgresLegReady } from '../../../../test/helpers/postgres-leg.js';
import { patients } from '../../patients/index.js';
import { medicationProducts } from '../medications.tables.js';
import { seedFormularyProducts } from '../medications.seed.js';
import { prescriptionRenewalRequests } from './patient-medicines.tables.js';

/**
 * Two renewal requests for one prescription sent at the same moment: both pass the service's
 * "none pending" read, and the partial unique index lets one in; the other answers 409 and
 * nothing of it is written. Races only show on real PostgreSQL (PGlite runs one at a time).
 */
describe.runIf(postgresLegReady())('concurrent renewal requests (needs real PostgreSQL)', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let patient: TestAccount;
  let productId: string;

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    patient = await createAccount(t, { role: 'patient' });
    await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
    await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patient.patientId!));
    await seedFormularyProducts(t.db, t.clock.now(), doctor.userId, [
      { name: 'Amoxicillin 500 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['723', 500, 'mg']] },
    ]);
    productId = (await t.db.select().from(medicationProducts))[0]!.id;
  });

  it('one of two simultaneous requests is kept; the other is 409, five times over', async () => {
    for (let round = 0; round < 5; round++) {
      const drafted = await api(t, 'POST', '/api/v1/prescriptions', {
        token: doctor.token,
        body: {
          patientId: patient.patientId,
          productId,
          dose: { value: 1, unit: '{capsule}' },
          frequency: { kind: 'times_a_day', times: 2 },
          startsAt: t.clock.now().toISOString(),
          durationDays: 7,
        },
      });
      const id = drafted.json().id as string;
      expect((await api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, { token: doctor.token, body: { overrides: [] } })).statusCode).toBe(
        200,
      );
      const ask = () => api(t, 'POST', `/api/v1/me/medicines/${id}/renewal-requests`, { token: patient.token, body: {} });
      const answers = await Promise.all([ask(), ask()]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
      const rows = await t.db.select().from(prescriptionRenewalRequests).where(eq(prescriptionRenewalRequests.prescriptionId, id));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.status).toBe('pending');
    }
  });
});
