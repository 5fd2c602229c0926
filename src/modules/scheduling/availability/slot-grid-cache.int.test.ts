import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../../test/helpers/actors.js';
import { countQueries } from '../../../../test/helpers/query-count.js';
import { appointments } from '../appointments/appointments.tables.js';
import { visitTypeId, workEveryDay } from '../appointments/appointments-test-support.js';
import { availabilityExceptions, availabilityRules, scheduleVersions } from './scheduling.tables.js';
import { computeSlots } from './services/availability.service.js';

/**
 * Slot search keeps each clinician's slot grid in memory (slot-grid-cache.ts). These tests change
 * the schedule by every path — a booking through the API, a cancellation, leave and working hours
 * written straight to the database — right after a warm search, and expect the very next search
 * to show it. A second database handle plays a second app instance with its own memory.
 */
describe('slot search with remembered grids', () => {
  const t = useTestApp({ env: { BOOKING_MIN_NOTICE_MINUTES: '0' } });
  let doctor: TestAccount;
  let receptionist: TestAccount;
  let followUp: string;
  const day = { from: '2026-12-01', to: '2026-12-01' };

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    receptionist = await createAccount(t, { role: 'receptionist' });
    await workEveryDay(t.db, doctor.staffId!, { start: '09:00', end: '10:00' });
    followUp = await visitTypeId(t.db, 'follow_up');
  });

  const starts = async () => {
    const query = new URLSearchParams({ visitType: followUp, staffId: doctor.staffId!, ...day });
    const res = await api(t, 'GET', `/api/v1/slots?${query.toString()}`, { token: receptionist.token });
    expect(res.statusCode).toBe(200);
    return (res.json().items as { startsAt: string }[]).map((s) => s.startsAt.slice(11, 16));
  };
  const HOUR = ['09:00', '09:15', '09:30', '09:45'];

  it('answers the same search with the same bytes, through the route schema (only its fields, as JSON)', async () => {
    const query = new URLSearchParams({ visitType: followUp, staffId: doctor.staffId!, ...day }).toString();
    const first = await api(t, 'GET', `/api/v1/slots?${query}`, { token: receptionist.token });
    const second = await api(t, 'GET', `/api/v1/slots?${query}`, { token: receptionist.token });
    expect(first.statusCode).toBe(200);
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(second.body).toBe(first.body);
    const items = second.json().items as Record<string, unknown>[];
    expect(items).toHaveLength(4);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['endsAt', 'roomId', 'staffId', 'staffName', 'startsAt', 'timeZone', 'visitTypeId']);
    }
  });

  it('never offers a slot once its booking has committed, and offers it again once cancelled', async () => {
    expect(await starts()).toEqual(HOUR);
    expect(await starts()).toEqual(HOUR); // warm
    const patientId = (await createPatientRecord(t)).id;
    const booked = await api(t, 'POST', '/api/v1/appointments', {
      token: receptionist.token,
      body: { patientId, staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-01T09:15:00Z' },
    });
    expect(booked.statusCode).toBe(201);
    expect(await starts()).toEqual(['09:00', '09:30', '09:45']);

    const cancelled = await api(t, 'POST', `/api/v1/appointments/${booked.json().id}/cancel`, { token: receptionist.token, body: {} });
    expect(cancelled.statusCode).toBe(200);
    expect(await starts()).toEqual(HOUR);
  });

  it('sees leave and changed working hours at once, whoever wrote them, through a version bumped by the database', async () => {
    expect(await starts()).toEqual(HOUR);
    const versionOf = async () =>
      (await t.db.select().from(scheduleVersions).where(eq(scheduleVersions.staffId, doctor.staffId!)))[0]?.version ?? 0;
    const before = await versionOf();

    const [leave] = await t.db
      .insert(availabilityExceptions)
      .values({
        staffId: doctor.staffId!,
        kind: 'unavailable',
        startsAt: new Date('2026-12-01T09:30:00Z'),
        endsAt: new Date('2026-12-01T10:00:00Z'),
        timeZone: 'UTC',
        createdAt: t.clock.now(),
      })
      .returning();
    expect(await versionOf()).toBeGreaterThan(before);
    expect(await starts()).toEqual(['09:00', '09:15']);

    await t.db.delete(availabilityExceptions).where(eq(availabilityExceptions.id, leave!.id));
    expect(await starts()).toEqual(HOUR);

    await t.db.update(availabilityRules).set({ endTime: '09:30' }).where(eq(availabilityRules.staffId, doctor.staffId!));
    expect(await starts()).toEqual(['09:00', '09:15']);
    await t.db.update(availabilityRules).set({ endTime: '10:00' }).where(eq(availabilityRules.staffId, doctor.staffId!));
    expect(await starts()).toEqual(HOUR);
  });

  it('keeps another instance right too: its own memory checks the same version and the same appointments', async () => {
    const other = countQueries(t);
    const window = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') };
    const otherStarts = async () =>
      (await computeSlots(other.db, { staffIds: [doctor.staffId!], visitTypeId: followUp, ...window, now: t.clock.now() })).map((s) =>
        s.startsAt.toISOString().slice(11, 16),
      );
    expect(await otherStarts()).toEqual(HOUR);
    expect(await starts()).toEqual(HOUR);

    // This instance changes the hours and books: the other, warm, sees both on its next search.
    await t.db.update(availabilityRules).set({ startTime: '09:15' }).where(eq(availabilityRules.staffId, doctor.staffId!));
    const patientId = (await createPatientRecord(t)).id;
    const booked = await api(t, 'POST', '/api/v1/appointments', {
      token: receptionist.token,
      body: { patientId, staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-01T09:30:00Z' },
    });
    expect(booked.statusCode).toBe(201);
    other.reset();
    expect(await otherStarts()).toEqual(['09:15', '09:45']);
    expect(other.matching(/from "availability_rules"/), 'the version changed: the grid was computed again').toBe(1);
    expect(await starts()).toEqual(['09:15', '09:45']);

    await t.db.update(appointments).set({ status: 'cancelled' }).where(eq(appointments.id, booked.json().id));
    await t.db.update(availabilityRules).set({ startTime: '09:00' }).where(eq(availabilityRules.staffId, doctor.staffId!));
    expect(await otherStarts()).toEqual(HOUR);
  });
});
