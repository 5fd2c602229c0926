import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, runRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { notFound } from '../../../platform/errors.js';
import { findCondition, insertCondition, listConditions, updateCondition, type ConditionRow } from '../records.repository.js';
import type { Condition, CreateConditionInput, UpdateConditionInput } from '../records.schemas.js';
import { auditAccess, resolvePatientAccess } from './patient-access.service.js';
import { staleVersion } from './patient-profile.service.js';
import { assertMayChangeClinicalEntry, checkItemVersion, withDeniedAudit, entrySourceOf } from './record-rules.js';

/** Medical history (conditions, surgeries, family history): clinical tier, history kept. */

const toCondition = (row: ConditionRow): Condition => ({
  id: row.id,
  patientId: row.patientId,
  category: row.category,
  description: row.description,
  icd10Code: row.icd10Code,
  onsetDate: row.onsetDate,
  status: row.status,
  relationship: row.relationship,
  source: row.source,
  version: row.version,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const clinical = (action: string) => ({ need: 'clinical' as const, action });

export async function listPatientConditions(db: Db, ctx: ServiceContext, patientId: string): Promise<Condition[]> {
  const access = await resolvePatientAccess(db, ctx, patientId, clinical('condition.list'));
  // Audit row first (committed on its own), then the read: no transaction round trips for a read.
  const audited = await auditAccess(db, ctx, access, { action: 'condition.list', resourceType: 'condition', category: 'clinical' });
  return readConditions(db, audited);
}

/** The medical-history section of an audited read model (chart, health record): the caller decided and audited. */
export async function readConditions(tx: Db, audited: AuditedAccess): Promise<Condition[]> {
  return runRead(conditionsSection(tx, audited));
}

/** The same section as a query not run yet, so a view can read it with its other sections in one statement. */
export function conditionsSection(tx: Db, audited: AuditedAccess): DeferredRead<Condition[]> {
  return deferRead(listConditions(tx, audited), (rows) => rows.map(toCondition));
}

export async function getPatientCondition(db: Db, ctx: ServiceContext, patientId: string, conditionId: string): Promise<Condition> {
  const access = await resolvePatientAccess(db, ctx, patientId, clinical('condition.read'));
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'condition.read',
      resourceType: 'condition',
      resourceId: conditionId,
      category: 'clinical',
    });
    const row = await findCondition(tx, audited, conditionId);
    if (!row) throw notFound('The condition');
    return toCondition(row);
  });
}

export async function addPatientCondition(db: Db, ctx: ServiceContext, patientId: string, input: CreateConditionInput): Promise<Condition> {
  const access = await resolvePatientAccess(db, ctx, patientId, clinical('condition.create'));
  const source = entrySourceOf(access);
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'condition.create',
      resourceType: 'condition',
      category: 'clinical',
      detail: { category: input.category, icd10Code: input.icd10Code ?? null, source },
    });
    const row = await insertCondition(
      tx,
      audited,
      {
        category: input.category,
        description: input.description,
        icd10Code: input.icd10Code ?? null,
        onsetDate: input.onsetDate ?? null,
        status: input.status ?? 'active',
        relationship: input.relationship ?? null,
        source,
        recordedBy: ctx.actor.userId,
      },
      ctx,
    );
    return toCondition(row);
  });
}

export async function changePatientCondition(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  conditionId: string,
  input: UpdateConditionInput,
  expected: number | undefined,
): Promise<Condition> {
  const access = await resolvePatientAccess(db, ctx, patientId, clinical('condition.update'));
  return withDeniedAudit(db, ctx, access, () =>
    db.transaction(async (tx) => {
      const audited = await auditAccess(tx, ctx, access, {
        action: 'condition.update',
        resourceType: 'condition',
        resourceId: conditionId,
        category: 'clinical',
        detail: { fields: Object.keys(input) },
      });
      const current = await findCondition(tx, audited, conditionId);
      if (!current || current.status === 'entered-in-error') throw notFound('The condition');
      assertMayChangeClinicalEntry(access, current, 'condition.update', 'condition');
      const row = await updateCondition(tx, audited, conditionId, checkItemVersion(current.version, expected), input, ctx);
      if (!row) throw staleVersion();
      return toCondition(row);
    }),
  );
}

export async function removePatientCondition(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  conditionId: string,
  expected: number | undefined,
): Promise<void> {
  const access = await resolvePatientAccess(db, ctx, patientId, clinical('condition.delete'));
  await withDeniedAudit(db, ctx, access, () =>
    db.transaction(async (tx) => {
      const audited = await auditAccess(tx, ctx, access, {
        action: 'condition.delete',
        resourceType: 'condition',
        resourceId: conditionId,
        category: 'clinical',
      });
      const current = await findCondition(tx, audited, conditionId);
      if (!current || current.status === 'entered-in-error') throw notFound('The condition');
      assertMayChangeClinicalEntry(access, current, 'condition.delete', 'condition');
      const row = await updateCondition(
        tx,
        audited,
        conditionId,
        checkItemVersion(current.version, expected),
        { status: 'entered-in-error' },
        ctx,
      );
      if (!row) throw staleVersion();
    }),
  );
}
