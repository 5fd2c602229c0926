import type { Placeholder } from 'drizzle-orm';
import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { auditActorOf, writeAudit } from '../../../../platform/audit/audit.service.js';
import { auditedViews } from '../../../../platform/audit/audited-views.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead } from '../../../../platform/db/read-together.js';
import { forbidden, notFound } from '../../../../platform/errors.js';
import { validateFhirResource } from '../../../../platform/fhir/fhir-validation.js';
import { accessAuditValues, auditAccess } from '../../../patients/index.js';
import { selectInvoiceLines } from '../../billing.repository.js';
import { toFhirClaim, toFhirClaimResponse } from '../claims-fhir.js';
import { billingAccess } from '../../services/billing-access.js';
import {
  invoiceNumberQuery,
  policyQuery,
  selectClaimEvents,
  selectClaimLines,
  selectClaimQueue,
  selectPatientClaims,
  selectPolicy,
  type ClaimQueueRow,
} from '../insurance.repository.js';
import type { ClaimDto, ClaimSummaryDto } from '../insurance.schemas.js';
import { claimAccess } from './claim-access.js';
import { toClaimDto, toClaimSummary } from './claim-view.js';

export const CLAIMS_SHOWN = 100;
export const CLAIM_QUEUE_SHOWN = 50;

/** One claim with its lines and timeline: billing staff any, a patient their own (never a draft). */
export async function getClaim(db: Db, ctx: ServiceContext, claimId: string): Promise<ClaimDto> {
  const { claim, access } = await claimAccess(db, ctx, claimId, 'insurance.claim.read');
  const audit = accessAuditValues(ctx, access, {
    action: 'insurance.claim.read',
    resourceType: 'insurance_claim',
    resourceId: claimId,
    category: 'registration',
  });
  const { invoiceNumber, policy, lines, events } = await claimViews(
    db,
    'claim',
    audit,
    (db, _audited, param: (name: 'claimId' | 'invoiceId' | 'policyId') => Placeholder) => ({
      invoiceNumber: deferRead(invoiceNumberQuery(db, param('invoiceId')), ([row]) => row?.number ?? null),
      policy: deferRead(policyQuery(db, param('policyId')), ([row]) => row),
      lines: deferRead(selectClaimLines(db, param('claimId')), (rows) => rows),
      events: deferRead(selectClaimEvents(db, param('claimId')), (rows) => rows),
    }),
    { claimId, invoiceId: claim.invoiceId, policyId: claim.policyId },
  );
  return toClaimDto(claim, { patient: access.patient, invoiceNumber, policy: policy!, lines, events });
}

/**
 * A claim's invoice number, policy, lines and timeline with its audit row: one statement built
 * once, after the claim and the access decision (issue 11; were four reads and an insert).
 */
const claimViews = auditedViews();

/** A patient's claims, newest first: for billing staff (`forPatient` false) drafts included. */
export async function listPatientClaims(db: Db, ctx: ServiceContext, patientId: string): Promise<ClaimSummaryDto[]> {
  const access = await billingAccess(db, ctx, patientId, 'insurance.claim.list');
  const rows = await selectPatientClaims(db, patientId, CLAIMS_SHOWN);
  await auditAccess(db, ctx, access, {
    action: 'insurance.claim.list',
    resourceType: 'patient',
    resourceId: patientId,
    category: 'registration',
  });
  const visible = ctx.actor.role === 'patient' ? rows.filter((r) => r.status !== 'draft') : rows;
  return visible.map((row) => toClaimSummary(row, access.patient, null));
}

/** The patient's own claims (never drafts). */
export async function listMyClaims(db: Db, ctx: ServiceContext): Promise<ClaimSummaryDto[]> {
  const patientId = ctx.actor.patientId;
  if (!patientId) throw forbidden('Only a patient has claims of their own.');
  return listPatientClaims(db, ctx, patientId);
}

export interface ClaimQueues {
  toSubmit: ClaimSummaryDto[];
  denials: ClaimSummaryDto[];
}

const queueSummary = (row: ClaimQueueRow) =>
  toClaimSummary(row, { id: row.patientId, givenName: row.givenName, familyName: row.familyName, mrn: row.mrn }, row.invoiceNumber);

/**
 * Billing's claim queues: draft claims to submit and denials to appeal or close, oldest change
 * first. Registration-tier names for many patients: one audit row naming them.
 */
export async function getClaimQueues(db: Db, ctx: ServiceContext): Promise<ClaimQueues> {
  const [drafts, denials] = await Promise.all([
    selectClaimQueue(db, 'draft', null, CLAIM_QUEUE_SHOWN),
    selectClaimQueue(db, 'adjudicated', 'denied', CLAIM_QUEUE_SHOWN),
  ]);
  const patientIds = [...new Set([...drafts, ...denials].map((r) => r.patientId))];
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    { action: 'insurance.claim.queue_read', resourceType: 'insurance_claim_queue', category: 'registration', detail: { patientIds } },
    ctx.now,
  );
  return { toSubmit: drafts.map(queueSummary), denials: denials.map(queueSummary) };
}

/**
 * The claim as FHIR R4 (`Claim`, or the payer's decision as `ClaimResponse` once adjudicated),
 * validated against the R4 StructureDefinitions before it leaves (a failure is our bug: 500).
 */
export async function exportClaimFhir(db: Db, ctx: ServiceContext, claimId: string, kind: 'Claim' | 'ClaimResponse') {
  const { claim, access } = await claimAccess(db, ctx, claimId, 'insurance.claim.export');
  const [policy, claimLines, invoiceLines] = await Promise.all([
    selectPolicy(db, claim.policyId),
    selectClaimLines(db, claimId),
    selectInvoiceLines(db, claim.invoiceId),
  ]);
  const facts = { claim, policy: policy!, patient: { id: access.patient.id, mrn: access.patient.mrn }, claimLines, invoiceLines };
  const resource = kind === 'Claim' ? toFhirClaim(facts) : toFhirClaimResponse(facts);
  if (!resource) throw notFound('The claim response');
  const issues = await validateFhirResource(resource);
  if (issues.length > 0) throw new Error(`insurance: the FHIR ${kind} export is invalid (${issues.length} issue(s))`);
  await auditAccess(db, ctx, access, {
    action: 'insurance.claim.export',
    resourceType: 'insurance_claim',
    resourceId: claimId,
    category: 'registration',
    detail: { kind },
  });
  return resource;
}
