import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { events } from '../../../platform/events/events.tables.js';
import { outbox } from '../../../platform/outbox/outbox.tables.js';
import { notifications } from '../../notifications/index.js';
import { careTeamMembers } from '../../patients/index.js';
import { staffMessages, staffThreads } from './staff-threads.tables.js';

/** Staff threads (docs/messaging.md "Staff threads"): access, care-team membership, mentions, unread counts, search, live events. */
const t = useTestApp();
let patient: TestAccount;
let otherPatient: TestAccount;
let doctor: TestAccount;
let nurse: TestAccount;
let pharmacist: TestAccount;
let outsider: TestAccount;
let receptionist: TestAccount;

const MINUTE = 60_000;

async function direct(by: TestAccount, to: TestAccount) {
  return api(t, 'POST', '/api/v1/staff-threads', { token: by.token, body: { kind: 'direct', memberStaffIds: [to.staffId] } });
}
async function post(by: TestAccount, threadId: string, body: string, mentions?: string[]) {
  t.clock.advance(MINUTE);
  return api(t, 'POST', `/api/v1/staff-threads/${threadId}/messages`, {
    token: by.token,
    body: { body, ...(mentions ? { mentions } : {}) },
  });
}
async function careTeamThread(by: TestAccount, patientId = patient.patientId!) {
  return api(t, 'POST', `/api/v1/patients/${patientId}/staff-thread`, { token: by.token });
}
const unread = async (who: TestAccount) =>
  (await api(t, 'GET', '/api/v1/me/staff-messages/unread', { token: who.token })).json().unreadCount;

beforeAll(async () => {
  patient = await createAccount(t, { role: 'patient' });
  otherPatient = await createAccount(t, { role: 'patient' });
  doctor = await createAccount(t, { role: 'doctor', givenName: 'Ada', familyName: 'Okafor' });
  nurse = await createAccount(t, { role: 'nurse', givenName: 'Ben', familyName: 'Ruiz' });
  pharmacist = await createAccount(t, { role: 'pharmacist' });
  outsider = await createAccount(t, { role: 'nurse' });
  receptionist = await createAccount(t, { role: 'receptionist' });
  for (const member of [doctor, nurse]) await putOnCareTeam(t, patient.patientId!, member.staffId!);
});

describe('direct and group threads', () => {
  it('opens one direct thread per pair, and a group with a title; members only, everyone else 404 with a denied audit row', async () => {
    const first = await direct(doctor, nurse);
    expect(first.statusCode).toBe(201);
    const again = await direct(nurse, doctor);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(first.json()).toMatchObject({ kind: 'direct', title: 'Ben Ruiz', patient: null, unreadCount: 0 });

    const group = await api(t, 'POST', '/api/v1/staff-threads', {
      token: doctor.token,
      body: { kind: 'group', title: 'Ward 3 handover', memberStaffIds: [nurse.staffId, pharmacist.staffId] },
    });
    expect(group.statusCode).toBe(201);
    const read = await api(t, 'GET', `/api/v1/staff-threads/${group.json().id}`, { token: pharmacist.token });
    expect(read.statusCode).toBe(200);
    expect(
      read
        .json()
        .members.map((m: { name: string }) => m.name)
        .sort(),
    ).toHaveLength(3);

    const denied = await api(t, 'GET', `/api/v1/staff-threads/${group.json().id}`, { token: outsider.token });
    expect(denied.statusCode).toBe(404);
    expect((await post(outsider, group.json().id, 'hello')).statusCode).toBe(404);
    const rows = await t.db
      .select({ outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, outsider.userId), eq(auditEvents.resourceId, group.json().id)));
    expect(rows.length).toBe(2);
    expect(rows.every((r) => r.outcome === 'denied')).toBe(true);
    expect((await api(t, 'GET', `/api/v1/staff-threads/${crypto.randomUUID()}`, { token: doctor.token })).statusCode).toBe(404);
  });

  it('answers 403 to patients and the front desk, and refuses members who are not clinical staff (422) or a bad body (400)', async () => {
    expect((await api(t, 'GET', '/api/v1/staff-threads', { token: patient.token })).statusCode).toBe(403);
    expect((await api(t, 'GET', '/api/v1/staff-threads', { token: receptionist.token })).statusCode).toBe(403);
    expect((await direct(doctor, receptionist)).statusCode).toBe(422);
    const bad = await api(t, 'POST', '/api/v1/staff-threads', {
      token: doctor.token,
      body: { kind: 'group', title: '', memberStaffIds: [] },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('care-team threads', () => {
  it('is one thread per patient, read by the CURRENT care team: a member who leaves loses it, one who joins gains it', async () => {
    const opened = await careTeamThread(doctor);
    expect(opened.statusCode).toBe(200);
    const threadId = opened.json().id as string;
    expect((await careTeamThread(nurse)).json().id).toBe(threadId);
    expect(await t.db.select().from(staffThreads).where(eq(staffThreads.patientId, patient.patientId!))).toHaveLength(1);
    expect((await post(doctor, threadId, 'Potassium 5.9, repeat at noon')).statusCode).toBe(201);

    // Outsiders and patients: 404 / 403.
    expect((await api(t, 'GET', `/api/v1/staff-threads/${threadId}`, { token: outsider.token })).statusCode).toBe(404);
    expect((await careTeamThread(outsider)).statusCode).toBe(404);
    expect((await api(t, 'GET', `/api/v1/staff-threads/${threadId}`, { token: patient.token })).statusCode).toBe(403);

    // The pharmacist joins the team: the thread and its history open to them.
    const membership = await putOnCareTeam(t, patient.patientId!, pharmacist.staffId!);
    const joined = await api(t, 'GET', `/api/v1/staff-threads/${threadId}`, { token: pharmacist.token });
    expect(joined.statusCode).toBe(200);
    expect(joined.json().messages.map((m: { body: string }) => m.body)).toEqual(['Potassium 5.9, repeat at noon']);
    expect(joined.json().title).toBe(joined.json().patient.name);

    // ... and leaves it: 404 again, and the thread leaves their list.
    await t.db.update(careTeamMembers).set({ removedAt: t.clock.now() }).where(eq(careTeamMembers.id, membership.id));
    expect((await api(t, 'GET', `/api/v1/staff-threads/${threadId}`, { token: pharmacist.token })).statusCode).toBe(404);
    const list = await api(t, 'GET', '/api/v1/staff-threads', { token: pharmacist.token });
    expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(threadId);
  });

  it('audits each view of a care-team thread as clinical data naming the patient', async () => {
    const threadId = (await careTeamThread(nurse)).json().id as string;
    await api(t, 'GET', `/api/v1/staff-threads/${threadId}`, { token: nurse.token });
    const [row] = await t.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'staff_thread.read'), eq(auditEvents.actorUserId, nurse.userId), eq(auditEvents.resourceId, threadId)),
      );
    expect(row).toMatchObject({ patientId: patient.patientId, category: 'clinical', outcome: 'success' });
  });

  it('opens under break-the-glass for an eligible clinician off the care team', async () => {
    const medic = await createAccount(t, { role: 'doctor' });
    const threadId = (await careTeamThread(doctor)).json().id as string;
    expect((await api(t, 'GET', `/api/v1/staff-threads/${threadId}`, { token: medic.token })).statusCode).toBe(404);
    const granted = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/break-glass`, {
      token: medic.token,
      body: { reason: 'Cardiac arrest on the ward, team unreachable', password: medic.password },
    });
    expect(granted.statusCode).toBe(201);
    expect((await api(t, 'GET', `/api/v1/staff-threads/${threadId}`, { token: medic.token })).statusCode).toBe(200);
  });
});

describe('mentions, unread counts, live events and search', () => {
  it('notifies a mentioned reader "You were mentioned" with no content anywhere, and refuses mentioning a non-reader (422)', async () => {
    const threadId = (await careTeamThread(doctor)).json().id as string;
    expect((await post(doctor, threadId, 'secret-word-alpha', [outsider.userId])).statusCode).toBe(422);
    const posted = await post(doctor, threadId, 'Please check the secret-word-bravo drip', [nurse.userId]);
    expect(posted.statusCode).toBe(201);
    expect(posted.json().mentions).toEqual([{ userId: nurse.userId, staffId: nurse.staffId, name: 'Ben Ruiz' }]);
    const [note] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, nurse.userId), eq(notifications.template, 'staff_messages.notify_mentioned')));
    expect(note).toMatchObject({ title: 'You were mentioned', link: `/staff/messages/${threadId}`, category: 'message' });
    expect(note!.body).not.toContain('secret-word');
    const external = await t.db.select().from(outbox).where(eq(outbox.recipientUserId, nurse.userId));
    for (const m of external) expect(`${m.subject} ${m.text}`).not.toContain('secret-word');
  });

  it('publishes a live event to the readers with ids only', async () => {
    const threadId = (await direct(doctor, nurse)).json().id as string;
    const posted = (await post(doctor, threadId, 'live-event-body')).json();
    const rows = await t.db.select().from(events).where(eq(events.type, 'staff_message.posted'));
    const event = rows.find((e) => (e.data as { messageId?: string }).messageId === posted.id);
    expect(event!.data).toEqual({ threadId, messageId: posted.id });
    expect([...event!.userIds].sort()).toEqual([doctor.userId, nurse.userId].sort());
    expect(JSON.stringify(event)).not.toContain('live-event-body');
  });

  it('counts unread messages per thread and in total, and marking read clears them', async () => {
    const threadId = (await direct(doctor, pharmacist)).json().id as string;
    await api(t, 'POST', `/api/v1/staff-threads/${threadId}/read`, { token: pharmacist.token });
    const before = await unread(pharmacist);
    const authorBefore = await unread(doctor);
    await post(doctor, threadId, 'one');
    await post(doctor, threadId, 'two');
    expect(await unread(pharmacist)).toBe(before + 2);
    expect(await unread(doctor)).toBe(authorBefore); // one's own messages never count
    const list = (await api(t, 'GET', '/api/v1/staff-threads', { token: pharmacist.token })).json();
    expect(list.items.find((i: { id: string }) => i.id === threadId).unreadCount).toBe(2);
    t.clock.advance(MINUTE);
    const marked = await api(t, 'POST', `/api/v1/staff-threads/${threadId}/read`, { token: pharmacist.token });
    expect(marked.json().unreadCount).toBe(before);
    const after = (await api(t, 'GET', '/api/v1/staff-threads', { token: pharmacist.token })).json();
    expect(after.items.find((i: { id: string }) => i.id === threadId).unreadCount).toBe(0);
  });

  it('searches only the threads the person reads now', async () => {
    const mine = (await direct(doctor, nurse)).json().id as string;
    const theirs = (await direct(pharmacist, outsider)).json().id as string;
    await post(doctor, mine, 'zebra-crossing plan for bed 4');
    await post(pharmacist, theirs, 'zebra-crossing plan for bed 9');
    const search = (who: TestAccount) =>
      api(t, 'POST', '/api/v1/staff-messages/search', { token: who.token, body: { query: 'ZEBRA-crossing' } });
    const found = await search(nurse);
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((h: { thread: { id: string } }) => h.thread.id)).toEqual([mine]);
    expect((await search(outsider)).json().items.map((h: { thread: { id: string } }) => h.thread.id)).toEqual([theirs]);
    expect((await api(t, 'POST', '/api/v1/staff-messages/search', { token: nurse.token, body: { query: 'ab' } })).statusCode).toBe(400);
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'staff_message.search'), eq(auditEvents.actorUserId, nurse.userId)));
    expect(JSON.stringify(audit)).not.toContain('zebra');
    // Care-team threads: found by the current team only; gone from search once off the team.
    const teamThread = (await careTeamThread(doctor)).json().id as string;
    await post(doctor, teamThread, 'wombat-protocol for the night');
    const wombat = (who: TestAccount) => api(t, 'POST', '/api/v1/staff-messages/search', { token: who.token, body: { query: 'wombat' } });
    expect((await wombat(nurse)).json().items).toHaveLength(1);
    expect((await wombat(pharmacist)).json().items).toHaveLength(0);
    const [nurseMembership] = await t.db.select().from(careTeamMembers).where(eq(careTeamMembers.staffId, nurse.staffId!));
    await t.db.update(careTeamMembers).set({ removedAt: t.clock.now() }).where(eq(careTeamMembers.id, nurseMembership!.id));
    expect((await wombat(nurse)).json().items).toHaveLength(0);
    const [row] = await t.db.select().from(staffMessages).where(eq(staffMessages.body, 'wombat-protocol for the night'));
    expect(row!.threadId).toBe(teamThread);
    void otherPatient;
  });
});
