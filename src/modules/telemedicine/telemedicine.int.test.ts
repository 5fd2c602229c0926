import { createHmac } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { events } from '../../platform/events/events.tables.js';
import { encounters } from '../records/index.js';
import { appointments, visitTypes } from '../scheduling/index.js';
import { videoVisitMessages, videoVisits } from './telemedicine.tables.js';

/** Video visits (docs/telemedicine.md): who may take part, the waiting room, TURN credentials, chat, the end. */
const TURN_SECRET = 'telemedicine-turn-secret-for-tests-0123';
const t = useTestApp({
  env: {
    TELEMEDICINE_STUN_URLS: 'stun:stun.carewell.test:3478',
    TELEMEDICINE_TURN_URLS: 'turn:turn.carewell.test:3478',
    TELEMEDICINE_TURN_SECRET: TURN_SECRET,
    TELEMEDICINE_TURN_TTL_SECONDS: '1800',
  },
});
const MINUTE = 60_000;

let patient: TestAccount;
let doctor: TestAccount;
let colleague: TestAccount;
let otherPatient: TestAccount;
let receptionist: TestAccount;
let visitId: string;
let inPersonId: string;
let laterId: string;

const url = (id: string, step = '') => `/api/v1/telemedicine/appointments/${id}${step}`;
const offer = { kind: 'description', data: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } };

async function appointment(code: 'telemedicine' | 'follow_up', startsInMinutes: number, minutes = 20): Promise<string> {
  const [type] = await t.db.select({ id: visitTypes.id }).from(visitTypes).where(eq(visitTypes.code, code));
  const startsAt = new Date(t.clock.now().getTime() + startsInMinutes * MINUTE);
  const [row] = await t.db
    .insert(appointments)
    .values({
      patientId: patient.patientId!,
      staffId: doctor.staffId!,
      visitTypeId: type!.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + minutes * MINUTE),
      status: 'booked',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    })
    .returning({ id: appointments.id });
  return row!.id;
}

async function signalEventsFor(userId: string): Promise<number> {
  const rows = await t.db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.type, 'telemedicine.signal'), sql`${userId}::uuid = any(${events.userIds})`));
  return rows.length;
}

async function auditRows(action: string, outcome = 'success') {
  return t.db
    .select({ actor: auditEvents.actorUserId, patientId: auditEvents.patientId })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, outcome as 'success'), eq(auditEvents.resourceId, visitId)));
}

beforeAll(async () => {
  patient = await createAccount(t, { role: 'patient' });
  doctor = await createAccount(t, { role: 'doctor' });
  colleague = await createAccount(t, { role: 'doctor' });
  otherPatient = await createAccount(t, { role: 'patient' });
  receptionist = await createAccount(t, { role: 'receptionist' });
  await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
  await putOnCareTeam(t, patient.patientId!, colleague.staffId!);
  visitId = await appointment('telemedicine', 5);
  laterId = await appointment('telemedicine', 120);
  inPersonId = await appointment('follow_up', 24 * 60);
});

describe('video visits: who takes part', () => {
  it('answers the appointment’s patient and clinician, each as their side', async () => {
    const mine = await api(t, 'GET', url(visitId), { token: patient.token });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ side: 'patient', joinable: true, patientPresence: 'absent', admitted: false, ended: false });
    expect((await api(t, 'GET', url(visitId), { token: doctor.token })).json().side).toBe('clinician');
  });

  it('gives everyone else 404 with a denied audit row, and roles without the permission 403', async () => {
    for (const outsider of [otherPatient, colleague]) {
      const res = await api(t, 'GET', url(visitId), { token: outsider.token });
      expect(res.statusCode).toBe(404);
      expect((await api(t, 'POST', url(visitId, '/signal'), { token: outsider.token, body: { kind: 'ready' } })).statusCode).toBe(404);
      expect((await api(t, 'POST', url(visitId, '/join'), { token: outsider.token })).statusCode).toBe(404);
    }
    const denied = await auditRows('video_visit.join', 'denied');
    expect(denied.map((r) => r.actor).sort()).toEqual(
      [colleague.userId, colleague.userId, otherPatient.userId, otherPatient.userId].sort(),
    );
    expect((await auditRows('video_visit.signal', 'denied')).length).toBe(2);
    const front = await api(t, 'GET', url(visitId), { token: receptionist.token });
    expect(front.statusCode).toBe(403);
    expect(front.json().code).toBe('forbidden');
    expect((await api(t, 'GET', url('00000000-0000-4000-8000-000000000000'), { token: doctor.token })).statusCode).toBe(404);
    // An in-person visit has no call, even for its own participants.
    expect((await api(t, 'GET', url(inPersonId), { token: patient.token })).statusCode).toBe(404);
  });

  it('serves each side its own page; the other side’s page and strangers get 404', async () => {
    const own = await new PageSession(t, patient.cookie).get(`/portal/appointments/${visitId}/video`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('/video/check');
    expect(own.body).toContain('/assets/telemedicine/video-call.js');
    expect((await new PageSession(t, doctor.cookie).get(`/portal/appointments/${visitId}/video`)).statusCode).toBe(404);
    expect((await new PageSession(t, colleague.cookie).get(`/staff/appointments/${visitId}/video`)).statusCode).toBe(404);
    const check = await new PageSession(t, doctor.cookie).get(`/staff/appointments/${visitId}/video/check`);
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('/assets/telemedicine/device-check.js');
    expect(check.body).not.toMatch(/<script>[^<]/);
  });
});

describe('video visits: the window and the waiting room', () => {
  it('refuses joining before the window opens, and says when it opens', async () => {
    const early = await api(t, 'POST', url(laterId, '/join'), { token: patient.token });
    expect(early.statusCode).toBe(422);
    expect((await api(t, 'GET', url(laterId), { token: patient.token })).json().joinable).toBe(false);
    const page = await new PageSession(t, patient.cookie).get(`/portal/appointments/${laterId}/video`);
    expect(page.body).not.toContain('video-call.js');
    expect(page.body).toContain('The video visit opens at');
    const list = await new PageSession(t, patient.cookie).get('/portal/appointments');
    expect(list.body).toContain('Video visit: you can join from');
    expect(list.body).not.toContain(`/portal/appointments/${laterId}/video"`);
  });

  it('keeps the patient waiting: nothing passes either way until the clinician admits them', async () => {
    // 5 minutes before the start: the window (10 minutes by default) is open.
    const list = await new PageSession(t, patient.cookie).get('/portal/appointments');
    expect(list.body).toContain(`/portal/appointments/${visitId}/video"`);
    // The clinician's calendar: Join on the open one, the opening time on the later one.
    const calendar = await new PageSession(t, doctor.cookie).get('/staff/calendar?date=2026-11-27');
    expect(calendar.body).toContain(`/staff/appointments/${visitId}/video"`);
    expect(calendar.body).not.toContain(`/staff/appointments/${laterId}/video"`);
    expect(calendar.body).toContain(`/staff/appointments/${laterId}/video/check"`);
    const joined = await api(t, 'POST', url(visitId, '/join'), { token: patient.token });
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({ patientPresence: 'waiting', admitted: false, joinable: true });

    const early = await api(t, 'POST', url(visitId, '/signal'), { token: doctor.token, body: offer });
    expect(early.statusCode).toBe(409);
    expect((await api(t, 'POST', url(visitId, '/signal'), { token: patient.token, body: { kind: 'ready' } })).statusCode).toBe(409);
    expect((await api(t, 'POST', url(visitId, '/messages'), { token: doctor.token, body: { body: 'Hello' } })).statusCode).toBe(409);
    expect(await signalEventsFor(patient.userId)).toBe(0);
    expect(await signalEventsFor(doctor.userId)).toBe(0);

    const selfAdmit = await api(t, 'POST', url(visitId, '/admit'), { token: patient.token });
    expect(selfAdmit.statusCode).toBe(403);

    expect((await api(t, 'POST', url(visitId, '/join'), { token: doctor.token })).json().clinicianPresent).toBe(true);
    const admitted = await api(t, 'POST', url(visitId, '/admit'), { token: doctor.token });
    expect(admitted.statusCode).toBe(200);
    expect(admitted.json()).toMatchObject({ patientPresence: 'in_call', admitted: true });
    const [row] = await t.db.select().from(appointments).where(eq(appointments.id, visitId));
    expect(row!.status).toBe('checked_in');
    expect((await auditRows('video_visit.join')).map((r) => r.actor).sort()).toEqual([patient.userId, doctor.userId].sort());
    expect(await auditRows('video_visit.admit')).toEqual([{ actor: doctor.userId, patientId: patient.patientId }]);
  });

  it('relays signals to the other participant only, once admitted', async () => {
    expect((await api(t, 'POST', url(visitId, '/signal'), { token: doctor.token, body: offer })).statusCode).toBe(202);
    const answer = { kind: 'description', data: { type: 'answer', sdp: 'v=0\r\n' } };
    expect((await api(t, 'POST', url(visitId, '/signal'), { token: patient.token, body: answer })).statusCode).toBe(202);
    const candidate = {
      kind: 'candidate',
      data: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
    };
    expect((await api(t, 'POST', url(visitId, '/signal'), { token: patient.token, body: candidate })).statusCode).toBe(202);
    expect(await signalEventsFor(patient.userId)).toBe(1);
    expect(await signalEventsFor(doctor.userId)).toBe(2);
    const [sent] = await t.db
      .select({ data: events.data })
      .from(events)
      .where(sql`${patient.userId}::uuid = any(${events.userIds}) and ${events.type} = 'telemedicine.signal'`);
    expect(sent!.data).toMatchObject({ appointmentId: visitId, from: 'clinician', kind: 'description', data: offer.data });
    expect((await api(t, 'POST', url(visitId, '/signal'), { token: colleague.token, body: offer })).statusCode).toBe(404);
  });

  it('validates every signal: known kinds only, strict shapes, bounded sizes', async () => {
    const bad = [
      { kind: 'hangup' },
      { kind: 'description', data: { type: 'pranswer', sdp: 'x' } },
      { kind: 'description', data: { type: 'offer', sdp: 'x'.repeat(20_001) } },
      { kind: 'ready', extra: true },
      { kind: 'media', data: { audio: true, video: true, screen: false, mode: 'hologram' } },
    ];
    for (const body of bad) expect((await api(t, 'POST', url(visitId, '/signal'), { token: doctor.token, body })).statusCode).toBe(400);
    const huge = { kind: 'candidate', data: { candidate: 'x'.repeat(40_000) } };
    expect((await api(t, 'POST', url(visitId, '/signal'), { token: doctor.token, body: huge })).statusCode).toBe(413);
  });

  it('lets a patient who dropped rejoin straight into the call', async () => {
    expect((await api(t, 'POST', url(visitId, '/leave'), { token: patient.token })).json().patientPresence).toBe('absent');
    expect((await api(t, 'POST', url(visitId, '/signal'), { token: doctor.token, body: offer })).statusCode).toBe(409);
    const back = await api(t, 'POST', url(visitId, '/join'), { token: patient.token });
    expect(back.json()).toMatchObject({ patientPresence: 'in_call', admitted: true });
    expect(await auditRows('video_visit.leave')).toEqual([{ actor: patient.userId, patientId: patient.patientId }]);
  });
});

describe('video visits: TURN credentials', () => {
  it('hands each participant STUN and short-lived TURN REST credentials from the injected clock', async () => {
    const res = await api(t, 'GET', url(visitId, '/ice-servers'), { token: patient.token });
    expect(res.statusCode).toBe(200);
    const { iceServers, expiresAt } = res.json();
    const expiry = Math.floor(t.clock.now().getTime() / 1000) + 1800;
    expect(iceServers).toEqual([
      { urls: ['stun:stun.carewell.test:3478'] },
      {
        urls: ['turn:turn.carewell.test:3478'],
        username: `${expiry}:${patient.userId}`,
        credential: createHmac('sha1', TURN_SECRET).update(`${expiry}:${patient.userId}`).digest('base64'),
      },
    ]);
    expect(new Date(expiresAt).getTime()).toBe(expiry * 1000);
    expect(res.body).not.toContain(TURN_SECRET);
    expect((await api(t, 'GET', url(visitId, '/ice-servers'), { token: otherPatient.token })).statusCode).toBe(404);
  });
});

describe('video visits: chat', () => {
  it('stores each message with the appointment, audits it as clinical data and tells both pages', async () => {
    const sent = await api(t, 'POST', url(visitId, '/messages'), { token: patient.token, body: { body: '  Can you hear me?  ' } });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ from: 'patient', body: 'Can you hear me?' });
    const [stored] = await t.db.select().from(videoVisitMessages).where(eq(videoVisitMessages.id, sent.json().id));
    expect(stored).toMatchObject({
      appointmentId: visitId,
      patientId: patient.patientId,
      senderUserId: patient.userId,
      senderRole: 'patient',
    });
    expect(await auditRows('video_visit.chat_send')).toEqual([{ actor: patient.userId, patientId: patient.patientId }]);
    const [told] = await t.db
      .select({ userIds: events.userIds, data: events.data })
      .from(events)
      .where(eq(events.type, 'telemedicine.chat'));
    expect([...told!.userIds].sort()).toEqual([patient.userId, doctor.userId].sort());
    expect(JSON.stringify(told!.data)).toContain('Can you hear me?');

    t.clock.advance(1000);
    await api(t, 'POST', url(visitId, '/messages'), { token: doctor.token, body: { body: 'Yes, clearly.' } });
    const read = await api(t, 'GET', url(visitId, '/messages'), { token: doctor.token });
    expect(read.json().items.map((m: { from: string; body: string }) => [m.from, m.body])).toEqual([
      ['patient', 'Can you hear me?'],
      ['clinician', 'Yes, clearly.'],
    ]);
    expect(await auditRows('video_visit.chat_read')).toEqual([{ actor: doctor.userId, patientId: patient.patientId }]);
    expect((await api(t, 'GET', url(visitId, '/messages'), { token: colleague.token })).statusCode).toBe(404);
    expect((await api(t, 'POST', url(visitId, '/messages'), { token: patient.token, body: { body: '' } })).statusCode).toBe(400);
  });
});

describe('video visits: cookie sessions', () => {
  it('needs the CSRF token and refuses another site’s Origin', async () => {
    const session = new PageSession(t, patient.cookie);
    const page = await session.get(`/portal/appointments/${visitId}/video`);
    const token = /name="csrf-token" content="([^"]+)"/.exec(page.body)![1]!;
    const cookie = [patient.cookie, ...page.cookies.map((c) => `${c.name}=${c.value}`)].join('; ');
    const post = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: url(visitId, '/signal'),
        headers: { cookie, 'content-type': 'application/json', ...headers },
        payload: JSON.stringify({ kind: 'ready' }),
      });
    expect((await post({})).statusCode).toBe(403);
    expect((await post({ 'x-csrf-token': token, origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await post({ 'x-csrf-token': token, origin: new URL(t.config.publicUrl).origin })).statusCode).toBe(202);
  });
});

describe('video visits: the end', () => {
  it('lets only the clinician end it: the visit is completed, its encounter opened, and the clinician sent to the note', async () => {
    expect((await api(t, 'POST', url(visitId, '/end'), { token: patient.token })).statusCode).toBe(403);
    const session = new PageSession(t, doctor.cookie);
    await session.get(`/staff/appointments/${visitId}/video`);
    const ended = await session.post(`/staff/appointments/${visitId}/video/end`, {});
    expect(ended.statusCode).toBe(303);
    const [encounter] = await t.db.select().from(encounters).where(eq(encounters.appointmentId, visitId));
    expect(encounter).toMatchObject({ patientId: patient.patientId, type: 'telemedicine', status: 'in_progress' });
    expect(ended.headers.location).toBe(`/staff/encounters/${encounter!.id}`);
    const [row] = await t.db.select().from(appointments).where(eq(appointments.id, visitId));
    expect(row).toMatchObject({ status: 'completed' });
    const [visit] = await t.db.select().from(videoVisits).where(eq(videoVisits.appointmentId, visitId));
    expect(visit).toMatchObject({ endedBy: doctor.userId, patientPresence: 'absent', clinicianPresent: false });
    expect(await auditRows('video_visit.end')).toEqual([{ actor: doctor.userId, patientId: patient.patientId }]);

    expect((await api(t, 'GET', url(visitId), { token: patient.token })).json()).toMatchObject({ ended: true, joinable: false });
    expect((await api(t, 'POST', url(visitId, '/join'), { token: patient.token })).statusCode).toBe(409);
    expect((await api(t, 'POST', url(visitId, '/signal'), { token: doctor.token, body: offer })).statusCode).toBe(409);
    const page = await new PageSession(t, patient.cookie).get(`/portal/appointments/${visitId}/video`);
    expect(page.body).toContain('This video visit has ended.');
    // Ending again changes nothing and opens the same note.
    expect((await api(t, 'POST', url(visitId, '/end'), { token: doctor.token })).json().encounterId).toBe(encounter!.id);
  });
});
