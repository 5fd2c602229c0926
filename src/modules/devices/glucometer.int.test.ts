import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { observations } from '../records/index.js';

const t = useTestApp();
let patient: TestAccount;
let nurse: TestAccount;

const at = (minutesAgo: number) => new Date(t.clock.now().getTime() - minutesAgo * 60_000).toISOString();

async function register(kind: 'glucometer' | 'wearable') {
  const res = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/devices`, { token: patient.token, body: { kind, label: kind } });
  expect(res.statusCode).toBe(201);
  return res.json<{ credential: string }>().credential;
}
const send = (credential: string, readings: unknown[]) =>
  api(t, 'POST', '/api/v1/devices/observations', { token: credential, body: { readings } });
const stored = () =>
  t.db
    .select({ code: observations.code, value: observations.value })
    .from(observations)
    .where(and(eq(observations.patientId, patient.patientId!), eq(observations.source, 'device')));

beforeAll(async () => {
  patient = await createAccount(t, { role: 'patient' });
  nurse = await createAccount(t, { role: 'nurse' });
  await putOnCareTeam(t, patient.patientId!, nurse.staffId!);
});

describe('glucose by glucometer (LOINC 41653-7)', () => {
  it("stores a glucometer's glucose as 41653-7, whichever glucose code it sends; a resend under the other code is a duplicate", async () => {
    const meter = await register('glucometer');
    const first = await send(meter, [
      { code: '41653-7', value: 142, unit: 'mg/dL', effectiveAt: at(120) },
      { code: '2339-0', value: 155, unit: 'mg/dL', effectiveAt: at(60) },
    ]);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ stored: 2, duplicates: [] });
    const again = await send(meter, [{ code: '41653-7', value: 155, unit: 'mg/dL', effectiveAt: at(60) }]);
    expect(again.json()).toMatchObject({ stored: 0, duplicates: [0] });
    expect((await stored()).map((o) => o.code).sort()).toEqual(['41653-7', '41653-7']);
  });

  it("refuses another unit and impossible values with the glucose code's rule, and keeps another device's 2339-0 as sent", async () => {
    const meter = await register('glucometer');
    const refused = await send(meter, [
      { code: '41653-7', value: 7.8, unit: 'g/L', effectiveAt: at(30) },
      { code: '41653-7', value: 5000, unit: 'mg/dL', effectiveAt: at(20) },
    ]);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors.map((e: { path: string }) => e.path)).toEqual(['readings.0.unit', 'readings.1.value']);
    const watch = await register('wearable');
    expect((await send(watch, [{ code: '2339-0', value: 101, unit: 'mg/dL', effectiveAt: at(10) }])).json().stored).toBe(1);
    expect(await stored()).toContainEqual({ code: '2339-0', value: 101 });
  });

  it('shows glucose and capillary glucose as one trend on the remote-monitoring board', async () => {
    const enrol = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/monitoring-enrolments`, {
      token: nurse.token,
      body: { programme: 'home_glucose' },
    });
    expect(enrol.statusCode, enrol.body).toBe(201);
    const page = await t.app.inject({ method: 'GET', url: '/staff/remote-monitoring', headers: { cookie: nurse.cookie } });
    expect(page.statusCode).toBe(200);
    // The newest (101 mg/dL, 2339-0 from the wearable) leads; the meter's 155 and 142 follow on the same line.
    expect(page.body).toMatch(/<strong>Blood glucose<\/strong>: 101 mg\/dL[\s\S]*?155, 142/);
    expect(page.body).not.toContain('Capillary blood glucose');
    expect(page.body).not.toContain('41653-7');
  });
});
