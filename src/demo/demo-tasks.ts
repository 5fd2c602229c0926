import type { Db } from '../platform/db/database.js';
import { completeTask, createTask, reassignTask } from '../modules/tasks/index.js';
import type { DemoPatientIds } from './demo-activity.js';
import { demoStaffActor } from './demo-actors.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The clinic's to-do list (docs/demo.md, docs/tasks.md), through the tasks services so the
 * care-team checks, audit rows and the assignees' notifications are the real ones: the nurse has
 * a call to make about Fatima Benali's high home reading and a task handed over by the doctor for
 * Maria Santos; the doctor has a result to review (one already overdue); one task is done.
 */
export async function seedDemoTasks(tx: Db, now: Date, patientIds: DemoPatientIds): Promise<void> {
  const fatima = patientIds.get('Fatima Benali');
  const maria = patientIds.get('Maria Santos');
  if (!fatima || !maria) return;
  const doctor = await demoStaffActor(tx, 'doctor@carewell.test');
  const nurse = await demoStaffActor(tx, 'nurse@carewell.test');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const ahead = (ms: number) => new Date(now.getTime() + ms).toISOString();

  await createTask(tx, doctor.at(ago(2 * HOUR)), fatima.patientId, {
    title: 'Phone about yesterday’s high home blood pressure reading',
    details: 'Ask about symptoms and whether the dose was taken; book a review if it stays above target.',
    assigneeStaffId: nurse.actor.staffId!,
    dueAt: ahead(2 * HOUR),
  });
  await createTask(tx, nurse.at(ago(26 * HOUR)), maria.patientId, {
    title: 'Review the latest HbA1c and adjust the diabetes plan',
    assigneeStaffId: doctor.actor.staffId!,
    dueAt: ago(3 * HOUR).toISOString(),
  });
  const footCheck = await createTask(tx, doctor.at(ago(30 * HOUR)), maria.patientId, {
    title: 'Diabetic foot check at the next visit',
    assigneeStaffId: doctor.actor.staffId!,
    dueAt: ahead(3 * 24 * HOUR),
  });
  await reassignTask(tx, doctor.at(ago(20 * HOUR)), footCheck.id, {
    assigneeStaffId: nurse.actor.staffId!,
    note: 'The nurse sees her first at the next visit.',
  });
  const referral = await createTask(tx, doctor.at(ago(28 * HOUR)), maria.patientId, {
    title: 'Send the eye-screening referral',
    assigneeStaffId: nurse.actor.staffId!,
    dueAt: ago(4 * HOUR).toISOString(),
  });
  await completeTask(tx, nurse.at(ago(22 * HOUR)), referral.id);
}
