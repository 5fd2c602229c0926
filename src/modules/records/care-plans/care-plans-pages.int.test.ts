import { and, asc, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { carePlanActivities, carePlanGoals, carePlanProgress, carePlans } from './care-plans.tables.js';

const t = useTestApp();
let doctor: TestAccount;
let nurse: TestAccount;
let outsider: TestAccount;
let patient: TestAccount;
let otherPatient: TestAccount;

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  nurse = await createAccount(t, { role: 'nurse' });
  outsider = await createAccount(t, { role: 'nurse' });
  patient = await createAccount(t, { role: 'patient' });
  otherPatient = await createAccount(t, { role: 'patient' });
  await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
  await putOnCareTeam(t, patient.patientId!, nurse.staffId!);
});

const planRow = async (id: string) => (await t.db.select().from(carePlans).where(eq(carePlans.id, id)))[0]!;

describe('care-plan pages', () => {
  it('the clinician creates a plan from a template, edits it with _version, adds goals, activities and progress', async () => {
    const page = new PageSession(t, doctor.cookie);
    const list = await page.get(`/staff/patients/${patient.patientId}/care-plans`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('name="templateCode"');

    const empty = await page.post(`/staff/patients/${patient.patientId}/care-plans`, { templateCode: '', title: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('aria-invalid="true"');

    const created = await page.post(`/staff/patients/${patient.patientId}/care-plans`, { templateCode: 'type2_diabetes', title: '' });
    expect(created.statusCode).toBe(303);
    const planUrl = created.headers.location as string;
    const planId = planUrl.split('/').pop()!;
    const view = await page.get(planUrl);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('HbA1c &lt; 7.0 %');
    expect(view.body).toContain('name="_version" value="1"');
    expect(view.body).toContain('ADA Standards of Care');

    const stale = await page.post(planUrl, { _version: '0', title: 'x', conditionCode: '', description: '', nextReviewDate: '' });
    expect(stale.statusCode).toBe(400); // _version 0 is not a version this app returned
    const edited = await page.post(planUrl, {
      _version: '1',
      title: 'Diabetes plan',
      conditionCode: 'E11.9',
      description: 'Agreed with the patient',
      nextReviewDate: '2027-02-01',
    });
    expect(edited.statusCode).toBe(303);
    expect(await planRow(planId)).toMatchObject({ title: 'Diabetes plan', version: 2 });
    const old = await page.post(planUrl, { _version: '1', title: 'Lost update', conditionCode: '', description: '', nextReviewDate: '' });
    expect(old.statusCode, old.body.match(/<main[\s\S]*?<\/main>/)?.[0]).toBe(412);
    expect((await planRow(planId)).title).toBe('Diabetes plan');

    const goal = await page.post(`${planUrl}/goals`, {
      _version: '2',
      goalDescription: 'Walk daily',
      target: '30 minutes a day',
      measure: '',
      targetValue: '',
      targetUnit: '',
      dueDate: '',
    });
    expect(goal.statusCode).toBe(303);
    expect(
      (await t.db.select().from(carePlanGoals).where(eq(carePlanGoals.carePlanId, planId))).some((g) => g.description === 'Walk daily'),
    ).toBe(true);

    const refused = await page.post(`${planUrl}/activities`, {
      _version: '3',
      activityDescription: 'Foot check',
      responsibleStaffId: outsider.staffId!,
      frequency: 'Yearly',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('aria-invalid="true"');
    const activity = await page.post(`${planUrl}/activities`, {
      _version: '3',
      activityDescription: 'Foot check',
      responsibleStaffId: nurse.staffId!,
      frequency: 'Yearly',
    });
    expect(activity.statusCode).toBe(303);
    expect(
      (await t.db.select().from(carePlanActivities).where(eq(carePlanActivities.carePlanId, planId))).find(
        (a) => a.description === 'Foot check',
      )?.responsibleStaffId,
    ).toBe(nurse.staffId);

    expect((await page.post(`${planUrl}/activate`, { _version: '4' })).statusCode).toBe(303);
    const a1c = (await t.db.select().from(carePlanGoals).where(eq(carePlanGoals.carePlanId, planId))).find((g) => g.measure === 'HbA1c')!;
    const progress = await page.post(`${planUrl}/progress`, { text: 'Improving', goalId: a1c.id, measuredValue: '7.4' });
    expect(progress.statusCode).toBe(303);
    expect((await t.db.select().from(carePlanProgress).where(eq(carePlanProgress.carePlanId, planId)))[0]).toMatchObject({
      measuredValue: 7.4,
      goalId: a1c.id,
    });
    const met = await page.post(`${planUrl}/goals/${a1c.id}`, { _version: '5', status: 'met' });
    expect(met.statusCode).toBe(303);
    expect((await t.db.select().from(carePlanGoals).where(eq(carePlanGoals.id, a1c.id)))[0]!.status).toBe('met');
  });

  it('the patient sees their active plan and its progress read-only, and not another patient’s', async () => {
    const plan = (
      await api(t, 'POST', `/api/v1/patients/${patient.patientId}/care-plans`, {
        token: doctor.token,
        body: { templateCode: 'hypertension' },
      })
    ).json();
    await api(t, 'POST', `/api/v1/care-plans/${plan.id}/activate`, { token: doctor.token, headers: { 'if-match': '"1"' } });
    await api(t, 'POST', `/api/v1/care-plans/${plan.id}/progress`, {
      token: doctor.token,
      body: { text: 'Home readings reviewed', goalId: plan.goals[0].id, measuredValue: 142 },
    });

    const mine = new PageSession(t, patient.cookie);
    const list = await mine.get('/portal/care-plans');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/portal/care-plans/${plan.id}`);
    const view = await mine.get(`/portal/care-plans/${plan.id}`);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('Systolic BP &lt; 130 mmHg');
    expect(view.body).toContain('142');
    expect(view.body).not.toContain('action="/staff/care-plans');
    expect(view.body).not.toContain('name="_version"');

    const other = new PageSession(t, otherPatient.cookie);
    expect((await other.get(`/portal/care-plans/${plan.id}`)).statusCode).toBe(404);
    expect((await other.get('/portal/care-plans')).body).not.toContain(plan.id);
    expect((await new PageSession(t, doctor.cookie).get('/portal/care-plans')).statusCode).toBe(404);
  });

  it('the editor reads two patients’ plans in turn, each with its own care team as assignees, under one audit row each', async () => {
    // The plan and its team are one view built once (issue 11): the second plan must not offer the first's team.
    const colleague = await createAccount(t, { role: 'nurse' });
    await putOnCareTeam(t, otherPatient.patientId!, doctor.staffId!);
    await putOnCareTeam(t, otherPatient.patientId!, colleague.staffId!);
    const page = new PageSession(t, doctor.cookie);
    const planOf = async (patientId: string) => {
      await page.get(`/staff/patients/${patientId}/care-plans`);
      const created = await page.post(`/staff/patients/${patientId}/care-plans`, { templateCode: 'copd', title: '' });
      expect(created.statusCode, created.body).toBe(303);
      return (created.headers.location as string).split('/').pop()!;
    };
    const first = await planOf(patient.patientId!);
    const second = await planOf(otherPatient.patientId!);
    for (const [planId, own, other] of [
      [first, nurse, colleague],
      [second, colleague, nurse],
      [first, nurse, colleague],
    ] as const) {
      const view = await page.get(`/staff/care-plans/${planId}`);
      expect(view.statusCode).toBe(200);
      expect(view.body).toContain(`value="${own.staffId}"`);
      expect(view.body).toContain(`value="${doctor.staffId}"`);
      expect(view.body).not.toContain(`value="${other.staffId}"`);
    }
    const rows = await t.db
      .select({
        action: auditEvents.action,
        patientId: auditEvents.patientId,
        resourceId: auditEvents.resourceId,
        detail: auditEvents.detail,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, doctor.userId), inArray(auditEvents.action, ['care_plan.read', 'care_team.list'])))
      .orderBy(asc(auditEvents.id));
    const viewed = rows.slice(-3);
    expect(viewed.map((r) => [r.action, r.resourceId, r.patientId])).toEqual([
      ['care_plan.read', first, patient.patientId],
      ['care_plan.read', second, otherPatient.patientId],
      ['care_plan.read', first, patient.patientId],
    ]);
    const detail = { tier: 'care_team', sections: ['care_plan', 'care_team'] };
    expect(viewed.map((r) => r.detail)).toEqual([detail, detail, detail]);
  });
});
