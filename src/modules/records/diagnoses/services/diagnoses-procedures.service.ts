import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, runRead, type DeferredRead } from '../../../../platform/db/read-together.js';
import { auditAccess } from '../../../patients/index.js';
import type { AuditedAccess } from '../../../../platform/audit/audit.service.js';
import { procedureHooksOf } from './procedure-hooks.js';
import { insertProcedure, listProcedures, type ProcedureRow } from '../diagnoses.repository.js';
import type { CreateProcedureInput, Procedure } from '../diagnoses.schemas.js';
import { resolveChildAccess, resolveRecordAccess, requireStaffId } from '../../encounters/services/encounters-access.service.js';

const hookContext = (ctx: ServiceContext) => ({ now: ctx.now, actorUserId: ctx.actor.userId });

/** Procedures performed in an encounter (free-text or CPT-like code): clinicians record them. */

const toProcedure = (row: ProcedureRow): Procedure => ({
  id: row.id,
  patientId: row.patientId,
  encounterId: row.encounterId,
  code: row.code,
  description: row.description,
  performedAt: row.performedAt,
  recordedAt: row.recordedAt,
});

export async function addProcedure(db: Db, ctx: ServiceContext, encounterId: string, input: CreateProcedureInput): Promise<Procedure> {
  const access = await resolveChildAccess(db, ctx, { resourceType: 'encounter', id: encounterId }, 'procedure.create', {
    staffOnly: true,
  });
  requireStaffId(ctx);
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'procedure.create',
      resourceType: 'procedure',
      category: 'clinical',
      detail: { encounterId, code: input.code ?? null },
    });
    const row = await insertProcedure(tx, audited, {
      encounterId,
      code: input.code ?? null,
      description: input.description,
      performedAt: input.performedAt,
      recordedBy: ctx.actor.userId,
      recordedAt: ctx.now,
      createdAt: ctx.now,
    });
    const performed = { procedureId: row.id, encounterId, patientId: row.patientId, code: row.code };
    for (const hook of procedureHooksOf(db))
      await hook(tx, { ...performed, description: row.description, performedAt: row.performedAt }, hookContext(ctx));
    return toProcedure(row);
  });
}

export async function listPatientProcedures(db: Db, ctx: ServiceContext, patientId: string): Promise<Procedure[]> {
  const access = await resolveRecordAccess(db, ctx, patientId, 'procedure.list');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, { action: 'procedure.list', resourceType: 'procedure', category: 'clinical' });
    return readProcedures(tx, audited);
  });
}

/** The procedures section of an audited read model (the timeline): the caller decided and audited. */
export async function readProcedures(tx: Db, audited: AuditedAccess): Promise<Procedure[]> {
  return runRead(proceduresSection(tx, audited));
}

/** The same section as a query not run yet, so a view can read it with its other sections in one statement. */
export function proceduresSection(tx: Db, audited: AuditedAccess): DeferredRead<Procedure[]> {
  return deferRead(listProcedures(tx, audited), (rows) => rows.map(toProcedure));
}
