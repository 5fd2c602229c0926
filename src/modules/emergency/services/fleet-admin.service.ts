import type { Placeholder } from 'drizzle-orm';
import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { pgErrorOf } from '../../../platform/db/constraint-errors.js';
import type { Db } from '../../../platform/db/database.js';
import { preparedReadTogether } from '../../../platform/db/read-together.js';
import { AppError, conflict, notFound } from '../../../platform/errors.js';
import { findStaffAccount } from '../../staff/index.js';
import {
  crewCandidatesRead,
  crewMembership,
  crewOfUnits,
  deleteCrewMember,
  findUnit,
  findUnitByCallSign,
  insertCrewMember,
  insertUnit,
  listUnits,
  openAssignmentOfUnit,
  openAssignments,
  unitReads,
  setUnitStatus,
  updateUnitDetails,
  type CrewMemberRow,
  type UnitRow,
} from '../ambulances.repository.js';
import {
  ADMIN_UNIT_STATUSES,
  type CreateUnitInput,
  type CrewCandidateDto,
  type FleetUnitDto,
  type UpdateUnitInput,
} from '../fleet.schemas.js';
import { announceUnits } from './incident-events.js';
import { unitDto } from './incident-views.js';

/**
 * Administrators manage the fleet (docs/emergency.md, "Ambulance units and crews"): add a unit,
 * change its call sign and base position, take it out of service and back, and choose its crew
 * among the paramedics' accounts. Every change is audited (category administration) and tells the
 * dispatch board to re-read its units.
 */
function fleetUnitDto(row: UnitRow, crew: CrewMemberRow[], onIncident: boolean): FleetUnitDto {
  return {
    ...unitDto(row),
    onIncident,
    crew: crew.filter((c) => c.unitId === row.id).map((c) => ({ staffId: c.staffId, name: `${c.givenName} ${c.familyName}` })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Every unit with its crew, by call sign: three statements however many units and crews. */
export async function listFleet(db: Db): Promise<FleetUnitDto[]> {
  const units = await listUnits(db);
  const [crew, busy] = [
    await crewOfUnits(
      db,
      units.map((u) => u.id),
    ),
    await openAssignments(db),
  ];
  const onIncident = new Set(busy.map((a) => a.unitId));
  return units.map((u) => fleetUnitDto(u, crew, onIncident.has(u.id)));
}

/** One unit with its crew: one statement, built once. */
export async function getFleetUnit(db: Db, id: string): Promise<FleetUnitDto> {
  const { unit, crew, onIncident } = await readUnit(db, { unitId: id });
  if (!unit) throw notFound('The ambulance unit');
  return fleetUnitDto(unit, crew, onIncident);
}

/**
 * The unit's page: the unit with its crew, and the crew picker's paramedics with the unit each
 * rides, in ONE statement built once (they were six in turn, issue 11).
 */
export async function getFleetUnitPage(db: Db, id: string): Promise<{ unit: FleetUnitDto; candidates: CrewCandidateDto[] }> {
  const { unit, crew, onIncident, candidates } = await readUnitPage(db, { unitId: id });
  if (!unit) throw notFound('The ambulance unit');
  return {
    unit: fleetUnitDto(unit, crew, onIncident),
    candidates: candidates.map((p) => ({ staffId: p.staffId, name: `${p.givenName} ${p.familyName}`, unitCallSign: p.unitCallSign })),
  };
}

const readUnit = preparedReadTogether((db, param: (name: 'unitId') => Placeholder) => unitReads(db, param('unitId')));
const readUnitPage = preparedReadTogether((db, param: (name: 'unitId') => Placeholder) => ({
  ...unitReads(db, param('unitId')),
  candidates: crewCandidatesRead(db),
}));

const callSignTaken = () =>
  new AppError('call_sign_taken', 'Another ambulance already has this call sign.', {
    errors: [{ path: 'callSign', message: 'Another ambulance already has this call sign.' }],
  });

async function audit(db: Db, ctx: ServiceContext, action: string, unitId: string, detail: Record<string, unknown>): Promise<void> {
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    { action, resourceType: 'ambulance_unit', resourceId: unitId, category: 'administration', detail },
    ctx.now,
  );
}

/** A lost race on the call sign's unique index answers like the check before it. */
async function guardCallSign<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const pg = pgErrorOf(error);
    if (pg?.code === '23505' && (pg.constraint ?? pg.constraint_name) === 'ambulance_units_call_sign_key') throw callSignTaken();
    throw error;
  }
}

export async function addUnit(db: Db, ctx: ServiceContext, input: CreateUnitInput): Promise<FleetUnitDto> {
  const unit = await guardCallSign(() =>
    db.transaction(async (tx) => {
      if (await findUnitByCallSign(tx, input.callSign)) throw callSignTaken();
      const row = await insertUnit(tx, input, ctx.now);
      await audit(tx, ctx, 'emergency.unit.create', row.id, { callSign: row.callSign, position: row.latitude !== null });
      await announceUnits(tx, ctx.now);
      return row;
    }),
  );
  return fleetUnitDto(unit, [], false);
}

/**
 * Call sign, base position, and in or out of service. The status changes only between available
 * and out of service, and only while the unit is on no open call (409 `unit_busy`): the guarded
 * update also loses a race with a dispatcher's assignment.
 */
export async function changeUnit(db: Db, ctx: ServiceContext, id: string, input: UpdateUnitInput): Promise<FleetUnitDto> {
  await guardCallSign(() =>
    db.transaction(async (tx) => {
      const before = await findUnit(tx, id);
      if (!before) throw notFound('The ambulance unit');
      const callSign = input.callSign ?? before.callSign;
      if (callSign !== before.callSign && (await findUnitByCallSign(tx, callSign))) throw callSignTaken();
      const positionChanged = input.latitude !== undefined && (input.latitude !== before.latitude || input.longitude !== before.longitude);
      let after = await updateUnitDetails(
        tx,
        id,
        { callSign, latitude: input.latitude ?? null, longitude: input.longitude ?? null, positionChanged },
        ctx.now,
      );
      if (input.status && input.status !== before.status) {
        if (await openAssignmentOfUnit(tx, id)) throw unitBusy();
        const moved = await setUnitStatus(tx, id, ADMIN_UNIT_STATUSES, input.status, ctx.now);
        if (!moved) throw unitBusy();
        after = moved;
      }
      await audit(tx, ctx, 'emergency.unit.update', id, {
        before: { callSign: before.callSign, status: before.status, position: before.latitude !== null },
        after: { callSign: after.callSign, status: after.status, position: after.latitude !== null },
      });
      await announceUnits(tx, ctx.now);
    }),
  );
  return getFleetUnit(db, id);
}

const unitBusy = () => conflict('The ambulance is on an open emergency call: wait until the call ends.', 'unit_busy');

/** A paramedic's active account, or a field error the form shows beside the picker. */
async function paramedic(db: Db, staffId: string) {
  const account = await findStaffAccount(db, staffId);
  if (!account) throw notFound('The staff member');
  if (account.role !== 'paramedic' || account.status === 'disabled') {
    throw new AppError('unprocessable', 'Only an active paramedic account joins an ambulance crew.', {
      errors: [{ path: 'staffId', message: 'Only an active paramedic account joins an ambulance crew.' }],
    });
  }
  return account;
}

/** Puts a paramedic on the unit's crew; a paramedic rides one unit at a time (409 otherwise). */
export async function addCrewMember(db: Db, ctx: ServiceContext, unitId: string, staffId: string): Promise<FleetUnitDto> {
  await db.transaction(async (tx) => {
    if (!(await findUnit(tx, unitId))) throw notFound('The ambulance unit');
    const account = await paramedic(tx, staffId);
    const current = await crewMembership(tx, account.userId);
    if (current?.unitId === unitId) return;
    if (current)
      throw conflict(`This paramedic is already on the crew of ${current.callSign}: remove them there first.`, 'conflict', {
        errors: [{ path: 'staffId', message: `Already on the crew of ${current.callSign}.` }],
      });
    await insertCrewMember(tx, unitId, account.userId);
    await audit(tx, ctx, 'emergency.unit.crew_add', unitId, { staffId });
    await announceUnits(tx, ctx.now, [account.userId]);
  });
  return getFleetUnit(db, unitId);
}

/** Takes a paramedic off the crew (also while on a call: the others carry on; the page says so). */
export async function removeCrewMember(db: Db, ctx: ServiceContext, unitId: string, staffId: string): Promise<FleetUnitDto> {
  await db.transaction(async (tx) => {
    if (!(await findUnit(tx, unitId))) throw notFound('The ambulance unit');
    const account = await findStaffAccount(tx, staffId);
    if (!account || !(await deleteCrewMember(tx, unitId, account.userId))) throw notFound('The crew member');
    await audit(tx, ctx, 'emergency.unit.crew_remove', unitId, { staffId });
    await announceUnits(tx, ctx.now, [account.userId]);
  });
  return getFleetUnit(db, unitId);
}
