import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { countQueries } from '../../../test/helpers/query-count.js';
import { auditRowsOf, serviceContextOf } from '../../../test/helpers/service-context.js';
import { seedRecord, seedTodaysAppointment } from '../records/index.js';
import { careTasks } from '../tasks/index.js';
import { loadDoctorWorklist } from './services/staff-home.service.js';

const HOUR = 3_600_000;

/**
 * The doctor's home reads its five lists in two statements built once per shape (issue 11). Two
 * doctors' homes read in turn, twice, must each show that doctor's own day, drafts, patients and
 * tasks, and write audit rows naming exactly the patients shown: a statement that kept one
 * request's values would show the other doctor's.
 */
describe("the doctor's home, built once", () => {
  const t = useTestApp();

  /** A doctor with `names` as patients: on the care team, a record with a draft, a visit today, a task each. */
  async function doctorWith(names: string[], hour: number) {
    const doctor = await createAccount(t, { role: 'doctor' });
    const patients: { account: TestAccount; name: string; appointmentId: string }[] = [];
    for (const [i, name] of names.entries()) {
      const account = await createAccount(t, { role: 'patient', givenName: name, familyName: 'Home' });
      await putOnCareTeam(t, account.patientId!, doctor.staffId!);
      await seedRecord(t, account.patientId!, { staffId: doctor.staffId!, userId: doctor.userId }, account.userId, name);
      const visit = await seedTodaysAppointment(
        t,
        account.patientId!,
        doctor.staffId!,
        new Date(t.clock.now().getTime() + (hour + i) * HOUR),
      );
      await t.db.insert(careTasks).values({
        patientId: account.patientId!,
        title: `Call ${name}`,
        assigneeStaffId: doctor.staffId!,
        createdBy: doctor.userId,
        dueAt: new Date(t.clock.now().getTime() + (hour + i) * HOUR),
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      });
      patients.push({ account, name, appointmentId: visit.id });
    }
    return { doctor, patients };
  }

  async function expectOwnHome(who: Awaited<ReturnType<typeof doctorWith>>) {
    t.clock.advance(1000);
    const ctx = serviceContextOf(t, who.doctor, 'doctor');
    const counter = countQueries(t);
    const home = await loadDoctorWorklist(counter.db, ctx, who.doctor.staffId!);
    expect(counter.count()).toBe(2);
    const ids = who.patients.map((p) => p.account.patientId!);
    expect(home.today.map((r) => [r.patientId, r.appointmentId, r.patientName])).toEqual(
      who.patients.map((p) => [p.account.patientId, p.appointmentId, `${p.name} Home`]),
    );
    expect(home.drafts).toHaveLength(ids.length);
    expect(home.attention.map((p) => p.patientId).sort()).toEqual([...ids].sort());
    expect(home.tasks.map((task) => [task.patient.id, task.title])).toEqual(
      who.patients.map((p) => [p.account.patientId, `Call ${p.name}`]),
    );
    expect(home.clinicalAlerts).toBe(0);

    // The rows: the calendar's (one per patient, naming their appointment), the list's and the tasks'.
    const rows = await auditRowsOf(t, ctx);
    const of = (action: string) =>
      rows
        .filter((r) => r.action === action)
        .map((r) => [r.patientId, r.detail])
        .sort();
    expect(of('appointment.calendar_view')).toEqual(
      who.patients.map((p) => [p.account.patientId, { tier: 'treating_clinician', appointmentIds: [p.appointmentId] }]).sort(),
    );
    expect(of('chart.my_patients')).toEqual(ids.map((id) => [id, { tier: 'care_team' }]).sort());
    expect(of('care_task.my_list')).toEqual(ids.map((id) => [id, {}]).sort());
    expect(rows).toHaveLength(3 * ids.length);
  }

  it('shows each doctor in turn their own day, drafts, patients and tasks, audited for exactly those patients', async () => {
    const rosa = await doctorWith(['Ana', 'Bea'], 2);
    const omar = await doctorWith(['Cai'], 5);
    for (const who of [rosa, omar, rosa, omar]) await expectOwnHome(who);
  });
});
