import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../../test/helpers/actors.js';
import { careTeamRows } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { AppError } from '../../../platform/errors.js';
import { patients } from '../../patients/index.js';
import { specialties, staffProfiles, staffSpecialties } from '../../staff/index.js';
import { appointments } from '../appointments/appointments.tables.js';
import { appointmentRows, visitTypeId, workEveryDay } from '../appointments/appointments-test-support.js';
import { registerAppointmentHook } from '../appointments/services/appointment-hooks.js';

/** Automated assignment through the API: the documented rules (auto-assign.scoring.ts), reasons, booking. */
describe('POST /api/v1/appointments/auto-assign', () => {
  const t = useTestApp();
  let receptionist: TestAccount;
  let english: TestAccount; // speaks English, lighter schedule
  let arabic: TestAccount; // speaks Arabic, busier
  let specialtyId: string;
  let followUp: string;

  const assign = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    api(t, 'POST', '/api/v1/appointments/auto-assign', {
      token,
      body: { specialtyId, visitTypeId: followUp, from: '2026-11-30', to: '2026-12-06', ...body },
      headers,
    });

  /** Active appointments for other patients: `n` visits on Dec 5 (inside the window, after the first free slots). */
  async function giveLoad(staffId: string, n: number) {
    for (let i = 0; i < n; i++) {
      const other = await createPatientRecord(t);
      const startsAt = new Date(Date.UTC(2026, 11, 5, 10 + i));
      await t.db.insert(appointments).values({
        patientId: other.id,
        staffId,
        visitTypeId: followUp,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 15 * 60_000),
        status: 'booked',
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      });
    }
  }

  beforeAll(async () => {
    receptionist = await createAccount(t, { role: 'receptionist' });
    english = await createAccount(t, { role: 'doctor', familyName: 'English' });
    arabic = await createAccount(t, { role: 'doctor', familyName: 'Arabic' });
    specialtyId = (
      await t.db.insert(specialties).values({ code: 'aa-cardio', name: 'Cardiology', createdAt: t.clock.now() }).returning()
    )[0]!.id;
    followUp = await visitTypeId(t.db, 'follow_up');
    for (const doctor of [english, arabic]) {
      await t.db.insert(staffSpecialties).values({ staffId: doctor.staffId!, specialtyId });
      await workEveryDay(t.db, doctor.staffId!);
    }
    await t.db
      .update(staffProfiles)
      .set({ languages: ['ar', 'fr'] })
      .where(eq(staffProfiles.id, arabic.staffId!));
    await giveLoad(arabic.staffId!, 3);
  });

  it('language beats load: an Arabic-speaking patient gets the busier Arabic-speaking clinician, with the reasons', async () => {
    const patient = await createPatientRecord(t, { preferredLanguage: 'ar' });
    const res = await assign(receptionist.token, { patientId: patient.id });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.staffId).toBe(arabic.staffId);
    expect(body.startsAt).toBe('2026-11-30T08:00:00.000Z');
    expect(body.reasonCodes).toEqual(['earliest', 'language']);
    expect(body.reasons).toEqual(['earliest available', 'speaks Arabic']);
    expect(body.alternatives.map((a: { staffId: string }) => a.staffId)).toEqual([english.staffId]);
    expect(body.appointment).toBeNull();
    expect(await appointmentRows(t.db, { patientId: patient.id })).toHaveLength(0); // nothing booked
    // Reading the patient's language and history is audited.
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.patientId, patient.id), eq(auditEvents.action, 'appointment.auto_assign')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ staffId: arabic.staffId });
  });

  it('the request’s language wins over the record’s, and the reasons come in the caller’s language', async () => {
    const patient = await createPatientRecord(t, { preferredLanguage: 'ar' });
    const res = await assign(receptionist.token, { patientId: patient.id, preferredLanguage: 'en' });
    expect(res.json().staffId).toBe(english.staffId);
    expect(res.json().reasonCodes).toEqual(['earliest', 'language', 'lighter_load']);
    expect(res.json().reasons).toEqual(['earliest available', 'speaks English', 'lighter schedule in this period']);
  });

  it('with no language to match, the lighter schedule wins between equally early clinicians', async () => {
    const res = await assign(receptionist.token, {});
    expect(res.statusCode).toBe(200);
    expect(res.json().staffId).toBe(english.staffId);
    expect(res.json().reasonCodes).toEqual(['earliest', 'lighter_load']);
  });

  it('a clinician who saw the patient before beats a lighter schedule ("saw you before" to the patient)', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    await t.db.insert(appointments).values({
      patientId: patient.patientId!,
      staffId: arabic.staffId!,
      visitTypeId: followUp,
      startsAt: new Date('2026-10-01T09:00:00Z'),
      endsAt: new Date('2026-10-01T09:15:00Z'),
      status: 'completed',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
    const res = await assign(patient.token, {});
    expect(res.json().staffId).toBe(arabic.staffId);
    expect(res.json().reasons).toEqual(['earliest available', 'saw you before']);
  });

  it('the requested clinician plus a lighter schedule outweigh language (+25 +10 > +30)', async () => {
    const patient = await createPatientRecord(t, { preferredLanguage: 'ar' });
    const far = await assign(receptionist.token, { patientId: patient.id, preferredStaffId: english.staffId });
    expect(far.json().staffId).toBe(english.staffId);
    expect(far.json().reasonCodes).toEqual(['earliest', 'preferred', 'lighter_load']); // +25 +10 beats +30
  });

  it('book: true books through the core (care team, audit), replays on the same Idempotency-Key', async () => {
    const patient = await createPatientRecord(t);
    const headers = { 'idempotency-key': 'auto-assign-key-0001' };
    const res = await assign(receptionist.token, { patientId: patient.id, book: true }, headers);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.staffId).toBe(english.staffId);
    expect(body.appointment).toMatchObject({ patientId: patient.id, staffId: english.staffId, startsAt: body.startsAt, status: 'booked' });
    expect(body.appointment.reason).toBeUndefined(); // the front desk's view
    const rows = await appointmentRows(t.db, { patientId: patient.id });
    expect(rows.map((r) => [r.id, r.staffId, r.status])).toEqual([[body.appointment.id, english.staffId, 'booked']]);
    expect((await careTeamRows(t, patient.id)).map((m) => m.staffId)).toEqual([english.staffId]);

    const again = await assign(receptionist.token, { patientId: patient.id, book: true }, headers);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(body);
    expect(await appointmentRows(t.db, { patientId: patient.id })).toHaveLength(1);
  });

  it('book: true moves on to the next candidate when the slot is lost in a race', async () => {
    const patient = await createPatientRecord(t);
    let lose = true;
    registerAppointmentHook(t.app.deps, async (_tx, change) => {
      if (change.kind === 'booked' && change.appointment.patientId === patient.id && lose) {
        lose = false;
        throw new AppError('slot_taken', 'This time was just booked by someone else.');
      }
    });
    const res = await assign(receptionist.token, { patientId: patient.id, book: true });
    expect(res.statusCode).toBe(201);
    expect(res.json().staffId).toBe(arabic.staffId); // the second best
    const rows = await appointmentRows(t.db, { patientId: patient.id });
    expect(rows.map((r) => r.staffId)).toEqual([arabic.staffId]);
  });

  it('refuses what it cannot do: book without a patient (400), another patient (404), no slot (422)', async () => {
    const noPatient = await assign(receptionist.token, { book: true });
    expect(noPatient.statusCode).toBe(400);
    expect(noPatient.json().errors[0].path).toBe('patientId');

    const patient = await createAccount(t, { role: 'patient' });
    const other = await createPatientRecord(t);
    const foreign = await assign(patient.token, { patientId: other.id });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('not_found');

    const empty = (await t.db.insert(specialties).values({ code: 'aa-empty', name: 'Empty', createdAt: t.clock.now() }).returning())[0]!.id;
    const none = await assign(receptionist.token, { specialtyId: empty });
    expect(none.statusCode).toBe(422);
    expect(none.json().code).toBe('unprocessable');
    expect(await t.db.select().from(patients).where(eq(patients.id, other.id))).toHaveLength(1);
  });
});
