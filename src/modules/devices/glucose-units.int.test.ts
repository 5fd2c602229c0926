import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { clinicalAlerts } from '../clinical-alerts/index.js';
import { carePlanGoals, carePlans, observations } from '../records/index.js';

// Glucose in mmol/L (docs/vitals.md): converted to mg/dL through UCUM (MW 180.156), whole mg/dL.
const t = useTestApp();
let patient: TestAccount;
let nurse: TestAccount;

const at = (minutesAgo: number) => new Date(t.clock.now().getTime() - minutesAgo * 60_000).toISOString();

async function register(person: TestAccount) {
  const res = await api(t, 'POST', `/api/v1/patients/${person.patientId}/devices`, {
    token: person.token,
    body: { kind: 'glucometer', label: 'Meter' },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ credential: string }>().credential;
}
const send = (credential: string, readings: unknown[]) =>
  api(t, 'POST', '/api/v1/devices/observations', { token: credential, body: { readings } });
const stored = (person: TestAccount) =>
  t.db
    .select({ code: observations.code, value: observations.value, unit: observations.unit, effectiveAt: observations.effectiveAt })
    .from(observations)
    .where(and(eq(observations.patientId, person.patientId!), eq(observations.source, 'device')));

beforeAll(async () => {
  patient = await createAccount(t, { role: 'patient' });
  nurse = await createAccount(t, { role: 'nurse' });
  await putOnCareTeam(t, patient.patientId!, nurse.staffId!);
});

describe('glucose in mmol/L', () => {
  it('stores a JSON batch in mmol/L as whole mg/dL; refuses other units naming the field and the accepted units', async () => {
    const meter = await register(patient);
    const res = await send(meter, [
      { code: '41653-7', value: 5.5, unit: 'mmol/L', effectiveAt: at(300) }, // 99.09 → 99
      { code: '2339-0', value: 7, unit: 'mmol/L', effectiveAt: at(290) }, // 126.11 → 126, stored as 41653-7 (a glucometer)
      { code: '41653-7', value: 5.5, unit: 'g/L', effectiveAt: at(280) },
      { code: '41653-7', value: 42, unit: 'mmol/mol', effectiveAt: at(270) },
      { code: '41653-7', value: 90, unit: 'mmol/L', effectiveAt: at(260) }, // 1621 mg/dL: impossible after conversion
      { code: '41653-7', value: 1.5, unit: 'mmol/L', effectiveAt: at(250) }, // 27 mg/dL: possible, implausible → flagged
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ stored: number; rejected: { index: number; path: string; message: string }[] }>();
    expect(body.stored).toBe(3);
    expect(body.rejected.map((r) => [r.index, r.path])).toEqual([
      [2, 'unit'],
      [3, 'unit'],
      [4, 'value'],
    ]);
    expect(body.rejected[0]!.message).toBe('Give the value in mg/dL or mmol/L');
    expect(body.rejected[2]!.message).toContain('Must be between 10 and 1500 mg/dL (90 mmol/L is 1621 mg/dL)');
    const rows = (await stored(patient)).sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
    expect(rows.map((r) => [r.code, r.value, r.unit])).toEqual([
      ['41653-7', 99, 'mg/dL'],
      ['41653-7', 126, 'mg/dL'],
      ['41653-7', 27, 'mg/dL'],
    ]);
  });

  it('converts a FHIR Observation whose valueQuantity is in mmol/L, and refuses mmol/mol at its location', async () => {
    const person = await createAccount(t, { role: 'patient' });
    const meter = await register(person);
    const observation = (value: number, code: string, time: string) => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '2339-0' }] },
      effectiveDateTime: time,
      valueQuantity: { value, unit: code, system: 'http://unitsofmeasure.org', code },
    });
    const fhir = (body: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/fhir/r4/Observation',
        headers: { authorization: `Bearer ${meter}`, 'content-type': 'application/fhir+json' },
        payload: JSON.stringify(body),
      });
    const single = await fhir(observation(6.1, 'mmol/L', at(60)));
    expect(single.statusCode, single.body).toBe(200);
    expect(await stored(person)).toEqual([expect.objectContaining({ code: '41653-7', value: 110, unit: 'mg/dL' })]); // 109.9 → 110
    const refused = await fhir({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: observation(48, 'mmol/mol', at(50)) }],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().issue[0].expression).toEqual(['Bundle.entry[0].resource.valueQuantity.code']);
    expect(refused.json().issue[0].details.text).toContain('mg/dL or mmol/L');
  });

  it("holds readings in mmol/L to the care plan's glucose goal in mg/dL (remote monitoring)", async () => {
    const person = await createAccount(t, { role: 'patient' });
    await putOnCareTeam(t, person.patientId!, nurse.staffId!);
    const now = t.clock.now();
    const [plan] = await t.db
      .insert(carePlans)
      .values({
        patientId: person.patientId!,
        title: 'Diabetes',
        status: 'active',
        createdBy: nurse.userId,
        activatedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await t.db.insert(carePlanGoals).values({
      carePlanId: plan!.id,
      patientId: person.patientId!,
      description: 'Glucose below 180',
      measureCode: '2339-0',
      targetValue: 180,
      targetUnit: 'mg/dL',
      createdAt: now,
      updatedAt: now,
    });
    const enrol = await api(t, 'POST', `/api/v1/patients/${person.patientId}/monitoring-enrolments`, {
      token: nurse.token,
      body: { programme: 'home_glucose' },
    });
    expect(enrol.statusCode, enrol.body).toBe(201);
    t.clock.advance(60_000);
    const meter = await register(person);
    const alertsOf = () => t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.patientId, person.patientId!));
    await send(meter, [{ code: '41653-7', value: 9.9, unit: 'mmol/L', effectiveAt: at(0) }]); // 178 mg/dL: within the goal
    expect(await alertsOf()).toHaveLength(0);
    t.clock.advance(60_000);
    await send(meter, [{ code: '41653-7', value: 12, unit: 'mmol/L', effectiveAt: at(0) }]); // 216 mg/dL: above it
    const [alert] = await alertsOf();
    expect(alert).toMatchObject({ kind: 'remote_monitoring', status: 'open' });
    expect(alert!.summary).toContain('216 mg/dL');
  });
});
