import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../../test/helpers/actors.js';
import { users } from '../../../platform/auth/auth.tables.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { specialties, staffProfiles, staffSpecialties } from '../../staff/index.js';
import { appointments } from '../appointments/appointments.tables.js';
import { countQueries } from '../../../../test/helpers/query-count.js';
import { availabilityExceptions, availabilityRules, rooms, visitTypes } from './scheduling.tables.js';
import { checkBookable, computeSlots } from './services/availability.service.js';
import { searchSlots } from './services/slots-search.service.js';

async function clinician(
  t: TestApp,
  options: { specialtyId?: string; languages?: string[]; timeZone?: string; givenName?: string },
): Promise<TestAccount> {
  const account = await createAccount(t, { role: 'doctor', givenName: options.givenName ?? 'Doc' });
  await t.db
    .update(staffProfiles)
    .set({ languages: options.languages ?? ['en'] })
    .where(eq(staffProfiles.id, account.staffId!));
  if (options.specialtyId) await t.db.insert(staffSpecialties).values({ staffId: account.staffId!, specialtyId: options.specialtyId });
  if (options.timeZone) await t.db.update(users).set({ timeZone: options.timeZone }).where(eq(users.id, account.userId));
  return account;
}

async function weekdayHours(
  t: TestApp,
  staffId: string,
  timeZone: string,
  hours: [string, string][] = [['09:00', '12:00']],
  roomId: string | null = null,
) {
  for (let weekday = 1; weekday <= 5; weekday++) {
    for (const [startTime, endTime] of hours) {
      await t.db.insert(availabilityRules).values({
        staffId,
        weekday,
        startTime,
        endTime,
        validFrom: '2026-01-01',
        timeZone,
        roomId,
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      });
    }
  }
}

describe('scheduling: slot search, bookability, query budget', () => {
  // The slot engine's own rules; the minimum notice is tested in booking/first-available.int.test.ts.
  const t = useTestApp({ env: { BOOKING_MIN_NOTICE_MINUTES: '0' } });
  let cardiology: string;
  let generalMedicine: string;
  let newPatient: { id: string; durationMinutes: number };
  let followUp: { id: string };
  let room: string;
  let paris: TestAccount;
  let newYork: TestAccount;
  let gp: TestAccount;
  let patient: TestAccount;

  beforeAll(async () => {
    t.clock.current = new Date('2026-11-27T09:00:00Z'); // Friday, 10:00 in Paris
    const [c, g] = await t.db
      .insert(specialties)
      .values([
        { code: 'cardio-t', name: 'Cardiology', createdAt: t.clock.now() },
        { code: 'gp-t', name: 'General Medicine', createdAt: t.clock.now() },
      ])
      .returning();
    cardiology = c!.id;
    generalMedicine = g!.id;
    const types = await t.db.select().from(visitTypes);
    newPatient = types.find((v) => v.code === 'new_patient')!;
    followUp = types.find((v) => v.code === 'follow_up')!;
    room = (await t.db.insert(rooms).values({ code: 'S-1', name: 'Room S-1', createdAt: t.clock.now() }).returning())[0]!.id;
    paris = await clinician(t, { specialtyId: cardiology, languages: ['en', 'fr'], timeZone: 'Europe/Paris', givenName: 'Amira' });
    newYork = await clinician(t, { specialtyId: cardiology, languages: ['es-MX'], timeZone: 'America/New_York', givenName: 'Lucas' });
    gp = await clinician(t, { specialtyId: generalMedicine, languages: ['en'], givenName: 'Grace' });
    await weekdayHours(
      t,
      paris.staffId!,
      'Europe/Paris',
      [
        ['09:00', '12:00'],
        ['13:00', '17:00'],
      ],
      room,
    );
    await weekdayHours(t, newYork.staffId!, 'America/New_York');
    await weekdayHours(t, gp.staffId!, 'UTC');
    patient = await createAccount(t, { role: 'patient' });
  });

  const search = (query: Record<string, string>, token = patient.token) =>
    api(t, 'GET', `/api/v1/slots?${new URLSearchParams({ visitType: newPatient.id, ...query }).toString()}`, { token });
  const staffOf = (res: { json(): { items: { staffId: string }[] } }) => [...new Set(res.json().items.map((i) => i.staffId))];

  it('finds a specialty’s slots for a patient, in UTC with each clinician’s zone, never in the past', async () => {
    const res = await search({ specialty: cardiology, from: '2026-11-27', to: '2026-11-30' });
    expect(res.statusCode).toBe(200);
    expect(staffOf(res).sort()).toEqual([paris.staffId, newYork.staffId].sort());
    const items = res.json().items as {
      staffId: string;
      staffName: string;
      startsAt: string;
      endsAt: string;
      roomId: string | null;
      timeZone: string;
    }[];
    // Friday in Paris: it is 10:00 now, so the first slot is 10:30 local (09:30Z); nothing earlier.
    const first = items[0]!;
    expect(first).toEqual({
      staffId: paris.staffId,
      staffName: expect.stringMatching(/^Amira doctor \d+$/),
      startsAt: '2026-11-27T09:30:00.000Z',
      endsAt: '2026-11-27T10:00:00.000Z',
      roomId: room,
      visitTypeId: newPatient.id,
      timeZone: 'Europe/Paris',
    });
    expect(items.every((i) => new Date(i.startsAt) > t.clock.now())).toBe(true);
    // New York 09:00 on Friday is 14:00Z; Monday 30 November is included (the `to` date is inclusive).
    expect(
      items.some((i) => i.staffId === newYork.staffId && i.startsAt === '2026-11-27T14:00:00.000Z' && i.timeZone === 'America/New_York'),
    ).toBe(true);
    expect(items.some((i) => i.startsAt.startsWith('2026-11-30'))).toBe(true);
    expect(items.some((i) => i.startsAt.startsWith('2026-11-28') || i.startsAt.startsWith('2026-11-29'))).toBe(false);
    const sorted = [...items].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.staffId.localeCompare(b.staffId));
    expect(items).toEqual(sorted);
  });

  it('filters by language (a primary tag matches regional tags) and by clinician', async () => {
    const french = await search({ specialty: cardiology, language: 'fr', from: '2026-11-30', to: '2026-11-30' });
    expect(staffOf(french)).toEqual([paris.staffId]);
    const spanish = await search({ language: 'es', from: '2026-11-30', to: '2026-11-30' });
    expect(staffOf(spanish)).toEqual([newYork.staffId]);
    const one = await search({ staffId: gp.staffId!, from: '2026-11-30', to: '2026-11-30' });
    expect(staffOf(one)).toEqual([gp.staffId]);
    expect(one.json().items).toHaveLength(6);
    const nobody = await search({ specialty: generalMedicine, language: 'fr', from: '2026-11-30', to: '2026-11-30' });
    expect(nobody.json().items).toEqual([]);
  });

  it('refuses more than 62 days, an end before the start, and an unknown visit type', async () => {
    const long = await search({ from: '2026-12-01', to: '2027-02-01' });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'to' }] });
    expect((await search({ from: '2026-12-01', to: '2027-01-31' })).statusCode).toBe(200);
    const backwards = await search({ from: '2026-12-10T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    expect(backwards.json().errors[0].path).toBe('to');
    expect((await search({ from: 'tomorrow', to: '2026-12-01' })).statusCode).toBe(400);
    const unknown = await search({ visitType: '00000000-0000-4000-8000-000000000000', from: '2026-12-01', to: '2026-12-02' });
    expect(unknown.statusCode).toBe(404);
    const receptionist = await createAccount(t, { role: 'receptionist' });
    expect((await search({ from: '2026-12-01', to: '2026-12-02' }, receptionist.token)).statusCode).toBe(200);
  });

  it('removes slots taken by active appointments (not cancelled ones), leave, and adds extra sessions', async () => {
    const someone = await createPatientRecord(t);
    const monday = { staffId: gp.staffId!, from: '2026-12-07', to: '2026-12-07' };
    const before = (await search(monday)).json().items.map((i: { startsAt: string }) => i.startsAt);
    expect(before).toContain('2026-12-07T09:00:00.000Z');
    await t.db.insert(appointments).values([
      {
        patientId: someone.id,
        staffId: gp.staffId!,
        visitTypeId: followUp.id,
        startsAt: new Date('2026-12-07T09:00:00Z'),
        endsAt: new Date('2026-12-07T09:15:00Z'),
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      },
      {
        patientId: someone.id,
        staffId: gp.staffId!,
        visitTypeId: newPatient.id,
        startsAt: new Date('2026-12-07T10:00:00Z'),
        endsAt: new Date('2026-12-07T10:30:00Z'),
        status: 'cancelled',
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      },
    ]);
    await api(t, 'POST', `/api/v1/staff/${gp.staffId}/availability-exceptions`, {
      token: gp.token,
      body: { kind: 'unavailable', startsAt: '2026-12-07T11:00:00Z', endsAt: '2026-12-07T12:00:00Z' },
    });
    await api(t, 'POST', `/api/v1/staff/${gp.staffId}/availability-exceptions`, {
      token: gp.token,
      body: { kind: 'extra', startsAt: '2026-12-07T15:00:00Z', endsAt: '2026-12-07T16:00:00Z', roomId: room },
    });
    const after = (await search(monday)).json().items as { startsAt: string; roomId: string | null }[];
    expect(after.map((i) => i.startsAt)).toEqual([
      '2026-12-07T09:30:00.000Z',
      '2026-12-07T10:00:00.000Z',
      '2026-12-07T10:30:00.000Z',
      '2026-12-07T15:00:00.000Z',
      '2026-12-07T15:30:00.000Z',
    ]);
    expect(after.at(-1)!.roomId).toBe(room);
  });

  it('expands the Paris 23- and 25-hour days through the API (dates in the searcher’s zone)', async () => {
    const saved = t.clock.current;
    t.clock.current = new Date('2026-03-01T00:00:00Z');
    try {
      const night = await clinician(t, { timeZone: 'Europe/Paris' });
      await t.db.insert(availabilityRules).values({
        staffId: night.staffId!,
        weekday: 7,
        startTime: '01:00',
        endTime: '04:00',
        validFrom: '2026-01-01',
        timeZone: 'Europe/Paris',
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      });
      const parisian = await createAccount(t, { role: 'patient' });
      await t.db.update(users).set({ timeZone: 'Europe/Paris' }).where(eq(users.id, parisian.userId));
      const token = parisian.token;
      const spring = (await search({ staffId: night.staffId!, from: '2026-03-29', to: '2026-03-29' }, token))
        .json()
        .items.map((i: { startsAt: string }) => i.startsAt);
      expect(spring).toEqual([
        '2026-03-29T00:00:00.000Z',
        '2026-03-29T00:30:00.000Z',
        '2026-03-29T01:00:00.000Z',
        '2026-03-29T01:30:00.000Z',
      ]);
      const autumn = (await search({ staffId: night.staffId!, from: '2026-10-25', to: '2026-10-25' }, token)).json().items;
      expect(autumn).toHaveLength(6);
      expect(autumn[2].startsAt).toBe('2026-10-25T00:00:00.000Z');
      expect(autumn[4].startsAt).toBe('2026-10-25T02:00:00.000Z');
    } finally {
      t.clock.current = saved;
    }
  });

  it('checkBookable accepts a slot start and explains every refusal', async () => {
    const now = t.clock.now();
    const at = (iso: string, visitTypeId = newPatient.id, staffId = paris.staffId!) =>
      checkBookable(t.db, { staffId, visitTypeId, startsAt: new Date(iso), now });
    // Monday 30 November, 09:00 Paris = 08:00Z.
    await expect(at('2026-11-30T08:00:00Z')).resolves.toEqual({ endsAt: new Date('2026-11-30T08:30:00Z'), roomId: room });
    await expect(at('2026-11-30T10:30:00Z')).resolves.toMatchObject({ endsAt: new Date('2026-11-30T11:00:00Z') }); // last morning slot ends at 12:00
    await expect(at('2026-11-26T08:00:00Z')).rejects.toMatchObject({ code: 'slot_in_past', status: 422 });
    await expect(at('2026-11-27T09:00:00Z')).rejects.toMatchObject({ code: 'slot_in_past' }); // exactly now
    await expect(at('2026-11-29T08:00:00Z')).rejects.toMatchObject({
      code: 'outside_availability',
      detail: expect.stringContaining('no working hours on that day'),
    });
    await expect(at('2026-11-30T11:00:00Z')).rejects.toMatchObject({
      code: 'outside_availability',
      detail: expect.stringContaining('outside the clinician'),
    }); // 12:00, lunch
    await expect(at('2026-11-30T08:10:00Z')).rejects.toMatchObject({
      code: 'outside_availability',
      detail: expect.stringContaining('30-minute slots'),
    });

    await t.db.insert(availabilityExceptions).values({
      staffId: paris.staffId!,
      kind: 'unavailable',
      startsAt: new Date('2026-12-01T00:00:00Z'),
      endsAt: new Date('2026-12-02T00:00:00Z'),
      timeZone: 'Europe/Paris',
      createdAt: t.clock.now(),
    });
    await expect(at('2026-12-01T08:00:00Z')).rejects.toMatchObject({
      code: 'outside_availability',
      detail: expect.stringContaining('not available then'),
    });

    const only = await clinician(t, {});
    await t.db.insert(availabilityRules).values({
      staffId: only.staffId!,
      weekday: 1,
      startTime: '09:00',
      endTime: '12:00',
      validFrom: '2026-01-01',
      timeZone: 'UTC',
      visitTypeIds: [followUp.id],
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
    await expect(at('2026-11-30T09:00:00Z', newPatient.id, only.staffId!)).rejects.toMatchObject({
      code: 'outside_availability',
      detail: expect.stringContaining('does not offer this visit type'),
    });
    await expect(at('2026-11-30T09:15:00Z', followUp.id, only.staffId!)).resolves.toEqual({
      endsAt: new Date('2026-11-30T09:30:00Z'),
      roomId: null,
    });
  });

  it('computes a month of slots for ten clinicians in four queries cold and two warm, and the search in five', async () => {
    const specialty = (await t.db.insert(specialties).values({ code: 'bench', name: 'Bench', createdAt: t.clock.now() }).returning())[0]!
      .id;
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const account = await clinician(t, { specialtyId: specialty, timeZone: i % 2 ? 'Europe/Paris' : 'America/New_York' });
      await weekdayHours(t, account.staffId!, i % 2 ? 'Europe/Paris' : 'America/New_York', [
        ['08:00', '12:00'],
        ['13:00', '17:00'],
      ]);
      ids.push(account.staffId!);
    }
    const counter = countQueries(t);
    const window = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-31T00:00:00Z') };
    const slots = await computeSlots(counter.db, { staffIds: ids, visitTypeId: followUp.id, ...window, now: t.clock.now() });
    // The visit type, the schedule versions with the appointments (one statement), then (cold) the rules and exceptions.
    expect(counter.count()).toBe(4);
    // 22 weekdays × 32 fifteen-minute slots × 10 clinicians, minus none.
    expect(slots).toHaveLength(22 * 32 * 10);
    counter.reset();
    const again = await computeSlots(counter.db, { staffIds: ids, visitTypeId: followUp.id, ...window, now: t.clock.now() });
    expect(counter.count(), 'warm: the grids come from memory, the appointments never do').toBe(2);
    expect(counter.matching(/from "appointments"/)).toBe(1);
    expect(counter.matching(/from "schedule_versions"/)).toBe(1);
    expect(again).toEqual(slots);

    counter.reset();
    const ctx: ServiceContext = {
      actor: {
        kind: 'user',
        userId: patient.userId,
        role: 'patient',
        flags: { nurseLead: false, privacyOfficer: false },
        email: patient.email,
        locale: 'en',
        timeZone: 'UTC',
        patientId: patient.patientId,
        staffId: null,
        sessionId: 'x',
        sessionKind: 'api',
        mfaEnrolled: false,
      },
      origin: { ip: null, userAgent: null, requestId: null },
      now: t.clock.now(),
    };
    const found = await searchSlots(counter.db, ctx, { visitType: followUp.id, specialty, from: '2026-12-01', to: '2026-12-30' });
    expect(found).toHaveLength(22 * 32 * 10);
    // Visit type, clinicians with hours, their profiles and specialties, schedule versions with appointments.
    expect(counter.count()).toBe(5);
  });
});
