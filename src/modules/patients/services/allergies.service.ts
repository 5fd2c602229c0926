import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, runRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { notFound, validationFailed } from '../../../platform/errors.js';
import { markHasAllergies } from '../patients.repository.js';
import { findAllergy, insertAllergy, listAllergies, updateAllergy, type AllergyRow } from '../records.repository.js';
import type { Allergy, CreateAllergyInput, UpdateAllergyInput } from '../records.schemas.js';
import { findAllergySubstanceByName, findAllergySubstanceByRxcui } from '../reference/allergy-substances.js';
import { auditAccess, resolvePatientAccess } from './patient-access.service.js';
import { staleVersion } from './patient-profile.service.js';
import { assertMayChangeClinicalEntry, checkItemVersion, withDeniedAudit, entrySourceOf } from './record-rules.js';

/** Allergies: clinical tier. History is kept: removing one marks it entered-in-error. */

const toAllergy = (row: AllergyRow): Allergy => ({
  id: row.id,
  patientId: row.patientId,
  substance: row.substance,
  rxcui: row.rxcui,
  reaction: row.reaction,
  severity: row.severity,
  status: row.status,
  verification: row.verification,
  source: row.source,
  version: row.version,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const clinical = (action: string) => ({ need: 'clinical' as const, action });

/** Every allergy on the record, entered-in-error ones included (their status says so). */
export async function listPatientAllergies(db: Db, ctx: ServiceContext, patientId: string): Promise<Allergy[]> {
  const access = await resolvePatientAccess(db, ctx, patientId, clinical('allergy.list'));
  // Audit row first (committed on its own), then the read: no transaction round trips for a read.
  const audited = await auditAccess(db, ctx, access, { action: 'allergy.list', resourceType: 'allergy', category: 'clinical' });
  return readAllergies(db, audited);
}

/** The allergies section of an audited read model (chart, health record): the caller decided and audited. */
export async function readAllergies(tx: Db, audited: AuditedAccess): Promise<Allergy[]> {
  return runRead(allergiesSection(tx, audited));
}

/** The same section as a query not run yet, so a view can read it with its other sections in one statement. */
export function allergiesSection(tx: Db, audited: AuditedAccess): DeferredRead<Allergy[]> {
  return deferRead(listAllergies(tx, audited), (rows) => rows.map(toAllergy));
}

export async function getPatientAllergy(db: Db, ctx: ServiceContext, patientId: string, allergyId: string): Promise<Allergy> {
  const access = await resolvePatientAccess(db, ctx, patientId, clinical('allergy.read'));
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'allergy.read',
      resourceType: 'allergy',
      resourceId: allergyId,
      category: 'clinical',
    });
    const row = await findAllergy(tx, audited, allergyId);
    if (!row) throw notFound('The allergy');
    return toAllergy(row);
  });
}

/**
 * Records an allergy. A substance from the reference list is named by its RxCUI (the name comes
 * from the list); free text that matches a listed name exactly gets its code too. An active
 * allergy sets the patient's allergy status to has_allergies.
 */
export async function addPatientAllergy(db: Db, ctx: ServiceContext, patientId: string, input: CreateAllergyInput): Promise<Allergy> {
  const access = await resolvePatientAccess(db, ctx, patientId, clinical('allergy.create'));
  let substance = input.substance;
  let rxcui: string | null = null;
  if (input.rxcui) {
    const listed = findAllergySubstanceByRxcui(input.rxcui);
    if (!listed)
      throw validationFailed([{ path: 'rxcui', message: 'This code is not on the substance list. Type the substance name instead.' }]);
    ({ name: substance, rxcui } = listed);
  } else if (substance) {
    rxcui = findAllergySubstanceByName(substance)?.rxcui ?? null;
  }
  const source = entrySourceOf(access);
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, {
      action: 'allergy.create',
      resourceType: 'allergy',
      category: 'clinical',
      detail: { rxcui, source },
    });
    const status = input.status ?? 'active';
    const row = await insertAllergy(
      tx,
      audited,
      {
        substance: substance!,
        rxcui,
        reaction: input.reaction ?? null,
        severity: input.severity ?? 'unknown',
        status,
        source,
        verification: source === 'patient' ? 'unconfirmed' : 'confirmed',
        recordedBy: ctx.actor.userId,
      },
      ctx,
    );
    if (status === 'active') await markHasAllergies(tx, audited, ctx.now);
    return toAllergy(row);
  });
}

export async function changePatientAllergy(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  allergyId: string,
  input: UpdateAllergyInput,
  expected: number | undefined,
): Promise<Allergy> {
  const access = await resolvePatientAccess(db, ctx, patientId, clinical('allergy.update'));
  return withDeniedAudit(db, ctx, access, () =>
    db.transaction(async (tx) => {
      const audited = await auditAccess(tx, ctx, access, {
        action: 'allergy.update',
        resourceType: 'allergy',
        resourceId: allergyId,
        category: 'clinical',
        detail: { fields: Object.keys(input) },
      });
      const current = await findAllergy(tx, audited, allergyId);
      if (!current || current.status === 'entered-in-error') throw notFound('The allergy');
      assertMayChangeClinicalEntry(access, current, 'allergy.update', 'allergy');
      if (access.tier === 'self' && input.verification === 'confirmed') {
        throw validationFailed([{ path: 'verification', message: 'Only your care team can confirm an allergy.' }]);
      }
      const row = await updateAllergy(tx, audited, allergyId, checkItemVersion(current.version, expected), input, ctx);
      if (!row) throw staleVersion();
      if (row.status === 'active') await markHasAllergies(tx, audited, ctx.now);
      return toAllergy(row);
    }),
  );
}

/** Marks an allergy entered-in-error: it disappears from the active list, the history stays. */
export async function removePatientAllergy(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  allergyId: string,
  expected: number | undefined,
): Promise<void> {
  const access = await resolvePatientAccess(db, ctx, patientId, clinical('allergy.delete'));
  await withDeniedAudit(db, ctx, access, () =>
    db.transaction(async (tx) => {
      const audited = await auditAccess(tx, ctx, access, {
        action: 'allergy.delete',
        resourceType: 'allergy',
        resourceId: allergyId,
        category: 'clinical',
      });
      const current = await findAllergy(tx, audited, allergyId);
      if (!current || current.status === 'entered-in-error') throw notFound('The allergy');
      assertMayChangeClinicalEntry(access, current, 'allergy.delete', 'allergy');
      const row = await updateAllergy(
        tx,
        audited,
        allergyId,
        checkItemVersion(current.version, expected),
        { status: 'entered-in-error' },
        ctx,
      );
      if (!row) throw staleVersion();
    }),
  );
}
