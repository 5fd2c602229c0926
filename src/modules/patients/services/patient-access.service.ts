import { isIntegration, type IntegrationContext, type ServiceContext, type UserActor } from '../../../platform/auth/actor.js';
import type { Role } from '../../../platform/auth/auth.tables.js';
import {
  auditActorOf,
  auditPatientAccess,
  auditValues,
  pendingPatientAudit,
  preparedAuditInsert,
  writeAudit,
  type AuditedAccess,
  type AuditEntry,
} from '../../../platform/audit/audit.service.js';
import { BREAK_GLASS_ROLES, CLINICAL_ROLES, REGISTRATION_TIER_ROLES } from '../../../platform/authz/permissions.js';
import { getTableName, type Placeholder, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import { deferRead, preparedReadTogether, preparedReadWithWrites, type DeferredRead } from '../../../platform/db/read-together.js';
import { statementsByShape } from '../../../platform/db/statements-by-shape.js';
import {
  ownerPatientId,
  patientWithRelationshipsQuery,
  type PatientOwner,
  type PatientWithRelationships,
} from '../care-team.repository.js';
import { findPatientById, selectPatientById, type PatientRow } from '../patients.repository.js';

/**
 * THE access decision for a patient record (SECURITY.md "Access"), in one place. Every service
 * that touches a patient's data starts here.
 *
 * - `self`: the patient's own record.
 * - `care_team`: a clinician on the patient's active care team (removed_at null, started, not ended).
 * - `break_glass`: a clinician holding a live break-the-glass grant for this patient.
 * - `registration`: front desk, billing and administrators: demographics, contact, insurance only.
 *
 * Everyone else, including clinicians off the care team, gets 404 (never "forbidden": that would
 * confirm the record exists) and a denied audit row.
 */
export type AccessTier = 'self' | 'care_team' | 'break_glass' | 'registration';
export const CLINICAL_TIERS: readonly AccessTier[] = ['self', 'care_team', 'break_glass'];

export interface AccessFacts {
  role: Role;
  isSelf: boolean;
  onCareTeam: boolean;
  hasBreakGlass: boolean;
}

/** The pure decision, exhaustively tested: which tier these facts give, or null for none. */
export function decideAccessTier(facts: AccessFacts): AccessTier | null {
  if (facts.role === 'patient') return facts.isSelf ? 'self' : null;
  if (CLINICAL_ROLES.includes(facts.role)) {
    if (facts.onCareTeam) return 'care_team';
    if (facts.hasBreakGlass && BREAK_GLASS_ROLES.includes(facts.role)) return 'break_glass';
    return null;
  }
  if (REGISTRATION_TIER_ROLES.includes(facts.role)) return 'registration';
  return null;
}

export function isClinicalTier(tier: AccessTier): boolean {
  return CLINICAL_TIERS.includes(tier);
}

/** Billing staff and administrators hold the billing tier (diagnosis and procedure codes of billed encounters). */
const BILLING_TIER_ROLES: readonly string[] = ['billing', 'admin'];

function meetsNeed(need: AccessRequest['need'], tier: AccessTier, role: string): boolean {
  if (need === 'clinical') return isClinicalTier(tier);
  if (need === 'billing') return tier === 'registration' && BILLING_TIER_ROLES.includes(role);
  return true;
}

export interface PatientAccess {
  patient: PatientRow;
  tier: AccessTier;
}

export interface AccessRequest {
  /**
   * Which tier of data the caller needs: clinical sub-resources need a clinical tier; `billing`
   * (the codes of billed encounters, never notes or results: docs/billing.md) the registration
   * tier held by billing staff or an administrator.
   */
  need: 'registration' | 'clinical' | 'billing';
  /** The audit action written when access is refused, e.g. 'allergy.list'. */
  action: string;
}

/**
 * Resolves the viewer's tier for a patient, or throws 404 after writing a denied audit row.
 * Call it with the ROOT handle, before opening the transaction: the denied row must survive.
 */
export async function resolvePatientAccess(db: Db, ctx: ServiceContext, patientId: string, request: AccessRequest): Promise<PatientAccess> {
  const { facts } = await accessFactsStatement(db, { patientId, ...relationshipViewer(ctx), now: ctx.now });
  return settlePatientAccess(db, ctx, patientId, facts, request);
}

/**
 * The facts of `resolvePatientAccess`, BUILT ONCE for every viewer: only a clinician's ids are
 * filled in, so anyone else has no relationship. Why: nearly every page about a patient starts
 * with this read, and building it was a share of each one's CPU (issue 11).
 */
const accessFactsStatement = preparedReadTogether((db, param: (name: 'patientId' | 'staffId' | 'userId' | 'now') => Placeholder) => ({
  facts: deferRead(
    patientWithRelationshipsQuery(db, param('patientId'), { staffId: param('staffId'), userId: param('userId') }, param('now')),
    ([row]) => row,
  ),
}));

/**
 * `resolvePatientAccess` for a row of another module's table that names its patient (a
 * prescription, a care plan): the row's patient and the access facts in ONE statement, built once
 * per owner table. Why: a page about such a row first read the row's patient, then the facts: a
 * round trip and a statement built per request more (issue 11). An unknown row is refused like an
 * inaccessible patient: the same 404, and a denied audit row naming the row's id.
 */
export async function resolveOwnedAccess(
  db: Db,
  ctx: ServiceContext,
  owner: PatientOwner,
  resourceId: string,
  request: AccessRequest,
): Promise<PatientAccess> {
  const facts = await readOwnedAccessFacts(db, ctx, owner, resourceId);
  return settlePatientAccess(db, ctx, facts?.patient.id ?? resourceId, facts, request);
}

/**
 * The facts of `resolveOwnedAccess` alone (undefined for an unknown row), for a caller that refuses
 * an unknown row its own way; decide with `settlePatientAccess`.
 */
export async function readOwnedAccessFacts(
  db: Db,
  ctx: ServiceContext,
  owner: PatientOwner,
  resourceId: string,
): Promise<PatientWithRelationships | undefined> {
  const shape = owner.only ? `${getTableName(owner.table)}:${owner.only.shape}` : getTableName(owner.table);
  const statement = ownedFactsStatementFor(shape, () => ownedFactsStatement(owner));
  const { facts } = await statement(db, { resourceId, ...relationshipViewer(ctx), now: ctx.now });
  return facts;
}

/** One statement per owning table (by its name) and condition (`only`). */
const ownedFactsStatementFor = statementsByShape<ReturnType<typeof ownedFactsStatement>>();

function ownedFactsStatement(owner: PatientOwner) {
  return preparedReadTogether((db, param: (name: 'resourceId' | 'staffId' | 'userId' | 'now') => Placeholder) => ({
    facts: deferRead(
      patientWithRelationshipsQuery(
        db,
        ownerPatientId(owner, param('resourceId')),
        { staffId: param('staffId'), userId: param('userId') },
        param('now'),
      ),
      ([row]) => row,
    ),
  }));
}

/**
 * The facts of the access decision (the patient and the viewer's relationships to them) as a
 * query not run yet, so a write can read them with its other facts in one statement; decide with
 * `settlePatientAccess`. Only a clinician's relationships are looked up.
 */
export function patientAccessFactsRead(db: Db, ctx: ServiceContext, patientId: string): DeferredRead<PatientWithRelationships | undefined> {
  return deferRead(patientWithRelationshipsQuery(db, patientId, relationshipViewer(ctx), ctx.now), ([row]) => row);
}

/**
 * `patientAccessFactsRead` written with placeholders, to ride in another module's statement built
 * once (a booking's facts): fill `staffId` and `userId` with `relationshipViewer(ctx)`.
 */
export function preparedPatientAccessFactsRead(
  db: Db,
  params: { patientId: Placeholder; staffId: Placeholder; userId: Placeholder; now: Placeholder },
): DeferredRead<PatientWithRelationships | undefined> {
  return deferRead(
    patientWithRelationshipsQuery(db, params.patientId, { staffId: params.staffId, userId: params.userId }, params.now),
    ([row]) => row,
  );
}

/**
 * Whose relationships to the patient the facts look up: only a clinician's (care team,
 * break-the-glass); anyone else's ids are null and match no relationship.
 */
export function relationshipViewer(ctx: ServiceContext): { staffId: string | null; userId: string | null } {
  const { actor } = ctx;
  return CLINICAL_ROLES.includes(actor.role) ? { staffId: actor.staffId, userId: actor.userId } : { staffId: null, userId: null };
}

/**
 * The decision on facts read by `patientAccessFactsRead`: the viewer's tier, or 404 after writing
 * a denied audit row (with the ROOT handle, outside any transaction, so the row survives).
 */
export async function settlePatientAccess(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  found: PatientWithRelationships | undefined,
  request: AccessRequest,
): Promise<PatientAccess> {
  const { actor, now } = ctx;
  const patient = found?.patient;
  let tier: AccessTier | null = null;
  if (found && patient) {
    const isSelf = actor.role === 'patient' && actor.patientId === patient.id;
    tier = decideAccessTier({ role: actor.role, isSelf, onCareTeam: found.onCareTeam, hasBreakGlass: found.hasBreakGlass });
  }
  if (!patient || !tier || !meetsNeed(request.need, tier, actor.role)) {
    await writeAudit(
      db,
      auditActorOf(actor),
      ctx.origin,
      {
        action: request.action,
        resourceType: 'patient',
        resourceId: patientId,
        patientId: patient ? patient.id : null,
        category: request.need === 'billing' ? 'clinical' : request.need,
        outcome: 'denied',
        severity: 'medium',
        detail: { reason: !patient ? 'unknown_patient' : tier ? 'tier' : 'no_relationship', ...(tier ? { tier } : {}) },
      },
      now,
    );
    throw notFound('The patient');
  }
  return { patient, tier };
}

/**
 * An integration key's access: the registration tier of any existing record, never more (a key has
 * no care team and cannot break the glass). An unknown id → 404 with a denied audit row, as for people.
 * Call it with the ROOT handle, like resolvePatientAccess.
 */
export async function resolveIntegrationAccess(db: Db, ctx: IntegrationContext, patientId: string, action: string): Promise<PatientAccess> {
  const patient = await findPatientById(db, patientId);
  if (!patient) {
    await writeAudit(
      db,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action,
        resourceType: 'patient',
        resourceId: patientId,
        category: 'registration',
        outcome: 'denied',
        severity: 'medium',
        detail: { reason: 'unknown_patient' },
      },
      ctx.now,
    );
    throw notFound('The patient');
  }
  return { patient, tier: 'registration' };
}

/**
 * The viewer's tier when it does not hang on the record's relationships: an integration key, the
 * front desk, billing and administrators hold the registration tier of any record, and a patient
 * the self tier of their own. Null for a clinician (care team or break-the-glass: facts read with
 * the record) and for a patient asking for someone else's record (refused by resolvePatientAccess).
 */
export function tierKnownBeforeReading(ctx: ServiceContext | IntegrationContext, patientId: string): AccessTier | null {
  const { actor } = ctx;
  if (actor.kind === 'api_key') return 'registration';
  if (actor.role === 'patient') return actor.patientId === patientId ? 'self' : null;
  return REGISTRATION_TIER_ROLES.includes(actor.role) ? 'registration' : null;
}

/**
 * The audit entry of an access to one patient: the tier travels in the detail, ahead of the
 * caller's own detail, so every access row (break-the-glass included) says how it was reached.
 */
function accessEntry<E extends { detail?: AuditEntry['detail'] }>(
  patientId: string,
  tier: AccessTier,
  entry: E,
): E & { patientId: string } {
  return { ...entry, patientId, detail: { tier, ...(entry.detail ?? {}) } };
}

/**
 * The patient read with the audit row of reading them, in ONE statement when the viewer's tier is
 * known before reading (`tierKnownBeforeReading`): access is then granted exactly when the record
 * exists, so the row is written only when the patient is found. Anyone else (a clinician), and a
 * record that is not there, goes through the access decision (which writes the denied row and
 * answers 404), then the audit row: two statements.
 *
 * Why: the read and its audit row were two round trips; the audited read is the API's hottest
 * route (issue 11).
 */
export async function readPatientAudited(
  db: Db,
  ctx: ServiceContext | IntegrationContext,
  patientId: string,
  request: AccessRequest,
  entryFor: (tier: AccessTier) => Omit<AuditEntry, 'patientId'>,
): Promise<PatientAccess & { audited: AuditedAccess }> {
  const known = tierKnownBeforeReading(ctx, patientId);
  if (known && meetsNeed(request.need, known, ctx.actor.kind === 'api_key' ? 'api_key' : ctx.actor.role)) {
    const entry = entryFor(known);
    const audit = auditValues(auditActorOf(ctx.actor), ctx.origin, accessEntry(patientId, known, entry), ctx.now);
    const patient = await patientReadWithAudit(db, { patientId, ...audit });
    if (patient) return { patient, tier: known, audited: { patientId } as AuditedAccess };
  }
  const access = isIntegration(ctx)
    ? await resolveIntegrationAccess(db, ctx, patientId, request.action)
    : await resolvePatientAccess(db, ctx, patientId, request);
  return { ...access, audited: await auditAccess(db, ctx, access, entryFor(access.tier)) };
}

/** The patient, and one audit row only if they are found (a statement built once). */
const patientReadWithAudit = preparedReadWithWrites((db, param: (name: string) => Placeholder) => ({
  read: deferRead(selectPatientById(db, param('patientId')), ([row]) => row),
  writes: (found) => [preparedAuditInsert(param, found)],
}));

/**
 * Writes the audit row of an access inside the transaction and returns the proof the repositories
 * require. Detail carries the tier (so break-the-glass reads are marked in the access log).
 */
export function auditAccess(
  tx: Db,
  ctx: ServiceContext | IntegrationContext,
  access: PatientAccess,
  entry: Omit<AuditEntry, 'patientId'>,
): Promise<AuditedAccess> {
  return auditPatientAccess(tx, auditActorOf(ctx.actor), ctx.origin, accessEntry(access.patient.id, access.tier, entry), ctx.now);
}

/**
 * The same row as `auditAccess`, not yet sent: for a view that sends it with its reads in one
 * statement (`readTogether(db, reads, { writes: [write] })`), so the row and the read commit
 * together, in one round trip.
 */
export function pendingAccessAudit(
  db: Db,
  ctx: ServiceContext | IntegrationContext,
  access: PatientAccess,
  entry: Omit<AuditEntry, 'patientId'>,
): { audited: AuditedAccess; write: SQLWrapper } {
  return pendingPatientAudit(db, auditActorOf(ctx.actor), ctx.origin, accessEntry(access.patient.id, access.tier, entry), ctx.now);
}

/**
 * The same row as `pendingAccessAudit`, as the values of a statement built once whose write is
 * `preparedAuditValuesInsert` (`preparedReadTogether`'s `writes`): the proof, and the values.
 */
export function accessAuditValues(
  ctx: ServiceContext | IntegrationContext,
  access: PatientAccess,
  entry: Omit<AuditEntry, 'patientId'>,
): { audited: AuditedAccess; values: ReturnType<typeof auditValues> } {
  const values = auditValues(auditActorOf(ctx.actor), ctx.origin, accessEntry(access.patient.id, access.tier, entry), ctx.now);
  return { audited: { patientId: access.patient.id } as AuditedAccess, values };
}

/** Writes a denied audit row for a refused action on a record the viewer can otherwise reach. */
export async function auditDenied(
  db: Db,
  ctx: ServiceContext,
  access: PatientAccess,
  entry: Omit<AuditEntry, 'patientId' | 'outcome'>,
): Promise<void> {
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    { severity: 'medium', ...accessEntry(access.patient.id, access.tier, entry), outcome: 'denied' },
    ctx.now,
  );
}

export const isClinician = (actor: UserActor) => CLINICAL_ROLES.includes(actor.role);
export const isRegistrationStaff = (actor: UserActor) => REGISTRATION_TIER_ROLES.includes(actor.role);
