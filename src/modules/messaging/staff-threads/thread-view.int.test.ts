import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';

/**
 * A staff thread's view is one statement built once per kind of thread (issue 11): two patients'
 * care-team threads and a direct thread read in turn, twice, each answer with its own messages and
 * readers, each read with one `staff_thread.read` row naming its thread (and patient), so a
 * statement that kept the first request's values fails.
 */
const t = useTestApp();
let doctor: TestAccount;
let nurse: TestAccount;
const threads: { id: string; patientId: string | null; body: string; author: string; readers: string[] }[] = [];

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor', givenName: 'Viewing', familyName: 'Doctor' });
  nurse = await createAccount(t, { role: 'nurse', givenName: 'Second', familyName: 'Nurse' });
  for (const [i, withNurse] of [true, false].entries()) {
    const patient = await createAccount(t, { role: 'patient' });
    await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
    if (withNurse) await putOnCareTeam(t, patient.patientId!, nurse.staffId!);
    const thread = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/staff-thread`, { token: doctor.token });
    expect(thread.statusCode, thread.body).toBeLessThan(300);
    const id = thread.json().id as string;
    const body = `About patient ${i}`;
    t.clock.advance(60_000);
    expect((await api(t, 'POST', `/api/v1/staff-threads/${id}/messages`, { token: doctor.token, body: { body } })).statusCode).toBe(201);
    threads.push({
      id,
      patientId: patient.patientId!,
      body,
      author: 'Viewing Doctor',
      readers: withNurse ? [doctor.userId, nurse.userId] : [doctor.userId],
    });
  }
  const direct = await api(t, 'POST', '/api/v1/staff-threads', {
    token: doctor.token,
    body: { kind: 'direct', memberStaffIds: [nurse.staffId] },
  });
  const id = direct.json().id as string;
  t.clock.advance(60_000);
  expect((await api(t, 'POST', `/api/v1/staff-threads/${id}/messages`, { token: nurse.token, body: { body: 'Just us' } })).statusCode).toBe(
    201,
  );
  threads.push({ id, patientId: null, body: 'Just us', author: 'Second Nurse', readers: [doctor.userId, nurse.userId] });
});

describe('staff threads: each thread’s view read in turn', () => {
  it('answers each thread with its own messages and readers, and one audit row naming it', async () => {
    for (let round = 0; round < 2; round++) {
      for (const thread of threads) {
        t.clock.advance(1_000);
        const res = await api(t, 'GET', `/api/v1/staff-threads/${thread.id}`, { token: doctor.token });
        expect(res.statusCode, res.body).toBe(200);
        const view = res.json<{ id: string; messages: { body: string; author: { name: string } }[]; members: { userId: string }[] }>();
        expect(view.id).toBe(thread.id);
        expect(view.messages.map((m) => [m.body, m.author.name])).toEqual([[thread.body, thread.author]]);
        expect(view.members.map((m) => m.userId).sort()).toEqual([...thread.readers].sort());
        const rows = await t.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, 'staff_thread.read'), eq(auditEvents.occurredAt, t.clock.now())));
        expect(rows.map((r) => [r.resourceId, r.patientId, r.actorUserId, r.outcome])).toEqual([
          [thread.id, thread.patientId, doctor.userId, 'success'],
        ]);
      }
    }
  });
});
