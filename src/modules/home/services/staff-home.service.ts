import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { loadAdminWorklist, type AdminWorklist } from '../../admin/index.js';
import {
  dayBounds,
  listMyDraftNotes,
  listMyPatients,
  listTodayForClinician,
  type AssignedPatient,
  type DraftNoteRow,
  type TodayRow,
} from '../../records/index.js';
import { viewAppointments, viewDepartmentAppointments, type AppointmentsView } from '../../scheduling/index.js';
import { findStaffById, listStaffByIds } from '../../staff/index.js';
import { countMyOpenClinicalAlerts } from '../../clinical-alerts/index.js';
import { listMyTasks, type TaskDto } from '../../tasks/index.js';

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
 * data), and the assigned patients with what needs attention (one `chart.my_patients` insert).
 */
export async function loadDoctorWorklist(db: Db, ctx: ServiceContext): Promise<DoctorWorklist> {
  // Independent reads (those of patient data each with its own audit row): on PostgreSQL they run
  // side by side on pooled connections, so the page waits for the slowest, not for the sum.
  const [today, drafts, patients, clinicalAlerts, tasks] = await Promise.all([
    listTodayForClinician(db, ctx, timeZoneOf(ctx)),
    listMyDraftNotes(db, ctx, DRAFTS_SHOWN),
    listMyPatients(db, ctx),
    countMyOpenClinicalAlerts(db, ctx.actor.userId),
    listMyTasks(db, ctx),
  ]);
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

/** The nurse's department today (registration view, audited as `appointment.department_view`). */
export async function loadNurseWorklist(db: Db, ctx: ServiceContext): Promise<NurseWorklist> {
  const member = ctx.actor.staffId ? await findStaffById(db, ctx.actor.staffId) : undefined;
  const department = member?.department ?? null;
  const clinicalAlerts = await countMyOpenClinicalAlerts(db, ctx.actor.userId);
  const tasks = await listMyTasks(db, ctx);
  if (!department) return { kind: 'nurse', department: null, board: null, clinicalAlerts, tasks };
  const { from, to } = dayBounds(ctx.now, timeZoneOf(ctx));
  const view = await viewDepartmentAppointments(db, ctx, { department: department.id, from, to });
  return { kind: 'nurse', department, board: await withClinicians(db, view), clinicalAlerts, tasks };
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
      return ctx.actor.staffId ? loadDoctorWorklist(db, ctx) : { kind: 'none' };
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
