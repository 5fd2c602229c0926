import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';

// Device readings on the vitals trends (docs/vitals.md): a second series "Home device" beside the sets.
const t = useTestApp();
let patient: TestAccount;
let nurse: TestAccount;

const at = (minutesAgo: number) => new Date(t.clock.now().getTime() - minutesAgo * 60_000).toISOString();

/** The data attributes of one trend's canvas. */
function canvasOf(html: string, parameter: string): Record<string, string> {
  const section = html.split(`id="trend-${parameter}-h"`)[1]?.split('</section>')[0] ?? '';
  const tag = /<canvas[^>]*>/.exec(section)?.[0] ?? '';
  const attrs: Record<string, string> = {};
  for (const m of tag.matchAll(/(data-[a-z-]+)="([^"]*)"/g)) attrs[m[1]!] = m[2]!.replaceAll('&quot;', '"').replaceAll('&#34;', '"');
  return attrs;
}

beforeAll(async () => {
  patient = await createAccount(t, { role: 'patient' });
  nurse = await createAccount(t, { role: 'nurse' });
  await putOnCareTeam(t, patient.patientId!, nurse.staffId!);
  // One set entered by the nurse, then a home cuff and a glucometer (in mmol/L) send readings.
  const set = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/vitals`, {
    token: nurse.token,
    body: { systolicBp: 128, diastolicBp: 78, pulse: 72, takenAt: at(180) },
  });
  expect(set.statusCode, set.body).toBe(201);
  const register = async (kind: string) => {
    const res = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/devices`, {
      token: patient.token,
      body: { kind, label: kind },
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ credential: string }>().credential;
  };
  const cuff = await register('bp_cuff');
  const sent = await api(t, 'POST', '/api/v1/devices/observations', {
    token: cuff,
    body: {
      readings: [
        { code: '8480-6', value: 187, unit: 'mm[Hg]', effectiveAt: at(60) },
        { code: '8462-4', value: 123, unit: 'mm[Hg]', effectiveAt: at(60) },
        { code: '8867-4', value: 91, unit: '/min', effectiveAt: at(60) },
      ],
    },
  });
  expect(sent.json()).toMatchObject({ stored: 3 });
  const meter = await register('glucometer');
  const glucose = await api(t, 'POST', '/api/v1/devices/observations', {
    token: meter,
    body: { readings: [{ code: '41653-7', value: 7.2, unit: 'mmol/L', effectiveAt: at(30) }] },
  });
  expect(glucose.json()).toMatchObject({ stored: 1 });
});

function expectDeviceSeries(html: string) {
  const systolic = canvasOf(html, 'systolicBp');
  // Oldest first: the nurse's set, then the cuff's reading, each in its own series.
  expect(JSON.parse(systolic['data-points']!)).toEqual([128, null]);
  expect(JSON.parse(systolic['data-device-points']!)).toEqual([null, 187]);
  expect(systolic['data-device-label']).toBe('Home device');
  expect(JSON.parse(canvasOf(html, 'diastolicBp')['data-device-points']!)).toEqual([null, 123]);
  expect(JSON.parse(canvasOf(html, 'pulse')['data-device-points']!)).toEqual([null, 91]);
  // Capillary glucose (41653-7, 7.2 mmol/L → 130 mg/dL) charts as glucose, from the device only.
  const glucose = canvasOf(html, 'glucose');
  expect(JSON.parse(glucose['data-points']!)).toEqual([null]);
  expect(JSON.parse(glucose['data-device-points']!)).toEqual([130]);
  // The table (the accessible fallback) names the source of each row.
  const table = html.split('id="trend-systolicBp-h"')[1]!.split('</section>')[0]!;
  expect(table).toMatch(/187<\/td>\s*<td[^>]*>—<\/td>\s*<td[^>]*>Home device<\/td>/);
}

describe('device readings on the vitals trends', () => {
  it("the staff chart plots them as the 'home device' series, read with the sets", async () => {
    const page = await t.app.inject({
      method: 'GET',
      url: `/staff/patients/${patient.patientId}/vitals`,
      headers: { cookie: nurse.cookie },
    });
    expect(page.statusCode).toBe(200);
    expectDeviceSeries(page.body);
  });

  it("the portal's chart too", async () => {
    const page = await t.app.inject({ method: 'GET', url: '/portal/vitals', headers: { cookie: patient.cookie } });
    expect(page.statusCode).toBe(200);
    expectDeviceSeries(page.body);
  });
});
