import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { labOrders, labResults } from './index.js';

const t = useTestApp();
let doctor: TestAccount;
let patient: TestAccount;
let other: TestAccount;
const HOUR = 3_600_000;
let accession = 900000;

/** An order of one test, resulted (and reviewed when asked) at the given times, with its values (oldest first). */
async function orderWith(
  patientId: string,
  test: { code: string; loinc: string; unit: string | null },
  values: { value: number; flag?: 'normal' | 'high' | 'low'; status?: 'preliminary' | 'final' }[],
  opts: { resultedAt: Date; reviewedAt?: Date },
) {
  accession += 1;
  const [order] = await t.db
    .insert(labOrders)
    .values({
      patientId,
      orderedBy: doctor.userId,
      itemKind: 'test',
      itemCode: test.code,
      itemName: test.code,
      testCodes: [test.code],
      priority: 'routine',
      priorityRank: 2,
      indication: 'Follow-up',
      status: opts.reviewedAt ? 'reviewed' : 'resulted',
      resultStatus: 'final',
      accessionNumber: `A${accession}`,
      specimen: 'serum_plasma',
      orderedAt: opts.resultedAt,
      collectedAt: opts.resultedAt,
      resultedAt: opts.resultedAt,
      reviewedAt: opts.reviewedAt ?? null,
      reviewedBy: opts.reviewedAt ? doctor.userId : null,
      createdAt: opts.resultedAt,
      updatedAt: opts.resultedAt,
    })
    .returning();
  for (const v of values) {
    await t.db.insert(labResults).values({
      orderId: order!.id,
      patientId,
      testCode: test.code,
      loinc: test.loinc,
      value: v.value,
      unit: test.unit,
      flag: v.flag ?? 'normal',
      rangeLow: 12,
      rangeHigh: 16,
      status: v.status ?? 'final',
      source: 'manual',
      observedAt: opts.resultedAt,
      createdAt: opts.resultedAt,
    });
  }
  return order!;
}

const HGB = { code: 'HGB', loinc: '718-7', unit: 'g/dL' };
const INR = { code: 'INR', loinc: '6301-6', unit: '{INR}' };
const TNI = { code: 'HSTNI', loinc: '89579-7', unit: 'ng/L' };
const K = { code: 'K', loinc: '2823-3', unit: 'mmol/L' };

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  patient = await createAccount(t, { role: 'patient' });
  other = await createAccount(t, { role: 'patient' });
  const now = t.clock.now();
  const ago = (h: number) => new Date(now.getTime() - h * HOUR);
  // Haematology (after review): two reviewed haemoglobins, one flagged low → a trend of two.
  await orderWith(patient.patientId!, HGB, [{ value: 13.5 }], { resultedAt: ago(24 * 30), reviewedAt: ago(24 * 29) });
  await orderWith(patient.patientId!, HGB, [{ value: 11.2, flag: 'low' }], { resultedAt: ago(48), reviewedAt: ago(47) });
  // Chemistry (after review), not reviewed: withheld.
  await orderWith(patient.patientId!, K, [{ value: 6.1, flag: 'high' }], { resultedAt: ago(2) });
  // Coagulation (immediately): final shown, preliminary withheld.
  await orderWith(patient.patientId!, INR, [{ value: 2.4 }], { resultedAt: ago(1) });
  await orderWith(patient.patientId!, { ...INR }, [{ value: 3.9, status: 'preliminary' }], { resultedAt: ago(1) });
  // Cardiac markers (3 days), not reviewed: resulted 72 hours ago released, 71 hours ago withheld.
  await orderWith(patient.patientId!, TNI, [{ value: 9 }], { resultedAt: ago(72) });
  await orderWith(patient.patientId!, TNI, [{ value: 14 }], { resultedAt: ago(71) });
  // Another patient's reviewed haemoglobin.
  await orderWith(other.patientId!, HGB, [{ value: 8.8, flag: 'low' }], { resultedAt: ago(48), reviewedAt: ago(47) });
});

describe('my lab results', () => {
  it('the API gives released values only, and the number withheld; audited; the 3-day rule opens at its hour (72 h shown, 71 h not)', async () => {
    const res = await api(t, 'GET', '/api/v1/me/lab-results', { token: patient.token });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: { testCode: string; value: number; flag: string | null }[]; pending: number }>();
    expect(body.items.map((i) => `${i.testCode} ${i.value}`)).toEqual(['HGB 13.5', 'HSTNI 9', 'HGB 11.2', 'INR 2.4']);
    expect(body.pending).toBe(3);
    expect(JSON.stringify(body)).not.toContain('8.8');
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'lab_result.patient_list'), eq(auditEvents.patientId, patient.patientId!)));
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });

  it('the portal page: linked from the navigation, values with words for flags, what the test measures, a trend chart; nothing withheld shown', async () => {
    const p = new PageSession(t, patient.cookie);
    const page = await p.get('/portal/lab-results');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/portal/lab-results"');
    expect(page.body).toContain('Haemoglobin carries oxygen');
    expect(page.body).toContain('Results still being reviewed: 3.');
    expect(page.body).toContain('>Low<');
    expect(page.body).not.toContain('>low<');
    expect(page.body).toMatch(/<svg class="lab-trend"/);
    expect(page.body).toContain('lab-trend-band');
    expect(page.body).toContain('11.2 g/dL');
    for (const withheld of ['6.1 mmol/L', '3.9 {INR}', '14 ng/L', '8.8 g/dL']) expect(page.body).not.toContain(withheld);
  });

  it('the care team sees every current value in the trends on the lab orders page', async () => {
    await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
    const page = await new PageSession(t, doctor.cookie).get(`/staff/patients/${patient.patientId}/lab-orders`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="lab-trends-title"');
    for (const value of ['6.1 mmol/L', '3.9 {INR}', '14 ng/L', '11.2 g/dL']) expect(page.body).toContain(value);
    expect(page.body).not.toContain('8.8 g/dL');
    expect(page.body).toMatch(/<svg class="lab-trend"/);
  });

  it('another patient sees only their own; staff are refused', async () => {
    const theirs = (await api(t, 'GET', '/api/v1/me/lab-results', { token: other.token })).json<{ items: { value: number }[] }>();
    expect(theirs.items.map((i) => i.value)).toEqual([8.8]);
    expect((await api(t, 'GET', '/api/v1/me/lab-results', { token: doctor.token })).statusCode).toBe(403);
  });
});

describe('a long history (issue 13: page size)', () => {
  let long: TestAccount;
  const MONTH = 24 * 30;
  beforeAll(async () => {
    long = await createAccount(t, { role: 'patient' });
    const now = t.clock.now();
    const ago = (h: number) => new Date(now.getTime() - h * HOUR);
    // 22 monthly reviewed haemoglobins, the oldest first: 10.01 … 10.22 g/dL.
    for (let i = 0; i < 22; i += 1) {
      const resultedAt = ago(MONTH * (22 - i));
      await orderWith(long.patientId!, HGB, [{ value: 10 + (i + 1) / 100 }], { resultedAt, reviewedAt: resultedAt });
    }
    await putOnCareTeam(t, long.patientId!, doctor.staffId!);
  });
  const rows = (body: string) => body.match(/>10\.\d+ g\/dL<\/td>/g)?.length ?? 0;

  it('?test= reads that test alone: its values, and only its own withheld ones counted', async () => {
    const p = new PageSession(t, patient.cookie);
    // Coagulation: 2.4 released, the preliminary 3.9 withheld; the withheld potassium and troponin are other tests.
    const inr = await p.get('/portal/lab-results?test=6301-6');
    expect(inr.statusCode).toBe(200);
    expect(inr.body).toContain('2.4 {INR}');
    expect(inr.body).not.toContain('11.2 g/dL');
    expect(inr.body).not.toContain('3.9 {INR}');
    expect(inr.body).toContain('Results still being reviewed: 1.');
    // Haemoglobin: both values released, nothing of its own withheld.
    const hgb = await p.get('/portal/lab-results?test=718-7');
    expect(hgb.body).toContain('11.2 g/dL');
    expect(hgb.body).not.toContain('still being reviewed');
  });

  it('the portal table shows the 12 most recent values and links to the full table; the chart keeps every point and its description', async () => {
    const p = new PageSession(t, long.cookie);
    const page = await p.get('/portal/lab-results');
    expect(page.statusCode).toBe(200);
    expect(rows(page.body)).toBe(12);
    expect(page.body).toContain('10.22 g/dL');
    expect(page.body).not.toContain('10.1 g/dL');
    expect(page.body).toContain('22 values from');
    expect(page.body.match(/class="lab-trend-point/g)?.length).toBe(22);
    expect(page.body).toContain('href="/portal/lab-results?test=718-7"');
    expect(page.body).toContain('All 22 values of Hemoglobin');

    const full = await p.get('/portal/lab-results?test=718-7');
    expect(full.statusCode).toBe(200);
    expect(rows(full.body)).toBe(22);
    expect(full.body).toContain('10.01 g/dL');
    expect(full.body).toContain('href="/portal/lab-results"');
    expect(full.body).not.toContain('All 22 values of');
  });

  it('?test= must name one of the patient’s tests: 400 otherwise', async () => {
    const p = new PageSession(t, long.cookie);
    expect((await p.get('/portal/lab-results?test=2823-3')).statusCode).toBe(400);
    expect((await p.get('/portal/lab-results?test=%3Cscript%3E')).statusCode).toBe(400);
    const dr = new PageSession(t, doctor.cookie);
    expect((await dr.get(`/staff/patients/${long.patientId}/lab-orders?test=2823-3`)).statusCode).toBe(400);
    expect((await dr.get(`/staff/patients/${long.patientId}/lab-orders?cursor=nonsense`)).statusCode).toBe(400);
  });

  it('the staff page lists the 20 most recent orders with a link to the older ones, and the same recent rows and full table per test', async () => {
    const dr = new PageSession(t, doctor.cookie);
    const base = `/staff/patients/${long.patientId}/lab-orders`;
    const first = await dr.get(base);
    expect(first.statusCode).toBe(200);
    expect(first.body.match(/href="\/lab\/orders\//g)?.length).toBe(20);
    expect(rows(first.body)).toBe(12);
    expect(first.body).toContain(`href="${base}?test=718-7"`);
    const older = /href="([^"]*\?cursor=[^"]+)"[^>]*>Older orders</.exec(first.body)?.[1];
    expect(older).toBeDefined();

    const second = await dr.get(older!.replace(/&amp;/g, '&'));
    expect(second.statusCode).toBe(200);
    expect(second.body.match(/href="\/lab\/orders\//g)?.length).toBe(2);
    expect(second.body).not.toContain('Older orders');
    const ids = (body: string) => [...body.matchAll(/href="\/lab\/orders\/([^"]+)"/g)].map((m) => m[1]);
    expect(new Set([...ids(first.body), ...ids(second.body)]).size).toBe(22);

    const full = await dr.get(`${base}?test=718-7`);
    expect(full.statusCode).toBe(200);
    expect(rows(full.body)).toBe(22);
  });
});
