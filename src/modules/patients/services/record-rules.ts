import type { ServiceContext } from '../../../platform/auth/actor.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { assertVersion } from '../../../platform/http/api-helpers.js';
import type { Db } from '../../../platform/db/database.js';
import { auditDenied, isClinicalTier, type PatientAccess } from './patient-access.service.js';

/** Rules shared by the collections under a patient. */

/** Entries the patient makes are patient-reported; entries by staff are verified. */
export function entrySourceOf(access: PatientAccess): 'patient' | 'staff' {
  return access.tier === 'self' ? 'patient' : 'staff';
}

/**
 * A refusal decided inside a transaction. Its denied audit row must outlive the rollback, and the
 * root handle must never be used inside a transaction, so `withDeniedAudit` writes it afterwards.
 */
export class RefusedChange extends AppError {
  constructor(
    detail: string,
    readonly audit: { action: string; resourceType: string; resourceId: string; category: 'clinical' | 'registration'; reason: string },
  ) {
    super('forbidden', detail);
  }
}

/** Runs the work; a RefusedChange thrown by it gets its denied audit row (root handle) before it propagates. */
export async function withDeniedAudit<T>(db: Db, ctx: ServiceContext, access: PatientAccess, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RefusedChange) {
      const { reason, ...entry } = error.audit;
      await auditDenied(db, ctx, access, { ...entry, detail: { reason } });
    }
    throw error;
  }
}

/** A patient may change only what they recorded themselves; a clinician's entry is changed by the care team. */
export function assertMayChangeClinicalEntry(
  access: PatientAccess,
  entry: { id: string; source: string },
  action: string,
  resourceType: string,
) {
  if (!isClinicalTier(access.tier)) throw notFound();
  if (access.tier === 'self' && entry.source !== 'patient') {
    throw new RefusedChange('This entry was recorded by your care team. Ask them to change it.', {
      action,
      resourceType,
      resourceId: entry.id,
      category: 'clinical',
      reason: 'staff_entry',
    });
  }
}

/** Contacts and insurance are changed by the patient or the front desk (and billing for insurance). */
export async function assertMayWriteRegistration(db: Db, ctx: ServiceContext, access: PatientAccess, action: string, resourceType: string) {
  if (access.tier === 'self' || access.tier === 'registration') return;
  await auditDenied(db, ctx, access, { action, resourceType, category: 'registration', detail: { reason: 'tier' } });
  throw new AppError('forbidden', 'The patient or the front desk keeps this part of the record.');
}

export function checkItemVersion(current: number, expected: number | undefined) {
  assertVersion(current, expected);
  return expected ?? current;
}
