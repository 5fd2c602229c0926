import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { registerConstraintMessages } from '../../../platform/db/constraint-errors.js';
import { deferRead, runRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { notFound } from '../../../platform/errors.js';
import {
  clearPrimaryContact,
  deleteContact,
  findContact,
  findPolicy,
  insertContact,
  insertPolicy,
  listContacts,
  listPolicies,
  updateContact,
  updatePolicy,
  type ContactRow,
  type PolicyRow,
} from '../records.repository.js';
import type {
  CreateContactInput,
  CreatePolicyInput,
  EmergencyContact,
  InsurancePolicy,
  UpdateContactInput,
  UpdatePolicyInput,
} from '../records.schemas.js';
import { auditAccess, resolvePatientAccess } from './patient-access.service.js';
import { staleVersion } from './patient-profile.service.js';
import { assertMayWriteRegistration, checkItemVersion } from './record-rules.js';

/**
 * Emergency contacts and insurance policies: registration tier (front desk, billing, the patient,
 * and the clinical tiers may read; the patient and front desk write). Removing a contact deletes
 * it; removing a policy deactivates it (claims already made refer to it).
 */

registerConstraintMessages({
  insurance_policies_validity_check: { code: 'unprocessable', message: 'The policy end date must be on or after its start date.' },
});

const toContact = (row: ContactRow): EmergencyContact => ({
  id: row.id,
  patientId: row.patientId,
  name: row.name,
  relationship: row.relationship,
  phone: row.phone,
  email: row.email,
  isPrimary: row.isPrimary,
  version: row.version,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const toPolicy = (row: PolicyRow): InsurancePolicy => ({
  id: row.id,
  patientId: row.patientId,
  payer: row.payer,
  memberNumber: row.memberNumber,
  groupNumber: row.groupNumber,
  planName: row.planName,
  validFrom: row.validFrom,
  validTo: row.validTo,
  status: row.status,
  version: row.version,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const registration = (action: string) => ({ need: 'registration' as const, action });
const audit = (action: string, resourceType: string, resourceId?: string, detail?: Record<string, unknown>) => ({
  action,
  resourceType,
  resourceId: resourceId ?? null,
  category: 'registration' as const,
  ...(detail ? { detail } : {}),
});

// --- emergency contacts ----------------------------------------------------------------------
export async function listEmergencyContacts(db: Db, ctx: ServiceContext, patientId: string): Promise<EmergencyContact[]> {
  const access = await resolvePatientAccess(db, ctx, patientId, registration('emergency_contact.list'));
  return db.transaction(async (tx) =>
    readEmergencyContacts(tx, await auditAccess(tx, ctx, access, audit('emergency_contact.list', 'emergency_contact'))),
  );
}

/** The emergency-contacts section of an audited read model (the record page): the caller decided and audited. */
export async function readEmergencyContacts(tx: Db, audited: AuditedAccess): Promise<EmergencyContact[]> {
  return runRead(emergencyContactsSection(tx, audited));
}

/** The same section as a query not run yet, so a view can read it with its other sections in one statement. */
export function emergencyContactsSection(tx: Db, audited: AuditedAccess): DeferredRead<EmergencyContact[]> {
  return deferRead(listContacts(tx, audited), (rows) => rows.map(toContact));
}

export async function getEmergencyContact(db: Db, ctx: ServiceContext, patientId: string, contactId: string): Promise<EmergencyContact> {
  const access = await resolvePatientAccess(db, ctx, patientId, registration('emergency_contact.read'));
  return db.transaction(async (tx) => {
    const row = await findContact(
      tx,
      await auditAccess(tx, ctx, access, audit('emergency_contact.read', 'emergency_contact', contactId)),
      contactId,
    );
    if (!row) throw notFound('The contact');
    return toContact(row);
  });
}

export async function addEmergencyContact(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  input: CreateContactInput,
): Promise<EmergencyContact> {
  const access = await resolvePatientAccess(db, ctx, patientId, registration('emergency_contact.create'));
  await assertMayWriteRegistration(db, ctx, access, 'emergency_contact.create', 'emergency_contact');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, audit('emergency_contact.create', 'emergency_contact'));
    if (input.isPrimary) await clearPrimaryContact(tx, audited, null, ctx);
    const row = await insertContact(
      tx,
      audited,
      {
        name: input.name,
        relationship: input.relationship,
        phone: input.phone,
        email: input.email ?? null,
        isPrimary: input.isPrimary ?? false,
      },
      ctx,
    );
    return toContact(row);
  });
}

export async function changeEmergencyContact(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  contactId: string,
  input: UpdateContactInput,
  expected: number | undefined,
): Promise<EmergencyContact> {
  const access = await resolvePatientAccess(db, ctx, patientId, registration('emergency_contact.update'));
  await assertMayWriteRegistration(db, ctx, access, 'emergency_contact.update', 'emergency_contact');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(
      tx,
      ctx,
      access,
      audit('emergency_contact.update', 'emergency_contact', contactId, { fields: Object.keys(input) }),
    );
    const current = await findContact(tx, audited, contactId);
    if (!current) throw notFound('The contact');
    const version = checkItemVersion(current.version, expected);
    const row = await updateContact(tx, audited, contactId, version, input, ctx);
    if (!row) throw staleVersion();
    if (input.isPrimary) await clearPrimaryContact(tx, audited, contactId, ctx);
    return toContact(row);
  });
}

/** Contacts are not clinical history: removing one deletes it (the audit row keeps the fact). */
export async function removeEmergencyContact(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  contactId: string,
  expected: number | undefined,
): Promise<void> {
  const access = await resolvePatientAccess(db, ctx, patientId, registration('emergency_contact.delete'));
  await assertMayWriteRegistration(db, ctx, access, 'emergency_contact.delete', 'emergency_contact');
  await db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, audit('emergency_contact.delete', 'emergency_contact', contactId));
    const current = await findContact(tx, audited, contactId);
    if (!current) throw notFound('The contact');
    checkItemVersion(current.version, expected);
    await deleteContact(tx, audited, contactId);
  });
}

// --- insurance policies ----------------------------------------------------------------------
export async function listInsurancePolicies(db: Db, ctx: ServiceContext, patientId: string): Promise<InsurancePolicy[]> {
  const access = await resolvePatientAccess(db, ctx, patientId, registration('insurance_policy.list'));
  return db.transaction(async (tx) =>
    readInsurancePolicies(tx, await auditAccess(tx, ctx, access, audit('insurance_policy.list', 'insurance_policy'))),
  );
}

/** The insurance section of an audited read model (the record page): the caller decided and audited. */
export async function readInsurancePolicies(tx: Db, audited: AuditedAccess): Promise<InsurancePolicy[]> {
  return runRead(insurancePoliciesSection(tx, audited));
}

/** The same section as a query not run yet, so a view can read it with its other sections in one statement. */
export function insurancePoliciesSection(tx: Db, audited: AuditedAccess): DeferredRead<InsurancePolicy[]> {
  return deferRead(listPolicies(tx, audited), (rows) => rows.map(toPolicy));
}

export async function getInsurancePolicy(db: Db, ctx: ServiceContext, patientId: string, policyId: string): Promise<InsurancePolicy> {
  const access = await resolvePatientAccess(db, ctx, patientId, registration('insurance_policy.read'));
  return db.transaction(async (tx) => {
    const row = await findPolicy(
      tx,
      await auditAccess(tx, ctx, access, audit('insurance_policy.read', 'insurance_policy', policyId)),
      policyId,
    );
    if (!row) throw notFound('The insurance policy');
    return toPolicy(row);
  });
}

export async function addInsurancePolicy(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  input: CreatePolicyInput,
): Promise<InsurancePolicy> {
  const access = await resolvePatientAccess(db, ctx, patientId, registration('insurance_policy.create'));
  await assertMayWriteRegistration(db, ctx, access, 'insurance_policy.create', 'insurance_policy');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, audit('insurance_policy.create', 'insurance_policy'));
    const row = await insertPolicy(
      tx,
      audited,
      {
        payer: input.payer,
        memberNumber: input.memberNumber,
        groupNumber: input.groupNumber ?? null,
        planName: input.planName ?? null,
        validFrom: input.validFrom ?? null,
        validTo: input.validTo ?? null,
      },
      ctx,
    );
    return toPolicy(row);
  });
}

export async function changeInsurancePolicy(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  policyId: string,
  input: UpdatePolicyInput,
  expected: number | undefined,
): Promise<InsurancePolicy> {
  const access = await resolvePatientAccess(db, ctx, patientId, registration('insurance_policy.update'));
  await assertMayWriteRegistration(db, ctx, access, 'insurance_policy.update', 'insurance_policy');
  return db.transaction(async (tx) => {
    const audited = await auditAccess(
      tx,
      ctx,
      access,
      audit('insurance_policy.update', 'insurance_policy', policyId, { fields: Object.keys(input) }),
    );
    const current = await findPolicy(tx, audited, policyId);
    if (!current) throw notFound('The insurance policy');
    const row = await updatePolicy(tx, audited, policyId, checkItemVersion(current.version, expected), input, ctx);
    if (!row) throw staleVersion();
    return toPolicy(row);
  });
}

/** Policies are deactivated, not deleted: invoices and claims may refer to them. */
export async function removeInsurancePolicy(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  policyId: string,
  expected: number | undefined,
): Promise<void> {
  const access = await resolvePatientAccess(db, ctx, patientId, registration('insurance_policy.delete'));
  await assertMayWriteRegistration(db, ctx, access, 'insurance_policy.delete', 'insurance_policy');
  await db.transaction(async (tx) => {
    const audited = await auditAccess(tx, ctx, access, audit('insurance_policy.delete', 'insurance_policy', policyId));
    const current = await findPolicy(tx, audited, policyId);
    if (!current || current.status === 'inactive') throw notFound('The insurance policy');
    const row = await updatePolicy(tx, audited, policyId, checkItemVersion(current.version, expected), { status: 'inactive' }, ctx);
    if (!row) throw staleVersion();
  });
}
