import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { freshToken, putOnCareTeam } from '../../../test/helpers/patients.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { apiKeys } from '../../platform/auth/auth.tables.js';
import { hashToken } from '../../platform/crypto.js';
import { events } from '../../platform/events/events.tables.js';
import { clinicalAlerts } from '../clinical-alerts/index.js';
import { observations } from '../records/index.js';
import { deviceReadings, devices } from './devices.tables.js';

const t = useTestApp();
let patient: TestAccount;
let other: TestAccount;
let nurse: TestAccount;
let outsider: TestAccount;

const at = (minutesAgo: number) => new Date(t.clock.now().getTime() - minutesAgo * 60_000).toISOString();
const bp = (systolic: number, diastolic: number, time: string) => [
  { code: '8480-6', value: systolic, unit: 'mm[Hg]', effectiveAt: time },
  { code: '8462-4', value: diastolic, unit: 'mm[Hg]', effectiveAt: time },
];

async function registerCuff(token: string, patientId: string) {
  const res = await api(t, 'POST', `/api/v1/patients/${patientId}/devices`, { token, body: { kind: 'bp_cuff', label: 'Kitchen cuff' } });
  expect(res.statusCode).toBe(201);
  return res.json<{ device: { id: string; status: string; credentialPrefix: string }; credential: string }>();
}

const deviceObservations = (patientId: string) =>
  t.db
    .select()
    .from(observations)
    .where(and(eq(observations.patientId, patientId), eq(observations.source, 'device')));

beforeAll(async () => {
  patient = await createAccount(t, { role: 'patient' });
  other = await createAccount(t, { role: 'patient' });
  nurse = await createAccount(t, { role: 'nurse' });
  outsider = await createAccount(t, { role: 'doctor' });
  await putOnCareTeam(t, patient.patientId!, nurse.staffId!);
});

describe('device registration', () => {
  it('gives the patient a credential shown once, stored hashed, scoped devices:write and bound to the device', async () => {
    const { device, credential } = await registerCuff(patient.token, patient.patientId!);
    expect(credential.startsWith('cwk_')).toBe(true);
    expect(device).toMatchObject({ status: 'active', credentialPrefix: credential.slice(0, 8) });
    const [row] = await t.db.select().from(devices).where(eq(devices.id, device.id));
    const [key] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, row!.apiKeyId));
    expect(key).toMatchObject({ keyHash: hashToken(credential), scopes: ['devices:write'], revokedAt: null });
    expect(JSON.stringify(key)).not.toContain(credential);
    const list = await api(t, 'GET', `/api/v1/patients/${patient.patientId}/devices`, { token: patient.token });
    expect(list.json().items.map((d: { id: string }) => d.id)).toContain(device.id);
    expect(JSON.stringify(list.json())).not.toContain(credential);
  });

  it('lets the care team register one, and answers 404 to a clinician outside it and to another patient', async () => {
    await registerCuff(nurse.token, patient.patientId!);
    for (const token of [outsider.token, other.token]) {
      const res = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/devices`, {
        token,
        body: { kind: 'glucometer', label: 'x' },
      });
      expect(res.statusCode).toBe(404);
    }
  });
});

describe('My devices (portal)', () => {
  it('adds a device showing its credential once, and removes it', async () => {
    const page = new PageSession(t, patient.cookie);
    expect((await page.get('/portal/devices')).statusCode).toBe(200);
    expect((await page.post('/portal/devices', { kind: 'glucometer' })).statusCode).toBe(400);
    const added = await page.post('/portal/devices', { kind: 'glucometer', label: 'Bedside meter' });
    expect(added.statusCode).toBe(200);
    const credential = /cwk_[A-Za-z0-9_-]+/.exec(added.body)?.[0];
    expect(credential).toBeDefined();
    const [row] = await t.db.select().from(devices).where(eq(devices.label, 'Bedside meter'));
    expect((await page.get('/portal/devices')).body).not.toContain(credential!);
    const removed = await page.post(`/portal/devices/${row!.id}/revoke`, {});
    expect(removed.statusCode).toBe(303);
    expect((await t.db.select().from(devices).where(eq(devices.id, row!.id)))[0]!.revokedAt).not.toBeNull();
    const refused = await api(t, 'POST', '/api/v1/devices/observations', { token: credential!, body: { readings: bp(120, 80, at(1)) } });
    expect(refused.statusCode).toBe(401);
  });
});

describe('JSON batch ingestion', () => {
  it('stores valid readings, reports duplicates, returns invalid ones with index and field, one audit row per batch', async () => {
    const { device, credential } = await registerCuff(patient.token, patient.patientId!);
    const readings = [
      ...bp(132, 84, at(60)),
      { code: '8480-6', value: 120, unit: 'kPa', effectiveAt: at(50) }, // bad unit
      { code: '8480-6', value: 1200, unit: 'mm[Hg]', effectiveAt: at(40) }, // impossible
      { code: '8480-6', value: 130, unit: 'mm[Hg]', effectiveAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString() }, // future
      { code: '8480-6', value: 128, unit: 'mm[Hg]', effectiveAt: '2026-01-02T07:30:00+01:00' }, // backfill, months old
    ];
    const first = await api(t, 'POST', '/api/v1/devices/observations', { token: credential, body: { readings } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      received: 6,
      stored: 3,
      duplicates: [],
      rejected: [
        { index: 2, path: 'unit', message: expect.any(String) },
        { index: 3, path: 'value', message: expect.any(String) },
        { index: 4, path: 'effectiveAt', message: expect.any(String) },
      ],
    });
    const again = await api(t, 'POST', '/api/v1/devices/observations', { token: credential, body: { readings } });
    expect(again.json()).toMatchObject({ stored: 0, duplicates: [0, 1, 5] });
    const stored = await deviceObservations(patient.patientId!);
    expect(stored.filter((o) => o.value === 128)).toHaveLength(1);
    expect(await t.db.select().from(deviceReadings).where(eq(deviceReadings.deviceId, device.id))).toHaveLength(3);
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'device.observations.ingest'), eq(auditEvents.resourceId, device.id)));
    expect(audits).toHaveLength(2);
    expect(audits.map((a) => a.patientId)).toEqual([patient.patientId, patient.patientId]);
  });

  it('stores a reading once when the same batch arrives twice at the same time (the unique index decides)', async () => {
    const { device, credential } = await registerCuff(patient.token, patient.patientId!);
    const body = { readings: [...bp(111, 71, at(9)), ...bp(112, 72, at(8))] };
    const answers = await Promise.all([1, 2, 3].map(() => api(t, 'POST', '/api/v1/devices/observations', { token: credential, body })));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.json<{ stored: number }>().stored).sort()).toEqual([0, 0, 4]);
    expect(await t.db.select().from(deviceReadings).where(eq(deviceReadings.deviceId, device.id))).toHaveLength(4);
    expect((await deviceObservations(patient.patientId!)).filter((o) => [111, 71, 112, 72].includes(o.value))).toHaveLength(4);
  });

  it('answers 422 with every problem when nothing can be stored, 400 for a malformed body', async () => {
    const { credential } = await registerCuff(patient.token, patient.patientId!);
    const none = await api(t, 'POST', '/api/v1/devices/observations', {
      token: credential,
      body: { readings: [{ code: '8480-6', value: 130, unit: 'mmHg', effectiveAt: at(5) }] },
    });
    expect(none.statusCode).toBe(422);
    expect(none.json().errors).toEqual([{ path: 'readings.0.unit', message: expect.any(String) }]);
    const malformed = await api(t, 'POST', '/api/v1/devices/observations', { token: credential, body: { readings: [{ code: '8480-6' }] } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('validation_failed');
  });

  it("refuses another patient's id (404, nothing stored, a denied row), and a person's session", async () => {
    const { credential } = await registerCuff(patient.token, patient.patientId!);
    const res = await api(t, 'POST', '/api/v1/devices/observations', {
      token: credential,
      body: { patientId: other.patientId, readings: bp(140, 90, at(3)) },
    });
    expect(res.statusCode).toBe(404);
    expect(await deviceObservations(other.patientId!)).toHaveLength(0);
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'device.observations.ingest'), eq(auditEvents.outcome, 'denied')));
    expect(denied.length).toBeGreaterThan(0);
    const asPerson = await api(t, 'POST', '/api/v1/devices/observations', { token: patient.token, body: { readings: bp(140, 90, at(3)) } });
    expect(asPerson.statusCode).toBe(403);
  });

  it('refuses a revoked device at once (401), and only the patient or care team may revoke', async () => {
    const { device, credential } = await registerCuff(patient.token, patient.patientId!);
    const ok = await api(t, 'POST', '/api/v1/devices/observations', { token: credential, body: { readings: bp(120, 80, at(2)) } });
    expect(ok.statusCode).toBe(200);
    expect((await api(t, 'POST', `/api/v1/devices/${device.id}/revoke`, { token: outsider.token })).statusCode).toBe(404);
    const revoked = await api(t, 'POST', `/api/v1/devices/${device.id}/revoke`, { token: nurse.token });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().status).toBe('revoked');
    const after = await api(t, 'POST', '/api/v1/devices/observations', { token: credential, body: { readings: bp(121, 81, at(1)) } });
    expect(after.statusCode).toBe(401);
    expect((await deviceObservations(patient.patientId!)).filter((o) => o.value === 121)).toHaveLength(0);
  });
});

describe('FHIR ingestion (POST /fhir/r4/Observation)', () => {
  const panel = (systolic: number, diastolic: number, time: string, subject?: string) => ({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
    ...(subject ? { subject: { reference: `Patient/${subject}` } } : {}),
    effectiveDateTime: time,
    component: [
      {
        code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
        valueQuantity: { value: systolic, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
      },
      {
        code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
        valueQuantity: { value: diastolic, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
      },
    ],
  });
  const fhir = (token: string, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/fhir/r4/Observation',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(body),
    });

  it('takes a single Observation and a Bundle, per entry: a bad unit is an error issue at its location, a resend a duplicate', async () => {
    const { credential } = await registerCuff(patient.token, patient.patientId!);
    const single = await fhir(credential, panel(150, 95, at(30), patient.patientId!));
    expect(single.statusCode).toBe(200);
    expect(single.headers['content-type']).toContain('application/fhir+json');
    expect(single.json().issue[0].details.text).toContain('Stored 2');
    const badUnit = panel(150, 95, at(20));
    badUnit.component[0]!.valueQuantity.code = 'kPa';
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: panel(150, 95, at(30)) }, { resource: badUnit }, { resource: panel(138, 88, at(10)) }],
    };
    const res = await fhir(credential, bundle);
    expect(res.statusCode).toBe(200);
    const issues = res.json().issue as { severity: string; expression?: string[] }[];
    expect(issues[0]!.severity).toBe('information');
    expect(issues.slice(1)).toEqual([
      expect.objectContaining({ severity: 'error', expression: ['Bundle.entry[1].resource.component[0].valueQuantity.code'] }),
    ]);
    const values = (await deviceObservations(patient.patientId!)).map((o) => o.value);
    expect(values.filter((v) => v === 150)).toHaveLength(1);
    expect(values.filter((v) => v === 138)).toHaveLength(1);
  });

  it('refuses a subject other than the device patient (404 OperationOutcome), and a body with nothing storable (422)', async () => {
    const { credential } = await registerCuff(patient.token, patient.patientId!);
    const wrong = await fhir(credential, panel(150, 95, at(7), other.patientId!));
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
    const nothing = await fhir(credential, { ...panel(150, 95, at(7)), status: 'cancelled' });
    expect(nothing.statusCode).toBe(422);
    expect(nothing.json().issue[0].expression).toEqual(['Observation.status']);
    expect(await deviceObservations(other.patientId!)).toHaveLength(0);
  });
});

describe('remote monitoring', () => {
  it('alerts the responsible clinician when a reading breaks the care-plan goal', async () => {
    const { carePlans, carePlanGoals } = await import('../records/index.js');
    const person = await createAccount(t, { role: 'patient' });
    await putOnCareTeam(t, person.patientId!, nurse.staffId!);
    const now = t.clock.now();
    const [plan] = await t.db
      .insert(carePlans)
      .values({
        patientId: person.patientId!,
        title: 'Hypertension',
        status: 'active',
        createdBy: nurse.userId,
        activatedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await t.db.insert(carePlanGoals).values([
      {
        carePlanId: plan!.id,
        patientId: person.patientId!,
        description: 'Systolic below 135',
        measureCode: '8480-6',
        targetValue: 135,
        targetUnit: 'mm[Hg]',
        createdAt: now,
        updatedAt: now,
      },
      {
        carePlanId: plan!.id,
        patientId: person.patientId!,
        description: 'Diastolic below 85',
        measureCode: '8462-4',
        targetValue: 85,
        targetUnit: 'mm[Hg]',
        createdAt: now,
        updatedAt: now,
      },
    ]);
    const enrol = await api(t, 'POST', `/api/v1/patients/${person.patientId}/monitoring-enrolments`, {
      token: nurse.token,
      body: { programme: 'home_bp', alertAfterReadings: 2 },
    });
    expect(enrol.statusCode).toBe(201);
    expect(
      (
        await api(t, 'POST', `/api/v1/patients/${person.patientId}/monitoring-enrolments`, {
          token: nurse.token,
          body: { programme: 'home_bp' },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await api(t, 'POST', `/api/v1/patients/${person.patientId}/monitoring-enrolments`, {
          token: outsider.token,
          body: { programme: 'home_bp' },
        })
      ).statusCode,
    ).toBe(404);
    t.clock.advance(10 * 60_000); // readings from before the enrolment are stored but never alert
    const { credential } = await registerCuff(person.token, person.patientId!);
    const send = (readings: unknown[]) => api(t, 'POST', '/api/v1/devices/observations', { token: credential, body: { readings } });
    const alertsOf = () => t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.patientId, person.patientId!));

    await send(bp(130, 80, at(4))); // within both goals
    await send(bp(140, 82, at(3))); // systolic above 135: one in a row
    expect(await alertsOf()).toHaveLength(0);
    await send(bp(185, 125, at(2))); // second in a row: alert
    const [alert] = await alertsOf();
    expect(alert).toMatchObject({ kind: 'remote_monitoring', status: 'open', responsibleUserId: nurse.userId, severity: 'high' });
    expect(alert!.summary).toContain('185');
    expect(alert!.summary).toContain('mmHg'); // the unit as people write it, never the UCUM code
    expect(alert!.summary).not.toContain('mm[Hg]');
    expect(alert!.summary).toContain('Systolic blood pressure 185 mmHg'); // the measure named in words, not its key

    const board = await api(t, 'GET', '/api/v1/remote-monitoring/board', { token: nurse.token });
    expect(board.statusCode).toBe(200);
    const row = board.json().items.find((r: { patient: { id: string } }) => r.patient.id === person.patientId);
    expect(row).toMatchObject({ programme: 'home_bp', outOfRangeStreak: 0, silentSince: null, openAlerts: [{ id: alert!.id }] });
    expect(row.readings[0]).toMatchObject({ value: expect.any(Number), effectiveAt: at(2) });
    const outsiderBoard = await api(t, 'GET', '/api/v1/remote-monitoring/board', { token: outsider.token });
    expect(outsiderBoard.json().items).toEqual([]);

    // Acknowledged from the board's page form, back to the board.
    const page = await t.app.inject({ method: 'GET', url: '/staff/remote-monitoring', headers: { cookie: nurse.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/clinical-alerts/${alert!.id}/acknowledge`);
    expect(page.body).toContain('hx-trigger="carewell:remote_monitoring.changed from:document"');
    expect(page.body).toContain('185 mmHg');
    expect(page.body).not.toContain('mm[Hg]');
    const session = new PageSession(t, nurse.cookie);
    await session.get('/staff/remote-monitoring'); // the form's CSRF token, as a browser has it
    const acknowledged = await session.post(`/clinical-alerts/${alert!.id}/acknowledge`, { from: 'remote-monitoring' });
    expect(acknowledged.statusCode).toBe(303);
    expect(acknowledged.headers.location).toBe('/staff/remote-monitoring?done=acknowledged');
    expect((await alertsOf())[0]!.status).toBe('acknowledged');
    const after = await api(t, 'GET', '/api/v1/remote-monitoring/board', { token: nurse.token });
    expect(after.json().items.find((r: { patient: { id: string } }) => r.patient.id === person.patientId).openAlerts).toEqual([]);
  });

  it('tells the open board about a backfill from before the enrolment, which never alerts', async () => {
    const person = await createAccount(t, { role: 'patient' });
    await putOnCareTeam(t, person.patientId!, nurse.staffId!);
    const enrol = await api(t, 'POST', `/api/v1/patients/${person.patientId}/monitoring-enrolments`, {
      token: await freshToken(t, nurse.userId),
      body: { programme: 'home_bp' },
    });
    expect(enrol.statusCode).toBe(201);
    const { credential } = await registerCuff(person.token, person.patientId!);
    const boardEvents = () =>
      t.db
        .select()
        .from(events)
        .where(eq(events.type, 'remote_monitoring.changed'))
        .then((rows) => rows.filter((e) => JSON.stringify(e.data).includes(enrol.json().id)));
    const before = (await boardEvents()).length;
    const sent = await api(t, 'POST', '/api/v1/devices/observations', { token: credential, body: { readings: bp(190, 120, at(60 * 24)) } });
    expect(sent.json()).toMatchObject({ stored: 2 });
    expect(await boardEvents()).toHaveLength(before + 1);
    expect(await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.patientId, person.patientId!))).toEqual([]);
  });

  it('flags an enrolled patient with no readings for N days, on the test clock, and a reading clears it', async () => {
    const { flagSilentPatients } = await import('./index.js');
    const person = await createAccount(t, { role: 'patient' });
    await putOnCareTeam(t, person.patientId!, nurse.staffId!);
    const enrol = await api(t, 'POST', `/api/v1/patients/${person.patientId}/monitoring-enrolments`, {
      token: nurse.token,
      body: { programme: 'home_glucose', silentAfterDays: 2 },
    });
    expect(enrol.statusCode).toBe(201);
    // Days pass: sessions idle out, so each look at the board signs in afresh.
    const rowOf = async () =>
      (await api(t, 'GET', '/api/v1/remote-monitoring/board', { token: await freshToken(t, nurse.userId) }))
        .json()
        .items.find((r: { enrolmentId: string }) => r.enrolmentId === enrol.json().id);
    t.clock.advance(2 * 86_400_000 - 60_000);
    await flagSilentPatients(t.db, t.clock.now());
    expect((await rowOf()).silentSince).toBeNull();
    t.clock.advance(60_000);
    await flagSilentPatients(t.db, t.clock.now());
    expect((await rowOf()).silentSince).toBe(t.clock.now().toISOString());
    const { credential } = await registerCuff(await freshToken(t, person.userId), person.patientId!);
    const sent = await api(t, 'POST', '/api/v1/devices/observations', {
      token: credential,
      body: { readings: [{ code: '2339-0', value: 110, unit: 'mg/dL', effectiveAt: at(1) }] },
    });
    expect(sent.json().stored).toBe(1);
    expect((await rowOf()).silentSince).toBeNull();
  });
});
