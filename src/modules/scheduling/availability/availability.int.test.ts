import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount } from '../../../../test/helpers/actors.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { availabilityExceptions, availabilityRules, rooms, visitTypes } from './scheduling.tables.js';

const monday = { weekday: 1, startTime: '09:00', endTime: '12:00', validFrom: '2026-01-01' };

describe('scheduling: visit types, rooms, working hours and exceptions', () => {
  const t = useTestApp();

  it('lists the seeded visit types and the active rooms to signed-in people', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    await t.db.insert(rooms).values([
      { code: 'T-101', name: 'Consulting room 101', createdAt: t.clock.now() },
      { code: 'T-OLD', name: 'Closed room', active: false, createdAt: t.clock.now() },
    ]);
    const types = await api(t, 'GET', '/api/v1/visit-types', { token: patient.token });
    expect(types.statusCode).toBe(200);
    expect(types.json().items.map((v: { code: string; durationMinutes: number }) => [v.code, v.durationMinutes])).toEqual([
      ['follow_up', 15],
      ['telemedicine', 20],
      ['new_patient', 30],
      ['procedure', 60],
    ]);
    expect(types.json().items.find((v: { code: string }) => v.code === 'telemedicine').mode).toBe('telemedicine');
    const list = await api(t, 'GET', '/api/v1/rooms', { token: patient.token });
    expect(list.json().items.map((r: { code: string }) => r.code)).toContain('T-101');
    expect(list.json().items.map((r: { code: string }) => r.code)).not.toContain('T-OLD');
    expect((await api(t, 'GET', '/api/v1/rooms')).statusCode).toBe(401);
  });

  it('lets a clinician add hours in their account zone by default, with an ETag, and audits it', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    await t.db.update(users).set({ timeZone: 'Europe/Paris' }).where(eq(users.id, doctor.userId));
    const url = `/api/v1/staff/${doctor.staffId}/availability-rules`;
    const created = await api(t, 'POST', url, { token: doctor.token, body: monday });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json()).toMatchObject({
      ...monday,
      validTo: null,
      timeZone: 'Europe/Paris',
      roomId: null,
      visitTypeIds: null,
      version: 1,
    });
    const [row] = await t.db.select().from(availabilityRules).where(eq(availabilityRules.id, created.json().id));
    expect(row).toMatchObject({
      staffId: doctor.staffId,
      weekday: 1,
      startTime: '09:00:00',
      endTime: '12:00:00',
      timeZone: 'Europe/Paris',
    });
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'availability_rule.create'), eq(auditEvents.resourceId, row!.id)));
    expect(audit).toMatchObject({ actorUserId: doctor.userId, category: 'administration', outcome: 'success' });

    // Changing the account zone later does not move the rule.
    await t.db.update(users).set({ timeZone: 'America/New_York' }).where(eq(users.id, doctor.userId));
    expect((await api(t, 'GET', url, { token: doctor.token })).json().items[0].timeZone).toBe('Europe/Paris');
  });

  it('validates hours: end after start, real zone, weekday, unknown fields (400 with the field path)', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const url = `/api/v1/staff/${doctor.staffId}/availability-rules`;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...monday, endTime: '09:00' }, 'endTime'],
      [{ ...monday, startTime: '9:00' }, 'startTime'],
      [{ ...monday, timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ ...monday, weekday: 8 }, 'weekday'],
      [{ ...monday, validTo: '2025-12-31' }, 'validTo'],
    ];
    for (const [body, path] of cases) {
      const res = await api(t, 'POST', url, { token: doctor.token, body });
      expect(res.statusCode, path).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await api(t, 'POST', url, { token: doctor.token, body: { ...monday, colour: 'red' } })).statusCode).toBe(400);
    const missingRoom = await api(t, 'POST', url, {
      token: doctor.token,
      body: { ...monday, roomId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(missingRoom.statusCode).toBe(404);
    expect(await t.db.select().from(availabilityRules).where(eq(availabilityRules.staffId, doctor.staffId!))).toHaveLength(0);
  });

  it('refuses overlapping hours with 409 naming the other block; the exclusion constraint guards direct inserts too', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const url = `/api/v1/staff/${doctor.staffId}/availability-rules`;
    const first = await api(t, 'POST', url, { token: doctor.token, body: monday });
    const clash = await api(t, 'POST', url, { token: doctor.token, body: { ...monday, startTime: '11:30', endTime: '13:00' } });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ code: 'conflict', conflictingRuleId: first.json().id });
    expect(clash.json().detail).toContain('Monday 09:00–12:00');
    // Touching blocks (half-open) and other weekdays are fine.
    expect((await api(t, 'POST', url, { token: doctor.token, body: { ...monday, startTime: '12:00', endTime: '13:00' } })).statusCode).toBe(
      201,
    );
    expect((await api(t, 'POST', url, { token: doctor.token, body: { ...monday, weekday: 2 } })).statusCode).toBe(201);
    // Hours that end before the first block's validity starts do not overlap.
    expect(
      (await api(t, 'POST', url, { token: doctor.token, body: { ...monday, validFrom: '2025-01-01', validTo: '2025-12-31' } })).statusCode,
    ).toBe(201);
    await expect(
      t.db.insert(availabilityRules).values({
        staffId: doctor.staffId!,
        weekday: 1,
        startTime: '10:00',
        endTime: '10:30',
        validFrom: '2026-06-01',
        timeZone: 'UTC',
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      }),
    ).rejects.toMatchObject({ cause: { code: '23P01' } });
    expect(await t.db.select().from(availabilityRules).where(eq(availabilityRules.staffId, doctor.staffId!))).toHaveLength(4);
  });

  it('changes hours with If-Match (412 when stale) and deletes them', async () => {
    const nurse = await createAccount(t, { role: 'nurse' });
    const url = `/api/v1/staff/${nurse.staffId}/availability-rules`;
    const created = (await api(t, 'POST', url, { token: nurse.token, body: monday })).json();
    const [visitType] = await t.db.select().from(visitTypes).where(eq(visitTypes.code, 'follow_up'));
    const changed = await api(t, 'PATCH', `${url}/${created.id}`, {
      token: nurse.token,
      body: { endTime: '13:00', visitTypeIds: [visitType!.id] },
      headers: { 'if-match': '"1"' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json()).toMatchObject({ endTime: '13:00', visitTypeIds: [visitType!.id], version: 2 });
    const stale = await api(t, 'PATCH', `${url}/${created.id}`, {
      token: nurse.token,
      body: { endTime: '14:00' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('version_mismatch');
    const backwards = await api(t, 'PATCH', `${url}/${created.id}`, { token: nurse.token, body: { startTime: '14:00' } });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].path).toBe('endTime');
    const [row] = await t.db.select().from(availabilityRules).where(eq(availabilityRules.id, created.id));
    expect(row).toMatchObject({ endTime: '13:00:00', startTime: '09:00:00', version: 2 });

    expect((await api(t, 'DELETE', `${url}/${created.id}`, { token: nurse.token })).statusCode).toBe(204);
    expect(await t.db.select().from(availabilityRules).where(eq(availabilityRules.id, created.id))).toHaveLength(0);
    expect((await api(t, 'DELETE', `${url}/${created.id}`, { token: nurse.token })).statusCode).toBe(404);
  });

  it('keeps each clinician to their own calendar (403), lets administrators manage anyone (404 for unknown staff)', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const colleague = await createAccount(t, { role: 'doctor' });
    const admin = await createAccount(t, { role: 'admin' });
    const url = `/api/v1/staff/${colleague.staffId}/availability-rules`;
    const refused = await api(t, 'POST', url, { token: doctor.token, body: monday });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
    expect((await api(t, 'GET', url, { token: doctor.token })).statusCode).toBe(403);
    const byAdmin = await api(t, 'POST', url, { token: admin.token, body: monday });
    expect(byAdmin.statusCode).toBe(201);
    expect((await api(t, 'DELETE', `${url}/${byAdmin.json().id}`, { token: doctor.token })).statusCode).toBe(403);
    expect(await t.db.select().from(availabilityRules).where(eq(availabilityRules.staffId, colleague.staffId!))).toHaveLength(1);
    const unknown = await api(t, 'GET', '/api/v1/staff/00000000-0000-4000-8000-000000000000/availability-rules', { token: admin.token });
    expect(unknown.statusCode).toBe(404);
    const receptionist = await createAccount(t, { role: 'receptionist' });
    expect((await api(t, 'GET', url, { token: receptionist.token })).statusCode).toBe(403);
  });

  it('records leave and extra sessions (a room only for extra sessions) and removes them', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const [room] = await t.db.insert(rooms).values({ code: 'X-1', name: 'Procedure room', createdAt: t.clock.now() }).returning();
    const url = `/api/v1/staff/${doctor.staffId}/availability-exceptions`;
    const leave = await api(t, 'POST', url, {
      token: doctor.token,
      body: { kind: 'unavailable', startsAt: '2026-12-24T00:00:00+01:00', endsAt: '2026-12-27T00:00:00+01:00', reason: 'Holiday' },
    });
    expect(leave.statusCode).toBe(201);
    expect(leave.json()).toMatchObject({
      kind: 'unavailable',
      startsAt: '2026-12-23T23:00:00.000Z',
      endsAt: '2026-12-26T23:00:00.000Z',
      reason: 'Holiday',
      roomId: null,
      timeZone: 'UTC',
    });
    const roomOnLeave = await api(t, 'POST', url, {
      token: doctor.token,
      body: { kind: 'unavailable', startsAt: '2026-12-28T08:00:00Z', endsAt: '2026-12-28T09:00:00Z', roomId: room!.id },
    });
    expect(roomOnLeave.statusCode).toBe(400);
    expect(roomOnLeave.json().errors[0].path).toBe('roomId');
    const backwards = await api(t, 'POST', url, {
      token: doctor.token,
      body: { kind: 'extra', startsAt: '2026-12-28T09:00:00Z', endsAt: '2026-12-28T08:00:00Z' },
    });
    expect(backwards.json().errors[0].path).toBe('endsAt');
    const extra = await api(t, 'POST', url, {
      token: doctor.token,
      body: { kind: 'extra', startsAt: '2026-12-28T14:00:00Z', endsAt: '2026-12-28T16:00:00Z', roomId: room!.id },
    });
    expect(extra.statusCode).toBe(201);
    const listed = await api(t, 'GET', `${url}?from=2026-12-27T00:00:00Z`, { token: doctor.token });
    expect(listed.json().items.map((e: { id: string }) => e.id)).toEqual([extra.json().id]);
    expect((await api(t, 'GET', url, { token: doctor.token })).json().items).toHaveLength(2);
    expect((await api(t, 'DELETE', `${url}/${leave.json().id}`, { token: doctor.token })).statusCode).toBe(204);
    const rows = await t.db.select().from(availabilityExceptions).where(eq(availabilityExceptions.staffId, doctor.staffId!));
    expect(rows.map((r) => r.kind)).toEqual(['extra']);
    expect(rows[0]!.roomId).toBe(room!.id);
  });
});
