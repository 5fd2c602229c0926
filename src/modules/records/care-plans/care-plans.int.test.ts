import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { roleHasPermission } from '../../../platform/authz/permissions.js';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { carePlanActivities, carePlanGoals, carePlanProgress, carePlans } from './care-plans.tables.js';

const t = useTestApp();
let doctor: TestAccount;
let nurse: TestAccount;
let outsider: TestAccount;
let billing: TestAccount;
let patient: TestAccount;
let otherPatient: TestAccount;

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  nurse = await createAccount(t, { role: 'nurse' });
  outsider = await createAccount(t, { role: 'doctor' });
  billing = await createAccount(t, { role: 'billing' });
  patient = await createAccount(t, { role: 'patient' });
  otherPatient = await createAccount(t, { role: 'patient' });
  await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
  await putOnCareTeam(t, patient.patientId!, nurse.staffId!);
});

const createPlan = (body: unknown, token = doctor.token, patientId = patient.patientId!) =>
  api(t, 'POST', `/api/v1/patients/${patientId}/care-plans`, { token, body });
const auditRows = (action: string, outcome: 'success' | 'denied' = 'success') =>
  t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, outcome)));

describe('care plans: templates', () => {
  it("stores a template's texts in the creator's language, and lists the templates in the Accept-Language", async () => {
    const spanish = await createAccount(t, { role: 'doctor' });
    await t.db.update(users).set({ locale: 'es' }).where(eq(users.id, spanish.userId));
    await putOnCareTeam(t, otherPatient.patientId!, spanish.staffId!);
    const res = await createPlan({ templateCode: 'hypertension' }, spanish.token, otherPatient.patientId!);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ title: 'Plan de cuidados de hipertensión', conditionCode: 'I10' });
    expect(res.json().goals[0]).toMatchObject({ description: 'Presión arterial sistólica en el objetivo', targetValue: 130 });
    expect(res.json().source).toContain('Guía ACC/AHA 2017');
    const listed = await api(t, 'GET', '/api/v1/care-plan-templates', { token: doctor.token, headers: { 'accept-language': 'fr' } });
    expect(listed.json().items.map((i: { title: string }) => i.title)).toContain('Plan de soins de la BPCO');
    const english = await api(t, 'GET', '/api/v1/care-plan-templates', { token: doctor.token });
    expect(JSON.stringify(english.json())).not.toMatch(/CLINICAL|§/);
    expect(english.json().items.map((i: { title: string }) => i.title)).toContain('COPD care plan');
  });

  it('creates a type 2 diabetes plan with goals, targets and activities from the template', async () => {
    const res = await createPlan({ templateCode: 'type2_diabetes' });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const plan = res.json();
    expect(plan).toMatchObject({
      title: 'Type 2 diabetes care plan',
      conditionCode: 'E11.9',
      status: 'draft',
      version: 1,
      templateCode: 'type2_diabetes',
    });
    expect(plan.source).toContain('ADA');
    expect(plan.considerations.length).toBeGreaterThan(0);
    const a1c = plan.goals.find((g: { measure: string }) => g.measure === 'HbA1c');
    expect(a1c).toMatchObject({ target: 'HbA1c < 7.0 %', targetValue: 7, targetUnit: '%', status: 'in_progress' });
    expect(a1c.dueDate).toBe(new Date(t.clock.now().getTime() + 90 * 86_400_000).toISOString().slice(0, 10));
    expect(new Date(plan.nextReviewAt).getTime()).toBe(t.clock.now().getTime() + 90 * 86_400_000);

    const goals = await t.db.select().from(carePlanGoals).where(eq(carePlanGoals.carePlanId, plan.id));
    const activities = await t.db.select().from(carePlanActivities).where(eq(carePlanActivities.carePlanId, plan.id));
    expect(goals).toHaveLength(plan.goals.length);
    expect(goals.every((g) => g.patientId === patient.patientId)).toBe(true);
    expect(activities.map((a) => a.description)).toContain('Measure HbA1c');
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'care_plan.create'), eq(auditEvents.patientId, patient.patientId!)));
    expect(audit).toMatchObject({ outcome: 'success', actorUserId: doctor.userId, category: 'clinical' });
  });

  it.each([
    ['hypertension', 'I10', 'Systolic BP < 130 mmHg'],
    ['copd', 'J44.9', 'SpO2 88–92 %'],
    ['heart_failure', 'I50.9', 'Potassium 3.5–5.0 mmol/L'],
  ])('creates a %s plan with its targets', async (templateCode, code, target) => {
    const res = await createPlan({ templateCode });
    expect(res.statusCode).toBe(201);
    expect(res.json().conditionCode).toBe(code);
    expect(res.json().goals.map((g: { target: string }) => g.target)).toContain(target);
  });

  it('creates a blank plan from a title, and refuses neither title nor template (400)', async () => {
    const blank = await createPlan({ title: 'Weight management', conditionCode: 'E66.9' });
    expect(blank.statusCode).toBe(201);
    expect(blank.json().goals).toEqual([]);
    const before = (await t.db.select().from(carePlans)).length;
    const bad = await createPlan({ conditionCode: 'E66.9' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
    const unknown = await createPlan({ title: 'x', version: 5 });
    expect(unknown.statusCode).toBe(400);
    expect((await t.db.select().from(carePlans)).length).toBe(before);
  });
});

describe('care plans: versioning', () => {
  it('requires If-Match on PATCH (428), refuses a stale one (412) and applies a current one', async () => {
    const plan = (await createPlan({ templateCode: 'hypertension' })).json();
    const url = `/api/v1/care-plans/${plan.id}`;
    const missing = await api(t, 'PATCH', url, { token: doctor.token, body: { title: 'Changed' } });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('precondition_required');

    const ok = await api(t, 'PATCH', url, { token: doctor.token, body: { title: 'BP plan' }, headers: { 'if-match': '"1"' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');

    const stale = await api(t, 'PATCH', url, { token: nurse.token, body: { title: 'Stale' }, headers: { 'if-match': '"1"' } });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('version_mismatch');
    const [row] = await t.db.select().from(carePlans).where(eq(carePlans.id, plan.id));
    expect(row).toMatchObject({ title: 'BP plan', version: 2 });
  });

  it('activates (If-Match required), tracks goal status and progress over time, then completes', async () => {
    const plan = (await createPlan({ templateCode: 'type2_diabetes' })).json();
    const base = `/api/v1/care-plans/${plan.id}`;
    expect((await api(t, 'POST', `${base}/activate`, { token: doctor.token })).statusCode).toBe(428);
    const active = await api(t, 'POST', `${base}/activate`, { token: doctor.token, headers: { 'if-match': '"1"' } });
    expect(active.statusCode).toBe(200);
    expect(active.json()).toMatchObject({ status: 'active', version: 2 });

    const a1c = plan.goals.find((g: { measure: string }) => g.measure === 'HbA1c');
    const first = await api(t, 'POST', `${base}/progress`, {
      token: nurse.token,
      body: { text: 'Diet reviewed', goalId: a1c.id, measuredValue: 8.1 },
    });
    expect(first.statusCode).toBe(201);
    t.clock.advance(60_000);
    await api(t, 'POST', `${base}/progress`, { token: doctor.token, body: { text: 'Good progress', goalId: a1c.id, measuredValue: 6.8 } });
    const noGoal = await api(t, 'POST', `${base}/progress`, { token: doctor.token, body: { text: 'x', measuredValue: 6.8 } });
    expect(noGoal.statusCode).toBe(400);

    const met = await api(t, 'PATCH', `${base}/goals/${a1c.id}`, {
      token: doctor.token,
      body: { status: 'met' },
      headers: { 'if-match': '"2"' },
    });
    expect(met.statusCode).toBe(200);
    expect(met.json().progress.map((p: { measuredValue: number }) => p.measuredValue)).toEqual([8.1, 6.8]);
    const progressRows = await t.db.select().from(carePlanProgress).where(eq(carePlanProgress.carePlanId, plan.id));
    expect(progressRows).toHaveLength(2);

    const list = await api(t, 'GET', `/api/v1/patients/${patient.patientId}/care-plans`, { token: doctor.token });
    expect(list.json().items.find((p: { id: string }) => p.id === plan.id)).toMatchObject({
      goalsMet: 1,
      goalsTotal: plan.goals.length,
      status: 'active',
    });

    const done = await api(t, 'POST', `${base}/complete`, { token: doctor.token, headers: { 'if-match': '"3"' } });
    expect(done.statusCode).toBe(200);
    expect(done.json().status).toBe('completed');
    const closed = await api(t, 'POST', `${base}/goals`, { token: doctor.token, body: { description: 'Late goal' } });
    expect(closed.statusCode).toBe(409);
  });
});

describe('care plans: responsible team members', () => {
  it('accepts a care-team member and refuses anyone else (422), leaving no activity behind', async () => {
    const plan = (await createPlan({ title: 'Falls prevention' })).json();
    const base = `/api/v1/care-plans/${plan.id}/activities`;
    const refused = await api(t, 'POST', base, {
      token: doctor.token,
      body: { description: 'Home safety visit', responsibleStaffId: outsider.staffId },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('unprocessable');
    expect(await t.db.select().from(carePlanActivities).where(eq(carePlanActivities.carePlanId, plan.id))).toHaveLength(0);

    const ok = await api(t, 'POST', base, {
      token: doctor.token,
      body: { description: 'Home safety visit', responsibleStaffId: nurse.staffId, frequency: 'Once' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().activities[0]).toMatchObject({ responsibleStaffId: nurse.staffId, frequency: 'Once', status: 'planned' });
    expect(ok.json().activities[0].responsibleName).toContain('nurse');

    const activityId = ok.json().activities[0].id;
    const moved = await api(t, 'PATCH', `${base}/${activityId}`, {
      token: doctor.token,
      body: { responsibleStaffId: outsider.staffId },
      headers: { 'if-match': `"${ok.json().version}"` },
    });
    expect(moved.statusCode).toBe(422);
    const [row] = await t.db.select().from(carePlanActivities).where(eq(carePlanActivities.id, activityId));
    expect(row!.responsibleStaffId).toBe(nurse.staffId);
  });
});

describe('care plans: who sees what', () => {
  it('the patient reads their own active plan but not a draft, and never another patient’s (404 + denied audit)', async () => {
    const draft = (await createPlan({ templateCode: 'copd' })).json();
    const active = (await createPlan({ templateCode: 'hypertension' })).json();
    await api(t, 'POST', `/api/v1/care-plans/${active.id}/activate`, { token: doctor.token, headers: { 'if-match': '"1"' } });

    const own = await api(t, 'GET', `/api/v1/care-plans/${active.id}`, { token: patient.token });
    expect(own.statusCode).toBe(200);
    expect(own.json().goals.length).toBeGreaterThan(0);
    const list = await api(t, 'GET', `/api/v1/patients/${patient.patientId}/care-plans`, { token: patient.token });
    const ids = list.json().items.map((p: { id: string }) => p.id);
    expect(ids).toContain(active.id);
    expect(ids).not.toContain(draft.id);
    expect((await api(t, 'GET', `/api/v1/care-plans/${draft.id}`, { token: patient.token })).statusCode).toBe(404);

    const deniedBefore = (await auditRows('care_plan.read', 'denied')).length;
    const foreign = await api(t, 'GET', `/api/v1/care-plans/${active.id}`, { token: otherPatient.token });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('not_found');
    expect(foreign.body).not.toContain('Hypertension');
    const denied = await auditRows('care_plan.read', 'denied');
    expect(denied.length).toBe(deniedBefore + 1);
    expect(denied.some((r) => r.actorUserId === otherPatient.userId && r.patientId === patient.patientId)).toBe(true);
    const foreignList = await api(t, 'GET', `/api/v1/patients/${patient.patientId}/care-plans`, { token: otherPatient.token });
    expect(foreignList.statusCode).toBe(404);

    // Patients cannot write a plan, even their own.
    expect((await createPlan({ templateCode: 'copd' }, patient.token)).statusCode).toBe(403);
  });

  it('billing never sees a plan, and a clinician off the care team gets 404 with a denied audit row', async () => {
    const plan = (await createPlan({ templateCode: 'heart_failure' })).json();
    const billingRes = await api(t, 'GET', `/api/v1/care-plans/${plan.id}`, { token: billing.token });
    // Billing holds records.read for the registration tier; care plans need the clinical tier.
    expect(roleHasPermission('billing', 'records.read')).toBe(true);
    expect(billingRes.statusCode).toBe(404);
    expect(billingRes.body).not.toContain('weight');
    expect((await api(t, 'GET', `/api/v1/patients/${patient.patientId}/care-plans`, { token: billing.token })).statusCode).toBe(404);
    const deniedBilling = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, billing.userId), eq(auditEvents.outcome, 'denied')));
    expect(deniedBilling.length).toBe(2);

    const off = await api(t, 'PATCH', `/api/v1/care-plans/${plan.id}`, {
      token: outsider.token,
      body: { title: 'x' },
      headers: { 'if-match': '"1"' },
    });
    expect(off.statusCode).toBe(404);
    expect((await auditRows('care_plan.update', 'denied')).some((r) => r.actorUserId === outsider.userId)).toBe(true);
    const [row] = await t.db.select().from(carePlans).where(eq(carePlans.id, plan.id));
    expect(row).toMatchObject({ version: 1, title: 'Heart failure care plan' });
  });

  it('audits every read of a plan in the same transaction', async () => {
    const plan = (await createPlan({ templateCode: 'copd' })).json();
    await api(t, 'GET', `/api/v1/care-plans/${plan.id}`, { token: nurse.token });
    const reads = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'care_plan.read'), eq(auditEvents.resourceId, plan.id), eq(auditEvents.outcome, 'success')));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actorUserId: nurse.userId, patientId: patient.patientId, category: 'clinical' });
    expect(JSON.stringify(reads[0]!.detail)).not.toContain('COPD');
    expect((await api(t, 'GET', `/api/v1/care-plans/00000000-0000-4000-8000-000000000000`, { token: nurse.token })).statusCode).toBe(404);
  });

  it('reads each plan whole through one statement built once: two plans of two patients in turn', async () => {
    // The plan's statement is built once and filled per read: each read must give its own plan,
    // with its own goals, and audit its own patient.
    await putOnCareTeam(t, otherPatient.patientId!, doctor.staffId!);
    const first = (await createPlan({ templateCode: 'copd' })).json();
    const second = (await createPlan({ templateCode: 'hypertension' }, doctor.token, otherPatient.patientId!)).json();
    for (const plan of [first, second, first]) {
      const res = await api(t, 'GET', `/api/v1/care-plans/${plan.id}`, { token: doctor.token });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: plan.id, patientId: plan.patientId, title: plan.title });
      expect(res.json().goals.map((g: { id: string }) => g.id)).toEqual(plan.goals.map((g: { id: string }) => g.id));
    }
    const reads = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'care_plan.read'), eq(auditEvents.actorUserId, doctor.userId), eq(auditEvents.outcome, 'success')))
      .orderBy(asc(auditEvents.id));
    expect(reads.filter((r) => r.resourceId === first.id || r.resourceId === second.id).map((r) => [r.resourceId, r.patientId])).toEqual([
      [first.id, patient.patientId],
      [second.id, otherPatient.patientId],
      [first.id, patient.patientId],
    ]);
  });
});
