import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../test/helpers/app.js';
import { freshToken } from '../../test/helpers/patients.js';
import { users } from '../platform/auth/auth.tables.js';
import { clinicalAlertRecipients, clinicalAlerts } from '../modules/clinical-alerts/index.js';
import { monitoringEnrolments } from '../modules/devices/index.js';
import { prescriptions } from '../modules/medications/index.js';
import { notifications } from '../modules/notifications/index.js';
import { patients } from '../modules/patients/index.js';
import { carePlans, clinicalNotes, diagnoses, documents, encounterSummaries, encounters, observations } from '../modules/records/index.js';
import { appointments } from '../modules/scheduling/index.js';
import { charges, invoices } from '../modules/billing/index.js';
import { careTaskHandoffs, careTasks } from '../modules/tasks/index.js';
import { staffProfiles } from '../modules/staff/index.js';
import { vitalSets } from '../modules/vitals/index.js';
import { edTriageAssessments } from '../modules/emergency-department/index.js';
import { seedDemoHospital } from './seed.js';

describe('the demo hospital is alive', () => {
  const t = useTestApp();

  it('seeds a week around the clock: visits, signed notes, a draft, diagnoses, summaries, plans, documents, notifications, ward vitals, a home cuff', async () => {
    const started = performance.now();
    expect(await seedDemoHospital(t.db, t.config, t.app.deps.encryptor, t.clock.now(), t.app.deps.files)).toBe(true);
    // Quick: it runs at every e2e start and first `npm start` (generous bound for a shared CI machine).
    expect(performance.now() - started).toBeLessThan(15_000);

    const now = t.clock.now();
    const [doctor] = await t.db
      .select({ staffId: staffProfiles.id, userId: users.id })
      .from(staffProfiles)
      .innerJoin(users, eq(users.id, staffProfiles.userId))
      .where(eq(users.email, 'doctor@carewell.test'));
    const visits = await t.db.select().from(appointments).where(eq(appointments.staffId, doctor!.staffId));
    const past = visits.filter((a) => a.endsAt <= now);
    const upcoming = visits.filter((a) => a.startsAt > now);
    // Several a day for a week either side of now (the clock is Friday 27 November 2026, 10:00 in Paris).
    expect(past.length).toBeGreaterThanOrEqual(25);
    expect(upcoming.length).toBeGreaterThanOrEqual(25);
    expect(upcoming.every((a) => a.status === 'booked')).toBe(true);
    expect(past.some((a) => a.status === 'no_show')).toBe(true);
    const today = visits.filter((a) => a.startsAt.toISOString().slice(0, 10) === '2026-11-27');
    expect(today.length).toBe(5);
    expect(today.some((a) => a.status === 'completed') && today.some((a) => a.status === 'booked')).toBe(true);

    // Every completed visit has a finished encounter with a note; all signed but the latest (a draft to sign).
    const completed = past.filter((a) => a.status === 'completed');
    const doctorsEncounters = await t.db.select().from(encounters).where(eq(encounters.clinicianId, doctor!.staffId));
    expect(doctorsEncounters.filter((e) => e.appointmentId && completed.some((a) => a.id === e.appointmentId))).toHaveLength(
      completed.length,
    );
    const notes = await t.db.select().from(clinicalNotes).where(eq(clinicalNotes.authorId, doctor!.staffId));
    expect(notes.filter((n) => n.status === 'draft')).toHaveLength(1);
    expect(notes.filter((n) => n.status === 'signed').length).toBe(completed.length - 1);
    expect((await t.db.select().from(diagnoses)).length).toBeGreaterThanOrEqual(completed.length);
    expect((await t.db.select().from(encounterSummaries)).length).toBeGreaterThan(5);

    // Maria Santos: an active plan, a clinic document and her own upload (real files), unread notifications,
    // and no visit in the next two weeks but one (the booking journey books and moves an earlier one).
    const [maria] = await t.db
      .select()
      .from(patients)
      .where(and(eq(patients.givenName, 'Maria'), eq(patients.familyName, 'Santos')));
    expect((await t.db.select().from(carePlans).where(eq(carePlans.patientId, maria!.id))).map((p) => p.status)).toEqual(['active']);
    const medicines = await t.db.select().from(prescriptions).where(eq(prescriptions.patientId, maria!.id));
    expect(medicines.map((p) => p.status)).toEqual(['signed', 'signed', 'signed']);
    const docs = await t.db.select().from(documents).where(eq(documents.patientId, maria!.id));
    expect(docs.map((d) => d.source).sort()).toEqual(['patient', 'staff']);
    const file = await t.app.deps.files.readStoredFile(t.db, docs[0]!.fileId);
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const mariasNext = await t.db
      .select()
      .from(appointments)
      .where(and(eq(appointments.patientId, maria!.id), ne(appointments.status, 'completed')));
    expect(mariasNext).toHaveLength(1);
    expect(mariasNext[0]!.startsAt.getTime() - now.getTime()).toBeGreaterThan(13 * 86_400_000);
    // Two from her care (as before), then billing's: her invoice issued ("a new bill") and its claim submitted.
    expect((await t.db.select().from(notifications).where(eq(notifications.userId, maria!.userId!))).length).toBe(4);

    // The Cardiology ward's vital signs (demo-vitals.ts): several scored sets for each admitted patient.
    const patientNamed = async (given: string, family: string) =>
      (
        await t.db
          .select()
          .from(patients)
          .where(and(eq(patients.givenName, given), eq(patients.familyName, family)))
      )[0]!;
    const ward = await Promise.all([patientNamed('Robert', 'Johnson'), patientNamed('Pedro', 'Alves'), patientNamed('Elena', 'Petrova')]);
    const sets = await t.db
      .select()
      .from(vitalSets)
      .where(
        inArray(
          vitalSets.patientId,
          ward.map((p) => p.id),
        ),
      )
      .orderBy(asc(vitalSets.takenAt));
    expect(sets.length).toBeGreaterThanOrEqual(18);
    for (const p of ward) expect(sets.filter((s) => s.patientId === p.id && s.news2Status === 'scored').length).toBeGreaterThanOrEqual(6);
    expect(sets.every((s) => s.takenAt <= now && s.takenAt.getTime() > now.getTime() - 3 * 86_400_000)).toBe(true);
    // Robert Johnson deteriorates over the last day: 1 → 3 → 5 → 7, the 5 acknowledged, the 7 open.
    const robert = ward[0];
    const lastDay = sets.filter((s) => s.patientId === robert.id && s.takenAt.getTime() > now.getTime() - 86_400_000);
    expect(lastDay.map((s) => s.news2Total)).toEqual([1, 3, 5, 7]);
    const robertsAlerts = await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.patientId, robert.id));
    expect(robertsAlerts.map((a) => [a.kind, a.status]).sort()).toEqual([
      ['news2_emergency', 'open'],
      ['news2_urgent', 'acknowledged'],
    ]);
    // The emergency reached the attending (Dr. Moreno) and the department's nurse lead (Sam Patel) at once.
    const emergency = robertsAlerts.find((a) => a.kind === 'news2_emergency')!;
    const reached = await t.db
      .select({ email: users.email })
      .from(clinicalAlertRecipients)
      .innerJoin(users, eq(users.id, clinicalAlertRecipients.userId))
      .where(eq(clinicalAlertRecipients.alertId, emergency.id));
    expect(reached.map((r) => r.email).sort()).toEqual(['doctor2@carewell.test', 'nurse@carewell.test']);
    // The nurse's board (Cardiology): the ward is on it, Robert first with his rising trend and open alert.
    const [nurse] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, 'nurse@carewell.test'));
    const board = await api(t, 'GET', '/api/v1/vitals/board', { token: await freshToken(t, nurse!.id) });
    expect(board.statusCode, board.body).toBe(200);
    type BoardRow = { patient: { name: string }; trend: number[]; direction: string; openAlerts: { kind: string }[] };
    const rows = board.json<{ items: BoardRow[] }>().items;
    expect(rows[0]).toMatchObject({ patient: { name: 'Robert Johnson' }, trend: [0, 1, 3, 5, 7], direction: 'rising' });
    expect(rows[0]!.openAlerts.map((a) => a.kind)).toEqual(['news2_emergency']);
    expect(rows.map((r) => r.patient.name)).toEqual(expect.arrayContaining(['Pedro Alves', 'Elena Petrova']));
    // The other ward patients are stable: no alert.
    expect(
      await t.db
        .select()
        .from(clinicalAlerts)
        .where(inArray(clinicalAlerts.patientId, [ward[1].id, ward[2].id])),
    ).toEqual([]);

    // Fatima Benali's home cuff (demo-remote-monitoring.ts): two weeks of readings, two above the plan's target.
    const fatima = await patientNamed('Fatima', 'Benali');
    const [enrolment] = await t.db.select().from(monitoringEnrolments).where(eq(monitoringEnrolments.patientId, fatima.id));
    expect(enrolment).toMatchObject({ programme: 'home_bp', endedAt: null });
    const home = await t.db
      .select()
      .from(observations)
      .where(and(eq(observations.patientId, fatima.id), eq(observations.source, 'device')));
    expect(home.filter((o) => o.code === '8480-6')).toHaveLength(14);
    const flagged = await t.db
      .select()
      .from(clinicalAlerts)
      .where(eq(clinicalAlerts.patientId, fatima.id))
      .orderBy(asc(clinicalAlerts.raisedAt));
    expect(flagged.map((a) => [a.kind, a.status])).toEqual([
      ['remote_monitoring', 'acknowledged'],
      ['remote_monitoring', 'open'],
    ]);
    expect(home.find((o) => o.id === flagged[1]!.sourceId)?.value).toBe(158);

    // Billing (demo-billing.ts): every completed visit charged once; Maria Santos's invoiced, issued
    // and partly paid (10.00 in cash at the desk).
    const billed = await t.db.select().from(charges);
    expect(billed.length).toBe((await t.db.select().from(appointments).where(eq(appointments.status, 'completed'))).length);
    const issued = await t.db.select().from(invoices).where(eq(invoices.patientId, maria!.id));
    expect(issued).toMatchObject([{ status: 'partly_paid', paidMinor: 1000, number: expect.stringMatching(/^INV-\d{4}-000001$/) }]);
    expect(billed.filter((c) => c.status === 'unbilled').length).toBeGreaterThan(10);

    // The clinic's tasks (demo-tasks.ts): the nurse holds two open ones (one handed over by the
    // doctor), the doctor one that is already overdue; one is done.
    const [nurseStaff] = await t.db.select({ staffId: staffProfiles.id }).from(staffProfiles).where(eq(staffProfiles.userId, nurse!.id));
    const tasks = await t.db.select().from(careTasks);
    const open = (staffId: string) => tasks.filter((task) => task.assigneeStaffId === staffId && task.status === 'open');
    expect(open(nurseStaff!.staffId)).toHaveLength(2);
    expect(open(doctor!.staffId).map((task) => task.dueAt < now)).toEqual([true]);
    expect(tasks.filter((task) => task.status === 'done')).toHaveLength(1);
    expect(await t.db.select().from(careTaskHandoffs)).toHaveLength(1);

    // The emergency department (demo-ed.ts): its board as the ED nurse sees it, relative to the clock.
    const [edNurse] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, 'ednurse@carewell.test'));
    const ed = await api(t, 'GET', '/api/v1/ed/board', { token: await freshToken(t, edNurse!.id) });
    expect(ed.statusCode, ed.body).toBe(200);
    type EdRow = { patient: { name: string }; level: number | null; waitedMinutes: number; overdue: boolean };
    const edBoard = ed.json<{ critical: EdRow[]; waiting: EdRow[]; inTreatment: EdRow[] }>();
    const edRow = (r: EdRow) => [r.patient.name, r.level, r.waitedMinutes, r.overdue];
    expect(edBoard.critical.map(edRow)).toEqual([['Thomas Girard', 2, 18, true]]);
    expect(edBoard.waiting.map(edRow)).toEqual([
      ['Sofia Rossi', null, 4, false],
      ['Thomas Girard', 2, 18, true],
      ['Inès Moreau', 3, 35, false],
      ['Kwame Mensah', 4, 150, true],
    ]);
    expect(edBoard.inTreatment.map(edRow)).toEqual([['Henri Lambert', 3, 70, true]]);
    expect((await t.db.select().from(edTriageAssessments)).length).toBe(4);
  });
});
