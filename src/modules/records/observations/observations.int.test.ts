import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { observations } from '../index.js';

/** Patients' own readings on care-plan goals, and clinicians' progress values, as coded observations. */
describe('observations: readings on care-plan goals', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let patient: TestAccount;
  let otherPatient: TestAccount;
  let planId: string;
  let systolicId: string;
  let noMeasureGoalId: string;

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    patient = await createAccount(t, { role: 'patient' });
    otherPatient = await createAccount(t, { role: 'patient' });
    await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
    const created = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/care-plans`, {
      token: doctor.token,
      body: { templateCode: 'hypertension' },
    });
    planId = created.json().id;
    const withGoal = await api(t, 'POST', `/api/v1/care-plans/${planId}/goals`, {
      token: doctor.token,
      body: { description: 'Walk 30 minutes a day' },
      headers: { 'if-match': '"1"' },
    });
    noMeasureGoalId = withGoal.json().goals.find((g: { description: string }) => g.description === 'Walk 30 minutes a day').id;
    const active = await api(t, 'POST', `/api/v1/care-plans/${planId}/activate`, {
      token: doctor.token,
      headers: { 'if-match': `"${withGoal.json().version}"` },
    });
    expect(active.statusCode).toBe(200);
    systolicId = active.json().goals.find((g: { measureCode: string | null }) => g.measureCode === '8480-6').id;
  });

  const reading = (goalId: string, body: unknown, token = patient.token) =>
    api(t, 'POST', `/api/v1/care-plans/${planId}/goals/${goalId}/readings`, { token, body });

  it('templates give measuring goals their LOINC code and UCUM unit', async () => {
    const plan = (await api(t, 'GET', `/api/v1/care-plans/${planId}`, { token: doctor.token })).json();
    expect(plan.goals.map((g: { measureCode: string | null; targetUnit: string | null }) => [g.measureCode, g.targetUnit])).toEqual(
      expect.arrayContaining([
        ['8480-6', 'mm[Hg]'],
        ['8462-4', 'mm[Hg]'],
        [null, null],
      ]),
    );
  });

  it('stores a patient reading as a coded observation with the clock time, and audits it', async () => {
    t.clock.advance(60_000);
    const res = await reading(systolicId, { value: 128 });
    expect(res.statusCode).toBe(201);
    const goal = res.json().goals.find((g: { id: string }) => g.id === systolicId);
    expect(goal.readings).toEqual([expect.objectContaining({ code: '8480-6', value: 128, unit: 'mm[Hg]', source: 'patient' })]);
    const [row] = await t.db.select().from(observations).where(eq(observations.goalId, systolicId));
    expect(row).toMatchObject({
      patientId: patient.patientId,
      codeSystem: 'http://loinc.org',
      code: '8480-6',
      value: 128,
      unit: 'mm[Hg]',
      source: 'patient',
      recordedBy: patient.userId,
    });
    expect(row!.effectiveAt.getTime()).toBe(t.clock.now().getTime());
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'observation.create'), eq(auditEvents.patientId, patient.patientId!)));
    expect(audits).toHaveLength(1);
  });

  it('refuses impossible values naming the field, and goals that measure nothing', async () => {
    const high = await reading(systolicId, { value: 1280 });
    expect(high.statusCode).toBe(400);
    expect(high.json().errors).toEqual([expect.objectContaining({ path: 'value', message: 'Must be between 40 and 300 mm[Hg]' })]);
    expect((await reading(systolicId, { value: 'high' })).statusCode).toBe(400);
    const none = await reading(noMeasureGoalId, { value: 5 });
    expect(none.statusCode).toBe(422);
    expect(none.json().errors[0].path).toBe('value');
    expect(await t.db.select().from(observations).where(eq(observations.goalId, noMeasureGoalId))).toHaveLength(0);
  });

  it('only the patient records readings on their own plan', async () => {
    expect((await reading(systolicId, { value: 120 }, otherPatient.token)).statusCode).toBe(404);
    expect((await reading(systolicId, { value: 120 }, doctor.token)).statusCode).toBe(404);
  });

  it("a clinician's progress value on a coded goal writes the same store, linked to the note", async () => {
    const res = await api(t, 'POST', `/api/v1/care-plans/${planId}/progress`, {
      token: doctor.token,
      body: { text: 'Clinic reading', goalId: systolicId, measuredValue: 142 },
    });
    expect(res.statusCode).toBe(201);
    const goal = res.json().goals.find((g: { id: string }) => g.id === systolicId);
    expect(goal.readings.map((r: { value: number; source: string }) => [r.value, r.source])).toEqual([
      [128, 'patient'],
      [142, 'clinician'],
    ]);
    const rows = await t.db.select().from(observations).where(eq(observations.source, 'clinician'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.progressId).toBe(res.json().progress.at(-1).id);
    const bad = await api(t, 'POST', `/api/v1/care-plans/${planId}/progress`, {
      token: doctor.token,
      body: { text: 'Typo', goalId: systolicId, measuredValue: 14200 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('measuredValue');
  });

  it('portal: the patient records a reading from the plan page and sees it; a refusal is explained beside the field', async () => {
    const session = new PageSession(t, patient.cookie);
    const view = await session.get(`/portal/care-plans/${planId}`);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('Your readings');
    expect(view.body).toContain('Systolic blood pressure');
    expect(view.body).toContain('128 mmHg');
    const refused = await session.post(`/portal/care-plans/${planId}/goals/${systolicId}/readings`, { value: '999' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('This value is not possible: enter a value between 40 and 300 mmHg.');
    const saved = await session.post(`/portal/care-plans/${planId}/goals/${systolicId}/readings`, { value: '131.5' });
    expect(saved.statusCode).toBe(303);
    const after = await session.get(saved.headers.location as string);
    expect(after.body).toContain('Your reading was saved.');
    expect(after.body).toContain('131.5 mmHg');
    const staff = await new PageSession(t, doctor.cookie).get(`/staff/care-plans/${planId}`);
    expect(staff.body).toContain('131.5 mmHg');
    expect(staff.body).toContain('Patient');
  });

  it('asks to confirm a possible but unusual value (as vitals do), then stores it flagged', async () => {
    const before = (await t.db.select().from(observations).where(eq(observations.goalId, systolicId))).length;
    const unusual = await reading(systolicId, { value: 270 }); // possible (40–300), beyond the plausible 250
    expect(unusual.statusCode).toBe(422);
    expect(unusual.json()).toMatchObject({ code: 'confirmation_required', errors: [expect.objectContaining({ path: 'value' })] });
    expect(await t.db.select().from(observations).where(eq(observations.goalId, systolicId))).toHaveLength(before);
    expect((await reading(systolicId, { value: 270, confirmImplausible: true })).statusCode).toBe(201);
    const note = { text: 'Clinic reading', goalId: systolicId, measuredValue: 55 }; // below the plausible 60
    const progress = (body: unknown) => api(t, 'POST', `/api/v1/care-plans/${planId}/progress`, { token: doctor.token, body });
    const refused = await progress(note);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].path).toBe('measuredValue');
    expect((await progress({ ...note, confirmImplausible: true })).statusCode).toBe(201);
    const flagged = await t.db
      .select({ value: observations.value, source: observations.source })
      .from(observations)
      .where(and(eq(observations.goalId, systolicId), eq(observations.flag, 'implausible')));
    expect(flagged.sort((a, b) => a.value - b.value)).toEqual([
      { value: 55, source: 'clinician' },
      { value: 270, source: 'patient' },
    ]);
  });

  it('pages: an unusual value comes back with a box to tick, and saves once ticked', async () => {
    const session = new PageSession(t, patient.cookie);
    await session.get(`/portal/care-plans/${planId}`);
    const url = `/portal/care-plans/${planId}/goals/${systolicId}/readings`;
    const asked = await session.post(url, { value: '260' });
    expect(asked.statusCode).toBe(422);
    expect(asked.body).toContain('This value is unusual. Check it, tick the box and save again.');
    expect(asked.body).toContain('name="confirmImplausible"');
    expect((await session.post(url, { value: '260', confirmImplausible: 'true' })).statusCode).toBe(303);
    const staff = new PageSession(t, doctor.cookie);
    await staff.get(`/staff/care-plans/${planId}`);
    const note = { text: 'Clinic reading', goalId: systolicId, measuredValue: '52' };
    const staffAsked = await staff.post(`/staff/care-plans/${planId}/progress`, note);
    expect(staffAsked.statusCode).toBe(422);
    expect(staffAsked.body).toContain('name="confirmImplausible"');
    expect((await staff.post(`/staff/care-plans/${planId}/progress`, { ...note, confirmImplausible: 'true' })).statusCode).toBe(303);
  });
});
