import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { allergies, patients } from '../patients/index.js';
import { medicationProducts } from './medications.tables.js';
import { seedFormularyProducts, type SeedProduct } from './medications.seed.js';
import { prescriptionAlerts, prescriptions } from './prescriptions.tables.js';

const PRODUCTS: SeedProduct[] = [
  { name: 'Simvastatin 20 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['36567', 20, 'mg']] },
  { name: 'Clarithromycin 500 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['21212', 500, 'mg']] },
  { name: 'Warfarin 5 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['11289', 5, 'mg']] },
  { name: 'Amiodarone 200 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['703', 200, 'mg']] },
  { name: 'Amoxicillin 500 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['723', 500, 'mg']] },
  { name: 'Ibuprofen 400 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['5640', 400, 'mg']] },
  { name: 'Ondansetron 4 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['26225', 4, 'mg']], tags: ['qt_prolonging'] },
  { name: 'Haloperidol 5 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['5093', 5, 'mg']], tags: ['qt_prolonging'] },
];

describe('prescriptions: drafts, checks at signing, overrides (API)', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let outsider: TestAccount;
  let nurse: TestAccount;
  let pharmacist: TestAccount;
  const product: Record<string, string> = {};

  /** A patient with the doctor, nurse and pharmacist on the care team, and an allergy status. */
  async function newPatient(allergyStatus: 'not_recorded' | 'no_known_allergies' | 'has_allergies' = 'no_known_allergies') {
    const patient = await createAccount(t, { role: 'patient' });
    for (const member of [doctor, nurse, pharmacist]) await putOnCareTeam(t, patient.patientId!, member.staffId!);
    await t.db.update(patients).set({ allergyStatus }).where(eq(patients.id, patient.patientId!));
    return patient.patientId!;
  }

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    outsider = await createAccount(t, { role: 'doctor' });
    nurse = await createAccount(t, { role: 'nurse' });
    pharmacist = await createAccount(t, { role: 'pharmacist' });
    await seedFormularyProducts(t.db, t.clock.now(), pharmacist.userId, PRODUCTS);
    const rows = await t.db.select({ id: medicationProducts.id, name: medicationProducts.name }).from(medicationProducts);
    for (const row of rows) product[row.name.split(' ')[0]!.toLowerCase()] = row.id;
  });

  const body = (patientId: string, name: string, over: Record<string, unknown> = {}) => ({
    patientId,
    productId: product[name],
    dose: { value: 1, unit: '{tablet}' },
    frequency: { kind: 'times_a_day', times: 2 },
    startsAt: t.clock.now().toISOString(),
    durationDays: 7,
    ...over,
  });
  const draft = (b: unknown, token = doctor.token) => api(t, 'POST', '/api/v1/prescriptions', { token, body: b });
  const check = (id: string, token = doctor.token) => api(t, 'POST', `/api/v1/prescriptions/${id}/check`, { token });
  const sign = (id: string, overrides: { key: string; reason: string }[] = [], token = doctor.token) =>
    api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, { token, body: { overrides } });
  /** Drafts and signs, overriding whatever needs it. */
  async function active(patientId: string, name: string, over: Record<string, unknown> = {}) {
    const id = (await draft(body(patientId, name, over))).json().id as string;
    const alerts = (await check(id)).json().alerts as { key: string; requiresOverride: boolean }[];
    const res = await sign(
      id,
      alerts.filter((a) => a.requiresOverride).map((a) => ({ key: a.key, reason: 'Set up for the test' })),
    );
    expect(res.statusCode).toBe(200);
    return id;
  }
  const alertsOf = async (patientId: string, name: string) => {
    const res = await draft(body(patientId, name));
    expect(res.statusCode).toBe(201);
    const checked = await check(res.json().id);
    expect(checked.statusCode).toBe(200);
    return { id: res.json().id as string, alerts: checked.json().alerts as Record<string, unknown>[] };
  };

  it('a doctor drafts a prescription: 201, the row, the product route by default, one audit row', async () => {
    const patientId = await newPatient();
    const res = await draft(body(patientId, 'amoxicillin', { instructions: 'Take with water.' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      patientId,
      prescriberId: doctor.userId,
      product: { id: product.amoxicillin, name: 'Amoxicillin 500 mg capsule' },
      dose: { value: 1, unit: '{tablet}' },
      route: 'oral',
      frequency: { kind: 'times_a_day', times: 2 },
      durationDays: 7,
      status: 'draft',
      version: 1,
    });
    const [row] = await t.db.select().from(prescriptions).where(eq(prescriptions.id, res.json().id));
    expect(row).toMatchObject({ status: 'draft', signedAt: null, createdAt: t.clock.now() });
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'prescription.create'), eq(auditEvents.patientId, patientId)));
    expect(audits).toHaveLength(1);
  });

  it('an Idempotency-Key replays a retried draft instead of drafting twice; the same key with another body is 422', async () => {
    const patientId = await newPatient();
    const headers = { 'idempotency-key': 'rx-retry-0001' };
    const first = await api(t, 'POST', '/api/v1/prescriptions', { token: doctor.token, body: body(patientId, 'amoxicillin'), headers });
    const again = await api(t, 'POST', '/api/v1/prescriptions', { token: doctor.token, body: body(patientId, 'amoxicillin'), headers });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect(await t.db.select().from(prescriptions).where(eq(prescriptions.patientId, patientId))).toHaveLength(1);
    const other = await api(t, 'POST', '/api/v1/prescriptions', { token: doctor.token, body: body(patientId, 'ibuprofen'), headers });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
  });

  it('bad input: dose without unit, a non-UCUM unit, end before start → 400 with the path; unknown product 404; no dose → 422 naming the field', async () => {
    const patientId = await newPatient();
    const pathsOf = (res: { json: () => { errors?: { path: string }[] } }) => res.json().errors?.map((e) => e.path);
    const noUnit = await draft(body(patientId, 'amoxicillin', { dose: { value: 500 } }));
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().code).toBe('validation_failed');
    expect(pathsOf(noUnit)).toContain('dose.unit');
    const badUnit = await draft(body(patientId, 'amoxicillin', { dose: { value: 500, unit: 'tabs' } }));
    expect(badUnit.statusCode).toBe(400);
    expect(pathsOf(badUnit)).toContain('dose.unit');
    const start = t.clock.now();
    const endBefore = await draft(
      body(patientId, 'amoxicillin', { durationDays: undefined, endsAt: new Date(start.getTime() - 3_600_000).toISOString() }),
    );
    expect(endBefore.statusCode).toBe(400);
    expect(pathsOf(endBefore)).toContain('endsAt');
    const unknown = await draft({ ...body(patientId, 'amoxicillin'), productId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('not_found');
    const never = await draft(body(patientId, 'amoxicillin', { frequency: { kind: 'times_a_day', times: 0 } }));
    expect(never.statusCode).toBe(422);
    expect(pathsOf(never)).toEqual(['frequency.times']);
    const prn = await draft(body(patientId, 'amoxicillin', { frequency: { kind: 'as_needed', maxPerDay: 0 } }));
    expect(prn.statusCode).toBe(422);
    expect(pathsOf(prn)).toEqual(['frequency.maxPerDay']);
    const atNoTime = await draft(body(patientId, 'amoxicillin', { frequency: { kind: 'at_times', times: [] } }));
    expect(pathsOf(atNoTime)).toEqual(['frequency.times']);
    expect(await t.db.select().from(prescriptions).where(eq(prescriptions.patientId, patientId))).toEqual([]);
  });

  it('signing without a reason for a high-priority / critical alert is refused with the alerts listed, and nothing is written', async () => {
    const patientId = await newPatient();
    await active(patientId, 'simvastatin');
    const { id, alerts } = await alertsOf(patientId, 'clarithromycin');
    expect(alerts).toContainEqual(
      expect.objectContaining({
        kind: 'interaction',
        source: 'onc_high_priority',
        severity: 'high_priority',
        rule: '11',
        drug: 'Clarithromycin 500 mg tablet',
        otherDrug: 'Simvastatin 20 mg tablet',
        requiresOverride: true,
        consequenceReviewed: false,
      }),
    );
    const auditsBefore = await t.db.select().from(auditEvents).where(eq(auditEvents.patientId, patientId));

    const refused = await sign(id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('override_required');
    expect(refused.json().alerts.map((a: { key: string }) => a.key)).toEqual(alerts.map((a) => a.key));
    const [row] = await t.db.select().from(prescriptions).where(eq(prescriptions.id, id));
    expect(row).toMatchObject({ status: 'draft', signedAt: null, version: 1 });
    expect(await t.db.select().from(prescriptionAlerts).where(eq(prescriptionAlerts.prescriptionId, id))).toEqual([]);
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.patientId, patientId))).toHaveLength(auditsBefore.length);

    // One reason given, another missing: still refused, still nothing written.
    const needing = alerts.filter((a) => a.requiresOverride);
    if (needing.length > 1) {
      expect((await sign(id, [{ key: needing[0]!.key as string, reason: 'Benefit outweighs risk' }])).statusCode).toBe(422);
      expect(await t.db.select().from(prescriptionAlerts).where(eq(prescriptionAlerts.prescriptionId, id))).toEqual([]);
    }

    const signed = await sign(
      id,
      needing.map((a) => ({ key: a.key as string, reason: 'Short course; statin paused by the patient' })),
    );
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'signed', signedAt: t.clock.now().toISOString() });
    const stored = await t.db.select().from(prescriptionAlerts).where(eq(prescriptionAlerts.prescriptionId, id));
    expect(stored).toHaveLength(alerts.length);
    expect(stored.filter((a) => a.requiresOverride).every((a) => a.overrideReason && a.overriddenBy === doctor.userId)).toBe(true);
    const overrides = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'prescription.alert_override'), eq(auditEvents.resourceId, id)));
    expect(overrides).toHaveLength(needing.length);
    // The pharmacist (on the care team) reads the prescription with its alerts and override reasons.
    const read = await api(t, 'GET', `/api/v1/prescriptions/${id}`, { token: pharmacist.token });
    expect(read.statusCode).toBe(200);
    expect(read.json().alerts).toContainEqual(
      expect.objectContaining({ source: 'onc_high_priority', overrideReason: 'Short course; statin paused by the patient' }),
    );
  });

  it('rule 8 through signing: two products the pharmacy tagged QT-prolonging', async () => {
    const patientId = await newPatient();
    await active(patientId, 'ondansetron');
    const { alerts } = await alertsOf(patientId, 'haloperidol');
    expect(alerts).toContainEqual(expect.objectContaining({ source: 'onc_high_priority', rule: '8', requiresOverride: true }));
  });

  it('a VA critical pair (warfarin with amiodarone) needs an override and shows no consequence', async () => {
    const patientId = await newPatient();
    await active(patientId, 'amiodarone');
    const { alerts } = await alertsOf(patientId, 'warfarin');
    expect(alerts).toContainEqual(
      expect.objectContaining({
        source: 'va_ndfrt',
        severity: 'critical',
        consequence: null,
        otherDrug: 'Amiodarone 200 mg tablet',
        requiresOverride: true,
      }),
    );
  });

  it('allergies: penicillin → amoxicillin by class; a free-text allergy asks for review; "not recorded" warns', async () => {
    const patientId = await newPatient('has_allergies');
    const now = t.clock.now();
    const entry = { patientId, source: 'staff' as const, verification: 'confirmed' as const, createdAt: now, updatedAt: now };
    await t.db.insert(allergies).values([
      { ...entry, substance: 'penicillin', rxcui: '70618' },
      { ...entry, substance: 'the pink antibiotic', rxcui: null },
    ]);
    const { alerts } = await alertsOf(patientId, 'amoxicillin');
    expect(alerts.map((a) => [a.kind, a.severity, a.otherDrug])).toEqual([
      ['allergy_class', 'high_priority', 'penicillin'],
      ['allergy_uncoded', 'review', 'the pink antibiotic'],
    ]);
    const unrecorded = await newPatient('not_recorded');
    expect((await alertsOf(unrecorded, 'ibuprofen')).alerts).toEqual([
      expect.objectContaining({ kind: 'allergies_not_recorded', severity: 'warning', requiresOverride: false }),
    ]);
  });

  it('duplicate therapy; a stopped medicine leaves the checks; a replacement is not its own duplicate', async () => {
    const patientId = await newPatient();
    const first = await active(patientId, 'ibuprofen');
    const { alerts } = await alertsOf(patientId, 'ibuprofen');
    expect(alerts).toEqual([expect.objectContaining({ kind: 'duplicate_therapy', otherPrescriptionId: first, rule: 'ibuprofen' })]);

    // A change: a new prescription replacing the old one; signing stops the old one.
    const change = await draft(body(patientId, 'ibuprofen', { replaces: first, dose: { value: 2, unit: '{tablet}' } }));
    expect(change.statusCode).toBe(201);
    expect((await check(change.json().id)).json().alerts).toEqual([]);
    expect((await sign(change.json().id)).statusCode).toBe(200);
    const [old] = await t.db.select().from(prescriptions).where(eq(prescriptions.id, first));
    expect(old).toMatchObject({ status: 'stopped', replacedById: change.json().id, stoppedBy: doctor.userId });

    // A signed prescription never changes; stop it with a reason.
    const patched = await api(t, 'PATCH', `/api/v1/prescriptions/${change.json().id}`, { token: doctor.token, body: { refills: 1 } });
    expect(patched.statusCode).toBe(409);
    expect(patched.json().code).toBe('record_signed');
    const stopped = await api(t, 'POST', `/api/v1/prescriptions/${change.json().id}/stop`, {
      token: doctor.token,
      body: { reason: 'Pain settled' },
    });
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json()).toMatchObject({ status: 'stopped', stopReason: 'Pain settled' });
    expect((await alertsOf(patientId, 'ibuprofen')).alerts).toEqual([]);
  });

  it('drafts change until signed; entered in error; the list; who may see and do what', async () => {
    const patientId = await newPatient();
    const id = (await draft(body(patientId, 'amoxicillin'))).json().id as string;
    const patched = await api(t, 'PATCH', `/api/v1/prescriptions/${id}`, {
      token: doctor.token,
      body: { refills: 2 },
      headers: { 'if-match': '"1"' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ refills: 2, version: 2 });
    const stale = await api(t, 'PATCH', `/api/v1/prescriptions/${id}`, {
      token: doctor.token,
      body: { refills: 3 },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.statusCode).toBe(412);
    const endBefore = await api(t, 'PATCH', `/api/v1/prescriptions/${id}`, {
      token: doctor.token,
      body: { durationDays: null, endsAt: new Date(t.clock.now().getTime() - 60_000).toISOString() },
    });
    expect(endBefore.statusCode).toBe(400);
    expect(endBefore.json().errors.map((e: { path: string }) => e.path)).toEqual(['endsAt']);

    const list = await api(t, 'GET', `/api/v1/patients/${patientId}/prescriptions`, { token: nurse.token });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((p: { id: string }) => p.id)).toEqual([id]);

    // Off the care team: 404 and a denied audit row; nurses and pharmacists read but do not prescribe.
    expect((await api(t, 'GET', `/api/v1/prescriptions/${id}`, { token: outsider.token })).statusCode).toBe(404);
    expect((await api(t, 'GET', `/api/v1/patients/${patientId}/prescriptions`, { token: outsider.token })).statusCode).toBe(404);
    expect((await draft(body(patientId, 'amoxicillin'), outsider.token)).statusCode).toBe(404);
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, outsider.userId), eq(auditEvents.outcome, 'denied')));
    expect(denied.map((d) => d.action).sort()).toEqual(['prescription.create', 'prescription.list', 'prescription.read']);
    expect((await draft(body(patientId, 'amoxicillin'), nurse.token)).statusCode).toBe(403);
    expect((await sign(id, [], pharmacist.token)).statusCode).toBe(403);

    const erased = await api(t, 'POST', `/api/v1/prescriptions/${id}/entered-in-error`, { token: doctor.token });
    expect(erased.statusCode).toBe(200);
    expect(erased.json().status).toBe('entered_in_error');
    expect((await sign(id)).statusCode).toBe(409);
    const rows = await t.db
      .select()
      .from(prescriptions)
      .where(inArray(prescriptions.id, [id]));
    expect(rows[0]!.status).toBe('entered_in_error');
  });
});
