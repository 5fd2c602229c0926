import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { outbox } from '../../../platform/outbox/outbox.tables.js';
import { notifications } from '../../notifications/index.js';
import { appointments, visitTypes } from '../../scheduling/index.js';
import { encounters, encounterSummaries } from './encounters.tables.js';
import { clinicalNotes } from '../notes/notes.tables.js';

/** The seeded follow-up visit type. */
async function followUpVisitTypeId(t: TestApp): Promise<string> {
  const [row] = await t.db.select({ id: visitTypes.id }).from(visitTypes).where(eq(visitTypes.code, 'follow_up'));
  if (!row) throw new Error('visit type follow_up is not seeded');
  return row.id;
}

/** An appointment straight in the database, today at the test clock + 1h (booking has its own tests). */
async function appointmentFor(t: TestApp, patientId: string, staffId: string) {
  const startsAt = new Date(t.clock.now().getTime() + 60 * 60_000);
  const [row] = await t.db
    .insert(appointments)
    .values({
      patientId,
      staffId,
      visitTypeId: await followUpVisitTypeId(t),
      startsAt,
      endsAt: new Date(startsAt.getTime() + 15 * 60_000),
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    })
    .returning();
  return row!;
}

describe('records: encounters and shared summaries', () => {
  const t = useTestApp();

  it("opens one encounter per appointment, only for the appointment's clinician or the care team, and finishes it", async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const other = await createAccount(t, { role: 'doctor' });
    const patient = await createPatientRecord(t);
    await putOnCareTeam(t, patient.id, doctor.staffId!);
    const appointment = await appointmentFor(t, patient.id, doctor.staffId!);
    const url = `/api/v1/patients/${patient.id}/encounters`;

    // A doctor with no relationship to the patient: 404 and a denied row, nothing written.
    const outsider = await api(t, 'POST', url, { token: other.token, body: { type: 'outpatient', appointmentId: appointment.id } });
    expect(outsider.statusCode).toBe(404);
    expect(
      await t.db
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.actorUserId, other.userId), eq(auditEvents.action, 'encounter.create'), eq(auditEvents.outcome, 'denied')),
        ),
    ).toHaveLength(1);

    const opened = await api(t, 'POST', url, { token: doctor.token, body: { type: 'outpatient', appointmentId: appointment.id } });
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({
      status: 'in_progress',
      appointmentId: appointment.id,
      clinicianId: doctor.staffId,
      startedAt: t.clock.now().toISOString(),
      endedAt: null,
    });
    const again = await api(t, 'POST', url, { token: doctor.token, body: { type: 'outpatient', appointmentId: appointment.id } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
    const strict = await api(t, 'POST', url, { token: doctor.token, body: { type: 'outpatient', extra: 1 } });
    expect(strict.statusCode).toBe(400);
    expect(await t.db.select().from(encounters).where(eq(encounters.patientId, patient.id))).toHaveLength(1);

    const list = await api(t, 'GET', url, { token: doctor.token });
    expect(list.json().items.map((e: { id: string }) => e.id)).toEqual([opened.json().id]);
    t.clock.advance(5 * 60_000);
    const finished = await api(t, 'POST', `/api/v1/encounters/${opened.json().id}/finish`, { token: doctor.token });
    expect(finished.statusCode).toBe(200);
    expect(finished.json()).toMatchObject({ status: 'finished', endedAt: t.clock.now().toISOString() });
    expect((await api(t, 'POST', `/api/v1/encounters/${opened.json().id}/finish`, { token: doctor.token })).statusCode).toBe(409);
    const actions = (
      await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, doctor.userId), eq(auditEvents.outcome, 'success')))
    ).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['encounter.create', 'encounter.list', 'encounter.finish']));
  });

  it('shares a summary the patient sees (own record only) and is notified about without clinical details', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createAccount(t, { role: 'patient' });
    const stranger = await createAccount(t, { role: 'patient' });
    const billing = await createAccount(t, { role: 'billing' });
    await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
    const encounter = (
      await api(t, 'POST', `/api/v1/patients/${patient.patientId}/encounters`, { token: doctor.token, body: { type: 'telemedicine' } })
    ).json();
    await api(t, 'POST', `/api/v1/encounters/${encounter.id}/notes`, { token: doctor.token, body: { assessment: 'Private assessment' } });
    const summaries = `/api/v1/patients/${patient.patientId}/summaries`;
    expect((await api(t, 'GET', summaries, { token: patient.token })).json().items).toEqual([]);

    const shared = await api(t, 'POST', `/api/v1/encounters/${encounter.id}/summary`, {
      token: doctor.token,
      body: { summary: 'Your blood sugar is high.', instructions: 'Walk daily.' },
    });
    expect(shared.statusCode).toBe(201);
    const twice = await api(t, 'POST', `/api/v1/encounters/${encounter.id}/summary`, { token: doctor.token, body: { summary: 'Again' } });
    expect(twice.statusCode).toBe(409);
    expect(await t.db.select().from(encounterSummaries).where(eq(encounterSummaries.encounterId, encounter.id))).toHaveLength(1);

    const seen = await api(t, 'GET', summaries, { token: patient.token });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().items).toEqual([
      expect.objectContaining({ encounterId: encounter.id, summary: 'Your blood sugar is high.', instructions: 'Walk daily.' }),
    ]);
    // The patient never gets notes, nor another patient's summaries; billing gets neither.
    for (const [who, url] of [
      [stranger, summaries],
      [billing, summaries],
      [patient, `/api/v1/encounters/${encounter.id}/notes`],
    ] as const) {
      const res = await api(t, 'GET', url, { token: who.token });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('blood sugar');
      expect(res.body).not.toContain('Private assessment');
    }
    expect(
      await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, stranger.userId), eq(auditEvents.outcome, 'denied'))),
    ).toHaveLength(1);
    expect(
      await t.db
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.actorUserId, patient.userId), eq(auditEvents.action, 'summary.list'), eq(auditEvents.outcome, 'success')),
        ),
    ).toHaveLength(2);

    const [notice] = await t.db.select().from(notifications).where(eq(notifications.userId, patient.userId));
    expect(notice).toMatchObject({ category: 'message', template: 'records.summary_shared', link: '/portal/summaries' });
    const messages = await t.db.select().from(outbox).where(eq(outbox.recipientUserId, patient.userId));
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(JSON.stringify(m)).not.toContain('blood sugar');

    const portal = new PageSession(t, patient.cookie);
    const page = await portal.get('/portal/summaries');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your blood sugar is high.');
  });

  it('runs the clinician pages: today, open from the appointment, draft, save and sign, amend, share, finish', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createPatientRecord(t);
    await putOnCareTeam(t, patient.id, doctor.staffId!);
    const appointment = await appointmentFor(t, patient.id, doctor.staffId!);
    const browser = new PageSession(t, doctor.cookie);

    const today = await browser.get('/staff/today');
    expect(today.statusCode).toBe(200);
    expect(today.body).toContain(`/staff/encounters/new?appointmentId=${appointment.id}`);
    expect(today.body).toMatch(/>Booked</); // the appointment status as a label, not the code
    expect(today.body).not.toMatch(/>booked</);
    expect((await browser.get(`/staff/encounters/new?appointmentId=${appointment.id}`)).statusCode).toBe(200);
    const opened = await browser.post('/staff/encounters', { patientId: patient.id, appointmentId: appointment.id, type: 'outpatient' });
    expect(opened.statusCode).toBe(303);
    const [encounter] = await t.db.select().from(encounters).where(eq(encounters.appointmentId, appointment.id));
    expect(opened.headers.location).toBe(`/staff/encounters/${encounter!.id}?done=opened`);

    expect((await browser.get(`/staff/encounters/${encounter!.id}`)).statusCode).toBe(200);
    const started = await browser.post(`/staff/encounters/${encounter!.id}/notes`, { subjective: 'Tired', assessment: 'Diabetes' });
    expect(started.statusCode).toBe(303);
    const [draft] = await t.db.select().from(clinicalNotes).where(eq(clinicalNotes.encounterId, encounter!.id));
    const stale = await browser.post(`/staff/notes/${draft!.id}`, { _version: '7', subjective: 'Tired', assessment: 'x', intent: 'save' });
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('Someone else changed this'); // re-rendered beside the form
    const signed = await browser.post(`/staff/notes/${draft!.id}`, {
      _version: '1',
      subjective: 'Tired',
      assessment: 'Type 2 diabetes',
      intent: 'sign',
    });
    expect(signed.statusCode).toBe(303);
    const [row] = await t.db.select().from(clinicalNotes).where(eq(clinicalNotes.id, draft!.id));
    expect(row).toMatchObject({ status: 'signed', assessment: 'Type 2 diabetes', plan: '' });
    const amended = await browser.post(`/staff/notes/${draft!.id}/amendments`, {
      subjective: 'Tired',
      assessment: 'Type 2 diabetes',
      plan: 'Metformin',
      reason: 'Plan added',
    });
    expect(amended.statusCode).toBe(303);
    const shared = await browser.post(`/staff/encounters/${encounter!.id}/summary`, { summary: 'Start metformin', instructions: '' });
    expect(shared.statusCode).toBe(303);
    const finished = await browser.post(`/staff/encounters/${encounter!.id}/finish`, {});
    expect(finished.statusCode).toBe(303);
    const page = await browser.get(`/staff/encounters/${encounter!.id}`);
    expect(page.body).toContain('Plan added');
    expect(await t.db.select().from(clinicalNotes).where(eq(clinicalNotes.encounterId, encounter!.id))).toHaveLength(2);
    expect((await t.db.select().from(encounters).where(eq(encounters.id, encounter!.id)))[0]!.status).toBe('finished');
  });
});
