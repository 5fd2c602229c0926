import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { patients } from '../patients/index.js';
import { medicationProducts } from './medications.tables.js';
import { seedFormularyProducts } from './medications.seed.js';
import { prescriptionAlerts, prescriptions } from './prescriptions.tables.js';

describe('prescriptions: staff pages (chart → medicines → new → checks → sign → stop)', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let nurse: TestAccount;
  let patientId: string;
  let simvastatinId: string;
  let clarithromycinId: string;

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    nurse = await createAccount(t, { role: 'nurse' });
    const patient = await createAccount(t, { role: 'patient' });
    patientId = patient.patientId!;
    await putOnCareTeam(t, patientId, doctor.staffId!);
    await putOnCareTeam(t, patientId, nurse.staffId!);
    await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patientId));
    await seedFormularyProducts(t.db, t.clock.now(), doctor.userId, [
      { name: 'Simvastatin 20 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['36567', 20, 'mg']] },
      { name: 'Clarithromycin 500 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['21212', 500, 'mg']] },
    ]);
    const rows = await t.db.select().from(medicationProducts);
    simvastatinId = rows.find((r) => r.name.startsWith('Simvastatin'))!.id;
    clarithromycinId = rows.find((r) => r.name.startsWith('Clarithromycin'))!.id;
  });

  const form = (productId: string, over: Record<string, string> = {}) => ({
    productId,
    doseValue: '1',
    doseUnit: '{tablet}',
    frequencyKind: 'times_a_day',
    times: '1',
    startsAt: '2030-01-15T09:00',
    durationDays: '7',
    refills: '0',
    ...over,
  });

  async function prescribe(page: PageSession, productId: string) {
    const newUrl = `/staff/patients/${patientId}/medicines/new`;
    const res = await page.post(newUrl, form(productId), { csrfFrom: `${newUrl}?query=${encodeURIComponent('tablet')}` });
    expect(res.statusCode).toBe(303);
    return res.headers.location as string;
  }

  it('a doctor reaches Medicines from the chart, prescribes, sees the interaction with its source, overrides with a reason and signs', async () => {
    const page = new PageSession(t, doctor.cookie);
    const chart = await page.get(`/staff/patients/${patientId}/chart`);
    expect(chart.body).toContain(`href="/staff/patients/${patientId}/medicines"`);
    const list = await page.get(`/staff/patients/${patientId}/medicines`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/staff/patients/${patientId}/medicines/new"`);
    const search = await page.get(`/staff/patients/${patientId}/medicines/new?query=simva`);
    expect(search.body).toContain('Simvastatin 20 mg tablet');

    // The first medicine: no alerts, signed straight away.
    const first = await prescribe(page, simvastatinId);
    const firstPage = await page.get(first);
    expect(firstPage.body).toContain('No alerts.');
    expect(firstPage.body).toContain('class="patient-banner"');
    expect((await page.post(`${first}/sign`, {}, { csrfFrom: first })).statusCode).toBe(303);

    // The second interacts: the draft's page shows the alert, its source and the consequence marked unreviewed.
    const second = await prescribe(page, clarithromycinId);
    const secondPage = await page.get(second);
    expect(secondPage.body).toContain('Drug interaction');
    expect(secondPage.body).toContain('ONC high-priority DDI list');
    expect(secondPage.body).toContain('awaiting clinician review');
    expect(secondPage.body).toContain('VA NDF-RT drug interactions');
    const secondId = second.split('/').pop()!;

    // Signing without reasons: refused (422), the alerts shown again, nothing written.
    const refused = await page.post(`${second}/sign`, {}, { csrfFrom: second });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Give a reason to override');
    expect((await t.db.select().from(prescriptions).where(eq(prescriptions.id, secondId)))[0]!.status).toBe('draft');

    const keys = [...secondPage.body.matchAll(/name="(overrideKey\d+)" value="([^"]+)"/g)].map((m) => [m[1]!, m[2]!] as const);
    expect(keys.length).toBeGreaterThan(0);
    const body: Record<string, string> = {};
    keys.forEach(([name, key], i) => {
      body[name] = key;
      body[`overrideReason${i}`] = 'Short course, statin held';
    });
    expect((await page.post(`${second}/sign`, body, { csrfFrom: second })).statusCode).toBe(303);
    const signed = await page.get(second);
    expect(signed.body).toContain('Short course, statin held');
    const stored = await t.db.select().from(prescriptionAlerts).where(eq(prescriptionAlerts.prescriptionId, secondId));
    expect(stored.every((a) => !a.requiresOverride || a.overrideReason === 'Short course, statin held')).toBe(true);

    // Stop with a reason.
    expect((await page.post(`${second}/stop`, { reason: 'Infection treated' }, { csrfFrom: second })).statusCode).toBe(303);
    expect((await t.db.select().from(prescriptions).where(eq(prescriptions.id, secondId)))[0]).toMatchObject({
      status: 'stopped',
      stopReason: 'Infection treated',
    });
  });

  it("lists two patients' medicines in turn, each only its own (the list's statement is built once)", async () => {
    const other = (await createAccount(t, { role: 'patient' })).patientId!;
    await putOnCareTeam(t, other, doctor.staffId!);
    await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, other));
    const page = new PageSession(t, doctor.cookie);
    const newUrl = `/staff/patients/${other}/medicines/new`;
    const created = await page.post(newUrl, form(clarithromycinId), { csrfFrom: `${newUrl}?query=tablet` });
    expect(created.statusCode).toBe(303);
    const otherIds = [(created.headers.location as string).split('/').pop()!];
    const ownIds = (await t.db.select({ id: prescriptions.id }).from(prescriptions).where(eq(prescriptions.patientId, patientId))).map(
      (r) => r.id,
    );
    expect(ownIds.length).toBeGreaterThan(0);
    for (const [whose, shown, hidden] of [
      [patientId, ownIds, otherIds],
      [other, otherIds, ownIds],
      [patientId, ownIds, otherIds],
    ] as const) {
      const list = await page.get(`/staff/patients/${whose}/medicines`);
      expect(list.statusCode).toBe(200);
      for (const id of shown) expect(list.body).toContain(id);
      for (const id of hidden) expect(list.body).not.toContain(id);
    }
    // One prescription's page (its statement built once too): each its own prescription and patient.
    for (const [id, whose, notWhose] of [
      [ownIds[0]!, patientId, other],
      [otherIds[0], other, patientId],
      [ownIds[0]!, patientId, other],
    ] as const) {
      const shown = await page.get(`/staff/prescriptions/${id}`);
      expect(shown.statusCode).toBe(200);
      expect(shown.body).toContain(`/staff/patients/${whose}/`);
      expect(shown.body).not.toContain(`/staff/patients/${notWhose}/`);
    }
  });

  it('bad form input is shown beside the field; a nurse reads but cannot prescribe', async () => {
    const page = new PageSession(t, doctor.cookie);
    const newUrl = `/staff/patients/${patientId}/medicines/new`;
    const res = await page.post(newUrl, form(simvastatinId, { doseUnit: '' }), { csrfFrom: newUrl });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('f-doseUnit-error');
    const noDose = await page.post(newUrl, form(simvastatinId, { times: '0' }), { csrfFrom: newUrl });
    expect(noDose.statusCode).toBe(422);
    expect(noDose.body).toContain('f-times-error');

    const nursePage = new PageSession(t, nurse.cookie);
    const list = await nursePage.get(`/staff/patients/${patientId}/medicines`);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('/medicines/new"');
    expect((await nursePage.get(newUrl)).statusCode).toBe(403);
  });

  it('a doctor prescribes from an encounter: its "Prescribe" opens the form for the patient, and the prescription belongs to the encounter', async () => {
    const opened = await api(t, 'POST', `/api/v1/patients/${patientId}/encounters`, { token: doctor.token, body: { type: 'outpatient' } });
    expect(opened.statusCode, opened.body).toBe(201);
    const encounterId = opened.json().id as string;
    const page = new PageSession(t, doctor.cookie);
    const newUrl = `/staff/patients/${patientId}/medicines/new?encounter=${encounterId}`;
    expect((await page.get(`/staff/encounters/${encounterId}`)).body).toContain(`href="${newUrl}"`);
    expect((await page.get(newUrl)).body).toContain(`name="encounterId" value="${encounterId}"`);
    const res = await page.post(`/staff/patients/${patientId}/medicines/new`, form(simvastatinId, { encounterId }), { csrfFrom: newUrl });
    expect(res.statusCode).toBe(303);
    const id = (res.headers.location as string).split('/').pop()!;
    const [row] = await t.db.select().from(prescriptions).where(eq(prescriptions.id, id));
    expect(row).toMatchObject({ encounterId, patientId, status: 'draft' });
  });
});
