import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { registerConstraintMessages } from '../../../../platform/db/constraint-errors.js';
import { deferRead, runRead, type DeferredRead } from '../../../../platform/db/read-together.js';
import { conflict, notFound, validationFailed } from '../../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../../platform/http/api-helpers.js';
import { auditAccess, labelOf, type PatientLabel } from '../../../patients/index.js';
import { findAppointmentForCheck } from '../../../scheduling/index.js';
import type { AuditedAccess } from '../../../../platform/audit/audit.service.js';
import {
  findEncounter,
  findEncounterByAppointment,
  insertEncounter,
  listEncounters,
  selectEncounters,
  withClinician,
  updateEncounterStatus,
  type EncounterWithClinician,
} from '../encounters.repository.js';
import type { ChartEncounter, CreateEncounterInput, Encounter } from '../encounters.schemas.js';
import { requireStaffId, resolveChildAccess, resolveRecordAccess } from './encounters-access.service.js';

registerConstraintMessages({
  encounters_appointment_key: 'An encounter is already open for this appointment.',
  encounter_summaries_encounter_key: 'A summary was already shared for this encounter.',
});

export const toEncounter = (row: EncounterWithClinician): Encounter => ({
  id: row.id,
  patientId: row.patientId,
  type: row.type,
  status: row.status,
  appointmentId: row.appointmentId,
  clinicianId: row.clinicianId,
  clinicianName: row.clinicianName,
  startedAt: row.startedAt,
  endedAt: row.endedAt,
  hasSummary: row.hasSummary,
  version: row.version,
  createdAt: row.createdAt,
});

const ACTIVE_APPOINTMENT = ['booked', 'checked_in'];

/** Opens an encounter (in progress from now), from an appointment when one is given. */
export async function openEncounter(db: Db, ctx: ServiceContext, patientId: string, input: CreateEncounterInput): Promise<Encounter> {
  const staffId = requireStaffId(ctx);
  const access = await resolveRecordAccess(db, ctx, patientId, 'encounter.create', { staffOnly: true });
  if (input.appointmentId) {
    const appointment = await findAppointmentForCheck(db, input.appointmentId);
    if (!appointment || appointment.patientId !== patientId)
      throw validationFailed([{ path: 'appointmentId', message: 'No such appointment for this patient' }]);
    // Only the appointment's clinician, or a member of the care team, opens its encounter.
    if (appointment.staffId !== staffId && access.tier !== 'care_team')
      throw validationFailed([{ path: 'appointmentId', message: 'Not your appointment' }]);
    if (!ACTIVE_APPOINTMENT.includes(appointment.status)) throw conflict('This appointment is no longer active.');
    if (await findEncounterByAppointment(db, appointment.id)) throw conflict('An encounter is already open for this appointment.');
  }
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'encounter.create',
      resourceType: 'encounter',
      category: 'clinical',
      detail: { type: input.type, appointmentId: input.appointmentId ?? null },
    });
    const row = await insertEncounter(tx, audited, {
      clinicianId: staffId,
      appointmentId: input.appointmentId ?? null,
      type: input.type,
      status: 'in_progress',
      startedAt: ctx.now,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    const full = await findEncounter(tx, audited, row.id);
    return toEncounter(full!);
  });
}

export async function getEncounter(db: Db, ctx: ServiceContext, encounterId: string): Promise<Encounter> {
  return (await getEncounterWithPatient(db, ctx, encounterId)).encounter;
}

/** The same read (one decision, one audit row) with the encounter's patient, for the page heading. */
export async function getEncounterWithPatient(
  db: Db,
  ctx: ServiceContext,
  encounterId: string,
): Promise<{ encounter: Encounter; patient: PatientLabel }> {
  const access = await resolveChildAccess(db, ctx, { resourceType: 'encounter', id: encounterId }, 'encounter.read');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'encounter.read',
      resourceType: 'encounter',
      resourceId: encounterId,
      category: 'clinical',
    });
    const row = await findEncounter(tx, audited, encounterId);
    if (!row) throw notFound('The encounter');
    return { encounter: toEncounter(row), patient: labelOf(access.patient) };
  });
}

export async function listPatientEncounters(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  query: { limit: number; cursor?: string },
): Promise<{ items: Encounter[]; nextCursor: string | null }> {
  const cursor = decodeCursor(query.cursor);
  const after = cursor && cursor.length === 2 ? { createdAt: new Date(String(cursor[0])), id: String(cursor[1]) } : undefined;
  if (after && Number.isNaN(after.createdAt.getTime())) throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }]);
  const access = await resolveRecordAccess(db, ctx, patientId, 'encounter.list');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, { action: 'encounter.list', resourceType: 'encounter', category: 'clinical' });
    const rows = await listEncounters(tx, audited, { limit: query.limit + 1, after });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toEncounter),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
    };
  });
}

export async function finishEncounter(db: Db, ctx: ServiceContext, encounterId: string): Promise<Encounter> {
  requireStaffId(ctx);
  const access = await resolveChildAccess(db, ctx, { resourceType: 'encounter', id: encounterId }, 'encounter.finish', { staffOnly: true });
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'encounter.finish',
      resourceType: 'encounter',
      resourceId: encounterId,
      category: 'clinical',
    });
    const current = await findEncounter(tx, audited, encounterId);
    if (!current) throw notFound('The encounter');
    if (current.status === 'finished' || current.status === 'cancelled') throw conflict(`This encounter is already ${current.status}.`);
    await updateEncounterStatus(tx, audited, encounterId, { status: 'finished', endedAt: ctx.now }, ctx.now);
    return toEncounter((await findEncounter(tx, audited, encounterId))!);
  });
}

/** Fixed interface for the chart: the patient's latest encounters (clinical tier; audited). */
export async function listEncountersForChart(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  options: { limit: number },
): Promise<ChartEncounter[]> {
  const { items } = await listPatientEncounters(db, ctx, patientId, { limit: options.limit });
  return items.map(toChartEncounter);
}

/** The encounters section of an audited read model (the chart): the caller decided and audited. */
export async function readEncountersForChart(tx: Db, audited: AuditedAccess, options: { limit: number }): Promise<ChartEncounter[]> {
  return runRead(encountersSection(tx, audited, options));
}

/** The same section as a query not run yet, so a view can read it with its other sections in one statement. */
export function encountersSection(tx: Db, audited: AuditedAccess, options: { limit: number }): DeferredRead<ChartEncounter[]> {
  return deferRead(selectEncounters(tx, audited, { limit: options.limit }), (rows) =>
    rows.map((row) => toChartEncounter(toEncounter(withClinician(row)))),
  );
}

const toChartEncounter = (e: Encounter): ChartEncounter => ({
  id: e.id,
  type: e.type,
  status: e.status,
  startedAt: e.startedAt,
  endedAt: e.endedAt,
  clinicianName: e.clinicianName,
  appointmentId: e.appointmentId,
});
