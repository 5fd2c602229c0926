import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { patients } from '../../patients/index.js';
import { encounters } from '../../records/index.js';
import { medicationProducts } from '../medications.tables.js';
import { seedFormularyProducts, type SeedProduct } from '../medications.seed.js';
import { prescriptionAlerts, prescriptions } from '../prescriptions.tables.js';
import { outsideMedications } from './outside-medications.tables.js';
import { medicationReconciliationItems, medicationReconciliations } from './reconciliation.tables.js';

const PRODUCTS: SeedProduct[] = [
  { name: 'Simvastatin 20 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['36567', 20, 'mg']] },
  { name: 'Clarithromycin 500 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['21212', 500, 'mg']] },
  { name: 'Amoxicillin 500 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['723', 500, 'mg']] },
];
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('medication reconciliation: outside medicines join the checks; decisions per medicine (API)', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let outsider: TestAccount;
  let nurse: TestAccount;
  const product: Record<string, string> = {};

  async function newPatient() {
    const patient = await createAccount(t, { role: 'patient' });
    for (const member of [doctor, nurse]) await putOnCareTeam(t, patient.patientId!, member.staffId!);
    await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patient.patientId!));
    const now = t.clock.now();
    const [encounter] = await t.db
      .insert(encounters)
      .values({
        patientId: patient.patientId!,
        clinicianId: doctor.staffId!,
        type: 'outpatient',
        status: 'in_progress',
        startedAt: now,
        createdBy: doctor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return { patientId: patient.patientId!, encounterId: encounter!.id };
  }

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    outsider = await createAccount(t, { role: 'doctor' });
    nurse = await createAccount(t, { role: 'nurse' });
    const pharmacist = await createAccount(t, { role: 'pharmacist' });
    await seedFormularyProducts(t.db, t.clock.now(), pharmacist.userId, PRODUCTS);
    const rows = await t.db.select({ id: medicationProducts.id, name: medicationProducts.name }).from(medicationProducts);
    for (const row of rows) product[row.name.split(' ')[0]!.toLowerCase()] = row.id;
  });

  const recordOutside = (patientId: string, body: Record<string, unknown>, token = doctor.token) =>
    api(t, 'POST', `/api/v1/patients/${patientId}/outside-medications`, { token, body: { source: 'patient_report', ...body } });
  const reconcile = (encounterId: string, decisions: unknown[], token = doctor.token) =>
    api(t, 'POST', `/api/v1/encounters/${encounterId}/reconciliation`, { token, body: { decisions } });
  async function signed(patientId: string, name: string) {
    const draft = await api(t, 'POST', '/api/v1/prescriptions', {
      token: doctor.token,
      body: {
        patientId,
        productId: product[name],
        dose: { value: 1, unit: '{tablet}' },
        frequency: { kind: 'times_a_day', times: 2 },
        startsAt: t.clock.now().toISOString(),
        durationDays: 7,
      },
    });
    expect(draft.statusCode).toBe(201);
    return draft.json().id as string;
  }
  const pathsOf = (res: { json: () => { errors?: { path: string }[] } }) => res.json().errors?.map((e) => e.path);

  it('an outside medicine (free-text name + catalogue ingredient) triggers the ONC interaction at signing, named as taken from outside', async () => {
    const { patientId } = await newPatient();
    const res = await recordOutside(patientId, {
      name: 'Zocor (brought from abroad)',
      ingredientRxcui: '36567',
      dose: { value: 20, unit: 'mg' },
      frequencyText: 'once at night',
      startedOn: '2025-06-01',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Zocor (brought from abroad)',
      ingredient: { rxcui: '36567' },
      status: 'active',
      source: 'patient_report',
      startedOn: '2025-06-01',
    });
    const outsideId = res.json().id as string;
    const [row] = await t.db.select().from(outsideMedications).where(eq(outsideMedications.id, outsideId));
    expect(row).toMatchObject({ patientId, recordedBy: doctor.userId, status: 'active', doseUnit: 'mg' });

    const draftId = await signed(patientId, 'clarithromycin');
    const check = await api(t, 'POST', `/api/v1/prescriptions/${draftId}/check`, { token: doctor.token });
    const onc = (check.json().alerts as Record<string, unknown>[]).find((a) => a.source === 'onc_high_priority');
    expect(onc).toMatchObject({
      rule: '11',
      otherDrug: 'Zocor (brought from abroad)',
      otherPrescriptionId: null,
      otherOutsideMedicationId: outsideId,
      requiresOverride: true,
    });
    const refused = await api(t, 'POST', `/api/v1/prescriptions/${draftId}/sign`, { token: doctor.token, body: { overrides: [] } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('override_required');
    const needing = (refused.json().alerts as { key: string; requiresOverride: boolean }[]).filter((a) => a.requiresOverride);
    const ok = await api(t, 'POST', `/api/v1/prescriptions/${draftId}/sign`, {
      token: doctor.token,
      body: { overrides: needing.map((a) => ({ key: a.key, reason: 'Statin paused for the course' })) },
    });
    expect(ok.statusCode).toBe(200);
    const alerts = await t.db.select().from(prescriptionAlerts).where(eq(prescriptionAlerts.prescriptionId, draftId));
    expect(alerts.find((a) => a.source === 'onc_high_priority')).toMatchObject({
      otherOutsideMedicationId: outsideId,
      otherPrescriptionId: null,
      overrideReason: 'Statin paused for the course',
    });
  });

  it('an outside formulary product joins the duplicate check; a stopped one leaves the checks', async () => {
    const { patientId, encounterId } = await newPatient();
    const outside = await recordOutside(patientId, { productId: product.amoxicillin, source: 'outside_prescription' });
    expect(outside.statusCode).toBe(201);
    expect(outside.json()).toMatchObject({ product: { id: product.amoxicillin }, name: 'Amoxicillin 500 mg capsule', ingredient: null });
    const draftId = await signed(patientId, 'amoxicillin');
    const dup = async () =>
      (
        (await api(t, 'POST', `/api/v1/prescriptions/${draftId}/check`, { token: doctor.token })).json().alerts as { kind: string }[]
      ).filter((a) => a.kind === 'duplicate_therapy');
    expect(await dup()).toHaveLength(1);
    expect(
      (await reconcile(encounterId, [{ outsideMedicationId: outside.json().id, decision: 'stop', reason: 'Course finished' }])).statusCode,
    ).toBe(201);
    expect(await dup()).toHaveLength(0);
  });

  it('reconciliation: continue, stop (reason) and change leave the right rows and audit rows; GET lists it', async () => {
    const { patientId, encounterId } = await newPatient();
    const keep = await signed(patientId, 'amoxicillin');
    await api(t, 'POST', `/api/v1/prescriptions/${keep}/sign`, { token: doctor.token, body: { overrides: [] } });
    const stop = await signed(patientId, 'simvastatin');
    await api(t, 'POST', `/api/v1/prescriptions/${stop}/sign`, { token: doctor.token, body: { overrides: [] } });
    const outside = (await recordOutside(patientId, { name: 'Clarithromycin (pharmacy abroad)', ingredientRxcui: '21212' })).json()
      .id as string;
    const [before] = await t.db.select().from(prescriptions).where(eq(prescriptions.id, keep));

    // An active medicine left without a decision: 409, nothing written.
    const partial = await reconcile(encounterId, [{ prescriptionId: keep, decision: 'continue' }]);
    expect(partial.statusCode).toBe(409);
    expect(await t.db.select().from(medicationReconciliations).where(eq(medicationReconciliations.patientId, patientId))).toEqual([]);

    const res = await reconcile(encounterId, [
      { prescriptionId: keep, decision: 'change' },
      { prescriptionId: stop, decision: 'stop', reason: 'Muscle pain' },
      { outsideMedicationId: outside, decision: 'continue' },
    ]);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ patientId, encounterId, performedBy: doctor.userId });
    const [record] = await t.db.select().from(medicationReconciliations).where(eq(medicationReconciliations.encounterId, encounterId));
    expect(record).toMatchObject({ patientId, performedBy: doctor.userId, createdAt: t.clock.now() });
    const items = await t.db
      .select()
      .from(medicationReconciliationItems)
      .where(eq(medicationReconciliationItems.reconciliationId, record!.id));
    expect(items).toHaveLength(3);
    expect(items.find((i) => i.prescriptionId === keep)).toMatchObject({
      decision: 'change',
      stopReason: null,
      medicineName: 'Amoxicillin 500 mg capsule',
    });
    expect(items.find((i) => i.prescriptionId === stop)).toMatchObject({ decision: 'stop', stopReason: 'Muscle pain' });
    expect(items.find((i) => i.outsideMedicationId === outside)).toMatchObject({ decision: 'continue', stopReason: null });

    const [stopped] = await t.db.select().from(prescriptions).where(eq(prescriptions.id, stop));
    expect(stopped).toMatchObject({ status: 'stopped', stopReason: 'Muscle pain', stoppedBy: doctor.userId, stoppedAt: t.clock.now() });
    const [kept] = await t.db.select().from(prescriptions).where(eq(prescriptions.id, keep));
    expect(kept).toMatchObject({ status: 'signed', version: before!.version });
    const [outsideRow] = await t.db.select().from(outsideMedications).where(eq(outsideMedications.id, outside));
    expect(outsideRow!.status).toBe('active');

    const audit = (action: string) =>
      t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, action), eq(auditEvents.patientId, patientId)));
    // The refused try rolled back with its audit row: one row, for the recorded reconciliation.
    expect(await audit('medication_reconciliation.create')).toHaveLength(1);
    expect((await audit('prescription.stop')).map((a) => a.resourceId)).toEqual([stop]);

    const list = await api(t, 'GET', `/api/v1/encounters/${encounterId}/reconciliation`, { token: nurse.token });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0].items).toHaveLength(3);
    // The items by medicine name, as recorded (read joined to their reconciliation and grouped).
    const names = list.json().items[0].items.map((i: { medicineName: string }) => i.medicineName);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    expect(new Set(list.json().items[0].items.map((i: { decision: string }) => i.decision)).size).toBeGreaterThan(1);
    const outsideList = await api(t, 'GET', `/api/v1/patients/${patientId}/outside-medications?status=active`, { token: nurse.token });
    expect(outsideList.json().items.map((i: { id: string }) => i.id)).toEqual([outside]);
  });

  it('validation: 400 validation_failed with field paths', async () => {
    const { patientId, encounterId } = await newPatient();
    const neither = await recordOutside(patientId, {});
    expect(neither.statusCode).toBe(400);
    expect(neither.json().code).toBe('validation_failed');
    expect(pathsOf(neither)).toContain('productId');
    expect(pathsOf(await recordOutside(patientId, { name: 'Something' }))).toContain('ingredientRxcui');
    expect(pathsOf(await recordOutside(patientId, { productId: product.amoxicillin, dose: { value: 1, unit: 'tabs' } }))).toContain(
      'dose.unit',
    );
    expect(pathsOf(await recordOutside(patientId, { productId: product.amoxicillin, source: 'rumour' }))).toContain('source');
    expect(pathsOf(await recordOutside(patientId, { productId: product.amoxicillin, startedOn: '2025-13-01' }))).toContain('startedOn');
    const noReason = await reconcile(encounterId, [{ prescriptionId: UNKNOWN, decision: 'stop' }]);
    expect(noReason.statusCode).toBe(400);
    expect(pathsOf(noReason)).toContain('decisions.0.reason');
    expect(pathsOf(await reconcile(encounterId, [{ decision: 'continue' }]))).toContain('decisions.0.prescriptionId');
    expect(pathsOf(await reconcile(encounterId, [{ outsideMedicationId: UNKNOWN, decision: 'change' }]))).toContain('decisions.0.decision');
    expect(pathsOf(await reconcile(encounterId, []))).toContain('decisions');
    expect(await t.db.select().from(outsideMedications).where(eq(outsideMedications.patientId, patientId))).toEqual([]);
  });

  it('404s: unknown patient, encounter, product, ingredient, medicine; outsiders get 404 and nothing is written', async () => {
    const { patientId, encounterId } = await newPatient();
    expect((await recordOutside(UNKNOWN, { productId: product.amoxicillin })).statusCode).toBe(404);
    expect((await recordOutside(patientId, { productId: UNKNOWN })).statusCode).toBe(404);
    expect((await recordOutside(patientId, { name: 'Unknown', ingredientRxcui: '999999999' })).statusCode).toBe(404);
    expect((await recordOutside(patientId, { productId: product.amoxicillin, encounterId: UNKNOWN })).statusCode).toBe(404);
    expect((await reconcile(UNKNOWN, [{ prescriptionId: UNKNOWN, decision: 'continue' }])).statusCode).toBe(404);
    expect((await reconcile(encounterId, [{ prescriptionId: UNKNOWN, decision: 'continue' }])).statusCode).toBe(404);
    expect((await api(t, 'GET', `/api/v1/encounters/${UNKNOWN}/reconciliation`, { token: doctor.token })).statusCode).toBe(404);
    // Not on the care team: 404 like an unknown record.
    expect((await recordOutside(patientId, { productId: product.amoxicillin }, outsider.token)).statusCode).toBe(404);
    expect((await api(t, 'GET', `/api/v1/patients/${patientId}/outside-medications`, { token: outsider.token })).statusCode).toBe(404);
    expect((await reconcile(encounterId, [{ prescriptionId: UNKNOWN, decision: 'continue' }], outsider.token)).statusCode).toBe(404);
    // Nurses read but do not record.
    expect((await recordOutside(patientId, { productId: product.amoxicillin }, nurse.token)).statusCode).toBe(403);
    expect(await t.db.select().from(outsideMedications).where(eq(outsideMedications.patientId, patientId))).toEqual([]);
    expect(await t.db.select().from(medicationReconciliations).where(eq(medicationReconciliations.patientId, patientId))).toEqual([]);
  });
});
