import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { auditActorOf, auditPatientAccess, auditPatientsAccess } from '../../../platform/audit/audit.service.js';
import type { Actor, RequestOrigin, ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, conflict, unprocessable } from '../../../platform/errors.js';
import { raiseClinicalAlert } from '../../clinical-alerts/index.js';
import { patients } from '../../patients/index.js';
import { ageInYears, convertToUnit, flagFor, isCritical, rangeFor } from '../labs.ranges.js';
import { labOrders, labResults, labTests } from '../labs.tables.js';
import { TRANSITIONS, type LabFlag, type LabResultSource, type LabResultStatus } from '../labs.vocabulary.js';
import { findLabPatient, type LabPatient } from './lab-access.js';
import { labResultHooksOf, type LabResultHook } from './lab-result-hooks.js';
import { accessOrder, stepOrder, type LabOrderRow, type LabResultRow } from './lab-orders.service.js';

export interface ResultEntry {
  /** The catalogue test: its code (K) or its LOINC (2823-3). */
  test: string;
  value?: number;
  unit?: string;
  text?: string;
  status: LabResultStatus;
  observedAt?: Date;
}

export interface FilingContext {
  actor: Actor | null;
  origin: RequestOrigin | null;
  now: Date;
}

/** A result that cannot be filed: 422 with the entry's path and why (the inbound filer turns it into an unmatched reason). */
const entryProblem = (index: number, message: string) =>
  new AppError('unprocessable', message, { errors: [{ path: `results.${index}`, message }] });

const FLAG_WORDS: Record<LabFlag, string> = {
  normal: 'normal',
  low: 'low',
  high: 'high',
  critical_low: 'critical low',
  critical_high: 'critical high',
};

const same = (a: LabResultRow, b: { value: number | null; text: string | null; status: LabResultStatus; unit: string | null }) =>
  a.value === b.value && a.text === b.text && a.status === b.status && a.unit === b.unit;

type CatalogueTest = typeof labTests.$inferSelect;

/** One entry checked against the order's tests, converted to the test's unit and flagged (422 naming the entry otherwise). */
function prepareEntry(index: number, entry: ResultEntry, tests: CatalogueTest[], sex: string | null, age: number, seen: Set<string>) {
  const test = tests.find((t) => t.code === entry.test || t.loinc === entry.test);
  if (!test) throw entryProblem(index, 'This test is not one of the order’s tests.');
  if (seen.has(test.code)) throw entryProblem(index, 'The same test appears twice.');
  seen.add(test.code);
  let value: number | null = null;
  let flag: LabFlag | null = null;
  const range = rangeFor(test.ranges, sex, age);
  if (entry.value !== undefined) {
    if (test.resultKind !== 'numeric') throw entryProblem(index, 'This test takes a text result.');
    const converted = convertToUnit(entry.value, entry.unit ?? test.unit!, test.unit!, test.molarMass);
    if (converted === null) throw entryProblem(index, `The unit cannot be converted to the test’s unit (${test.unit}).`);
    value = converted;
    flag = flagFor(value, range);
  } else if (!entry.text?.trim()) {
    throw entryProblem(index, 'Give a value or a text result.');
  }
  const next = {
    value,
    text: entry.value === undefined ? entry.text!.trim() : null,
    status: entry.status,
    unit: value === null ? null : test.unit,
  };
  return { test, next, flag, range };
}

/** The order's result status: preliminary while any current value is; corrected once any is; else final. */
async function orderResultStatus(tx: Db, orderId: string): Promise<LabResultStatus> {
  const statuses = await tx
    .select({ status: labResults.status })
    .from(labResults)
    .where(and(eq(labResults.orderId, orderId), isNull(labResults.supersededAt)));
  if (statuses.some((s) => s.status === 'preliminary')) return 'preliminary';
  return statuses.some((s) => s.status === 'corrected') ? 'corrected' : 'final';
}

/**
 * Files results for an order in the caller's transaction, with the order row locked:
 * - only for an order collected, received or resulted (or reviewed, for a correction): else 409;
 * - each value converted to the test's unit (UCUM; mass ↔ substance with the test's molar mass),
 *   flagged from the range for the patient's sex and age at collection;
 * - a value for a test that already has one supersedes it (the earlier stays, marked superseded);
 *   a final value changes only by a `corrected` one (else 409); the very same value again is a no-op
 *   (a resent message files nothing twice);
 * - a critical value raises ONE clinical alert for the ordering clinician, in this transaction;
 *   the alert's source is the result's first value, so a correction (even to another critical
 *   value) stays on that one alert (docs/clinical-alerts.md: one alert per kind and source).
 */
export async function fileResultsInTx(
  tx: Db,
  ctx: FilingContext,
  order: LabOrderRow,
  patient: LabPatient,
  entries: ResultEntry[],
  source: LabResultSource,
  hooks: LabResultHook[] = [],
): Promise<{ order: LabOrderRow; filed: LabResultRow[]; alerts: number }> {
  const corrections = entries.every((e) => e.status === 'corrected');
  const allowed = order.status === 'reviewed' && corrections ? (['reviewed'] as const) : TRANSITIONS.result;
  if (!(allowed as readonly string[]).includes(order.status)) {
    throw conflict('Results can be filed only for a collected order that is not cancelled.', 'conflict', { status: order.status });
  }
  const tests = await tx.select().from(labTests).where(inArray(labTests.code, order.testCodes));
  const current = await tx
    .select()
    .from(labResults)
    .where(and(eq(labResults.orderId, order.id), isNull(labResults.supersededAt)));
  const currentByCode = new Map(current.map((r) => [r.testCode, r]));
  const age = ageInYears(patient.birthDate, order.collectedAt ?? ctx.now);
  const filed: LabResultRow[] = [];
  let alerts = 0;
  const seen = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    const { test, next, flag, range } = prepareEntry(index, entry, tests, patient.sex, age, seen);
    const earlier = currentByCode.get(test.code);
    if (earlier && same(earlier, next)) continue;
    if (earlier && earlier.status !== 'preliminary' && entry.status !== 'corrected') {
      throw conflict('A final result changes only by a corrected result.', 'conflict', { test: test.code });
    }
    if (earlier) await tx.update(labResults).set({ supersededAt: ctx.now }).where(eq(labResults.id, earlier.id));
    const [row] = await tx
      .insert(labResults)
      .values({
        orderId: order.id,
        patientId: order.patientId,
        firstResultId: earlier ? (earlier.firstResultId ?? earlier.id) : null,
        testCode: test.code,
        loinc: test.loinc,
        ...next,
        enteredValue: entry.value ?? null,
        enteredUnit: entry.value === undefined ? null : (entry.unit ?? test.unit),
        flag,
        rangeLow: range?.low ?? null,
        rangeHigh: range?.high ?? null,
        source,
        observedAt: entry.observedAt ?? ctx.now,
        enteredBy: ctx.actor?.kind === 'user' ? ctx.actor.userId : null,
        createdAt: ctx.now,
      })
      .returning();
    filed.push(row!);
    // The test's first value: it was performed (billing captures it once; docs/billing.md).
    if (!earlier) {
      const event = { resultId: row!.id, orderId: order.id, encounterId: order.encounterId, patientId: order.patientId };
      const performed = { ...event, loinc: test.loinc, testName: test.name, performedAt: order.collectedAt ?? ctx.now };
      const hookCtx = { now: ctx.now, actorUserId: ctx.actor?.kind === 'user' ? ctx.actor.userId : null };
      for (const hook of hooks) await hook(tx, performed, hookCtx);
    }
    if (isCritical(flag)) {
      const raised = await raiseClinicalAlert(tx, ctx, {
        patientId: order.patientId,
        kind: 'critical_result',
        severity: 'critical',
        responsible: { userId: order.orderedBy },
        source: { type: 'lab_result', id: row!.firstResultId ?? row!.id },
        summary: `${test.name} ${formatNumber(next.value!)} ${test.unit} (${FLAG_WORDS[flag!]})`,
      });
      if (raised.created) alerts += 1;
    }
  }
  if (filed.length === 0) return { order, filed, alerts };
  const resultStatus = await orderResultStatus(tx, order.id);
  const updated = await stepOrder(
    tx,
    order.id,
    [order.status],
    { status: 'resulted', resultStatus, resultedAt: ctx.now, reviewedAt: null, reviewedBy: null },
    ctx.now,
  );
  return { order: updated, filed, alerts };
}

export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}

async function lockOrder(tx: Db, orderId: string): Promise<LabOrderRow | undefined> {
  const [row] = await tx.select().from(labOrders).where(eq(labOrders.id, orderId)).for('update');
  return row;
}

/** A technician (page or API) enters results for an order. Audited `lab_result.enter`. */
export async function enterLabResults(db: Db, ctx: ServiceContext, orderId: string, entries: ResultEntry[]) {
  const access = await accessOrder(db, ctx, orderId, 'lab_result.enter');
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    const outcome = await fileResultsInTx(tx, ctx, order!, access.patient, entries, 'manual', labResultHooksOf(db));
    await access.audit(tx, {
      action: 'lab_result.enter',
      resourceType: 'lab_order',
      resourceId: orderId,
      category: 'clinical',
      detail: { tests: outcome.filed.map((r) => r.testCode), critical: outcome.alerts },
    });
    return outcome;
  });
}

/** A doctor reviews one resulted order and may add a finding (comment). Never acknowledges a clinical alert. */
export async function reviewLabOrder(db: Db, ctx: ServiceContext, orderId: string, input: { comment?: string | null; version?: number }) {
  const access = await accessOrder(db, ctx, orderId, 'lab_order.review');
  return db.transaction(async (tx) => {
    const row = await stepOrder(
      tx,
      orderId,
      TRANSITIONS.review,
      { status: 'reviewed', reviewedAt: ctx.now, reviewedBy: ctx.actor.userId, reviewComment: input.comment?.trim() || null },
      ctx.now,
      input.version,
    );
    await access.audit(tx, { action: 'lab_order.review', resourceType: 'lab_order', resourceId: orderId, category: 'clinical' });
    return row;
  });
}

/**
 * Reviews several of MY resulted orders at once (one statement; one audit row per order). Orders
 * that are not mine or not awaiting review are left as they are and named in `skipped`. A batch
 * review never acknowledges a clinical alert: critical results are acknowledged one at a time.
 */
export async function reviewLabOrdersBatch(db: Db, ctx: ServiceContext, orderIds: string[], comment?: string | null) {
  return db.transaction(async (tx) => {
    const reviewed = await tx
      .update(labOrders)
      .set({
        status: 'reviewed',
        reviewedAt: ctx.now,
        reviewedBy: ctx.actor.userId,
        reviewComment: comment?.trim() || null,
        version: sql`${labOrders.version} + 1`,
        updatedAt: ctx.now,
      })
      .where(and(inArray(labOrders.id, orderIds), eq(labOrders.orderedBy, ctx.actor.userId), eq(labOrders.status, 'resulted')))
      .returning({ id: labOrders.id, patientId: labOrders.patientId });
    await auditPatientsAccess(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      reviewed.map((r) => ({
        action: 'lab_order.review',
        resourceType: 'lab_order',
        resourceId: r.id,
        patientId: r.patientId,
        category: 'clinical' as const,
        detail: { batch: true },
      })),
      ctx.now,
    );
    const done = new Set(reviewed.map((r) => r.id));
    return { reviewed: [...done], skipped: orderIds.filter((id) => !done.has(id)) };
  });
}

export type InboundOutcome = { outcome: 'filed'; orderId: string } | { outcome: 'unmatched'; reason: string };

/**
 * Files an outside laboratory's results (HL7 ORU over MLLP, or a FHIR DiagnosticReport) ONLY when
 * an order number sent — the placer number (OBR-2: our accession, as quoted by a laboratory we sent
 * the order to) or the filler number (OBR-3, or the accession of a FHIR report) — AND the patient's
 * MRN match the same order. Nothing is guessed: no order, another patient's order, or the two
 * numbers naming two different orders of this patient answer `unmatched` with the rule that failed
 * (never data), and file nothing. The order must be collected. Results already held (same test,
 * value, status) count as filed, so a resent message files nothing twice. When the laboratory's
 * own number differs from our accession it is kept on the order (`filler_order_number`).
 */
export async function fileInboundResultsWith(
  db: Db,
  ctx: FilingContext,
  input: {
    accessionNumber: string;
    placerOrderNumber?: string | null;
    fillerOrderNumber?: string | null;
    patientMrn: string;
    results: { loinc: string; value?: number; unit?: string; text?: string; status: LabResultStatus; observedAt?: Date }[];
  },
  source: LabResultSource,
): Promise<InboundOutcome> {
  const numbers = [
    ...new Set(
      [input.placerOrderNumber, input.fillerOrderNumber, input.accessionNumber].map((n) => n?.trim()).filter((n): n is string => !!n),
    ),
  ];
  const found = await db
    .select({ orderId: labOrders.id, patientId: labOrders.patientId, mrn: patients.mrn, accession: labOrders.accessionNumber })
    .from(labOrders)
    .innerJoin(patients, eq(patients.id, labOrders.patientId))
    .where(inArray(labOrders.accessionNumber, numbers));
  if (found.length === 0) return { outcome: 'unmatched', reason: 'No order has this accession number.' };
  const mine = found.filter((o) => o.mrn === input.patientMrn.trim());
  if (mine.length === 0)
    return { outcome: 'unmatched', reason: 'The order with this accession number belongs to another patient (the MRN does not match).' };
  if (mine.length > 1)
    return {
      outcome: 'unmatched',
      reason: 'The placer and filler order numbers name two different orders (not filed: nothing is guessed).',
    };
  const match = mine[0]!;
  const filler = input.fillerOrderNumber?.trim();
  const fillerOrderNumber = filler && filler !== match.accession ? filler : null;
  const patient = (await findLabPatient(db, match.patientId))!;
  try {
    return await db.transaction(async (tx) => {
      const order = (await lockOrder(tx, match.orderId))!;
      if (order.status === 'cancelled') throw unprocessable('The order with this accession number was cancelled.');
      const entries = input.results.map((r) => ({
        test: r.loinc,
        ...(r.value !== undefined ? { value: r.value, ...(r.unit ? { unit: r.unit } : {}) } : { text: r.text ?? '' }),
        status: r.status,
        ...(r.observedAt ? { observedAt: r.observedAt } : {}),
      }));
      const outcome = await fileResultsInTx(tx, ctx, order, patient, entries, source, labResultHooksOf(db));
      // The laboratory's own number, for reference when someone calls it; the first one is kept.
      if (fillerOrderNumber && !order.fillerOrderNumber)
        await tx.update(labOrders).set({ fillerOrderNumber }).where(eq(labOrders.id, order.id));
      await auditPatientAccess(
        tx,
        auditActorOf(ctx.actor),
        ctx.origin,
        {
          action: 'lab_result.file_inbound',
          resourceType: 'lab_order',
          resourceId: order.id,
          patientId: order.patientId,
          category: 'clinical',
          detail: {
            source,
            tests: outcome.filed.map((r) => r.testCode),
            critical: outcome.alerts,
            ...(fillerOrderNumber ? { fillerOrderNumber } : {}),
          },
        },
        ctx.now,
      );
      return { outcome: 'filed' as const, orderId: order.id };
    });
  } catch (error) {
    if (error instanceof AppError && (error.status === 409 || error.status === 422)) {
      const first = (error.extra.errors as { path: string; message: string }[] | undefined)?.[0];
      return { outcome: 'unmatched', reason: first ? `${first.path}: ${first.message}` : error.detail };
    }
    throw error;
  }
}
