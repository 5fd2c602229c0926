import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext, UserActor } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { forbidden, notFound } from '../../../platform/errors.js';
import { unitOfCrewMember, openAssignmentOfUnit, type UnitRow } from '../ambulances.repository.js';
import { findStaffById, listDepartments } from '../../staff/index.js';
import { EMERGENCY_DEPARTMENT_CODE, findIncident, type IncidentRow } from '../incidents.repository.js';

/**
 * Dispatch staff: the dispatcher flag, or a doctor or nurse of the emergency department. The
 * department comes from the staff module's cached entries (no statement once warm): every doctor's
 * and nurse's home asks this.
 */
export async function isDispatchStaff(db: Db, actor: UserActor): Promise<boolean> {
  if (actor.role === 'patient') return false;
  if (actor.flags.dispatcher) return true;
  if ((actor.role !== 'doctor' && actor.role !== 'nurse') || !actor.staffId) return false;
  const [member, departments] = await Promise.all([findStaffById(db, actor.staffId), listDepartments(db)]);
  const departmentId = member?.department?.id;
  return departmentId !== undefined && departments.some((d) => d.id === departmentId && d.code === EMERGENCY_DEPARTMENT_CODE);
}

/** The route grants `emergency.dispatch` to all staff; the person must also be dispatch staff. */
export async function requireDispatchStaff(db: Db, ctx: ServiceContext): Promise<void> {
  if (await isDispatchStaff(db, ctx.actor)) return;
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    { action: 'emergency.board.view', resourceType: 'emergency_incident', outcome: 'denied', detail: { reason: 'not_dispatch_staff' } },
    ctx.now,
  );
  throw forbidden('Only dispatchers and the emergency department see the dispatch board.');
}

/** An incident a dispatcher may see (every one), or 404 with a denied audit row for anyone else. */
export async function requireIncidentForDispatch(db: Db, ctx: ServiceContext, id: string): Promise<IncidentRow> {
  const incident = (await isDispatchStaff(db, ctx.actor)) ? await findIncident(db, id) : undefined;
  if (!incident) {
    await deny(db, ctx, id);
    throw notFound('The incident');
  }
  return incident;
}

/** The crew member's unit and the incident it is assigned to; anything else 404. */
export async function requireCrewIncident(db: Db, ctx: ServiceContext, id?: string): Promise<{ unit: UnitRow; incident: IncidentRow }> {
  const unit = await unitOfCrewMember(db, ctx.actor.userId);
  const assignment = unit ? await openAssignmentOfUnit(db, unit.id) : undefined;
  const incident = assignment && (!id || assignment.incidentId === id) ? await findIncident(db, assignment.incidentId) : undefined;
  if (!unit || !incident) {
    if (id) await deny(db, ctx, id);
    throw notFound('The incident');
  }
  return { unit, incident };
}

/** The patient's own incident, or 404. */
export async function requireOwnIncident(db: Db, ctx: ServiceContext, id: string): Promise<IncidentRow> {
  const incident = await findIncident(db, id);
  if (!incident || !ctx.actor.patientId || incident.patientId !== ctx.actor.patientId) {
    await deny(db, ctx, id);
    throw notFound('The incident');
  }
  return incident;
}

async function deny(db: Db, ctx: ServiceContext, id: string): Promise<void> {
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    { action: 'emergency.incident.read', resourceType: 'emergency_incident', resourceId: id, outcome: 'denied' },
    ctx.now,
  );
}
