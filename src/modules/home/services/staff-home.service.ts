import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { loadAdminWorklist, type AdminWorklist } from '../../admin/index.js';
import {
  dayBounds,
  myDraftNotesRead,
  myPatientsRead,
  todayForClinicianRead,
  type AssignedPatient,
  type DraftNoteRow,
  type TodayRow,
} from '../../records/index.js';
import { departmentDayRead, viewAppointments, type AppointmentsView } from '../../scheduling/index.js';
import { findStaffById, listStaffByIds } from '../../staff/index.js';
import { myOpenClinicalAlertsRead } from '../../clinical-alerts/index.js';
import { readInTwoSteps } from '../../../platform/db/read-in-two-steps.js';
import { myTasksRead, type TaskDto } from '../../tasks/index.js';

/** How many notes to sign the doctor's home lists (the oldest first). */
export const DRAFTS_SHOWN = 10;

export interface DoctorWorklist {
  kind: 'doctor';
  today: TodayRow[];
  drafts: DraftNoteRow[];
  /** Assigned patients with a document the patient uploaded since this clinician last looked. */
  uploads: AssignedPatient[];
  /** Assigned patients with anything pending (drafts, care-plan reviews due, new uploads, a visit today). */
  attention: AssignedPatient[];
  /** Unacknowledged clinical alerts that reached this doctor (a count: no patient data). */
  clinicalAlerts: number;
  /** Their open care-team tasks, soonest due first (audited per patient shown). */
  tasks: TaskDto[];
}

/** A day of appointments with the patients' names and the clinicians' names (board or department). */
export interface DayBoard {
  view: AppointmentsView;
  clinicians: Map<string, string>;
}

export interface NurseWorklist {
  kind: 'nurse';
  department: { id: string; name: string } | null;
  board: DayBoard | null;
  /** Unacknowledged clinical alerts that reached this nurse (a count: no patient data). */
  clinicalAlerts: number;
  /** Their open care-team tasks, soonest due first (audited per patient shown). */
  tasks: TaskDto[];
}

export interface ReceptionWorklist {
  kind: 'reception';
  board: DayBoard;
}

export interface AdminHome {
  kind: 'admin';
  worklist: AdminWorklist;
}

export type StaffWorklist = DoctorWorklist | NurseWorklist | ReceptionWorklist | AdminHome | { kind: 'none' };

const timeZoneOf = (ctx: ServiceContext) => ctx.actor.timeZone ?? 'UTC';

async function withClinicians(db: Db, view: AppointmentsView): Promise<DayBoard> {
  const members = await listStaffByIds(
    db,
    view.appointments.map((a) => a.staffId),
  );
  return { view, clinicians: new Map(members.map((m) => [m.id, m.name])) };
}

/**
 * The doctor's day: today's appointments (one calendar audit insert), their own drafts (no patient
 * data), the assigned patients with what needs attention (one `chart.my_patients` insert), the
 * count of their open clinical alerts and their open tasks (a `care_task.my_list` row per patient).
 *
 * TWO statements in all (issue 11), however many lists: every list's first step together (the
 * day's appointments, the assigned patients, the tasks' patients, the drafts, the alert count),
 * then every audit row with every read of patient data (names, attention counts, tasks, the
 * encounters opened today). Each is built once per shape (which lists have a second step). Each
 * module still writes its own queries and audit rows.
 */
export async function loadDoctorWorklist(db: Db, ctx: ServiceContext, staffId: string): Promise<DoctorWorklist> {
  const { today, drafts, patients, clinicalAlerts, tasks } = await readInTwoSteps(db, {
    today: todayForClinicianRead(ctx, timeZoneOf(ctx)),
    drafts: myDraftNotesRead(staffId, DRAFTS_SHOWN),
    patients: myPatientsRead(ctx),
    clinicalAlerts: myOpenClinicalAlertsRead(ctx.actor.userId),
    tasks: myTasksRead(ctx, staffId),
  });
  return {
    kind: 'doctor',
    today,
    drafts,
    uploads: patients.filter((p) => p.attention.newPatientDocuments > 0),
    attention: patients.filter((p) => p.needsAttention),
    clinicalAlerts,
    tasks,
  };
}

/**
 * The nurse's department today (registration view, audited as `appointment.department_view`), with
 * their open clinical alerts (a count) and tasks: two statements in all, as the doctor's home.
 */
export async function loadNurseWorklist(db: Db, ctx: ServiceContext): Promise<NurseWorklist> {
  const member = ctx.actor.staffId ? await findStaffById(db, ctx.actor.staffId) : undefined;
  const department = member?.department ?? null;
  const staffId = ctx.actor.staffId;
  // Without a staff profile no tasks, without a department no day: those parts are left out.
  const read = (await readInTwoSteps(db, {
    clinicalAlerts: myOpenClinicalAlertsRead(ctx.actor.userId),
    ...(staffId ? { tasks: myTasksRead(ctx, staffId) } : {}),
    ...(department ? { day: departmentDayRead(db, ctx, { department: department.id, ...dayBounds(ctx.now, timeZoneOf(ctx)) }) } : {}),
  })) as { clinicalAlerts: number; tasks?: TaskDto[]; day?: AppointmentsView };
  const { clinicalAlerts, tasks = [], day } = read;
  if (!department || !day) return { kind: 'nurse', department: null, board: null, clinicalAlerts, tasks };
  return { kind: 'nurse', department, board: await withClinicians(db, day), clinicalAlerts, tasks };
}

/** The front desk's arrivals board: every clinician's appointments today (the board's audited view). */
export async function loadReceptionWorklist(db: Db, ctx: ServiceContext): Promise<ReceptionWorklist> {
  const { from, to } = dayBounds(ctx.now, timeZoneOf(ctx));
  const view = await viewAppointments(db, ctx, { from, to }, 'board');
  return { kind: 'reception', board: await withClinicians(db, view) };
}

/** The worklist of the signed-in staff member's role (other roles have links only). */
export async function loadStaffWorklist(db: Db, ctx: ServiceContext): Promise<StaffWorklist> {
  switch (ctx.actor.role) {
    case 'doctor':
      return ctx.actor.staffId ? loadDoctorWorklist(db, ctx, ctx.actor.staffId) : { kind: 'none' };
    case 'nurse':
      return loadNurseWorklist(db, ctx);
    case 'receptionist':
      return loadReceptionWorklist(db, ctx);
    case 'admin':
      return { kind: 'admin', worklist: await loadAdminWorklist(db) };
    default:
      return { kind: 'none' };
  }
}
