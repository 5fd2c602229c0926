import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord } from '../../../test/helpers/actors.js';
import { careTeamRows, freshToken } from '../../../test/helpers/patients.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import { breakGlassGrants, privacyReviewTasks } from './patients.tables.js';

describe('patients: care team, break-the-glass, access log, privacy review', () => {
  const t = useTestApp();

  it('keeps a doctor off the care team out (404) until added, then in, then out again after removal', async () => {
    const clerk = await createAccount(t, { role: 'receptionist' });
    const doctor = await createAccount(t, { role: 'doctor' });
    const patient = await createPatientRecord(t);
    const profile = `/api/v1/patients/${patient.id}`;
    expect((await api(t, 'GET', profile, { token: doctor.token })).statusCode).toBe(404);
    expect((await api(t, 'GET', `${profile}/allergies`, { token: doctor.token })).statusCode).toBe(404);
    expect(
      await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, doctor.userId), eq(auditEvents.outcome, 'denied'))),
    ).toHaveLength(2);
    // Search still finds the patient (registration-tier fields).
    const search = await api(t, 'GET', `/api/v1/patients?query=${patient.mrn}`, { token: doctor.token });
    expect(search.json().items[0].id).toBe(patient.id);

    const added = await api(t, 'POST', `${profile}/care-team`, {
      token: clerk.token,
      body: { staffId: doctor.staffId, teamRole: 'attending' },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ staffId: doctor.staffId, role: 'doctor', teamRole: 'attending' });
    const [addAudit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'care_team.add'), eq(auditEvents.resourceId, added.json().id)));
    expect(addAudit).toMatchObject({ actorUserId: clerk.userId, actorRole: 'receptionist' });
    const again = await api(t, 'POST', `${profile}/care-team`, { token: clerk.token, body: { staffId: doctor.staffId } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
    expect(await careTeamRows(t, patient.id)).toHaveLength(1);

    const read = await api(t, 'GET', profile, { token: doctor.token });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ access: 'care_team', allergyStatus: 'not_recorded' });
    expect((await api(t, 'GET', `${profile}/allergies`, { token: doctor.token })).statusCode).toBe(200);
    const team = await api(t, 'GET', `${profile}/care-team`, { token: doctor.token });
    expect(team.json().items.map((m: { id: string }) => m.id)).toEqual([added.json().id]);

    const removed = await api(t, 'DELETE', `${profile}/care-team/${added.json().id}`, { token: clerk.token });
    expect(removed.statusCode).toBe(204);
    const [row] = await careTeamRows(t, patient.id);
    expect(row!.removedAt).not.toBeNull();
    expect(row!.removedBy).toBe(clerk.userId);
    expect((await api(t, 'GET', profile, { token: doctor.token })).statusCode).toBe(404);
  });

  it('answers an unknown staff member 404 and refuses a care-team manager without the nurse-lead flag', async () => {
    const patient = await createPatientRecord(t);
    const nurse = await createAccount(t, { role: 'nurse' });
    const lead = await createAccount(t, { role: 'nurse', nurseLead: true });
    const doctor = await createAccount(t, { role: 'doctor' });
    const url = `/api/v1/patients/${patient.id}/care-team`;
    const refused = await api(t, 'POST', url, { token: nurse.token, body: { staffId: doctor.staffId } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
    expect(await careTeamRows(t, patient.id)).toHaveLength(0);
    const unknown = await api(t, 'POST', url, { token: lead.token, body: { staffId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.statusCode).toBe(404);
    const ok = await api(t, 'POST', url, { token: lead.token, body: { staffId: doctor.staffId } });
    expect(ok.statusCode).toBe(201);
    expect(await careTeamRows(t, patient.id)).toHaveLength(1);
    expect((await api(t, 'POST', url, { token: doctor.token, body: { staffId: nurse.staffId } })).statusCode).toBe(403);
    const extra = await api(t, 'POST', url, { token: lead.token, body: { staffId: nurse.staffId, role: 'admin' } });
    expect(extra.statusCode).toBe(400);
  });

  it('break-the-glass opens the record for 60 minutes with a high-severity audit row, a review task and an e-mail to privacy officers', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const officer = await createAccount(t, { role: 'admin', privacyOfficer: true });
    const patient = await createAccount(t, { role: 'patient' });
    const url = `/api/v1/patients/${patient.patientId}`;
    const wrong = await api(t, 'POST', `${url}/break-glass`, {
      token: doctor.token,
      body: { reason: 'Unconscious in the emergency department', password: 'not my password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_credentials');
    const short = await api(t, 'POST', `${url}/break-glass`, {
      token: doctor.token,
      body: { reason: 'urgent', password: doctor.password },
    });
    expect(short.statusCode).toBe(400);
    expect(await t.db.select().from(breakGlassGrants).where(eq(breakGlassGrants.userId, doctor.userId))).toHaveLength(0);

    const granted = await api(t, 'POST', `${url}/break-glass`, {
      token: doctor.token,
      body: { reason: 'Unconscious in the emergency department', password: doctor.password },
    });
    expect(granted.statusCode).toBe(201);
    expect(new Date(granted.json().expiresAt).getTime()).toBe(t.clock.now().getTime() + 60 * 60_000);
    const [grant] = await t.db.select().from(breakGlassGrants).where(eq(breakGlassGrants.userId, doctor.userId));
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'break_glass.grant'), eq(auditEvents.outcome, 'success'), eq(auditEvents.patientId, patient.patientId!)),
      );
    expect(audit).toMatchObject({ severity: 'high', resourceId: grant!.id });
    const [task] = await t.db.select().from(privacyReviewTasks).where(eq(privacyReviewTasks.breakGlassGrantId, grant!.id));
    expect(task).toMatchObject({ kind: 'break_glass', status: 'open', patientId: patient.patientId });
    const mail = await t.db.select().from(outbox).where(eq(outbox.recipientUserId, officer.userId));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).not.toContain(patient.email);

    const read = await api(t, 'GET', url, { token: doctor.token });
    expect(read.statusCode).toBe(200);
    expect(read.json().access).toBe('break_glass');
    t.clock.advance(61 * 60_000);
    // Sessions idle out before the grant does: new sessions (as after signing in again) to look.
    const doctorToken = await freshToken(t, doctor.userId);
    const patientToken = await freshToken(t, patient.userId);
    const officerToken = await freshToken(t, officer.userId);
    expect((await api(t, 'GET', url, { token: doctorToken })).statusCode).toBe(404);

    // The patient sees the doctor's reads in their access log, marked as emergency access.
    const log = await api(t, 'GET', `${url}/access-log`, { token: patientToken });
    expect(log.statusCode).toBe(200);
    const doctorRead = log
      .json()
      .items.find((e: { action: string; outcome: string }) => e.action === 'patient.read' && e.outcome === 'success');
    expect(doctorRead).toMatchObject({ actor: { kind: 'staff', role: 'doctor' }, breakGlass: true });
    expect(log.json().items.some((e: { action: string }) => e.action === 'break_glass.grant')).toBe(true);

    // The privacy officer reviews it; a second close is a conflict.
    const tasks = await api(t, 'GET', '/api/v1/privacy/review-tasks', { token: officerToken });
    expect(tasks.statusCode).toBe(200);
    expect(tasks.json().items[0]).toMatchObject({
      id: task!.id,
      breakGlass: { userId: doctor.userId, reason: 'Unconscious in the emergency department' },
    });
    expect((await api(t, 'GET', '/api/v1/privacy/review-tasks', { token: doctorToken })).statusCode).toBe(403);
    const closed = await api(t, 'POST', `/api/v1/privacy/review-tasks/${task!.id}/close`, {
      token: officerToken,
      body: { note: 'Confirmed with the ED.' },
    });
    expect(closed.statusCode).toBe(200);
    expect((await t.db.select().from(privacyReviewTasks).where(eq(privacyReviewTasks.id, task!.id)))[0]).toMatchObject({
      status: 'closed',
      reviewedBy: officer.userId,
    });
    expect(
      (await api(t, 'POST', `/api/v1/privacy/review-tasks/${task!.id}/close`, { token: officerToken, body: { note: 'again' } })).statusCode,
    ).toBe(409);
  });

  it('shows the access log to the patient and privacy officers only', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const other = await createAccount(t, { role: 'patient' });
    const doctor = await createAccount(t, { role: 'doctor' });
    const officer = await createAccount(t, { role: 'receptionist', privacyOfficer: true });
    const clerk = await createAccount(t, { role: 'receptionist' });
    const url = `/api/v1/patients/${patient.patientId}/access-log`;
    await api(t, 'GET', `/api/v1/patients/${patient.patientId}`, { token: clerk.token });
    const own = await api(t, 'GET', url, { token: patient.token });
    expect(own.json().items.find((e: { action: string }) => e.action === 'patient.read')).toMatchObject({
      actor: { kind: 'staff', role: 'receptionist' },
      breakGlass: false,
    });
    expect((await api(t, 'GET', url, { token: officer.token })).statusCode).toBe(200);
    expect((await api(t, 'GET', url, { token: clerk.token })).statusCode).toBe(403);
    expect((await api(t, 'GET', url, { token: doctor.token })).statusCode).toBe(403);
    expect((await api(t, 'GET', url, { token: other.token })).statusCode).toBe(404);
  });
});
