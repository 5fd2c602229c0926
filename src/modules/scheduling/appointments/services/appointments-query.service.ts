import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { AppError, notFound } from '../../../../platform/errors.js';
import { auditActorOf, patientsAuditValuesEach, preparedPatientsAudit } from '../../../../platform/audit/audit.service.js';
import { deferRead } from '../../../../platform/db/read-together.js';
import {
  preparedRead,
  runSecondStep,
  runTwoStepRead,
  secondStep,
  twoStepRead,
  type ErasedSecondStep,
  type Param,
  type TwoStepRead,
} from '../../../../platform/db/read-in-two-steps.js';
import { patientLabelsRead, readPatientLabels, type PatientLabel } from '../../../patients/index.js';
import { listStaffByIds } from '../../../staff/index.js';
import { findAppointmentById, selectAppointments, selectBusyIntervals, type AppointmentRow } from '../appointments.repository.js';
import type { Appointment, ListAppointmentsQuery } from '../appointments.schemas.js';
import {
  auditAppointment,
  isClinicianActor,
  resolveAppointmentAccess,
  resolvePatientAppointmentsAccess,
  seesEveryAppointment,
  toAppointment,
  type AppointmentAccess,
} from './appointment-access.service.js';

export interface BusyInterval {
  staffId: string;
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
}

/**
 * Active appointments (booked or checked in) of these clinicians that overlap [from, to), in one
 * query, for the slot engine. Carries no patient data.
 */
export async function listBusyIntervals(db: Db, input: { staffIds: string[]; from: Date; to: Date }): Promise<BusyInterval[]> {
  return selectBusyIntervals(db, [...new Set(input.staffIds)], input.from, input.to);
}

/**
 * Which appointments a list may show this viewer, and how. Patients: their own. Front desk,
 * billing, administrators: any (registration view). Clinicians: a patient whose record they may
 * open, or otherwise their own schedule (another clinician's schedule alone is refused).
 */
export async function listScope(
  db: Db,
  ctx: ServiceContext,
  query: ListAppointmentsQuery,
): Promise<{ patientId?: string; staffId?: string; access: AppointmentAccess }> {
  const { actor } = ctx;
  if (actor.role === 'patient') {
    const patientId = query.patientId ?? actor.patientId ?? undefined;
    if (!patientId) throw notFound('The patient');
    const access = await resolvePatientAppointmentsAccess(db, ctx, patientId, 'appointment.list');
    return { patientId, ...(query.staffId ? { staffId: query.staffId } : {}), access };
  }
  if (seesEveryAppointment(ctx)) {
    return {
      ...(query.patientId ? { patientId: query.patientId } : {}),
      ...(query.staffId ? { staffId: query.staffId } : {}),
      access: { view: 'registration', tier: 'registration' },
    };
  }
  if (isClinicianActor(ctx)) {
    if (query.patientId) {
      const access = await resolvePatientAppointmentsAccess(db, ctx, query.patientId, 'appointment.list');
      return { patientId: query.patientId, ...(query.staffId ? { staffId: query.staffId } : {}), access };
    }
    const own = actor.staffId;
    if (own && (query.staffId ?? own) === own) return { staffId: own, access: { view: 'clinical', tier: 'treating_clinician' } };
  }
  throw new AppError('forbidden', 'You can list your own schedule, or the appointments of a patient whose record you may open.');
}

/** One appointment, as the viewer may see it (404 for one they may not). */
export async function getAppointment(db: Db, ctx: ServiceContext, id: string): Promise<Appointment> {
  const row = await findAppointmentById(db, id);
  if (!row) throw notFound('The appointment');
  const access = await resolveAppointmentAccess(db, ctx, row, 'appointment.read');
  return db.transaction(async (tx) => {
    await auditAppointment(tx, ctx, row, access, 'appointment.read');
    return toAppointment(row, access.view);
  });
}

export type { PatientLabel };

/** A calendar or board page: the appointments shown and the names of their patients. */
export interface AppointmentsView {
  appointments: Appointment[];
  patients: Map<string, PatientLabel>;
}

export interface ViewQuery {
  staffId?: string;
  from: Date;
  to: Date;
  /** The board's filters: only clinicians of this department or specialty are shown (and audited). */
  department?: string;
  specialty?: string;
}

/** Keeps the appointments of the clinicians the filters show; no query without a filter. */
async function ofShownClinicians<R extends { staffId: string }>(tx: Db, rows: R[], filter: ViewQuery): Promise<R[]> {
  if (!filter.department && !filter.specialty) return rows;
  const members = new Map((await listStaffByIds(tx, [...new Set(rows.map((r) => r.staffId))])).map((m) => [m.id, m]));
  return rows.filter((row) => {
    const member = members.get(row.staffId);
    if (filter.department && member?.department?.id !== filter.department) return false;
    if (filter.specialty && !member?.specialties.some((s) => s.id === filter.specialty)) return false;
    return true;
  });
}

/** The most appointments one calendar or board page shows. */
export const VIEW_LIMIT = 1_000;

/**
 * The appointments of a calendar (`calendar`: one clinician) or the front desk's board (`board`)
 * in a window, cancelled ones left out, with their patients' names. The audited path of a view:
 * one access decision, one transaction, ONE audit insert with one row per patient shown
 * (`appointment.calendar_view` / `appointment.board_view`, detail: the tier and the appointment
 * ids), and the names read with that insert's token.
 */
export async function viewAppointments(
  db: Db,
  ctx: ServiceContext,
  query: ViewQuery,
  view: 'calendar' | 'board',
): Promise<AppointmentsView> {
  const scope = await listScope(db, ctx, { limit: VIEW_LIMIT, ...(query.staffId ? { staffId: query.staffId } : {}) });
  return readView(db, ctx, scope, query, view);
}

/**
 * A department's appointments in a window, for a nurse's home (the department's patients today):
 * the registration view (names, times, statuses; never the reason), audited like the board
 * (`appointment.department_view`, one row per patient shown). Clinicians of that department only.
 */
export async function viewDepartmentAppointments(
  db: Db,
  ctx: ServiceContext,
  query: { department: string; from: Date; to: Date },
): Promise<AppointmentsView> {
  return runTwoStepRead(db, departmentDayRead(db, ctx, query));
}

/**
 * The same day as a two-step read (the nurse's home reads it with its other lists): the window's
 * appointments, then, kept to the department's clinicians (cached staff entries: no statement),
 * the audit insert with the patients' names.
 */
export function departmentDayRead(
  db: Db,
  ctx: ServiceContext,
  query: { department: string; from: Date; to: Date },
): TwoStepRead<AppointmentsView, AppointmentRow[]> {
  if (!isClinicianActor(ctx)) throw new AppError('forbidden', 'Only clinicians see their department’s day.');
  const access = { view: 'registration', tier: 'department' } as AppointmentAccess;
  const first = preparedRead('scheduling.day', (db, param) => deferRead(selectAppointments(db, windowFilter(param)), activeOnly), {
    from: query.from,
    to: query.to,
    now: ctx.now,
  });
  return twoStepRead(first, async (rows) => namesWithAudit(ctx, access, await ofShownClinicians(db, rows, query), 'department'));
}

/** A window's appointments (a clinician's, or everyone's), written with placeholders for a statement built once. */
function windowFilter(param: Param, options: { ofClinician?: boolean } = {}) {
  return {
    ...(options.ofClinician ? { staffId: param('staffId') } : {}),
    from: param('from'),
    to: param('to'),
    now: param('now'),
    limit: VIEW_LIMIT,
  };
}

/** A view leaves cancelled appointments out. */
const activeOnly = (rows: AppointmentRow[]) => rows.filter((row) => row.status !== 'cancelled');

/**
 * The audited read of a calendar, board or department day in two statements and no transaction:
 * the appointments, then the audit insert (one row per patient shown) and the patients' names in
 * ONE statement, so the names never leave without their audit rows.
 */
async function readView(
  db: Db,
  ctx: ServiceContext,
  scope: { staffId?: string; access: AppointmentAccess },
  query: ViewQuery,
  view: 'calendar' | 'board' | 'department',
): Promise<AppointmentsView> {
  const listed = await selectAppointments(db, {
    ...(scope.staffId ? { staffId: scope.staffId } : {}),
    from: query.from,
    to: query.to,
    now: ctx.now,
    limit: VIEW_LIMIT,
  });
  const rows = await ofShownClinicians(
    db,
    listed.filter((row) => row.status !== 'cancelled'),
    query,
  );
  return runSecondStep(db, namesWithAudit(ctx, scope.access, rows, view));
}

/**
 * The signed-in clinician's own calendar for a window, as `viewAppointments(…, 'calendar')` gives
 * it, as a two-step read (the doctor's home reads it with its other lists): the appointments,
 * then the audit insert and the patients' names. The first answer is the appointment rows.
 */
export function ownCalendarRead(ctx: ServiceContext, window: { from: Date; to: Date }): TwoStepRead<AppointmentsView, AppointmentRow[]> {
  const staffId = ctx.actor.staffId;
  if (!isClinicianActor(ctx) || !staffId) throw new AppError('forbidden', 'Only a clinician has a calendar of their own.');
  const access: AppointmentAccess = { view: 'clinical', tier: 'treating_clinician' };
  const first = preparedRead(
    'scheduling.own_calendar',
    (db, param) => deferRead(selectAppointments(db, windowFilter(param, { ofClinician: true })), activeOnly),
    { staffId, from: window.from, to: window.to, now: ctx.now },
  );
  return twoStepRead(first, (rows) => namesWithAudit(ctx, access, rows, 'calendar'));
}

/**
 * The view's second step: one audit row per patient shown (naming their appointments) with their
 * names, in one statement built once for every kind of view (the kind is in the rows' values).
 */
function namesWithAudit(
  ctx: ServiceContext,
  access: AppointmentAccess,
  rows: AppointmentRow[],
  view: 'calendar' | 'board' | 'department',
): ErasedSecondStep<AppointmentsView> | { value: AppointmentsView } {
  const appointments = rows.map((row) => toAppointment(row, access.view));
  if (rows.length === 0) return { value: { appointments, patients: new Map() } };
  const byPatient = new Map<string, string[]>();
  for (const row of rows) byPatient.set(row.patientId, [...(byPatient.get(row.patientId) ?? []), row.id]);
  const audit = patientsAuditValuesEach(
    auditActorOf(ctx.actor),
    ctx.origin,
    { action: `appointment.${view}_view`, resourceType: 'appointment', category: access.view },
    [...byPatient].map(([patientId, appointmentIds]) => ({ patientId, detail: { tier: access.tier, appointmentIds } })),
    ctx.now,
  );
  return secondStep(
    {
      key: 'scheduling.view_names',
      build: (db, param) => ({ patients: patientLabelsRead(db, viewAudit(param).audited) }),
      writes: (_db, param) => [viewAudit(param).write],
      values: audit,
    },
    ({ patients }) => ({ appointments, patients }),
  );
}

/** A view's audit rows: one per patient shown, each naming that patient's appointments. */
const viewAudit = (param: Param) => preparedPatientsAudit(param, { detailPerPatient: true });

/** One appointment (as getAppointment, audited the same way) with its patient's name, read with that row's token. */
export async function getAppointmentWithPatient(
  db: Db,
  ctx: ServiceContext,
  id: string,
): Promise<{ appointment: Appointment; patient: PatientLabel | null }> {
  const row = await findAppointmentById(db, id);
  if (!row) throw notFound('The appointment');
  const access = await resolveAppointmentAccess(db, ctx, row, 'appointment.read');
  return db.transaction(async (tx) => {
    const audited = await auditAppointment(tx, ctx, row, access, 'appointment.read');
    return { appointment: toAppointment(row, access.view), patient: (await readPatientLabels(tx, audited)).get(row.patientId) ?? null };
  });
}

/**
 * An appointment by id without an access decision, for another module's own checks (the records
 * module opening an encounter from an appointment, after its own patient access decision).
 */
export function findAppointmentForCheck(db: Db, id: string) {
  return findAppointmentById(db, id);
}
