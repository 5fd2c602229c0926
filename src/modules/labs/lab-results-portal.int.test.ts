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
    expect(page.body).toContain('more results are being reviewed');
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
