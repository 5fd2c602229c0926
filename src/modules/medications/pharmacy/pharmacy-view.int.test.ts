import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { addDays, localDateOf } from '../../../platform/time/zoned-time.js';
import { patients } from '../../patients/index.js';
import { medicationProducts } from '../medications.tables.js';
import { seedFormularyProducts } from '../medications.seed.js';

/**
 * The pharmacist's view of a prescription is one statement built once (issue 11): two patients'
 * prescriptions read in turn, twice, each answer of its own prescription and patient, each with
 * its own `prescription.pharmacy_read` row, so a statement that kept one request's values fails.
 */
describe('pharmacy: the view of a prescription, built once, read for two patients in turn', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let pharmacist: TestAccount;
  const patientIds: string[] = [];
  const prescriptionIds: string[] = [];

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    pharmacist = await createAccount(t, { role: 'pharmacist' });
    await seedFormularyProducts(t.db, t.clock.now(), pharmacist.userId, [
      { name: 'Simvastatin 20 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['36567', 20, 'mg']] },
      { name: 'Amoxicillin 500 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['723', 500, 'mg']] },
    ]);
    const products = await t.db.select().from(medicationProducts).orderBy(asc(medicationProducts.name));
    for (const [i, product] of products.entries()) {
      const patient = await createAccount(t, { role: 'patient', givenName: `Viewed${i}`, familyName: 'Pharmacy' });
      await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
      await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patient.patientId!));
      const created = await api(t, 'POST', '/api/v1/prescriptions', {
        token: doctor.token,
        body: {
          patientId: patient.patientId,
          productId: product.id,
          dose: { value: 1, unit: '{tablet}' },
          frequency: { kind: 'times_a_day', times: 2 },
          startsAt: t.clock.now().toISOString(),
          durationDays: 5,
          quantity: { value: 10 * (i + 1), unit: '{tablet}' },
          refills: 0,
        },
      });
      const id = created.json().id as string;
      await api(t, 'POST', `/api/v1/prescriptions/${id}/check`, { token: doctor.token });
      expect((await api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, { token: doctor.token, body: { overrides: [] } })).statusCode).toBe(
        200,
      );
      patientIds.push(patient.patientId!);
      prescriptionIds.push(id);
    }
    // The first is verified and dispensed in part; the second is untouched.
    const first = prescriptionIds[0]!;
    expect(
      (await api(t, 'POST', `/api/v1/prescriptions/${first}/verification`, { token: pharmacist.token, body: { decision: 'verified' } }))
        .statusCode,
    ).toBe(201);
    const dispensed = await api(t, 'POST', `/api/v1/prescriptions/${first}/dispenses`, {
      token: pharmacist.token,
      headers: { 'idempotency-key': 'view-test-dispense' },
      body: { quantity: { value: 4, unit: '{tablet}' }, lotNumber: 'LOT-V1', expiresOn: addDays(localDateOf(t.clock.now(), 'UTC'), 200) },
    });
    expect(dispensed.statusCode).toBe(201);
  });

  it('answers each prescription with its own patient, decision and dispenses, and audits each read once', async () => {
    for (let round = 0; round < 2; round++) {
      for (const [i, id] of prescriptionIds.entries()) {
        t.clock.advance(1_000);
        const res = await api(t, 'GET', `/api/v1/prescriptions/${id}/verification`, { token: pharmacist.token });
        expect(res.statusCode).toBe(200);
        const view = res.json();
        expect(view.prescription).toMatchObject({ id, patient: { id: patientIds[i] } });
        expect(view.prescription.patient.name).toBe(`Viewed${i} Pharmacy`);
        expect(view.verification?.decision ?? null).toBe(i === 0 ? 'verified' : null);
        expect(view.dispensedTotal).toEqual({ value: i === 0 ? 4 : 0, unit: '{tablet}' });
        expect(view.allowedTotal).toEqual({ value: 10 * (i + 1), unit: '{tablet}' });
        const rows = await t.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, 'prescription.pharmacy_read'), eq(auditEvents.occurredAt, t.clock.now())));
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          actorUserId: pharmacist.userId,
          patientId: patientIds[i],
          resourceType: 'prescription',
          resourceId: id,
          outcome: 'success',
          detail: { basis: 'pharmacy' },
        });
      }
    }
  });

  it('still refuses a prescription it cannot reach, reading nothing', async () => {
    const unknown = '00000000-0000-4000-8000-0000000000aa';
    expect((await api(t, 'GET', `/api/v1/prescriptions/${unknown}/verification`, { token: pharmacist.token })).statusCode).toBe(404);
    const rows = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'prescription.pharmacy_read'), eq(auditEvents.resourceId, unknown)));
    expect(rows.map((r) => r.outcome)).toEqual(['denied']);
  });
});
