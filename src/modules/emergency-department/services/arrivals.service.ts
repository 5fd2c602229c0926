import { auditActorOf, auditPatientsAccess, pendingPatientsAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { pgErrorOf } from '../../../platform/db/constraint-errors.js';
import type { Db } from '../../../platform/db/database.js';
import { readTogether } from '../../../platform/db/read-together.js';
import { conflict, notFound, unprocessable } from '../../../platform/errors.js';
import { publishEvent } from '../../../platform/events/index.js';
import { incidentForArrival } from '../../emergency/index.js';
import {
  createUnidentifiedPatient,
  endCareTeamRole,
  identifyPatient,
  joinCareTeamForStay,
  patientLabelsRead,
  readPatientLabels,
} from '../../patients/index.js';
import type { ArrivalDetailDto, ArrivalDto, IdentifyInput, RegisterArrivalInput, TriageInput } from '../ed.schemas.js';
import {
  closeArrival as closeArrivalRow,
  departmentClinicianIds,
  insertArrival,
  assessmentsRead,
  insertAssessment,
  listTriageLevels,
  markArrivalSeen,
  setArrivalLevel,
  type ArrivalRow,
} from '../ed.repository.js';
import { ED_BOARD_CHANGED_EVENT, ED_CARE_TEAM_ROLE, type ArrivalOutcome } from '../ed.vocabulary.js';
import { arrivalDto } from './arrival-views.js';
import { requireArrival, requireEdStaff } from './ed-access.js';

const OPEN_ARRIVAL = 'ed_arrivals_one_open_per_patient';
const PATIENT_FK = 'ed_arrivals_patient_id_patients_id_fk';

async function announce(db: Db, departmentId: string, arrivalId: string, now: Date): Promise<void> {
  await publishEvent(db, { type: ED_BOARD_CHANGED_EVENT, audience: { departmentIds: [departmentId] }, data: { arrivalId } }, now);
}

/**
 * The emergency department's clinicians join the patient's care team for the stay (team role
 * `emergency_department`), so the chart opens to them without break-the-glass: at registration
 * every doctor and nurse of the department, and whoever triages or sees the patient later (someone
 * who joined the department since). The memberships end when the patient is discharged or
 * admitted; someone already on the team in another role stays as they were.
 */
async function joinForStay(tx: Db, ctx: ServiceContext, patientId: string, departmentId?: string): Promise<void> {
  const staffIds = departmentId ? await departmentClinicianIds(tx, departmentId) : [];
  if (ctx.actor.staffId) staffIds.push(ctx.actor.staffId);
  await joinCareTeamForStay(
    tx,
    { patientId, staffIds, teamRole: ED_CARE_TEAM_ROLE, addedBy: ctx.actor.userId, addedByRole: ctx.actor.role },
    ctx.now,
    ctx.origin,
  );
}

/** The arrival as the API and the pages show it, with the patient's label read under an audit row. */
async function describe(tx: Db, ctx: ServiceContext, row: ArrivalRow, action: string): Promise<ArrivalDto> {
  const audited = await auditPatientsAccess(
    tx,
    auditActorOf(ctx.actor),
    ctx.origin,
    [{ action, resourceType: 'ed_arrival', resourceId: row.id, patientId: row.patientId, category: 'clinical' }],
    ctx.now,
  );
  const [labels, levels] = await Promise.all([readPatientLabels(tx, audited), listTriageLevels(tx)]);
  const scale = new Map(levels.map((l) => [l.level, l]));
  return arrivalDto(row, labels.get(row.patientId)!, scale, ctx.now);
}

/**
 * Registers an arrival in the emergency department (docs/emergency.md): an existing patient, or the
 * patient of an emergency incident (an ambulance arrival). One open arrival per patient (409). A
 * level given at registration is the first triage.
 */
export async function registerArrival(db: Db, ctx: ServiceContext, input: RegisterArrivalInput): Promise<ArrivalDto> {
  const department = await requireEdStaff(db, ctx);
  let patientId = input.patientId;
  if (input.incidentId) {
    const incident = await incidentForArrival(db, input.incidentId);
    if (!incident) throw notFound('The emergency incident');
    if (patientId && patientId !== incident.patientId) throw unprocessable('The incident is another patient’s.');
    patientId = incident.patientId;
  }
  try {
    return await db.transaction(async (tx) => {
      if (input.unidentified)
        patientId = (await createUnidentifiedPatient(tx, ctx.actor, ctx.origin, { ...input.unidentified, arrivedAt: ctx.now }, ctx.now)).id;
      const row = await insertArrival(
        tx,
        {
          patientId: patientId!,
          mode: input.mode,
          incidentId: input.incidentId ?? null,
          chiefComplaint: input.chiefComplaint,
          registeredBy: ctx.actor.userId,
        },
        ctx.now,
      );
      const current = input.level ? await triageRow(tx, ctx, row, { level: input.level }) : row;
      await joinForStay(tx, ctx, row.patientId, department.id);
      await announce(tx, department.id, row.id, ctx.now);
      return describe(tx, ctx, current, 'ed.arrival.create');
    });
  } catch (error) {
    // The database decides: one open arrival per patient, and the patient must exist (any patient may
    // come to the emergency department, so ED staff need no earlier relationship to them).
    const constraint = pgErrorOf(error)?.constraint;
    if (constraint === OPEN_ARRIVAL) throw conflict('This patient is already waiting in the emergency department.');
    if (constraint === PATIENT_FK) throw notFound('The patient');
    throw error;
  }
}

async function triageRow(tx: Db, ctx: ServiceContext, row: ArrivalRow, input: TriageInput): Promise<ArrivalRow> {
  await insertAssessment(tx, { arrivalId: row.id, level: input.level, note: input.note ?? null, assessedBy: ctx.actor.userId }, ctx.now);
  return setArrivalLevel(tx, row.id, input.level, ctx.now);
}

/** Triage or re-triage: every assessment is kept (who, when, level, note); the arrival shows the latest. */
export async function triageArrival(db: Db, ctx: ServiceContext, id: string, input: TriageInput): Promise<ArrivalDto> {
  const { arrival, departmentId } = await requireArrival(db, ctx, id);
  if (arrival.closedAt) throw unprocessable('This arrival is closed: the patient was discharged or admitted.');
  return db.transaction(async (tx) => {
    const row = await triageRow(tx, ctx, arrival, input);
    await joinForStay(tx, ctx, arrival.patientId);
    await announce(tx, departmentId, id, ctx.now);
    return describe(tx, ctx, row, arrival.level === null ? 'ed.triage.record' : 'ed.triage.update');
  });
}

/** A clinician sees the patient: the wait ends (kept once; seeing again changes nothing). */
export async function markSeen(db: Db, ctx: ServiceContext, id: string): Promise<ArrivalDto> {
  const { arrival, departmentId } = await requireArrival(db, ctx, id);
  if (arrival.closedAt) throw unprocessable('This arrival is closed: the patient was discharged or admitted.');
  return db.transaction(async (tx) => {
    const row = arrival.seenAt ? arrival : await markArrivalSeen(tx, id, ctx.actor.userId, ctx.now);
    await joinForStay(tx, ctx, arrival.patientId);
    if (!arrival.seenAt) await announce(tx, departmentId, id, ctx.now);
    return describe(tx, ctx, row, 'ed.arrival.seen');
  });
}

/** Discharged or admitted: the arrival leaves the board. A second close answers 409. */
export async function closeArrival(db: Db, ctx: ServiceContext, id: string, outcome: ArrivalOutcome): Promise<ArrivalDto> {
  const { departmentId } = await requireArrival(db, ctx, id);
  return db.transaction(async (tx) => {
    const row = await closeArrivalRow(tx, id, outcome, ctx.actor.userId, ctx.now);
    if (!row) throw conflict('This arrival is already closed.');
    await endCareTeamRole(
      tx,
      { patientId: row.patientId, teamRole: ED_CARE_TEAM_ROLE, endedBy: ctx.actor.userId, endedByRole: ctx.actor.role, reason: outcome },
      ctx.now,
      ctx.origin,
    );
    await announce(tx, departmentId, id, ctx.now);
    return describe(tx, ctx, row, 'ed.arrival.close');
  });
}

/**
 * Identifies the patient of an arrival registered as unidentified (docs/emergency.md): the real
 * names, birth date and sex replace the placeholders; the patient's id, MRN and records stay.
 * 409 when already identified; a closed arrival may still be identified (the records keep the person).
 */
export async function identifyArrivalPatient(db: Db, ctx: ServiceContext, id: string, input: IdentifyInput): Promise<ArrivalDto> {
  const { arrival, departmentId } = await requireArrival(db, ctx, id);
  return db.transaction(async (tx) => {
    await identifyPatient(tx, ctx.actor, ctx.origin, arrival.patientId, input, ctx.now);
    await announce(tx, departmentId, id, ctx.now);
    return describe(tx, ctx, arrival, 'ed.arrival.identify');
  });
}

/**
 * One arrival with its triage history (audited read). The audit row, the patient's label and the
 * history travel in one statement (no transaction); the scale comes from the reference cache.
 */
export async function getArrival(db: Db, ctx: ServiceContext, id: string): Promise<ArrivalDetailDto> {
  const { arrival } = await requireArrival(db, ctx, id);
  const { audited, write } = pendingPatientsAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    [{ action: 'ed.arrival.read', resourceType: 'ed_arrival', resourceId: arrival.id, patientId: arrival.patientId, category: 'clinical' }],
    ctx.now,
  );
  const [{ labels, history }, levels] = await Promise.all([
    readTogether(db, { labels: patientLabelsRead(db, audited), history: assessmentsRead(db, id) }, { writes: [write] }),
    listTriageLevels(db),
  ]);
  const scale = new Map(levels.map((l) => [l.level, l]));
  return {
    ...arrivalDto(arrival, labels.get(arrival.patientId)!, scale, ctx.now),
    triageHistory: history.map((h) => ({
      level: h.level,
      levelLabel: scale.get(h.level)?.label ?? String(h.level),
      note: h.note,
      assessedBy: h.assessedBy,
      assessedByName: h.assessorName,
      assessedAt: h.assessedAt.toISOString(),
    })),
  };
}
