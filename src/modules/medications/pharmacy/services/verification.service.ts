import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Placeholder } from 'drizzle-orm';
import { auditActorOf, pendingPatientsAudit } from '../../../../platform/audit/audit.service.js';
import { auditedViews, type ViewAudit } from '../../../../platform/audit/audited-views.js';
import type { Db } from '../../../../platform/db/database.js';
import { deferRead, readTogether } from '../../../../platform/db/read-together.js';
import { conflict, notFound, validationFailed } from '../../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../../platform/http/api-helpers.js';
import { notify } from '../../../notifications/index.js';
import { allergiesSection, patientLabelsRead, type Allergy } from '../../../patients/index.js';
import { findAlerts } from '../../prescriptions.repository.js';
import { toRecordedAlert } from '../../services/prescription-view.js';
import {
  answerQuery,
  dispensedTotalQuery,
  findPharmacyPrescription,
  findQuery,
  findVerification,
  pharmacyPrescriptionQuery,
  totalDispensedOf,
  verificationQuery,
  insertQuery,
  insertVerification,
  listDispenses,
  listQueries,
  listQueue,
  type PharmacyPrescriptionRow,
} from '../pharmacy.repository.js';
import type {
  DispenseDto,
  PharmacyQueryDto,
  PharmacyViewDto,
  QueueItem,
  QueueQuery,
  VerificationDto,
  VerificationInput,
} from '../pharmacy.schemas.js';
import { allowedTotalOf, amountOf, roundQuantity, toDispenseDto, toQueryDto, toQueueItem, toVerificationDto } from './pharmacy-view.js';
import { resolvePharmacyAccess, resolveQueryAccess, type PrescriptionAccess } from './pharmacy-access.js';
import type { Route } from '../../medications.vocabulary.js';
import type { AuditedAccess } from '../../../../platform/audit/audit.service.js';

/** Keyset cursor of the queue: the sort instant and the prescription id. */
export function parseQueueCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  const values = decodeCursor(cursor);
  if (!values) return undefined;
  const [at, id] = values;
  const date = typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
  if (typeof id !== 'string' || Number.isNaN(date.getTime())) {
    throw validationFailed([{ path: 'cursor', message: 'Invalid cursor' }], 'The cursor is not valid.');
  }
  return { at: date, id };
}

/**
 * The pharmacy's queue, a page at a time: `verification` (signed, not decided, oldest signed
 * first) or `dispensing` (verified, not all dispensed). One audit row per patient shown, written in
 * the same statement that reads their names (two statements whatever the page size).
 */
export async function listPharmacyQueue(
  db: Db,
  ctx: ServiceContext,
  query: QueueQuery,
): Promise<{ items: QueueItem[]; nextCursor: string | null }> {
  const after = parseQueueCursor(query.cursor);
  const rows = await listQueue(db, query.stage, after, query.limit + 1);
  const page = rows.slice(0, query.limit);
  if (page.length === 0) return { items: [], nextCursor: null };
  const patientIds = [...new Set(page.map((r) => r.patientId))];
  const { audited, write } = pendingPatientsAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    patientIds.map((patientId) => ({
      action: 'prescription.pharmacy_queue',
      resourceType: 'prescription',
      patientId,
      category: 'clinical' as const,
      detail: { basis: 'pharmacy', stage: query.stage },
    })),
    ctx.now,
  );
  const { labels } = await readTogether(db, { labels: patientLabelsRead(db, audited) }, { writes: [write] });
  const items = page.map((row) => toQueueItem(row, labels.get(row.patientId) ?? { id: row.patientId, name: '', mrn: '' }));
  const last = page[page.length - 1]!;
  const lastAt = query.stage === 'verification' ? last.signedAt : last.verifiedAt;
  return {
    items,
    nextCursor: rows.length > query.limit && lastAt ? encodeCursor([lastAt.toISOString(), last.prescriptionId]) : null,
  };
}

export interface PharmacyPage {
  view: PharmacyViewDto;
  /** The most recent dispenses (the page shows at most PAGE_DISPENSES; the API pages through all). */
  dispenses: DispenseDto[];
  patient: {
    givenName: string;
    familyName: string;
    birthDate: string;
    sex: string | null;
    mrn: string;
    deceased: boolean;
    allergyStatus: string;
  };
  allergies: Allergy[];
}

/**
 * Everything about one prescription the pharmacist needs: details, alerts and overrides, decision,
 * queries, amounts. The audit row (`write`) travels with the seven reads: one statement.
 */
/** The pharmacist's view: its reads and its one audit row, one statement built once (issue 11). */
const pharmacyViews = auditedViews();

async function readPharmacyView(db: Db, audit: ViewAudit, prescriptionId: string): Promise<PharmacyPage> {
  const { row, alerts, verification, queries, dispensed, allergies, dispenses } = await pharmacyViews(
    db,
    'prescription',
    audit,
    (db, audited, param: (name: 'prescriptionId') => Placeholder) => {
      const id = param('prescriptionId');
      return {
        row: deferRead(pharmacyPrescriptionQuery(db, audited, id), ([first]) => first),
        alerts: deferRead(findAlerts(db, audited, id), (rows) => rows),
        verification: deferRead(verificationQuery(db, audited, id), ([first]) => first),
        queries: deferRead(listQueries(db, audited, id), (rows) => rows),
        dispensed: deferRead(dispensedTotalQuery(db, audited, id), totalDispensedOf),
        allergies: allergiesSection(db, audited),
        dispenses: deferRead(listDispenses(db, audited, id, undefined, PAGE_DISPENSES), (rows) => rows),
      };
    },
    { prescriptionId },
  );
  if (!row) throw notFound('The prescription');
  return {
    view: {
      prescription: prescriptionSummaryOf(row),
      alerts: alerts.map(toRecordedAlert),
      verification: verification ? toVerificationDto(verification.verification, verification.deciderName) : null,
      queries: queries.map(toQueryDto),
      dispensedTotal: row.quantityUnit ? { value: roundQuantity(dispensed), unit: row.quantityUnit } : null,
      allowedTotal: allowedTotalOf(row),
    },
    patient: {
      givenName: row.patientGivenName,
      familyName: row.patientFamilyName,
      birthDate: row.patientBirthDate,
      sex: row.patientSex,
      mrn: row.patientMrn,
      deceased: row.patientDeceased,
      allergyStatus: row.patientAllergyStatus,
    },
    allergies,
    dispenses: dispenses.map(toDispenseDto),
  };
}

export const PAGE_DISPENSES = 50;

export function prescriptionSummaryOf(row: PharmacyPrescriptionRow): PharmacyViewDto['prescription'] {
  return {
    id: row.id,
    status: row.status,
    patient: { id: row.patientId, name: `${row.patientGivenName} ${row.patientFamilyName}`, mrn: row.patientMrn },
    product: { id: row.productId, name: row.productName },
    dose: { value: Number(row.doseValue), unit: row.doseUnit },
    route: row.route as Route,
    frequency: row.frequency,
    quantity: amountOf(row.quantityValue, row.quantityUnit),
    refills: row.refills,
    instructions: row.instructions,
    prescriber: { id: row.prescriberId, name: row.prescriberName },
    signedAt: row.signedAt,
  };
}

/** The pharmacist's view of one signed prescription (API and page), audited. */
export async function getPharmacyView(db: Db, ctx: ServiceContext, prescriptionId: string): Promise<PharmacyPage> {
  const access = await resolvePharmacyAccess(db, ctx, prescriptionId, 'prescription.pharmacy_read');
  const audit = access.viewAudit({ action: 'prescription.pharmacy_read', resourceType: 'prescription', resourceId: prescriptionId });
  return readPharmacyView(db, audit, prescriptionId);
}

/**
 * Verifies or rejects (with a reason) a signed prescription. One decision per prescription
 * (unique index): a second → 409. Refused (409) while a query to the prescriber is open, and for a
 * prescription no longer active.
 */
export async function decideVerification(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
  input: VerificationInput,
): Promise<VerificationDto> {
  const action = input.decision === 'verified' ? 'prescription.verify' : 'prescription.reject';
  const access = await resolvePharmacyAccess(db, ctx, prescriptionId, action);
  return db.transaction(async (tx) => {
    const audited = await access.audit(tx, { action, resourceType: 'prescription', resourceId: prescriptionId, severity: 'medium' });
    const row = await findPharmacyPrescription(tx, audited, prescriptionId, { forUpdate: true });
    if (!row) throw notFound('The prescription');
    if (row.status !== 'signed')
      throw conflict('Only an active (signed) prescription can be verified or rejected.', 'conflict', { status: row.status });
    const open = (await listQueries(tx, audited, prescriptionId)).some((q) => q.query.answeredAt === null);
    if (open && input.decision === 'verified') {
      throw conflict('A query to the prescriber is still open: wait for the answer before verifying.');
    }
    const inserted = await insertVerification(tx, audited, {
      prescriptionId,
      decision: input.decision,
      reason: input.decision === 'rejected' ? input.reason : null,
      decidedBy: ctx.actor.userId,
      decidedAt: ctx.now,
      createdAt: ctx.now,
    });
    if (!inserted) throw conflict('This prescription was already verified or rejected.');
    if (input.decision === 'rejected') {
      await notify(
        tx,
        {
          recipientUserId: row.prescriberId,
          category: 'medication',
          template: 'pharmacy.rejected_notice',
          link: `/staff/prescriptions/${prescriptionId}`,
          dedupeKey: `pharmacy-rejected:${inserted.id}`,
        },
        ctx.now,
      );
    }
    const decided = await findVerification(tx, audited, prescriptionId);
    return toVerificationDto(decided!.verification, decided!.deciderName);
  });
}

/**
 * A question to the prescriber about a signed prescription not yet decided. The prescriber is told
 * through notify(): outside the app only that a prescription needs attention. One open query at a
 * time (partial unique index): a second → 409.
 */
export async function askPrescriber(db: Db, ctx: ServiceContext, prescriptionId: string, message: string): Promise<PharmacyQueryDto> {
  const access = await resolvePharmacyAccess(db, ctx, prescriptionId, 'prescription.query');
  return db.transaction(async (tx) => {
    const audited = await access.audit(tx, { action: 'prescription.query', resourceType: 'pharmacy_query', resourceId: prescriptionId });
    const row = await findPharmacyPrescription(tx, audited, prescriptionId, { forUpdate: true });
    if (!row) throw notFound('The prescription');
    if (row.status !== 'signed') throw conflict('Only an active (signed) prescription can be queried.', 'conflict', { status: row.status });
    if (await findVerification(tx, audited, prescriptionId)) throw conflict('This prescription was already verified or rejected.');
    const query = await insertQuery(tx, audited, {
      prescriptionId,
      message,
      askedBy: ctx.actor.userId,
      askedAt: ctx.now,
      createdAt: ctx.now,
    });
    if (!query) throw conflict('A query about this prescription is already open: wait for the answer.');
    await notify(
      tx,
      {
        recipientUserId: row.prescriberId,
        category: 'medication',
        template: 'pharmacy.query_notice',
        link: `/staff/prescriptions/${prescriptionId}`,
        dedupeKey: `pharmacy-query:${query.id}`,
      },
      ctx.now,
    );
    const [shown] = (await listQueries(tx, audited, prescriptionId)).filter((q) => q.query.id === query.id);
    return toQueryDto(shown!);
  });
}

/** The prescriber (clinical tier) answers an open query; the pharmacist who asked is notified. */
export async function answerPharmacyQuery(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
  queryId: string,
  answer: string,
): Promise<PharmacyQueryDto> {
  const access = await resolveQueryAccess(db, ctx, prescriptionId, 'prescription.query_answer');
  return db.transaction(async (tx) => {
    const audited = await access.audit(tx, {
      action: 'prescription.query_answer',
      resourceType: 'pharmacy_query',
      resourceId: queryId,
      detail: { prescriptionId },
    });
    const existing = await findQuery(tx, audited, prescriptionId, queryId);
    if (!existing) throw notFound('The query');
    const answered = await answerQuery(tx, audited, prescriptionId, queryId, { answer, answeredBy: ctx.actor.userId, answeredAt: ctx.now });
    if (!answered) throw conflict('This query was already answered.');
    await notify(
      tx,
      {
        recipientUserId: existing.askedBy,
        category: 'medication',
        template: 'pharmacy.query_answered',
        link: `/staff/pharmacy/prescriptions/${prescriptionId}`,
        dedupeKey: `pharmacy-answer:${queryId}`,
      },
      ctx.now,
    );
    const [shown] = (await listQueries(tx, audited, prescriptionId)).filter((q) => q.query.id === queryId);
    return toQueryDto(shown!);
  });
}

/** The pharmacy's queries about a prescription: the pharmacist (pharmacy basis) or the prescriber's side (clinical tier). */
export async function listPrescriptionQueries(db: Db, ctx: ServiceContext, prescriptionId: string): Promise<PharmacyQueryDto[]> {
  return readPrescriptionQueries(db, await resolveQueryAccess(db, ctx, prescriptionId, 'pharmacy_query.list'));
}

/** The queries on an access already decided: the audit row and the read in one statement, without a transaction. */
export async function readPrescriptionQueries(db: Db, access: PrescriptionAccess): Promise<PharmacyQueryDto[]> {
  const { audited, write } = access.pendingAudit(db, {
    action: 'pharmacy_query.list',
    resourceType: 'pharmacy_query',
    resourceId: access.prescriptionId,
  });
  const { queries } = await readTogether(
    db,
    { queries: prescriptionQueriesSection(db, audited, access.prescriptionId) },
    { writes: [write] },
  );
  return queries;
}

/** The queries on a prescription as a query not run yet, so a view can read them with its other sections (its id may be a placeholder). */
export function prescriptionQueriesSection(db: Db, audited: AuditedAccess, prescriptionId: string | Placeholder) {
  return deferRead(listQueries(db, audited, prescriptionId), (rows) => rows.map(toQueryDto));
}
