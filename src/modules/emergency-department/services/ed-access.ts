import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { forbidden, notFound } from '../../../platform/errors.js';
import { findStaffById, listDepartments } from '../../staff/index.js';
import { findArrival, type ArrivalRow } from '../ed.repository.js';
import { ED_DEPARTMENT_CODE } from '../ed.vocabulary.js';

/**
 * The emergency department of a doctor or nurse who works there, or undefined for anyone else. The
 * department comes from the staff module's cached entries (no statement once warm): every ED request
 * asks this, some pages twice.
 */
export async function edDepartmentOf(db: Db, ctx: ServiceContext): Promise<{ id: string; name: string } | undefined> {
  const { actor } = ctx;
  if ((actor.role !== 'doctor' && actor.role !== 'nurse') || !actor.staffId) return undefined;
  const [member, departments] = await Promise.all([findStaffById(db, actor.staffId), listDepartments(db)]);
  const department = departments.find((d) => d.id === member?.department?.id);
  return department?.code === ED_DEPARTMENT_CODE ? { id: department.id, name: department.name } : undefined;
}

/**
 * The route grants `ed.work` to doctors and nurses; the person must also work in the emergency
 * department (code ED). Others: 403 with a denied audit row.
 */
export async function requireEdStaff(db: Db, ctx: ServiceContext): Promise<{ id: string; name: string }> {
  const department = await edDepartmentOf(db, ctx);
  if (department) return department;
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    { action: 'ed.board.view', resourceType: 'ed_arrival', outcome: 'denied', detail: { reason: 'not_ed_staff' } },
    ctx.now,
  );
  throw forbidden('Only the emergency department’s doctors and nurses work with its arrivals.');
}

/** An arrival the emergency department's staff may see (every one); anyone else 404 with a denied audit row. */
export async function requireArrival(db: Db, ctx: ServiceContext, id: string): Promise<{ arrival: ArrivalRow; departmentId: string }> {
  const department = await edDepartmentOf(db, ctx);
  const arrival = department ? await findArrival(db, id) : undefined;
  if (!department || !arrival) {
    await writeAudit(
      db,
      auditActorOf(ctx.actor),
      ctx.origin,
      { action: 'ed.arrival.read', resourceType: 'ed_arrival', resourceId: id, outcome: 'denied' },
      ctx.now,
    );
    throw notFound('The arrival');
  }
  return { arrival, departmentId: department.id };
}
