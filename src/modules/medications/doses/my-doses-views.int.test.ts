import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditRowsOf, serviceContextOf } from '../../../../test/helpers/service-context.js';
import { patients } from '../../patients/index.js';
import { medicationProducts } from '../medications.tables.js';
import { seedFormularyProducts } from '../medications.seed.js';
import { listMyDoses } from './services/my-doses.service.js';

/**
 * A patient's own doses page is one statement built once (issue 11): the audit row with the doses
 * and the adherence. Two patients read in turn, twice, each see only their own medicines and
 * write one row naming themselves, so a statement that kept the first request's values fails.
 */
describe("doses: two patients' own doses read in turn", () => {
  const t = useTestApp();
  const people: { patient: TestAccount; prescriptionIds: string[] }[] = [];

  beforeAll(async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    await seedFormularyProducts(t.db, t.clock.now(), doctor.userId, [
      { name: 'Amoxicillin 500 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['723', 500, 'mg']] },
      { name: 'Metformin 500 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['6809', 500, 'mg']] },
    ]);
    const products = await t.db.select().from(medicationProducts);
    // The first patient takes both medicines, the second one.
    for (const count of [2, 1]) {
      const patient = await createAccount(t, { role: 'patient' });
      await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
      await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patient.patientId!));
      const prescriptionIds: string[] = [];
      for (const product of products.slice(0, count)) {
        // Every six hours from now: the first dose is due at once.
        const draft = await api(t, 'POST', '/api/v1/prescriptions', {
          token: doctor.token,
          body: {
            patientId: patient.patientId,
            productId: product.id,
            dose: { value: 1, unit: product.doseForm === 'tablet' ? '{tablet}' : '{capsule}' },
            frequency: { kind: 'every_n_hours', hours: 6 },
            startsAt: t.clock.now().toISOString(),
            durationDays: 3,
          },
        });
        expect(draft.statusCode, draft.body).toBe(201);
        const id = draft.json().id as string;
        const sign = await api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, { token: doctor.token, body: { overrides: [] } });
        expect(sign.statusCode, sign.body).toBe(200);
        prescriptionIds.push(id);
      }
      people.push({ patient, prescriptionIds });
    }
  });

  it('shows each patient their own doses and adherence, with one audit row naming them', async () => {
    for (let round = 0; round < 2; round++) {
      for (const { patient, prescriptionIds } of people) {
        t.clock.advance(1_000);
        const ctx = serviceContextOf(t, patient, 'patient');
        const { doses, adherence } = await listMyDoses(t.db, ctx);
        expect(doses.length).toBeGreaterThan(0);
        expect(doses.every((d) => d.patientId === patient.patientId)).toBe(true);
        expect(new Set(doses.map((d) => d.prescriptionId))).toEqual(new Set(prescriptionIds));
        // The first dose of each is due now: counted as due, not taken.
        expect(adherence.map((a) => [a.prescriptionId, a.last7Days.due, a.last7Days.taken]).sort()).toEqual(
          prescriptionIds.map((id) => [id, 1, 0]).sort(),
        );
        expect(await auditRowsOf(t, ctx)).toEqual([
          {
            action: 'medication_dose.list',
            outcome: 'success',
            resourceType: 'medication_dose',
            resourceId: null,
            patientId: patient.patientId,
            detail: { tier: 'self' },
          },
        ]);
      }
    }
  });
});
