import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { patients } from '../../patients/index.js';
import { encounters } from '../../records/index.js';
import { departments, staffProfiles } from '../../staff/index.js';
import { medicationProducts } from '../medications.tables.js';
import { seedFormularyProducts } from '../medications.seed.js';

/**
 * The medication round's list is two statements built once (issue 11): the viewer's department
 * with its patients, then the audit rows with their doses. Two wards' nurses read in turn, twice:
 * each sees only its ward's patients and doses, with one row per patient shown, so a statement
 * that kept the first request's values fails.
 */
describe('doses: two wards’ medication rounds read in turn', () => {
  const t = useTestApp();
  const wards: { nurse: TestAccount; patientId: string; prescriptionId: string }[] = [];
  let departmentless: TestAccount;

  beforeAll(async () => {
    const prescriber = await createAccount(t, { role: 'doctor' });
    await seedFormularyProducts(t.db, t.clock.now(), prescriber.userId, [
      { name: 'Amoxicillin 500 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['723', 500, 'mg']] },
    ]);
    const [product] = await t.db.select().from(medicationProducts);
    departmentless = await createAccount(t, { role: 'nurse' });
    for (const code of ['ROUND-A', 'ROUND-B']) {
      const [ward] = await t.db.insert(departments).values({ code, name: code, createdAt: t.clock.now() }).returning();
      const doctor = await createAccount(t, { role: 'doctor' });
      const nurse = await createAccount(t, { role: 'nurse' });
      for (const staffId of [doctor.staffId!, nurse.staffId!])
        await t.db.update(staffProfiles).set({ departmentId: ward!.id }).where(eq(staffProfiles.id, staffId));
      const patient = await createAccount(t, { role: 'patient' });
      await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
      await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patient.patientId!));
      // Every six hours from now: the first dose is due at once, inside the round's window.
      const draft = await api(t, 'POST', '/api/v1/prescriptions', {
        token: doctor.token,
        body: {
          patientId: patient.patientId,
          productId: product!.id,
          dose: { value: 1, unit: '{capsule}' },
          frequency: { kind: 'every_n_hours', hours: 6 },
          startsAt: t.clock.now().toISOString(),
          durationDays: 3,
        },
      });
      expect(draft.statusCode, draft.body).toBe(201);
      const prescriptionId = draft.json().id as string;
      const sign = await api(t, 'POST', `/api/v1/prescriptions/${prescriptionId}/sign`, { token: doctor.token, body: { overrides: [] } });
      expect(sign.statusCode).toBe(200);
      // An open encounter with a clinician of the ward makes the patient the ward's.
      await t.db.insert(encounters).values({
        patientId: patient.patientId!,
        clinicianId: doctor.staffId!,
        type: 'inpatient',
        status: 'in_progress',
        startedAt: t.clock.now(),
        createdBy: doctor.userId,
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      });
      wards.push({ nurse, patientId: patient.patientId!, prescriptionId });
    }
  });

  it('shows each ward its own patients and doses, and audits exactly the patients shown', async () => {
    for (let round = 0; round < 2; round++) {
      for (const ward of wards) {
        t.clock.advance(1_000);
        const res = await api(t, 'GET', '/api/v1/department/doses', { token: ward.nurse.token });
        expect(res.statusCode).toBe(200);
        const body = res.json<{ patients: { id: string }[]; items: { prescriptionId: string; patientId: string }[] }>();
        expect(body.patients.map((p) => p.id)).toEqual([ward.patientId]);
        expect(body.items.length).toBeGreaterThan(0);
        expect(new Set(body.items.map((d) => d.prescriptionId))).toEqual(new Set([ward.prescriptionId]));
        const rows = await t.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, 'medication_dose.administration_list'), eq(auditEvents.occurredAt, t.clock.now())));
        expect(rows.map((r) => [r.patientId, r.actorUserId, r.resourceType, r.outcome])).toEqual([
          [ward.patientId, ward.nurse.userId, 'medication_dose', 'success'],
        ]);
      }
    }
  });

  it('gives a nurse without a department no patients, and writes no row', async () => {
    t.clock.advance(1_000);
    const res = await api(t, 'GET', '/api/v1/department/doses', { token: departmentless.token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ departmentId: null, patients: [], items: [] });
    const rows = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'medication_dose.administration_list'), eq(auditEvents.occurredAt, t.clock.now())));
    expect(rows).toEqual([]);
  });
});
