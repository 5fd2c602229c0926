import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { apiKeys } from '../../platform/auth/auth.tables.js';
import { hashToken } from '../../platform/crypto.js';
import { clinicalAlerts } from '../clinical-alerts/index.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { fileInboundLabResult, labOrders, labResults } from './index.js';

const t = useTestApp();

let doctor: TestAccount;
let otherDoctor: TestAccount;
let nurseOffTeam: TestAccount;
let tech: TestAccount;
let admin: TestAccount;
let patient: { id: string; mrn: string };
let child: { id: string; mrn: string };

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  otherDoctor = await createAccount(t, { role: 'doctor' });
  nurseOffTeam = await createAccount(t, { role: 'nurse' });
  tech = await createAccount(t, { role: 'lab_technician' });
  admin = await createAccount(t, { role: 'admin' });
  patient = await createPatientRecord(t, { sex: 'female', birthDate: '1980-05-01' });
  child = await createPatientRecord(t, { sex: 'male', birthDate: '2015-01-01' });
  for (const p of [patient, child]) {
    await putOnCareTeam(t, p.id, doctor.staffId!);
    await putOnCareTeam(t, p.id, otherDoctor.staffId!);
  }
});

async function order(item = 'BMP', priority: 'stat' | 'urgent' | 'routine' = 'routine', who = patient) {
  const res = await api(t, 'POST', `/api/v1/patients/${who.id}/lab-orders`, {
    token: doctor.token,
    body: { item, priority, indication: 'Check electrolytes', fasting: false },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; status: string; version: number; tests: string[] }>();
}

const step = (id: string, what: 'collect' | 'receive', body: unknown = {}) =>
  api(t, 'POST', `/api/v1/lab-orders/${id}/${what}`, { token: tech.token, body });
const enter = (id: string, results: unknown[]) =>
  api(t, 'POST', `/api/v1/lab-orders/${id}/results`, { token: tech.token, body: { results } });
const alertsFor = (sourceIds: string[]) =>
  t.db
    .select()
    .from(clinicalAlerts)
    .where(and(eq(clinicalAlerts.sourceType, 'lab_result')))
    .then((rows) => rows.filter((r) => sourceIds.includes(r.sourceId)));

async function collectedOrder(item = 'BMP', who = patient) {
  const o = await order(item, 'routine', who);
  const res = await step(o.id, 'collect');
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ id: string; accessionNumber: string; version: number }>();
}

describe('catalogue', () => {
  it('is seeded with the panels and singles (LOINC, UCUM), readable by clinicians and editable by administrators only', async () => {
    const res = await api(t, 'GET', '/api/v1/lab/catalogue', { token: tech.token });
    expect(res.statusCode).toBe(200);
    const catalogue = res.json<{
      tests: { code: string; loinc: string; unit: string; version: number; needsReview: boolean; ranges: unknown[] }[];
      panels: { code: string; tests: string[] }[];
    }>();
    expect(catalogue.panels.find((p) => p.code === 'BMP')?.tests).toEqual(['NA', 'K', 'CL', 'HCO3', 'BUN', 'CREA', 'GLU', 'CA']);
    expect(catalogue.panels.find((p) => p.code === 'CBC')).toBeTruthy();
    for (const code of ['HBA1C', 'HSTNI', 'INR']) expect(catalogue.tests.some((x) => x.code === code)).toBe(true);
    const k = catalogue.tests.find((x) => x.code === 'K')!;
    expect(k).toMatchObject({ loinc: '2823-3', unit: 'mmol/L', needsReview: true });

    const body = {
      name: 'Potassium',
      unit: 'mmol/L',
      specimen: 'serum_plasma',
      molarMass: null,
      ranges: k.ranges,
      active: true,
      version: k.version,
    };
    expect((await api(t, 'PUT', '/api/v1/lab/catalogue/tests/K', { token: tech.token, body })).statusCode).toBe(403);
    const bad = await api(t, 'PUT', '/api/v1/lab/catalogue/tests/K', { token: admin.token, body: { ...body, unit: 'millimoles' } });
    expect(bad.statusCode).toBe(400);
    const saved = await api(t, 'PUT', '/api/v1/lab/catalogue/tests/K', { token: admin.token, body });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ needsReview: false, version: k.version + 1 });
    const stale = await api(t, 'PUT', '/api/v1/lab/catalogue/tests/K', { token: admin.token, body });
    expect(stale.statusCode).toBe(409);
  });
});

describe('orders and their steps', () => {
  it('a doctor orders from the chart; a clinician off the care team gets 404; an unknown item is 422', async () => {
    const o = await order('BMP', 'stat');
    expect(o.status).toBe('ordered');
    expect(o.tests).toHaveLength(8);
    const off = await api(t, 'POST', `/api/v1/patients/${patient.id}/lab-orders`, {
      token: (await createAccount(t, { role: 'doctor' })).token,
      body: { item: 'K', priority: 'routine', indication: 'x' },
    });
    expect(off.statusCode).toBe(404);
    expect((await api(t, 'GET', `/api/v1/lab-orders/${o.id}`, { token: nurseOffTeam.token })).statusCode).toBe(404);
    const unknown = await api(t, 'POST', `/api/v1/patients/${patient.id}/lab-orders`, {
      token: doctor.token,
      body: { item: 'NOPE', priority: 'routine', indication: 'x' },
    });
    expect(unknown.statusCode).toBe(422);
  });

  it('ordered → collected (accession) → received; an illegal or repeated step is 409; a stale version is 409', async () => {
    const o = await order('K');
    expect((await step(o.id, 'receive')).statusCode).toBe(409);
    const collected = await step(o.id, 'collect', { version: o.version });
    expect(collected.statusCode).toBe(200);
    expect(collected.json().accessionNumber).toMatch(/^A\d+$/);
    expect((await step(o.id, 'collect')).statusCode).toBe(409);
    expect((await step(o.id, 'receive', { version: o.version })).statusCode).toBe(409);
    const received = await step(o.id, 'receive', { version: collected.json().version });
    expect(received.statusCode).toBe(200);
    expect(received.json().status).toBe('received');
  });

  it('two collections at once: one wins, the other is 409', async () => {
    const o = await order('K');
    const answers = await Promise.all([step(o.id, 'collect'), step(o.id, 'collect')]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
  });

  it('cancel needs a reason; a resulted order cannot be cancelled', async () => {
    const o = await order('INR');
    expect((await api(t, 'POST', `/api/v1/lab-orders/${o.id}/cancel`, { token: doctor.token, body: { reason: '' } })).statusCode).toBe(400);
    const ok = await api(t, 'POST', `/api/v1/lab-orders/${o.id}/cancel`, { token: doctor.token, body: { reason: 'Ordered twice' } });
    expect(ok.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Ordered twice' });
    expect((await step(o.id, 'collect')).statusCode).toBe(409);
  });

  it('the queue: stat, then urgent, then routine, oldest first within a priority', async () => {
    const r1 = await order('K', 'routine');
    t.clock.advance(1000);
    const s1 = await order('K', 'stat');
    t.clock.advance(1000);
    const u1 = await order('K', 'urgent');
    t.clock.advance(1000);
    const s2 = await order('K', 'stat');
    const res = await api(t, 'GET', '/api/v1/lab/queue', { token: tech.token });
    expect(res.statusCode).toBe(200);
    const ids = res
      .json<{ items: { order: { id: string } }[] }>()
      .items.map((i) => i.order.id)
      .filter((id) => [r1.id, s1.id, u1.id, s2.id].includes(id));
    expect(ids).toEqual([s1.id, s2.id, u1.id, r1.id]);
    expect((await api(t, 'GET', '/api/v1/lab/queue', { token: doctor.token })).statusCode).toBe(403);
  });
});

describe('results', () => {
  it('converts units, flags from the patient’s range, and keeps a corrected value visible', async () => {
    const o = await collectedOrder('BMP');
    const res = await enter(o.id, [
      { test: 'GLU', value: 5, unit: 'mmol/L', status: 'final' }, // 90.08 mg/dL: normal
      { test: 'NA', value: 150, unit: 'mmol/L', status: 'final' }, // high
      { test: '2823-3', value: 4.1, status: 'preliminary' }, // LOINC, the test's own unit
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const filed = res.json<{
      filed: { test: string; value: number; unit: string; flag: string; enteredUnit: string }[];
      order: { status: string; resultStatus: string };
    }>();
    expect(filed.order).toMatchObject({ status: 'resulted', resultStatus: 'preliminary' });
    const glu = filed.filed.find((f) => f.test === 'GLU')!;
    expect(glu.unit).toBe('mg/dL');
    expect(glu.value).toBeCloseTo(90.078, 2);
    expect(glu.flag).toBe('normal');
    expect(filed.filed.find((f) => f.test === 'NA')!.flag).toBe('high');

    // A final value changes only by a correction.
    expect((await enter(o.id, [{ test: 'NA', value: 140, status: 'final' }])).statusCode).toBe(409);
    const corrected = await enter(o.id, [{ test: 'NA', value: 140, status: 'corrected' }]);
    expect(corrected.statusCode).toBe(200);
    const detail = (await api(t, 'GET', `/api/v1/lab-orders/${o.id}`, { token: doctor.token })).json<{
      results: { test: string; value: number; status: string; supersededAt: string | null }[];
    }>();
    const sodium = detail.results.filter((r) => r.test === 'NA');
    expect(sodium.map((r) => [r.value, r.status, r.supersededAt === null])).toEqual([
      [150, 'final', false],
      [140, 'corrected', true],
    ]);
    // An unconvertible unit, or a test not in the order: 422, nothing filed.
    expect((await enter(o.id, [{ test: 'CA', value: 2, unit: 'kg', status: 'final' }])).statusCode).toBe(422);
    expect((await enter(o.id, [{ test: 'HGB', value: 12, status: 'final' }])).statusCode).toBe(422);
  });

  it('not yet collected, or cancelled: 409', async () => {
    const o = await order('K');
    expect((await enter(o.id, [{ test: 'K', value: 4, status: 'final' }])).statusCode).toBe(409);
  });

  it('ranges by sex and age at collection: hemoglobin: the woman’s adult range (low 12) and the boy’s child range (low 11)', async () => {
    const woman = await collectedOrder('HGB');
    const boy = await collectedOrder('HGB', child);
    const a = await enter(woman.id, [{ test: 'HGB', value: 12.5, status: 'final' }]);
    const b = await enter(boy.id, [{ test: 'HGB', value: 12.5, status: 'final' }]);
    expect(a.json().filed[0].flag).toBe('normal');
    expect(b.json().filed[0].flag).toBe('normal');
    expect(a.json().filed[0].rangeLow).toBe(12);
    expect(b.json().filed[0].rangeLow).toBe(11);
  });

  it('text results', async () => {
    const o = await collectedOrder('BCX');
    const res = await enter(o.id, [{ test: 'BCX', text: 'No growth after 5 days', status: 'final' }]);
    expect(res.json().filed[0]).toMatchObject({ text: 'No growth after 5 days', value: null, flag: null });
  });
});

describe('critical results → one clinical alert, in the result’s transaction', () => {
  it('raises once for the ordering doctor; a correction to another critical value stays on that one alert', async () => {
    const o = await collectedOrder('K');
    const first = await enter(o.id, [{ test: 'K', value: 6.3, status: 'final' }]);
    expect(first.json()).toMatchObject({ alertsRaised: 1, filed: [{ flag: 'critical_high' }] });
    const firstId = first.json().filed[0].id as string;
    const again = await enter(o.id, [{ test: 'K', value: 6.3, status: 'final' }]); // the same value again: nothing new
    expect(again.json()).toMatchObject({ alertsRaised: 0, filed: [] });
    const corrected = await enter(o.id, [{ test: 'K', value: 7.1, status: 'corrected' }]);
    expect(corrected.json()).toMatchObject({ alertsRaised: 0, filed: [{ flag: 'critical_high' }] });
    const alerts = await alertsFor([firstId, corrected.json().filed[0].id]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ sourceId: firstId, responsibleUserId: doctor.userId, kind: 'critical_result' });
    expect(alerts[0]!.summary).toBe('Potassium 6.3 mmol/L (critical high)');
  });

  it('6.2 mmol/L (at the limit) raises nothing; a failed filing leaves no alert', async () => {
    const o = await collectedOrder('K');
    const res = await enter(o.id, [{ test: 'K', value: 6.2, status: 'final' }]);
    expect(res.json()).toMatchObject({ alertsRaised: 0, filed: [{ flag: 'high' }] });
    const o2 = await collectedOrder('BMP');
    const failed = await enter(o2.id, [
      { test: 'K', value: 7, status: 'final' },
      { test: 'CA', value: 1, unit: 'kg', status: 'final' },
    ]);
    expect(failed.statusCode).toBe(422);
    expect(await t.db.select().from(labResults).where(eq(labResults.orderId, o2.id))).toHaveLength(0);
    const before = await t.db.select().from(clinicalAlerts);
    expect(before.every((a) => a.summary !== 'Potassium 7 mmol/L (critical high)')).toBe(true);
  });
});

describe('review', () => {
  it('one with a finding, or a batch of my own; a batch never acknowledges a clinical alert', async () => {
    const a = await collectedOrder('K');
    const b = await collectedOrder('K');
    const c = await collectedOrder('K');
    await enter(a.id, [{ test: 'K', value: 4, status: 'final' }]);
    const critical = await enter(b.id, [{ test: 'K', value: 2.5, status: 'final' }]);
    const one = await api(t, 'POST', `/api/v1/lab-orders/${a.id}/review`, { token: doctor.token, body: { comment: 'Normal, no action' } });
    expect(one.json()).toMatchObject({ status: 'reviewed', reviewComment: 'Normal, no action' });
    expect((await api(t, 'POST', `/api/v1/lab-orders/${a.id}/review`, { token: doctor.token, body: {} })).statusCode).toBe(409);

    const toReview = await api(t, 'GET', '/api/v1/lab-results/to-review', { token: doctor.token });
    const listed = toReview.json<{ items: { order: { id: string }; critical: boolean }[] }>().items;
    expect(listed.find((i) => i.order.id === b.id)?.critical).toBe(true);

    // c is not resulted; another doctor's batch reviews nothing of mine.
    expect((await api(t, 'POST', '/api/v1/lab-results/review', { token: otherDoctor.token, body: { orderIds: [b.id] } })).json()).toEqual({
      reviewed: [],
      skipped: [b.id],
    });
    const batch = await api(t, 'POST', '/api/v1/lab-results/review', {
      token: doctor.token,
      body: { orderIds: [b.id, c.id], comment: 'Seen' },
    });
    expect(batch.json()).toEqual({ reviewed: [b.id], skipped: [c.id] });
    const [alert] = await alertsFor([critical.json().filed[0].id]);
    expect(alert!.status).toBe('open');
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'lab_order.review'), eq(auditEvents.resourceId, b.id)));
    expect(audit).toHaveLength(1);
  });
});

describe('results from outside laboratories: accession AND MRN must match the same order', () => {
  it('files only on a full match, else unmatched with the reason and nothing filed', async () => {
    const o = await collectedOrder('BMP');
    const results = [{ loinc: '2823-3', value: 6.8, unit: 'mmol/L', status: 'final' as const }];
    const now = t.clock.now();
    expect(await fileInboundLabResult(t.db, now, { accessionNumber: 'A0', patientMrn: patient.mrn, results })).toEqual({
      outcome: 'unmatched',
      reason: 'No order has this accession number.',
    });
    const wrongMrn = await fileInboundLabResult(t.db, now, { accessionNumber: o.accessionNumber, patientMrn: child.mrn, results });
    expect(wrongMrn.outcome).toBe('unmatched');
    const notInOrder = await fileInboundLabResult(t.db, now, {
      accessionNumber: o.accessionNumber,
      patientMrn: patient.mrn,
      results: [{ loinc: '718-7', value: 12, status: 'final' }],
    });
    expect(notInOrder).toMatchObject({ outcome: 'unmatched' });
    expect(await t.db.select().from(labResults).where(eq(labResults.orderId, o.id))).toHaveLength(0);
    const ok = await fileInboundLabResult(t.db, now, { accessionNumber: o.accessionNumber, patientMrn: patient.mrn, results });
    expect(ok).toEqual({ outcome: 'filed', orderId: o.id });
    // A resend of the same result is filed without a second value or alert.
    expect(await fileInboundLabResult(t.db, now, { accessionNumber: o.accessionNumber, patientMrn: patient.mrn, results })).toEqual({
      outcome: 'filed',
      orderId: o.id,
    });
    const rows = await t.db.select().from(labResults).where(eq(labResults.orderId, o.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'hl7', flag: 'critical_high' });
    expect(await alertsFor([rows[0]!.id])).toHaveLength(1);
  });
});

describe('FHIR import (POST /fhir/r4/DiagnosticReport, key scope lab-results:write)', () => {
  let key: string;
  let patientsKey: string;
  beforeAll(async () => {
    for (const [scope, set] of [
      ['lab-results:write', (k: string) => (key = k)],
      ['patients:read', (k: string) => (patientsKey = k)],
    ] as const) {
      const k = `cwk_test-${randomUUID()}`;
      await t.db
        .insert(apiKeys)
        .values({ name: `labs ${scope}`, keyHash: hashToken(k), prefix: k.slice(0, 8), scopes: [scope], createdAt: t.clock.now() });
      set(k);
    }
  });

  const report = (accession: string, mrn: string, value = 6.8) => ({
    resourceType: 'DiagnosticReport',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '51990-0' }] },
    identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'ACSN' }] }, value: accession }],
    subject: { identifier: { value: mrn } },
    effectiveDateTime: '2026-11-27T08:00:00Z',
    contained: [
      {
        resourceType: 'Observation',
        id: 'k',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '2823-3' }] },
        valueQuantity: { value, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
      },
    ],
    result: [{ reference: '#k' }],
  });
  const post = (body: unknown, credential = key) =>
    t.app.inject({
      method: 'POST',
      url: '/fhir/r4/DiagnosticReport',
      headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(body),
    });

  it('files a matching report and raises the alert; unmatched is 422 OperationOutcome naming the reason; wrong scope 403', async () => {
    const o = await collectedOrder('BMP');
    expect((await post(report(o.accessionNumber, patient.mrn), patientsKey)).statusCode).toBe(403);
    const unmatched = await post(report(o.accessionNumber, child.mrn));
    expect(unmatched.statusCode).toBe(422);
    expect(unmatched.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', details: { text: expect.stringContaining('MRN does not match') } }],
    });
    expect(await t.db.select().from(labResults).where(eq(labResults.orderId, o.id))).toHaveLength(0);
    const invalid = await post({ resourceType: 'DiagnosticReport' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().resourceType).toBe('OperationOutcome');
    const ok = await post(report(o.accessionNumber, patient.mrn));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.headers['content-type']).toContain('application/fhir+json');
    const [row] = await t.db.select().from(labResults).where(eq(labResults.orderId, o.id));
    expect(row).toMatchObject({ source: 'fhir', flag: 'critical_high', value: 6.8 });
    expect(await alertsFor([row!.id])).toHaveLength(1);
    const [orderRow] = await t.db.select().from(labOrders).where(eq(labOrders.id, o.id));
    expect(orderRow!.status).toBe('resulted');
  });
});
