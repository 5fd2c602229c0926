import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import { notifications } from '../notifications/index.js';
import { careTaskHandoffs, careTasks } from './tasks.tables.js';

/** Care-team tasks (docs/tasks.md): lifecycle, handoffs, access, the assignee's home, notifications, audit. */
const t = useTestApp();
let patient: TestAccount;
let doctor: TestAccount;
let nurse: TestAccount;
let nightNurse: TestAccount;
let outsider: TestAccount;
let receptionist: TestAccount;

const HOUR = 3_600_000;
const dueIn = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();

async function createTask(by: TestAccount, assignee: TestAccount, title = 'Recheck potassium', due = dueIn(2 * HOUR)) {
  return api(t, 'POST', `/api/v1/patients/${patient.patientId}/tasks`, {
    token: by.token,
    body: { title, assigneeStaffId: assignee.staffId, dueAt: due },
  });
}

beforeAll(async () => {
  patient = await createAccount(t, { role: 'patient' });
  doctor = await createAccount(t, { role: 'doctor' });
  nurse = await createAccount(t, { role: 'nurse' });
  nightNurse = await createAccount(t, { role: 'nurse' });
  outsider = await createAccount(t, { role: 'nurse' });
  receptionist = await createAccount(t, { role: 'receptionist' });
  for (const member of [doctor, nurse, nightNurse]) await putOnCareTeam(t, patient.patientId!, member.staffId!);
  await putOnCareTeam(t, patient.patientId!, receptionist.staffId!);
});

describe('care-team tasks (API)', () => {
  it('creates a task for a care-team nurse, notifies them without PHI outside the app, and audits it', async () => {
    const created = await createTask(doctor, nurse, 'Recheck potassium at 14:00');
    expect(created.statusCode).toBe(201);
    const task = created.json();
    expect(task).toMatchObject({ status: 'open', title: 'Recheck potassium at 14:00', overdue: false, handoffs: [] });
    expect(task.assignee.staffId).toBe(nurse.staffId);

    const [note] = await t.db.select().from(notifications).where(eq(notifications.userId, nurse.userId));
    expect(note).toMatchObject({ title: 'A task needs you', link: `/staff/patients/${patient.patientId}/tasks` });
    const external = await t.db.select().from(outbox).where(eq(outbox.recipientUserId, nurse.userId));
    for (const message of external) {
      expect(message.subject).toBe('A task needs you');
      expect(message.text).not.toContain('potassium');
    }
    const audits = await t.db
      .select({ action: auditEvents.action, outcome: auditEvents.outcome, patientId: auditEvents.patientId })
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, task.id));
    expect(audits).toEqual([{ action: 'care_task.create', outcome: 'success', patientId: patient.patientId }]);
  });

  it('refuses an assignee off the care team or not a doctor or nurse (422), and a bad body (400)', async () => {
    expect((await createTask(doctor, outsider)).statusCode).toBe(422);
    expect((await createTask(doctor, receptionist)).statusCode).toBe(422);
    const bad = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/tasks`, {
      token: doctor.token,
      body: { title: 'x'.repeat(201), assigneeStaffId: nurse.staffId, dueAt: dueIn(HOUR) },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('hands a task off (history kept, new holder notified), completes it, and answers 409 once it is finished', async () => {
    const task = (await createTask(doctor, nurse, 'Wound dressing change')).json();
    t.clock.advance(2 * 60_000);
    const handed = await api(t, 'POST', `/api/v1/tasks/${task.id}/reassign`, {
      token: nurse.token,
      body: { assigneeStaffId: nightNurse.staffId, note: 'Shift change' },
    });
    expect(handed.statusCode).toBe(200);
    expect(handed.json().assignee.staffId).toBe(nightNurse.staffId);
    expect(handed.json().handoffs).toHaveLength(1);
    const [history] = await t.db.select().from(careTaskHandoffs).where(eq(careTaskHandoffs.taskId, task.id));
    expect(history).toMatchObject({
      fromStaffId: nurse.staffId,
      toStaffId: nightNurse.staffId,
      handedOffBy: nurse.userId,
      note: 'Shift change',
    });
    expect(history!.at.toISOString()).toBe(t.clock.now().toISOString());
    const nightNotes = await t.db.select().from(notifications).where(eq(notifications.userId, nightNurse.userId));
    expect(nightNotes).toHaveLength(1);

    const same = await api(t, 'POST', `/api/v1/tasks/${task.id}/reassign`, {
      token: nurse.token,
      body: { assigneeStaffId: nightNurse.staffId },
    });
    expect(same.statusCode).toBe(422);

    const done = await api(t, 'POST', `/api/v1/tasks/${task.id}/complete`, { token: nightNurse.token });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', completedAt: t.clock.now().toISOString() });
    const again = await api(t, 'POST', `/api/v1/tasks/${task.id}/complete`, { token: nightNurse.token });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    const cancelDone = await api(t, 'POST', `/api/v1/tasks/${task.id}/cancel`, { token: doctor.token, body: { reason: 'Not needed' } });
    expect(cancelDone.statusCode).toBe(409);
  });

  it('cancels with a reason; completing a cancelled task answers 409 and changes nothing', async () => {
    const task = (await createTask(doctor, nurse, 'Bladder scan')).json();
    expect((await api(t, 'POST', `/api/v1/tasks/${task.id}/cancel`, { token: doctor.token, body: {} })).statusCode).toBe(400);
    const cancelled = await api(t, 'POST', `/api/v1/tasks/${task.id}/cancel`, {
      token: doctor.token,
      body: { reason: 'Catheter removed' },
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Catheter removed' });
    const complete = await api(t, 'POST', `/api/v1/tasks/${task.id}/complete`, { token: nurse.token });
    expect(complete.statusCode).toBe(409);
    const [row] = await t.db.select().from(careTasks).where(eq(careTasks.id, task.id));
    expect(row).toMatchObject({ status: 'cancelled', completedAt: null, cancelledBy: doctor.userId });
    const actions = await t.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceId, task.id), eq(auditEvents.outcome, 'success')));
    expect(actions.map((a) => a.action).sort()).toEqual(['care_task.cancel', 'care_task.create']);
  });

  it('lets one of a simultaneous complete and cancel win; the other answers 409', async () => {
    const task = (await createTask(doctor, nurse, 'Fluid balance chart')).json();
    const answers = await Promise.all([
      api(t, 'POST', `/api/v1/tasks/${task.id}/complete`, { token: nurse.token }),
      api(t, 'POST', `/api/v1/tasks/${task.id}/cancel`, { token: doctor.token, body: { reason: 'Duplicate' } }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const [row] = await t.db.select().from(careTasks).where(eq(careTasks.id, task.id));
    expect(['done', 'cancelled']).toContain(row!.status);
  });

  it("lists the patient's tasks for the care team, audited", async () => {
    const list = await api(t, 'GET', `/api/v1/patients/${patient.patientId}/tasks`, { token: nurse.token });
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toContain('no-store');
    const items = list.json().items as { status: string }[];
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items[0]!.status).toBe('open'); // open first
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'care_task.list'), eq(auditEvents.actorUserId, nurse.userId)));
    expect(audit).toMatchObject({ patientId: patient.patientId, outcome: 'success' });
  });

  it("reads two patients' tasks in turn, each with only its own tasks, care team and audit row (a view built once)", async () => {
    const second = await createAccount(t, { role: 'patient' });
    const secondDoctor = await createAccount(t, { role: 'doctor' });
    for (const member of [nurse, secondDoctor]) await putOnCareTeam(t, second.patientId!, member.staffId!);
    const created = await api(t, 'POST', `/api/v1/patients/${second.patientId}/tasks`, {
      token: nurse.token,
      body: { title: 'Second patient dressing', assigneeStaffId: secondDoctor.staffId, dueAt: dueIn(HOUR) },
    });
    expect(created.statusCode, created.body).toBe(201);
    const page = new PageSession(t, nurse.cookie);
    const before = await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, nurse.userId));
    const order = [patient, second, patient] as const;
    for (const whose of order) {
      const res = await page.get(`/staff/patients/${whose.patientId}/tasks`);
      expect(res.statusCode).toBe(200);
      const own = whose === second;
      expect(res.body.includes('Second patient dressing')).toBe(own);
      expect(res.body.includes('Recheck potassium')).toBe(!own);
      // Who may hold a task: this patient's care team only.
      expect(res.body.includes(`value="${secondDoctor.staffId}"`)).toBe(own);
      expect(res.body.includes(`value="${nightNurse.staffId}"`)).toBe(!own);
    }
    const rows = (await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, nurse.userId))).slice(before.length);
    expect(rows.map((r) => [r.action, r.patientId, r.occurredAt.getTime()])).toEqual(
      order.map((whose) => ['care_task.list', whose.patientId, t.clock.now().getTime()]),
    );
  });

  it('answers 404 to a clinician outside the care team (denied audit row, nothing changed) and 403 to a patient', async () => {
    const [task] = await t.db.select().from(careTasks).where(eq(careTasks.status, 'open'));
    expect((await api(t, 'GET', `/api/v1/patients/${patient.patientId}/tasks`, { token: outsider.token })).statusCode).toBe(404);
    expect((await createTask(outsider, outsider)).statusCode).toBe(404);
    expect((await api(t, 'POST', `/api/v1/tasks/${task!.id}/complete`, { token: outsider.token })).statusCode).toBe(404);
    const [after] = await t.db.select().from(careTasks).where(eq(careTasks.id, task!.id));
    expect(after!.status).toBe('open');
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, outsider.userId), eq(auditEvents.outcome, 'denied')));
    expect(denied.length).toBeGreaterThanOrEqual(3);
    expect((await api(t, 'GET', `/api/v1/patients/${patient.patientId}/tasks`, { token: patient.token })).statusCode).toBe(403);
    expect((await api(t, 'GET', '/api/v1/me/tasks', { token: patient.token })).statusCode).toBe(403);
    expect((await api(t, 'GET', `/api/v1/patients/${patient.patientId}/tasks`, { token: receptionist.token })).statusCode).toBe(403);
    expect((await api(t, 'POST', `/api/v1/tasks/00000000-0000-4000-8000-000000000000/complete`, { token: nurse.token })).statusCode).toBe(
      404,
    );
  });

  it("lists the assignee's open tasks on GET /me/tasks and on their home, overdue flagged by the clock", async () => {
    const soon = (await createTask(doctor, nightNurse, 'Turn the patient', dueIn(60_000))).json();
    t.clock.advance(2 * 60_000);
    const mine = await api(t, 'GET', '/api/v1/me/tasks', { token: nightNurse.token });
    expect(mine.statusCode).toBe(200);
    const item = (mine.json().items as { id: string; overdue: boolean }[]).find((i) => i.id === soon.id);
    expect(item?.overdue).toBe(true);
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'care_task.my_list'), eq(auditEvents.actorUserId, nightNurse.userId)));
    expect(audit[0]).toMatchObject({ patientId: patient.patientId, outcome: 'success' });

    const home = await new PageSession(t, nightNurse.cookie).get('/staff');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('My tasks');
    expect(home.body).toContain('Turn the patient');
    expect(home.body).toContain('Overdue');
    expect(home.body).toContain(`href="/staff/patients/${patient.patientId}/tasks"`);
    // The doctor holds none: the section says so.
    const doctorHome = await new PageSession(t, doctor.cookie).get('/staff');
    expect(doctorHome.body).toContain('No open tasks for you.');
  });
});

describe('care-team tasks (pages)', () => {
  it('is linked from the chart; creates, hands off, completes and cancels through forms with CSRF', async () => {
    const page = new PageSession(t, nurse.cookie);
    const base = `/staff/patients/${patient.patientId}`;
    const chart = await page.get(`${base}/chart`);
    expect(chart.body).toContain(`href="${base}/tasks"`);
    const list = await page.get(`${base}/tasks`);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('>open<');

    const bad = await page.post(`${base}/tasks`, { title: '', assigneeStaffId: doctor.staffId!, dueAt: '2026-11-28T10:00' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Write the task in 1 to 200 characters.');

    const made = await page.post(`${base}/tasks`, {
      title: 'Page task',
      details: '',
      assigneeStaffId: doctor.staffId!,
      dueAt: '2026-11-28T10:00',
    });
    expect(made.statusCode).toBe(303);
    const [row] = await t.db.select().from(careTasks).where(eq(careTasks.title, 'Page task'));
    expect(row).toMatchObject({ assigneeStaffId: doctor.staffId, createdBy: nurse.userId, details: null });

    await page.get(`${base}/tasks`);
    const handed = await page.post(`${base}/tasks/${row!.id}/reassign`, { assigneeStaffId: nurse.staffId!, note: '' });
    expect(handed.statusCode).toBe(303);
    await page.get(`${base}/tasks`);
    expect((await page.post(`${base}/tasks/${row!.id}/complete`, {})).statusCode).toBe(303);
    await page.get(`${base}/tasks`);
    const refused = await page.post(`${base}/tasks/${row!.id}/cancel`, { reason: 'late' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('already done');

    const shown = await page.get(`${base}/tasks?done=completed`);
    expect(shown.body).toContain('Task marked done.');
    expect(shown.body).toContain('Done');
  });

  it('answers 404 to an outsider and 403 to the front desk on the page', async () => {
    const base = `/staff/patients/${patient.patientId}`;
    expect((await new PageSession(t, outsider.cookie).get(`${base}/tasks`)).statusCode).toBe(404);
    expect((await new PageSession(t, receptionist.cookie).get(`${base}/tasks`)).statusCode).toBe(403);
  });
});
