import { and, asc, eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { outbox } from '../../../platform/outbox/outbox.tables.js';
import { notifications } from '../../notifications/index.js';
import { patients } from '../../patients/index.js';
import { encounters } from '../../records/index.js';
import { departments, staffProfiles } from '../../staff/index.js';
import { medicationProducts } from '../medications.tables.js';
import { seedFormularyProducts } from '../medications.seed.js';
import { adherenceMonitors, medicationDoses } from './doses.tables.js';
import { checkAdherenceAlerts } from './services/adherence.service.js';
import { materialiseDoses } from './services/dose-materialise.service.js';
import { sendDueDoseReminders } from './services/dose-reminders.service.js';

const HOUR = 3_600_000;
const MEDICINE = 'Amoxicillin 500 mg capsule';

describe('doses: schedule rows, reminders, taken/skipped/snooze, adherence, monitoring, nurse administration', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let nurse: TestAccount;
  let otherNurse: TestAccount;
  let productId: string;
  let departmentId: string;

  afterEach(() => {});

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    nurse = await createAccount(t, { role: 'nurse' });
    otherNurse = await createAccount(t, { role: 'nurse' });
    await seedFormularyProducts(t.db, t.clock.now(), doctor.userId, [
      { name: MEDICINE, doseForm: 'capsule', route: 'oral', ingredients: [['723', 500, 'mg']] },
    ]);
    productId = (await t.db.select().from(medicationProducts))[0]!.id;
    const [ward, other] = await t.db
      .insert(departments)
      .values([
        { code: 'WARD-D', name: 'Ward D', createdAt: t.clock.now() },
        { code: 'WARD-E', name: 'Ward E', createdAt: t.clock.now() },
      ])
      .returning();
    departmentId = ward!.id;
    await t.db.update(staffProfiles).set({ departmentId }).where(eq(staffProfiles.id, doctor.staffId!));
    await t.db.update(staffProfiles).set({ departmentId }).where(eq(staffProfiles.id, nurse.staffId!));
    await t.db.update(staffProfiles).set({ departmentId: other!.id }).where(eq(staffProfiles.id, otherNurse.staffId!));
  });

  /** A patient in London with e-mail reminders for medicines, the doctor on the care team. */
  async function newPatient() {
    const patient = await createAccount(t, { role: 'patient' });
    await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
    await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patient.patientId!));
    await t.db.update(users).set({ timeZone: 'Europe/London' }).where(eq(users.id, patient.userId));
    await t.db.execute(
      sql`insert into notification_preferences (user_id, category, channels, updated_at) values (${patient.userId}, 'medication', '{email}', ${t.clock.now()})`,
    );
    return patient;
  }

  async function signed(patientId: string, frequency: unknown, startsAt = t.clock.now()) {
    const draft = await api(t, 'POST', '/api/v1/prescriptions', {
      token: doctor.token,
      body: { patientId, productId, dose: { value: 1, unit: '{capsule}' }, frequency, startsAt: startsAt.toISOString(), durationDays: 30 },
    });
    expect(draft.statusCode).toBe(201);
    const sign = await api(t, 'POST', `/api/v1/prescriptions/${draft.json().id}/sign`, { token: doctor.token, body: { overrides: [] } });
    expect(sign.statusCode).toBe(200);
    return draft.json().id as string;
  }

  const dosesOf = (prescriptionId: string) =>
    t.db.select().from(medicationDoses).where(eq(medicationDoses.prescriptionId, prescriptionId)).orderBy(asc(medicationDoses.dueAt));

  it('signing writes the next 48 hours of doses in the patient zone; the job adds only what is new; as needed gives none', async () => {
    const patient = await newPatient();
    const now = t.clock.now(); // 2026-11-27 09:00Z = 09:00 in London
    const id = await signed(patient.patientId!, { kind: 'at_times', times: ['08:00', '20:00'] });
    expect((await dosesOf(id)).map((d) => d.dueAt.toISOString())).toEqual([
      '2026-11-27T20:00:00.000Z',
      '2026-11-28T08:00:00.000Z',
      '2026-11-28T20:00:00.000Z',
      '2026-11-29T08:00:00.000Z',
    ]);
    expect(await materialiseDoses(t.db, now)).toBe(0);
    expect(await dosesOf(id)).toHaveLength(4);
    expect(await materialiseDoses(t.db, new Date(now.getTime() + 12 * HOUR), [id])).toBe(1); // 29 Nov 20:00
    expect(await dosesOf(id)).toHaveLength(5);

    // The patient moves to Paris: the window's pending doses follow the wall times (one dose per
    // wall time, never both); a recorded dose stays.
    await t.db
      .update(medicationDoses)
      .set({ status: 'skipped', recordedAt: now })
      .where(and(eq(medicationDoses.prescriptionId, id), eq(medicationDoses.dueAt, new Date('2026-11-27T20:00:00Z'))));
    await t.db.update(users).set({ timeZone: 'Europe/Paris' }).where(eq(users.id, patient.userId));
    await materialiseDoses(t.db, now, [id]);
    await materialiseDoses(t.db, new Date(now.getTime() + 12 * HOUR), [id]); // the next run's window reaches 29 Nov evening
    expect((await dosesOf(id)).map((d) => `${d.dueAt.toISOString()} ${d.status}`)).toEqual([
      '2026-11-27T19:00:00.000Z pending',
      '2026-11-27T20:00:00.000Z skipped',
      '2026-11-28T07:00:00.000Z pending',
      '2026-11-28T19:00:00.000Z pending',
      '2026-11-29T07:00:00.000Z pending',
      '2026-11-29T19:00:00.000Z pending',
    ]);

    const asNeeded = await signed(patient.patientId!, { kind: 'as_needed', maxPerDay: 3 });
    await materialiseDoses(t.db, now);
    expect(await dosesOf(asNeeded)).toHaveLength(0);
  });

  it('a course that started minutes before signing keeps its first dose (due now), and only that one from the past', async () => {
    const patient = await newPatient();
    const startedAt = new Date(t.clock.now().getTime() - 10 * 60_000);
    const id = await signed(patient.patientId!, { kind: 'every_n_hours', hours: 12 }, startedAt);
    const due = (await dosesOf(id)).map((d) => d.dueAt.toISOString());
    expect(due[0]).toBe(startedAt.toISOString());
    expect(due).toHaveLength(5); // the start, then every 12 hours for the next 48
  });

  it('a reminder goes out at the dose time through notify, never naming the medicine outside the app, once', async () => {
    const patient = await newPatient();
    const id = await signed(patient.patientId!, { kind: 'at_times', times: ['20:00'] });
    const [dose] = await dosesOf(id);
    await sendDueDoseReminders(t.db, new Date(dose!.dueAt.getTime() - 60_000));
    expect((await dosesOf(id))[0]).toMatchObject({ remindAt: dose!.dueAt, remindersSent: 0 });
    expect((await sendDueDoseReminders(t.db, dose!.dueAt)).sent).toBeGreaterThanOrEqual(1);
    expect((await sendDueDoseReminders(t.db, dose!.dueAt)).sent).toBe(0);

    const [note] = await t.db.select().from(notifications).where(eq(notifications.userId, patient.userId));
    expect(note).toMatchObject({ category: 'medication', template: 'doses.dose_due', link: '/portal/doses' });
    const messages = await t.db.select().from(outbox).where(eq(outbox.recipientUserId, patient.userId));
    expect(messages).toHaveLength(1);
    expect(messages[0]!.channel).toBe('email');
    for (const text of [messages[0]!.subject, messages[0]!.text, note!.title, note!.body]) {
      expect(text.toLowerCase()).not.toContain('amoxicillin');
      expect(text).not.toContain('500');
    }
    expect(messages[0]!.text).toContain('next=%2Fportal%2Fdoses'); // the link opens the signed-in doses page
    const [after] = await dosesOf(id);
    expect(after).toMatchObject({ remindAt: null, remindersSent: 1, status: 'pending' });
  });

  it('the patient marks taken, skipped and snooze (API and page); rows and audit rows follow; others get 404', async () => {
    const patient = await newPatient();
    const stranger = await newPatient();
    const id = await signed(patient.patientId!, { kind: 'at_times', times: ['09:00', '09:30'] });
    const [first, second, third] = await dosesOf(id); // 27 Nov 09:00, 09:30, 28 Nov 09:00

    const list = await api(t, 'GET', '/api/v1/me/doses', { token: patient.token });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((d: { id: string }) => d.id)).toEqual([first!.id, second!.id]); // the next 24 hours: tomorrow's 09:00 is not yet listed

    const taken = await api(t, 'POST', `/api/v1/me/doses/${first!.id}/taken`, { token: patient.token });
    expect(taken.statusCode).toBe(200);
    expect(taken.json()).toMatchObject({ status: 'taken', medicine: MEDICINE });
    expect((await dosesOf(id))[0]).toMatchObject({
      status: 'taken',
      recordedBy: patient.userId,
      administeredAt: t.clock.now(),
      remindAt: null,
    });
    expect((await api(t, 'POST', `/api/v1/me/doses/${first!.id}/skipped`, { token: patient.token })).statusCode).toBe(409);
    expect((await api(t, 'POST', `/api/v1/me/doses/${second!.id}/taken`, { token: stranger.token })).statusCode).toBe(404);
    // 28 Nov 09:00 is a day ahead: too early to record.
    expect((await api(t, 'POST', `/api/v1/me/doses/${third!.id}/taken`, { token: patient.token })).statusCode).toBe(422);

    // Snooze: still pending, reminded again 15 minutes later.
    const snoozed = await api(t, 'POST', `/api/v1/me/doses/${second!.id}/snooze`, { token: patient.token });
    expect(snoozed.statusCode).toBe(200);
    const later = new Date(t.clock.now().getTime() + 15 * 60_000);
    let [, row2] = await dosesOf(id);
    expect(row2).toMatchObject({ status: 'pending', remindAt: later, remindersSent: 0 });
    await sendDueDoseReminders(t.db, later);
    [, row2] = await dosesOf(id);
    expect(row2).toMatchObject({ status: 'pending', remindAt: null, remindersSent: 1 });

    // The page: due doses with POST forms; "skipped" through the form.
    const page = new PageSession(t, patient.cookie);
    const home = await page.get('/portal');
    expect(home.body).toContain('href="/portal/doses"');
    const mine = await page.get('/portal/doses');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain(MEDICINE);
    expect(mine.body).toContain(`action="/portal/doses/${second!.id}/skipped"`);
    const res = await page.post(`/portal/doses/${second!.id}/skipped`, {}, { csrfFrom: '/portal/doses' });
    expect(res.statusCode).toBe(303);
    [, row2] = await dosesOf(id);
    expect(row2).toMatchObject({ status: 'skipped', recordedBy: patient.userId, recordedAt: t.clock.now() });

    const audits = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.patientId, patient.patientId!));
    const actions = audits.map((a) => a.action);
    for (const action of ['medication_dose.list', 'medication_dose.taken', 'medication_dose.snoozed', 'medication_dose.skipped'])
      expect(actions).toContain(action);
  });

  /** Doses in the past of a prescription with known statuses. */
  async function pastDoses(
    prescriptionId: string,
    patientId: string,
    statuses: ('taken' | 'skipped' | 'pending')[],
    hoursAgoStart: number,
  ) {
    const now = t.clock.now();
    await t.db.insert(medicationDoses).values(
      statuses.map((status, i) => {
        const dueAt = new Date(now.getTime() - (hoursAgoStart + i * 12) * HOUR);
        return {
          prescriptionId,
          patientId,
          dueAt,
          status,
          recordedAt: status === 'pending' ? null : dueAt,
          administeredAt: status === 'taken' ? dueAt : null,
          createdAt: now,
          updatedAt: now,
        };
      }),
    );
  }

  it('adherence over 7 and 30 days on a known set (skipped and unrecorded count as not taken); flagged low adherence alerts the care team once', async () => {
    const patient = await newPatient();
    const id = await signed(patient.patientId!, { kind: 'at_times', times: ['21:00'] }, new Date(t.clock.now().getTime() + 60 * HOUR));
    // Last 7 days: 6 taken, 2 skipped, 2 unrecorded (10 due). Days 8–30: 10 taken.
    await pastDoses(
      id,
      patient.patientId!,
      ['taken', 'taken', 'skipped', 'taken', 'pending', 'taken', 'skipped', 'taken', 'pending', 'taken'],
      1,
    );
    await pastDoses(id, patient.patientId!, Array(10).fill('taken'), 8 * 24);

    const res = await api(t, 'GET', `/api/v1/prescriptions/${id}/adherence`, { token: doctor.token });
    expect(res.statusCode).toBe(200);
    expect(res.json().adherence).toEqual({
      last7Days: { due: 10, taken: 6, percent: 60 },
      last30Days: { due: 20, taken: 16, percent: 80 },
    });
    const mine = await api(t, 'GET', '/api/v1/me/doses', { token: patient.token });
    expect(mine.json().adherence).toEqual([
      {
        prescriptionId: id,
        productName: MEDICINE,
        last7Days: { due: 10, taken: 6, percent: 60 },
        last30Days: { due: 20, taken: 16, percent: 80 },
      },
    ]);

    // Not flagged: no alert.
    expect(await checkAdherenceAlerts(t.db, t.clock.now())).toBe(0);
    const flag = await api(t, 'PUT', `/api/v1/prescriptions/${id}/adherence-monitoring`, { token: doctor.token, body: { active: true } });
    expect(flag.statusCode).toBe(200);
    expect(flag.json().monitoring).toEqual({ active: true, thresholdPercent: 80, alertOpen: false });
    expect(
      (await api(t, 'PUT', `/api/v1/prescriptions/${id}/adherence-monitoring`, { token: nurse.token, body: { active: true } })).statusCode,
    ).toBe(403);

    expect(await checkAdherenceAlerts(t.db, t.clock.now())).toBe(1);
    expect(await checkAdherenceAlerts(t.db, t.clock.now())).toBe(0);
    expect(await checkAdherenceAlerts(t.db, new Date(t.clock.now().getTime() + HOUR))).toBe(0);
    const alerts = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, doctor.userId), eq(notifications.template, 'doses.adherence_low')));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.link).toBe(`/staff/prescriptions/${id}/doses`);
    const [monitor] = await t.db.select().from(adherenceMonitors).where(eq(adherenceMonitors.prescriptionId, id));
    expect(monitor).toMatchObject({ alertOpen: true, thresholdPercent: 80 });

    // Recovered (every dose taken): the episode closes; the staff page shows the figures.
    await t.db.update(medicationDoses).set({ status: 'taken', recordedAt: t.clock.now() }).where(eq(medicationDoses.prescriptionId, id));
    expect(await checkAdherenceAlerts(t.db, t.clock.now())).toBe(0);
    expect((await t.db.select().from(adherenceMonitors).where(eq(adherenceMonitors.prescriptionId, id)))[0]!.alertOpen).toBe(false);
    const page = await new PageSession(t, doctor.cookie).get(`/staff/prescriptions/${id}/doses`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('20 of 20');
  });

  it('a nurse lists the department patients due and overdue doses and records given (time, dose, by whom) or not given (reason)', async () => {
    const patient = await newPatient();
    const id = await signed(patient.patientId!, { kind: 'every_n_hours', hours: 6 }, new Date(t.clock.now().getTime() - 7 * HOUR));
    // The job ran 7 hours ago too: doses at 02:00 (now overdue) and 08:00 (due an hour ago).
    await materialiseDoses(t.db, new Date(t.clock.now().getTime() - 7 * HOUR), [id]);
    // An open encounter with a clinician of the ward makes the patient the ward's.
    await t.db.insert(encounters).values({
      patientId: patient.patientId!,
      clinicianId: doctor.staffId!,
      type: 'inpatient',
      status: 'in_progress',
      startedAt: t.clock.now(),
      createdBy: doctor.userId,
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
    const list = await api(t, 'GET', '/api/v1/department/doses', { token: nurse.token });
    expect(list.statusCode).toBe(200);
    expect(list.json().patients.map((p: { id: string }) => p.id)).toContain(patient.patientId);
    const mine = list.json().items.filter((d: { prescriptionId: string }) => d.prescriptionId === id);
    expect(mine.map((d: { overdue: boolean }) => d.overdue)).toEqual([true, false]);
    const [overdue, soon] = mine as { id: string }[]; // 02:00 and 08:00; 14:00 is beyond the 2-hour look-ahead

    const other = await api(t, 'GET', '/api/v1/department/doses', { token: otherNurse.token });
    expect(other.json().items.filter((d: { prescriptionId: string }) => d.prescriptionId === id)).toEqual([]);
    expect(
      (await api(t, 'POST', `/api/v1/doses/${overdue!.id}/not-given`, { token: otherNurse.token, body: { reason: 'patient_refused' } }))
        .statusCode,
    ).toBe(404);

    const future = new Date(t.clock.now().getTime() + HOUR).toISOString();
    const bad = await api(t, 'POST', `/api/v1/doses/${soon!.id}/given`, {
      token: nurse.token,
      body: { administeredAt: future, dose: { value: 1, unit: '{capsule}' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('administeredAt');
    const noUnit = await api(t, 'POST', `/api/v1/doses/${soon!.id}/given`, {
      token: nurse.token,
      body: { administeredAt: t.clock.now().toISOString(), dose: { value: 1 } },
    });
    expect(noUnit.statusCode).toBe(400);

    const givenAt = new Date(t.clock.now().getTime() - 10 * 60_000);
    const given = await api(t, 'POST', `/api/v1/doses/${soon!.id}/given`, {
      token: nurse.token,
      body: { administeredAt: givenAt.toISOString(), dose: { value: 1, unit: '{capsule}' } },
    });
    expect(given.statusCode).toBe(200);
    const notGiven = await api(t, 'POST', `/api/v1/doses/${overdue!.id}/not-given`, {
      token: nurse.token,
      body: { reason: 'patient_refused' },
    });
    expect(notGiven.statusCode).toBe(200);
    expect(
      (
        await api(t, 'POST', `/api/v1/doses/${overdue!.id}/given`, {
          token: nurse.token,
          body: { administeredAt: givenAt.toISOString(), dose: { value: 1, unit: '{capsule}' } },
        })
      ).statusCode,
    ).toBe(409);

    const rows = await dosesOf(id);
    expect(rows.find((r) => r.id === soon!.id)).toMatchObject({
      status: 'given',
      administeredAt: givenAt,
      givenDoseValue: 1,
      givenDoseUnit: '{capsule}',
      recordedBy: nurse.userId,
      recordedAt: t.clock.now(),
    });
    expect(rows.find((r) => r.id === overdue!.id)).toMatchObject({
      status: 'not_given',
      notGivenReason: 'patient_refused',
      recordedBy: nurse.userId,
    });
    const audits = await t.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.patientId, patient.patientId!), eq(auditEvents.actorUserId, nurse.userId)));
    const actions = audits.map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['medication_dose.administration_list', 'medication_dose.given', 'medication_dose.not_given']),
    );

    // The page, reached from the nurse's navigation; "not given" through its form.
    const page = new PageSession(t, nurse.cookie);
    expect((await page.get('/staff')).body).toContain('href="/staff/doses"');
    const round = await page.get('/staff/doses');
    expect(round.statusCode).toBe(200);
    expect(round.body).toContain('Medication round');
  });

  it('the nurse records "given" through the round page form: the time is read in the nurse zone', async () => {
    const patient = await newPatient();
    const id = await signed(patient.patientId!, { kind: 'every_n_hours', hours: 12 }, new Date(t.clock.now().getTime() - HOUR));
    await materialiseDoses(t.db, new Date(t.clock.now().getTime() - HOUR), [id]);
    await t.db.insert(encounters).values({
      patientId: patient.patientId!,
      clinicianId: doctor.staffId!,
      type: 'inpatient',
      status: 'in_progress',
      startedAt: t.clock.now(),
      createdBy: doctor.userId,
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
    const [dose] = await dosesOf(id); // 08:00Z, an hour ago
    const page = new PageSession(t, nurse.cookie);
    const round = await page.get('/staff/doses');
    expect(round.body).toContain(`action="/staff/doses/${dose!.id}/given"`);
    // The test hospital's zone is UTC: 08:50 local is 08:50Z.
    const res = await page.post(
      `/staff/doses/${dose!.id}/given`,
      { administeredAt: '2026-11-27T08:50', doseValue: '1', doseUnit: '{capsule}' },
      { csrfFrom: '/staff/doses' },
    );
    expect(res.statusCode).toBe(303);
    expect((await dosesOf(id))[0]).toMatchObject({
      status: 'given',
      administeredAt: new Date('2026-11-27T08:50:00Z'),
      recordedBy: nurse.userId,
    });
    const again = await page.post(`/staff/doses/${dose!.id}/not-given`, { reason: 'other' }, { csrfFrom: '/staff/doses' });
    expect(again.statusCode).toBe(409);
  });
});
