import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { labOrders, labResults, labTests } from './index.js';

const t = useTestApp();
let doctor: TestAccount;
let tech: TestAccount;
let admin: TestAccount;
let patientId: string;

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  tech = await createAccount(t, { role: 'lab_technician' });
  admin = await createAccount(t, { role: 'admin' });
  patientId = (await createPatientRecord(t, { sex: 'female', birthDate: '1970-01-01' })).id;
  await putOnCareTeam(t, patientId, doctor.staffId!);
});

describe('laboratory pages', () => {
  it('a doctor orders a stat panel from the chart; the technician collects it, prints the label, enters a critical value; the doctor reviews', async () => {
    const dr = new PageSession(t, doctor.cookie);
    const chart = await dr.get(`/staff/patients/${patientId}/chart`);
    expect(chart.body).toContain(`/staff/patients/${patientId}/lab-orders`);
    const list = await dr.get(`/staff/patients/${patientId}/lab-orders`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/staff/patients/${patientId}/lab-orders/new`);
    const form = await dr.get(`/staff/patients/${patientId}/lab-orders/new`);
    expect(form.body).toContain('Basic metabolic panel');
    const missing = await dr.post(`/staff/patients/${patientId}/lab-orders`, { item: 'BMP', priority: 'stat' });
    expect(missing.statusCode).toBe(400);
    const placed = await dr.post(`/staff/patients/${patientId}/lab-orders`, {
      item: 'BMP',
      priority: 'stat',
      indication: 'Weakness',
      fasting: 'true',
    });
    expect(placed.statusCode).toBe(303);
    const orderUrl = placed.headers.location!.split('?')[0]!;
    const [order] = await t.db.select().from(labOrders).where(eq(labOrders.patientId, patientId));
    expect(order).toMatchObject({ priority: 'stat', fasting: true, status: 'ordered' });

    const lab = new PageSession(t, tech.cookie);
    const queue = await lab.get('/lab/queue');
    expect(queue.body).toContain(orderUrl);
    const page = await lab.get(orderUrl);
    expect(page.body).toContain(`action="${orderUrl}/collect"`);
    expect((await lab.post(`${orderUrl}/collect`, { _version: String(order!.version) })).headers.location).toBe(`${orderUrl}?done=1`);
    // The same step again (a second tab): refused with a message, nothing changes.
    expect((await lab.post(`${orderUrl}/collect`, { _version: String(order!.version) })).headers.location).toBe(
      `${orderUrl}?problem=conflict`,
    );
    const label = await lab.get(`${orderUrl}/label`);
    expect(label.statusCode).toBe(200);
    expect(label.body).toMatch(/<svg[^>]*viewBox/);
    const [collected] = await t.db.select().from(labOrders).where(eq(labOrders.id, order!.id));
    expect(label.body).toContain(collected!.accessionNumber!);

    await lab.get(orderUrl);
    const entered = await lab.post(`${orderUrl}/results`, {
      status: 'final',
      value_K: '6.9',
      unit_K: 'mmol/L',
      value_GLU: '5',
      unit_GLU: 'mmol/L',
    });
    expect(entered.headers.location).toBe(`${orderUrl}?done=1`);
    const rows = await t.db.select().from(labResults).where(eq(labResults.orderId, order!.id));
    expect(rows.map((r) => [r.testCode, r.flag]).sort()).toEqual([
      ['GLU', 'normal'],
      ['K', 'critical_high'],
    ]);
    const shown = await dr.get(orderUrl);
    expect(shown.body).toContain('Critical high');
    expect(shown.body).toContain('entered as 5 mmol/L');
    const toReview = await dr.get('/lab/results-to-review');
    expect(toReview.body).toContain(order!.id);
    await dr.get(orderUrl);
    expect((await dr.post(`${orderUrl}/review`, { comment: 'Repeat potassium, ECG' })).headers.location).toBe(`${orderUrl}?done=1`);
    const [reviewed] = await t.db.select().from(labOrders).where(eq(labOrders.id, order!.id));
    expect(reviewed).toMatchObject({ status: 'reviewed', reviewComment: 'Repeat potassium, ECG' });
  });

  it('an administrator edits a test’s ranges on the catalogue page; a bad unit comes back with a message', async () => {
    const a = new PageSession(t, admin.cookie);
    const list = await a.get('/admin/lab-catalogue');
    expect(list.body).toContain('/admin/lab-catalogue/K');
    const page = await a.get('/admin/lab-catalogue/K');
    expect(page.statusCode).toBe(200);
    const [k] = await t.db.select().from(labTests).where(eq(labTests.code, 'K'));
    const fields = {
      _version: String(k!.version),
      name: 'Potassium',
      unit: 'mmol/L',
      specimen: 'serum_plasma',
      active: 'true',
      'ranges.0.sex': 'any',
      'ranges.0.ageMin': '0',
      'ranges.0.low': '3.4',
      'ranges.0.high': '5.0',
      'ranges.0.criticalLow': '2.5',
      'ranges.0.criticalHigh': '6.5',
      'ranges.1.sex': 'any',
    };
    const bad = await a.post('/admin/lab-catalogue/K', { ...fields, unit: 'millimoles' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('UCUM');
    await a.get('/admin/lab-catalogue/K');
    expect((await a.post('/admin/lab-catalogue/K', fields)).headers.location).toBe('/admin/lab-catalogue?done=1');
    const [saved] = await t.db.select().from(labTests).where(eq(labTests.code, 'K'));
    expect(saved).toMatchObject({
      needsReview: false,
      ranges: [{ sex: 'any', ageMin: 0, ageMax: null, low: 3.4, high: 5, criticalLow: 2.5, criticalHigh: 6.5 }],
    });
  });
});
