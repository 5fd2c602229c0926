import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { grantBreakGlass, putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditRowsOf, serviceContextOf } from '../../../../test/helpers/service-context.js';
import { makePng, multipartBody } from '../../../../test/helpers/uploads.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { outbox } from '../../../platform/outbox/outbox.tables.js';
import { breakGlassGrants, careTeamMembers } from '../../patients/index.js';
import { notifications } from '../../notifications/index.js';
import { departments, staffProfiles } from '../../staff/index.js';
import { patientThreadMessages, patientThreads } from './patient-threads.tables.js';
import { readThread } from './services/thread-queries.service.js';

/** Patient threads (docs/messaging.md): access, read receipts, attachments, instructions, audit, notifications. */
const t = useTestApp();
let patient: TestAccount;
let otherPatient: TestAccount;
let doctor: TestAccount;
let nurse: TestAccount;
let outsider: TestAccount;
let receptionist: TestAccount;
let departmentNurse: TestAccount;
let cardiology: string;

async function newDepartment(code: string) {
  const [row] = await t.db
    .insert(departments)
    .values({ code, name: `Dept ${code}`, createdAt: t.clock.now() })
    .returning();
  return row!.id;
}

/** The patient's second message in a thread. */
async function startThreadReply(threadId: string) {
  const res = await api(t, 'POST', `/api/v1/patient-threads/${threadId}/messages`, {
    token: patient.token,
    body: { body: 'And at night?' },
  });
  expect(res.statusCode).toBe(201);
}

async function startThread(by: TestAccount, body: Record<string, unknown> = {}) {
  return api(t, 'POST', '/api/v1/patient-threads', {
    token: by.token,
    body: { recipient: 'care_team', subject: 'Question about my tablets', body: 'Should I take them with food?', ...body },
  });
}

beforeAll(async () => {
  patient = await createAccount(t, { role: 'patient' });
  otherPatient = await createAccount(t, { role: 'patient' });
  doctor = await createAccount(t, { role: 'doctor' });
  nurse = await createAccount(t, { role: 'nurse' });
  outsider = await createAccount(t, { role: 'doctor' });
  receptionist = await createAccount(t, { role: 'receptionist' });
  departmentNurse = await createAccount(t, { role: 'nurse' });
  cardiology = await newDepartment(`CARD${randomUUID().slice(0, 5).toUpperCase()}`);
  await t.db.update(staffProfiles).set({ departmentId: cardiology }).where(eq(staffProfiles.id, departmentNurse.staffId!));
  await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
});

describe('patient threads: access', () => {
  it('lets the patient write to the care team, the care team read it, and tells them without content', async () => {
    const res = await startThread(patient);
    expect(res.statusCode).toBe(201);
    const thread = res.json();
    expect(thread).toMatchObject({ recipient: 'care_team', subject: 'Question about my tablets', escalated: false, encounterId: null });
    expect(thread.messages).toHaveLength(1);
    expect(thread.responseDueAt).not.toBeNull();

    const read = await api(t, 'GET', `/api/v1/patient-threads/${thread.id}`, { token: doctor.token });
    expect(read.statusCode).toBe(200);
    expect(read.json().messages[0].body).toBe('Should I take them with food?');

    const [note] = await t.db.select().from(notifications).where(eq(notifications.userId, doctor.userId));
    expect(note).toMatchObject({ title: 'You have a new message', link: `/staff/patient-messages/${thread.id}` });
    expect(note!.body).not.toContain('tablets');
    for (const m of await t.db.select().from(outbox).where(eq(outbox.recipientUserId, doctor.userId))) {
      expect(`${m.subject} ${m.text}`).not.toMatch(/tablets|food/);
    }
    const audits = await t.db
      .select({ action: auditEvents.action, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceId, thread.id), eq(auditEvents.actorUserId, doctor.userId)));
    expect(audits).toEqual([{ action: 'patient_thread.read', outcome: 'success' }]);
  });

  it('answers 404 to an outsider, another patient and an unknown thread (denied audit rows), 403 to a wrong role', async () => {
    const thread = (await startThread(patient)).json();
    for (const who of [outsider, otherPatient, nurse]) {
      const res = await api(t, 'GET', `/api/v1/patient-threads/${thread.id}`, { token: who.token });
      expect(res.statusCode).toBe(404);
      const send = await api(t, 'POST', `/api/v1/patient-threads/${thread.id}/messages`, { token: who.token, body: { body: 'hello' } });
      expect(send.statusCode).toBe(404);
    }
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, outsider.userId), eq(auditEvents.outcome, 'denied')));
    expect(denied.length).toBeGreaterThan(0);
    const unknown = await api(t, 'GET', '/api/v1/patient-threads/00000000-0000-4000-8000-000000000000', { token: doctor.token });
    expect(unknown.statusCode).toBe(404);
    expect((await api(t, 'GET', `/api/v1/patient-threads/${thread.id}`, { token: receptionist.token })).statusCode).toBe(403);
    expect((await api(t, 'GET', '/api/v1/patient-threads/inbox', { token: patient.token })).statusCode).toBe(403);
    expect((await api(t, 'GET', '/api/v1/patient-threads', { token: doctor.token })).statusCode).toBe(403);
    expect((await t.db.select().from(patientThreadMessages).where(eq(patientThreadMessages.threadId, thread.id))).length).toBe(1);
  });

  it('lets a clinician who joined the care team later read old threads, and not one who left', async () => {
    const thread = (await startThread(patient)).json();
    t.clock.advance(60_000);
    expect((await api(t, 'GET', `/api/v1/patient-threads/${thread.id}`, { token: nurse.token })).statusCode).toBe(404);
    const membership = await putOnCareTeam(t, patient.patientId!, nurse.staffId!);
    t.clock.advance(60_000);
    expect((await api(t, 'GET', `/api/v1/patient-threads/${thread.id}`, { token: nurse.token })).statusCode).toBe(200);
    const inbox = await api(t, 'GET', '/api/v1/patient-threads/inbox', { token: nurse.token });
    expect(inbox.json().items.map((i: { id: string }) => i.id)).toContain(thread.id);
    await t.db.update(careTeamMembers).set({ removedAt: t.clock.now() }).where(eq(careTeamMembers.id, membership.id));
    t.clock.advance(60_000);
    expect((await api(t, 'GET', `/api/v1/patient-threads/${thread.id}`, { token: nurse.token })).statusCode).toBe(404);
    const after = await api(t, 'GET', '/api/v1/patient-threads/inbox', { token: nurse.token });
    expect(after.json().items.map((i: { id: string }) => i.id)).not.toContain(thread.id);
  });

  it("opens a department's thread to the staff working there today, not after they move", async () => {
    const res = await startThread(patient, { recipient: 'department', departmentId: cardiology, subject: 'Holter results' });
    expect(res.statusCode).toBe(201);
    const thread = res.json();
    expect(thread.department).toEqual({ id: cardiology, name: expect.any(String) });
    const read = await api(t, 'GET', `/api/v1/patient-threads/${thread.id}`, { token: departmentNurse.token });
    expect(read.statusCode).toBe(200);
    // The department's name comes with the thread's access read.
    expect(read.json().department).toEqual({ id: cardiology, name: thread.department.name });
    expect(thread.department.name).toMatch(/^Dept CARD/);
    const other = await newDepartment(`OTH${randomUUID().slice(0, 5).toUpperCase()}`);
    await t.db.update(staffProfiles).set({ departmentId: other }).where(eq(staffProfiles.id, departmentNurse.staffId!));
    expect((await api(t, 'GET', `/api/v1/patient-threads/${thread.id}`, { token: departmentNurse.token })).statusCode).toBe(404);
    await t.db.update(staffProfiles).set({ departmentId: cardiology }).where(eq(staffProfiles.id, departmentNurse.staffId!));
    // No department chosen, or an unknown one: field errors.
    expect((await startThread(patient, { recipient: 'department' })).statusCode).toBe(400);
    const unknown = await startThread(patient, { recipient: 'department', departmentId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].path).toBe('departmentId');
  });

  it("shows and audits each clinician's own inbox when inboxes are read in turn (its statements are built once)", async () => {
    const careThread = (await startThread(patient)).json();
    const departmentThread = (
      await startThread(otherPatient, { recipient: 'department', departmentId: cardiology, subject: 'Holter booking' })
    ).json();
    const inboxOf = async (who: TestAccount) => {
      t.clock.advance(1000); // each read at its own time, to tell its audit rows apart
      const since = t.clock.now();
      const items = (await api(t, 'GET', '/api/v1/patient-threads/inbox', { token: who.token })).json().items as {
        id: string;
        patient: { id: string };
      }[];
      const rows = await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'patient_thread.inbox'), eq(auditEvents.occurredAt, since)));
      expect(rows.every((r) => r.actorUserId === who.userId)).toBe(true);
      // One row per patient shown, and none for anyone else.
      expect(rows.map((r) => r.patientId).sort()).toEqual([...new Set(items.map((i) => i.patient.id))].sort());
      return items.map((i) => i.id);
    };
    for (let round = 0; round < 2; round++) {
      const doctors = await inboxOf(doctor);
      expect(doctors).toContain(careThread.id);
      expect(doctors).not.toContain(departmentThread.id);
      const departments = await inboxOf(departmentNurse);
      expect(departments).toContain(departmentThread.id);
      expect(departments).not.toContain(careThread.id);
    }
  });

  it('lets break-the-glass read (no receipt) but not answer', async () => {
    const thread = (await startThread(patient)).json();
    await grantBreakGlass(t, patient.patientId!, outsider.userId);
    const page = new PageSession(t, outsider.cookie);
    const res = await page.get(`/staff/patient-messages/${thread.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('emergency access');
    const [message] = await t.db.select().from(patientThreadMessages).where(eq(patientThreadMessages.threadId, thread.id));
    expect(message!.readByStaffAt).toBeNull();
    const send = await api(t, 'POST', `/api/v1/patient-threads/${thread.id}/messages`, { token: outsider.token, body: { body: 'Hi' } });
    expect(send.statusCode).toBe(422);
    await t.db.delete(breakGlassGrants).where(eq(breakGlassGrants.userId, outsider.userId));
  });
});

describe('patient threads: read receipts, instructions, encounter', () => {
  it('marks in the same statement as the view reads: the view shows the receipts it wrote, and a later view keeps the first time', async () => {
    const thread = (await startThread(patient)).json();
    await startThreadReply(thread.id);
    t.clock.advance(5 * 60_000);
    const opened = t.clock.now();
    const ctx = serviceContextOf(t, doctor, 'doctor');
    const first = await readThread(t.db, ctx, thread.id, { markRead: true });
    // Both of the patient's messages read by the doctor now, as the rows say; nothing left unread.
    expect(first.thread.messages.map((m) => m.readAt)).toEqual([opened.toISOString(), opened.toISOString()]);
    expect(first.thread.unread).toBe(0);
    const rows = await t.db.select().from(patientThreadMessages).where(eq(patientThreadMessages.threadId, thread.id));
    expect(rows.map((r) => [r.readByStaffAt?.toISOString(), r.readByStaffUserId])).toEqual([
      [opened.toISOString(), doctor.userId],
      [opened.toISOString(), doctor.userId],
    ]);
    expect((await auditRowsOf(t, ctx)).map((r) => [r.action, r.resourceId, r.patientId])).toEqual([
      ['patient_thread.read', thread.id, patient.patientId],
    ]);

    t.clock.advance(60_000);
    const again = await readThread(t.db, serviceContextOf(t, doctor, 'doctor'), thread.id, { markRead: true });
    expect(again.thread.messages.map((m) => m.readAt)).toEqual([opened.toISOString(), opened.toISOString()]);
    // Without marking (the API's read), the patient's unread count is what the rows hold.
    const unmarked = await readThread(t.db, serviceContextOf(t, patient, 'patient'), thread.id, { markRead: false });
    expect(unmarked.thread.messages.map((m) => m.readAt)).toEqual([opened.toISOString(), opened.toISOString()]);
  });

  it('marks messages read when the other side opens the thread, and shows the time in the viewer’s zone', async () => {
    const thread = (await startThread(patient)).json();
    const doctorPage = new PageSession(t, doctor.cookie);
    t.clock.advance(5 * 60_000);
    const opened = await doctorPage.get(`/staff/patient-messages/${thread.id}`);
    expect(opened.statusCode).toBe(200);
    const seen = await api(t, 'GET', `/api/v1/patient-threads/${thread.id}`, { token: patient.token });
    expect(seen.json().messages[0].readAt).toBe(t.clock.now().toISOString());

    t.clock.advance(60_000);
    const reply = await doctorPage.post(`/staff/patient-messages/${thread.id}/reply`, {
      body: 'Yes, with breakfast.',
      kind: 'instructions',
    });
    expect(reply.statusCode).toBe(303);
    const after = await api(t, 'GET', `/api/v1/patient-threads/${thread.id}`, { token: doctor.token });
    const last = after.json().messages.at(-1);
    expect(last).toMatchObject({ side: 'staff', kind: 'instructions', readAt: null });
    expect(after.json().responseDueAt).toBeNull();

    const patientPage = new PageSession(t, patient.cookie);
    t.clock.advance(60_000);
    const view = await patientPage.get(`/portal/messages/${thread.id}`);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('Follow-up instructions');
    expect(view.body).toMatch(/Read [^<]*\(UTC\)/);
    const mark = await api(t, 'POST', `/api/v1/patient-threads/${thread.id}/read`, { token: patient.token });
    expect(mark.json()).toEqual({ marked: 0 });
    const receipt = await api(t, 'GET', `/api/v1/patient-threads/${thread.id}`, { token: doctor.token });
    expect(receipt.json().messages.at(-1).readAt).toBe(t.clock.now().toISOString());
    // A patient cannot send instructions.
    const bad = await api(t, 'POST', `/api/v1/patient-threads/${thread.id}/messages`, {
      token: patient.token,
      body: { body: 'x', kind: 'instructions' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('turns a thread into an encounter once, linked back', async () => {
    const thread = (await startThread(patient)).json();
    const res = await api(t, 'POST', `/api/v1/patient-threads/${thread.id}/encounter`, { token: doctor.token });
    expect(res.statusCode).toBe(201);
    const { encounterId } = res.json();
    const [row] = await t.db.select().from(patientThreads).where(eq(patientThreads.id, thread.id));
    expect(row!.encounterId).toBe(encounterId);
    expect((await api(t, 'GET', `/api/v1/encounters/${encounterId}`, { token: doctor.token })).json()).toMatchObject({
      patientId: patient.patientId,
      type: 'telemedicine',
      status: 'in_progress',
    });
    expect((await api(t, 'POST', `/api/v1/patient-threads/${thread.id}/encounter`, { token: doctor.token })).statusCode).toBe(409);
    expect((await api(t, 'POST', `/api/v1/patient-threads/${thread.id}/encounter`, { token: outsider.token })).statusCode).toBe(404);
  });
});

describe('patient threads: attachments', () => {
  it('stores an attachment encrypted, serves it to the thread’s people and 404 to others', async () => {
    const thread = (await startThread(patient)).json();
    const png = makePng({ text: 'rash photo' });
    const { payload, contentType } = multipartBody([{ name: 'file', filename: 'rash.png', contentType: 'image/png', data: png }]);
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patient-threads/${thread.id}/attachments`,
      headers: { authorization: `Bearer ${patient.token}`, 'content-type': contentType },
      payload,
    });
    expect(up.statusCode).toBe(201);
    const messageId = up.json().id;
    const url = `/api/v1/patient-threads/${thread.id}/attachments/${messageId}`;
    for (const who of [patient, doctor]) {
      const down = await api(t, 'GET', url, { token: who.token });
      expect(down.statusCode).toBe(200);
      expect(down.headers['content-type']).toBe('image/png');
      expect(down.headers['content-disposition']).toBe('attachment; filename="rash.png"');
      expect(down.rawPayload.equals(png)).toBe(true);
    }
    for (const who of [outsider, otherPatient]) expect((await api(t, 'GET', url, { token: who.token })).statusCode).toBe(404);
    const page = await new PageSession(t, doctor.cookie).get(`/messages/${thread.id}/attachments/${messageId}`);
    expect(page.statusCode).toBe(200);

    const html = multipartBody([{ name: 'file', filename: 'x.png', contentType: 'image/png', data: Buffer.from('<html>hi</html>') }]);
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patient-threads/${thread.id}/attachments`,
      headers: { authorization: `Bearer ${patient.token}`, 'content-type': html.contentType },
      payload: html.payload,
    });
    expect(refused.statusCode).toBe(415);
    const foreign = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patient-threads/${thread.id}/attachments`,
      headers: { authorization: `Bearer ${otherPatient.token}`, 'content-type': contentType },
      payload,
    });
    expect(foreign.statusCode).toBe(404);
  });
});
