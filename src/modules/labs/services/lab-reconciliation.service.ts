import { and, eq, inArray } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { auditActorOf, auditPatientAccess, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Encryptor } from '../../../platform/crypto.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, conflict, notFound } from '../../../platform/errors.js';
import { findInboundMessage, listUnmatchedMessages, settleUnmatchedMessage, type InboundSummary } from '../../../platform/hl7/index.js';
import { patients } from '../../patients/index.js';
import { labOrders } from '../labs.tables.js';
import { findLabPatient } from './lab-access.js';
import type { LabOrderRow } from './lab-orders.service.js';
import { labResultHooksOf } from './lab-result-hooks.js';
import { fileResultsInTx, type ResultEntry } from './lab-results.service.js';

/** Why an order group was not matched, as a code the page turns into words (the stored reason is English). */
export const UNMATCHED_REASONS = ['no_order', 'other_patient', 'cancelled', 'not_filable'] as const;
export type UnmatchedReason = (typeof UNMATCHED_REASONS)[number];

export function reasonCode(reason: string): UnmatchedReason {
  if (reason.startsWith('No order has this accession number')) return 'no_order';
  if (reason.includes('belongs to another patient')) return 'other_patient';
  if (reason.includes('was cancelled')) return 'cancelled';
  return 'not_filable';
}

type SummaryOrder = InboundSummary['orders'][number] & {
  /** Set when a person settled this group (reconciliation). */
  settled?: { status: 'filed' | 'rejected'; by: string; at: string; orderId?: string; reason?: string };
};

export interface UnmatchedGroup {
  index: number;
  accessionNumber: string;
  patientMrn: string;
  reason: UnmatchedReason;
  resultCount: number;
}

export interface ReconciliationItem {
  id: string;
  sender: string;
  receivedAt: Date;
  groups: UnmatchedGroup[];
}

const senderOf = (row: { sendingApplication: string | null; sendingFacility: string | null }) =>
  `${row.sendingApplication ?? '?'}^${row.sendingFacility ?? '?'}`;

function decryptSummary(encryptor: Encryptor, encrypted: string | null): { orders: SummaryOrder[] } {
  return encrypted ? (JSON.parse(encryptor.decrypt(encrypted)) as { orders: SummaryOrder[] }) : { orders: [] };
}

/** The order groups still waiting for a person: unmatched by the filer and not yet settled. */
function waitingGroups(summary: { orders: SummaryOrder[] }): UnmatchedGroup[] {
  return summary.orders.flatMap((order, index) =>
    order.outcome?.outcome === 'unmatched' && !order.settled
      ? [
          {
            index,
            accessionNumber: order.accessionNumber,
            patientMrn: order.patientMrn,
            reason: reasonCode(order.outcome.reason),
            resultCount: order.results.length,
          },
        ]
      : [],
  );
}

/**
 * The reconciliation queue: unmatched inbound results, oldest first (at most 100). The accession
 * numbers and MRNs as sent are PHI that may name no patient of ours, so the view writes ONE audit
 * row (`lab_reconciliation.list`, not tied to a patient) naming the messages shown.
 */
export async function listReconciliationQueue(
  db: Db,
  encryptor: Encryptor,
  ctx: ServiceContext,
  filter: { sender?: string } = {},
): Promise<ReconciliationItem[]> {
  return db.transaction(async (tx) => {
    const rows = await listUnmatchedMessages(tx, { limit: 100 });
    const items = rows
      .map((row) => ({
        id: row.id,
        sender: senderOf(row),
        receivedAt: row.receivedAt,
        groups: waitingGroups(decryptSummary(encryptor, row.summaryEncrypted)),
      }))
      .filter((item) => !filter.sender || item.sender === filter.sender);
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'lab_reconciliation.list',
        resourceType: 'hl7_inbound_message',
        category: 'clinical',
        detail: { shown: items.map((i) => i.id) },
      },
      ctx.now,
    );
    return items;
  });
}

export interface CandidateOrder {
  order: Pick<LabOrderRow, 'id' | 'accessionNumber' | 'itemName' | 'status' | 'orderedAt' | 'collectedAt' | 'testCodes'>;
  patient: { id: string; mrn: string; givenName: string; familyName: string; birthDate: string };
  /** Which identifier sent matches this order. */
  matchesAccession: boolean;
  matchesMrn: boolean;
  /** Why it is offered, in order (the page says each in words). */
  offeredBecause: OfferReason[];
}

/**
 * Why a candidate is offered: its accession number is the placer number sent (OBR-2, our number as
 * a laboratory we sent the order to quotes it back), or the filler number sent (OBR-3), or the one
 * order number a message stored before both were kept carried; or its patient has the MRN sent.
 */
export const OFFER_REASONS = ['placer', 'filler', 'number', 'mrn'] as const;
export type OfferReason = (typeof OFFER_REASONS)[number];

/** The order numbers a group carried: OBR-2 and OBR-3 as sent (either may be absent). */
export interface SentNumbers {
  placer: string | null;
  filler: string | null;
}

function sentNumbersOf(sent: SummaryOrder): SentNumbers {
  const clean = (n: string | null | undefined) => n?.trim() || null;
  return { placer: clean(sent.placerOrderNumber), filler: clean(sent.fillerOrderNumber) };
}

function offerReasons(accession: string | null, mrnMatches: boolean, sent: SentNumbers, shown: string): OfferReason[] {
  const reasons: OfferReason[] = [];
  if (accession !== null && accession === sent.placer) reasons.push('placer');
  if (accession !== null && accession === sent.filler) reasons.push('filler');
  if (reasons.length === 0 && !sent.placer && !sent.filler && accession === shown) reasons.push('number');
  if (mrnMatches) reasons.push('mrn');
  return reasons;
}

export interface ReconciliationDetail {
  id: string;
  sender: string;
  receivedAt: Date;
  group: UnmatchedGroup;
  /** OBR-2 and OBR-3 as sent. */
  numbers: SentNumbers;
  results: SummaryOrder['results'];
  candidates: CandidateOrder[];
  /** Other waiting groups of the same message. */
  otherGroups: number[];
}

const CANDIDATE_STATUSES = ['collected', 'received'] as const;

/** An unmatched message; one settled by a person meanwhile is 409 for whoever settles it too (`settling`), else 404. */
async function loadUnmatched(db: Db, encryptor: Encryptor, id: string, settling = false) {
  const row = await findInboundMessage(db, id);
  if (settling && row && row.status !== 'unmatched' && row.settledBy) throw conflict('This result was already settled by someone else.');
  if (!row || row.status !== 'unmatched') throw notFound('The unmatched result');
  const summary = decryptSummary(encryptor, row.summaryEncrypted);
  return { row, summary, waiting: waitingGroups(summary) };
}

/**
 * One unmatched order group: what was sent (decrypted here), and the candidate orders a person
 * may choose: the orders whose accession number is the placer number (OBR-2) or the filler number
 * (OBR-3) sent, whoever their patient, and the orders of the patient with the MRN sent that are
 * collected or received and not yet resulted; each once, with why it is offered. Never picks one.
 * Audited `lab_reconciliation.read` (one row for the message).
 */
export async function getReconciliationItem(
  db: Db,
  encryptor: Encryptor,
  ctx: ServiceContext,
  id: string,
  groupIndex?: number,
): Promise<ReconciliationDetail> {
  const { row, summary, waiting } = await loadUnmatched(db, encryptor, id);
  const group = groupIndex === undefined ? waiting[0] : waiting.find((g) => g.index === groupIndex);
  if (!group) throw notFound('The unmatched result');
  const sent = summary.orders[group.index]!;
  const shown = sent.accessionNumber.trim();
  const numbers = sentNumbersOf(sent);
  // Both numbers, each looked up by equality on lab_orders_accession_key, in ONE statement (UNION
  // ALL). Neither an OR nor `accession_number in ($1, $2)`: the list-plan test found PGlite walking
  // an index of lab_orders whole for the IN list joined to patients (2026-12-04).
  const lookup = [...new Set([numbers.placer, numbers.filler, shown].filter((n): n is string => !!n))];
  // Two reads, each through an index (lab_orders_accession_key; patients' MRN key and lab_orders_patient_idx).
  const columns = {
    order: {
      id: labOrders.id,
      accessionNumber: labOrders.accessionNumber,
      itemName: labOrders.itemName,
      status: labOrders.status,
      orderedAt: labOrders.orderedAt,
      collectedAt: labOrders.collectedAt,
      testCodes: labOrders.testCodes,
    },
    patient: {
      id: patients.id,
      mrn: patients.mrn,
      givenName: patients.givenName,
      familyName: patients.familyName,
      birthDate: patients.birthDate,
    },
  };
  const byNumber = (number: string) =>
    db
      .select(columns)
      .from(labOrders)
      .innerJoin(patients, eq(patients.id, labOrders.patientId))
      .where(eq(labOrders.accessionNumber, number));
  // At most two numbers (OBR-2, OBR-3); the one shown is one of them, or the only number stored.
  const [first, second] = lookup.map(byNumber);
  const [byAccession, [mrnPatient]] = await Promise.all([
    second ? unionAll(first!, second) : first!,
    db.select({ id: patients.id }).from(patients).where(eq(patients.mrn, sent.patientMrn.trim())),
  ]);
  const byMrn = mrnPatient
    ? await db
        .select(columns)
        .from(labOrders)
        .innerJoin(patients, eq(patients.id, labOrders.patientId))
        .where(and(eq(labOrders.patientId, mrnPatient.id), inArray(labOrders.status, [...CANDIDATE_STATUSES])))
        .orderBy(labOrders.orderedAt)
        .limit(50)
    : [];
  // The placer number's order first, then the filler number's, then the MRN's; each order once.
  const rank = (accession: string | null) => (accession === numbers.placer ? 0 : accession === numbers.filler ? 1 : 2);
  byAccession.sort((a, b) => rank(a.order.accessionNumber) - rank(b.order.accessionNumber));
  const candidates = [...byAccession, ...byMrn.filter((c) => !byAccession.some((a) => a.order.id === c.order.id))];
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action: 'lab_reconciliation.read',
      resourceType: 'hl7_inbound_message',
      resourceId: id,
      category: 'clinical',
      detail: { group: group.index, candidates: candidates.map((c) => c.order.id) },
    },
    ctx.now,
  );
  return {
    id,
    sender: senderOf(row),
    receivedAt: row.receivedAt,
    group,
    numbers,
    results: sent.results,
    candidates: candidates.map((c) => {
      const matchesMrn = c.patient.mrn === sent.patientMrn.trim();
      return {
        ...c,
        matchesAccession: c.order.accessionNumber !== null && lookup.includes(c.order.accessionNumber),
        matchesMrn,
        offeredBecause: offerReasons(c.order.accessionNumber, matchesMrn, numbers, shown),
      };
    }),
    otherGroups: waiting.filter((g) => g.index !== group.index).map((g) => g.index),
  };
}

export interface FileInput {
  group: number;
  orderId: string;
  /** The patient the person confirmed on screen: must be the order's patient. */
  patientId: string;
  confirmedSamePerson: boolean;
}

const samePersonRequired = () =>
  new AppError('validation_failed', 'Confirm that you have checked the patient is the same person.', {
    errors: [{ path: 'confirmedSamePerson', message: 'Confirm that you have checked the patient is the same person.' }],
  });

/**
 * Files one unmatched order group against the order a person chose, through the labs module's
 * normal result path (conversion, flags, a critical value's clinical alert), in ONE transaction
 * with marking the message: `filed` once no group waits, else it stays `unmatched` with this
 * group settled. 409 when someone settled it first; 422 when the order is not the confirmed
 * patient's or cannot take these results. Audited `lab_reconciliation.file` on the patient.
 */
export async function fileReconciledResult(db: Db, encryptor: Encryptor, ctx: ServiceContext, id: string, input: FileInput) {
  if (!input.confirmedSamePerson) throw samePersonRequired();
  const { row, summary, waiting } = await loadUnmatched(db, encryptor, id, true);
  const group = waiting.find((g) => g.index === input.group);
  if (!group) throw conflict('This result was already settled by someone else.');
  const sent = summary.orders[group.index]!;
  return db.transaction(async (tx) => {
    const [order] = await tx.select().from(labOrders).where(eq(labOrders.id, input.orderId)).for('update');
    if (!order) throw notFound('The order');
    if (order.patientId !== input.patientId)
      throw new AppError('unprocessable', 'This order belongs to another patient than the one you confirmed.', {
        errors: [{ path: 'orderId', message: 'This order belongs to another patient than the one you confirmed.' }],
      });
    const patient = (await findLabPatient(tx, order.patientId))!;
    const entries: ResultEntry[] = sent.results.map((r) => ({
      test: r.loinc,
      ...(r.value !== undefined ? { value: r.value, ...(r.unit ? { unit: r.unit } : {}) } : { text: r.text ?? '' }),
      status: r.status,
      ...(r.observedAt ? { observedAt: new Date(r.observedAt) } : {}),
    }));
    const outcome = await fileResultsInTx(tx, ctx, order, patient, entries, 'hl7', labResultHooksOf(db));
    const at = ctx.now;
    summary.orders[group.index] = { ...sent, settled: { status: 'filed', by: ctx.actor.userId, at: at.toISOString(), orderId: order.id } };
    const stillWaiting = waiting.length > 1;
    const settled = await settleUnmatchedMessage(tx, id, {
      status: stillWaiting ? 'unmatched' : 'filed',
      by: ctx.actor.userId,
      at,
      expectedSummaryEncrypted: row.summaryEncrypted,
      summaryEncrypted: encryptor.encrypt(JSON.stringify(summary)),
    });
    if (!settled) throw conflict('This result was already settled by someone else.');
    await auditPatientAccess(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'lab_reconciliation.file',
        resourceType: 'lab_order',
        resourceId: order.id,
        patientId: order.patientId,
        category: 'clinical',
        detail: { message: id, group: group.index, tests: outcome.filed.map((r) => r.testCode), critical: outcome.alerts },
      },
      ctx.now,
    );
    return { orderId: order.id, filed: outcome.filed.length, alerts: outcome.alerts, messageStatus: stillWaiting ? 'unmatched' : 'filed' };
  });
}

/** Rejects one unmatched order group with a reason (nothing filed). Audited `lab_reconciliation.reject`. 409 when settled meanwhile. */
export async function rejectReconciliation(
  db: Db,
  encryptor: Encryptor,
  ctx: ServiceContext,
  id: string,
  input: { group: number; reason: string },
) {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('validation_failed', 'Give the reason.', { errors: [{ path: 'reason', message: 'Give the reason.' }] });
  const { row, summary, waiting } = await loadUnmatched(db, encryptor, id, true);
  const group = waiting.find((g) => g.index === input.group);
  if (!group) throw conflict('This result was already settled by someone else.');
  const at = ctx.now;
  summary.orders[group.index] = {
    ...summary.orders[group.index]!,
    settled: { status: 'rejected', by: ctx.actor.userId, at: at.toISOString(), reason },
  };
  const stillWaiting = waiting.length > 1;
  return db.transaction(async (tx) => {
    const settled = await settleUnmatchedMessage(tx, id, {
      status: stillWaiting ? 'unmatched' : 'rejected',
      by: ctx.actor.userId,
      at,
      reason,
      expectedSummaryEncrypted: row.summaryEncrypted,
      summaryEncrypted: encryptor.encrypt(JSON.stringify(summary)),
    });
    if (!settled) throw conflict('This result was already settled by someone else.');
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'lab_reconciliation.reject',
        resourceType: 'hl7_inbound_message',
        resourceId: id,
        category: 'clinical',
        detail: { group: group.index },
      },
      ctx.now,
    );
    return { messageStatus: stillWaiting ? 'unmatched' : 'rejected' };
  });
}
