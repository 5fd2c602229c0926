import type { Db } from '../../../platform/db/database.js';
import { hospitalTimeZone, localDateOf } from '../../../platform/time/zoned-time.js';
import type { LabResultHook } from '../../labs/index.js';
import type { DispenseHook } from '../../medications/index.js';
import type { ProcedureHook } from '../../records/index.js';
import { insertCharge } from '../billing.repository.js';
import { QUANTITY_MAX } from '../billing.vocabulary.js';
import { insertUnpricedEvent, selectItemForSourceOn, type CaptureLink } from './capture.repository.js';

/** One billable event from another module, in billing's words. */
interface CapturedEvent {
  source: 'lab_test' | 'dispense' | 'procedure';
  sourceId: string;
  patientId: string;
  encounterId: string | null;
  /** How the price list names it; null when the source gave no code (a procedure without one). */
  link: CaptureLink | null;
  description: string;
  /** A whole number of units, or null when the amount is not one (7.5 mL): queued for billing staff. */
  quantity: number | null;
  quantityText: string;
  serviceDate: string;
}

/**
 * Charges a captured event once, in the source's transaction (docs/billing.md "Capture sources"):
 * the price-list item linked to its code on the service day, its own copy of the price. The
 * charge's (source, source id) is unique, so a retried or repeated event inserts nothing more.
 * An event without a price, or with an amount that is not a whole number of units, goes to the
 * unpriced queue (unique the same way) rather than being lost.
 */
async function capture(tx: Db, event: CapturedEvent, ctx: { now: Date; actorUserId: string | null }): Promise<void> {
  const item = event.link ? await selectItemForSourceOn(tx, event.link, event.serviceDate) : undefined;
  const whole = event.quantity !== null && event.quantity >= 1 && event.quantity <= QUANTITY_MAX;
  if (item && whole) {
    await insertCharge(tx, {
      patientId: event.patientId,
      chargeItemId: item.id,
      code: item.code,
      description: item.name,
      unitPriceMinor: item.unitPriceMinor,
      currency: item.currency,
      taxRateBp: item.taxRateBp,
      quantity: event.quantity!,
      serviceDate: event.serviceDate,
      source: event.source,
      sourceId: event.sourceId,
      encounterId: event.encounterId,
      createdBy: ctx.actorUserId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    return;
  }
  await insertUnpricedEvent(tx, {
    patientId: event.patientId,
    source: event.source,
    sourceId: event.sourceId,
    encounterId: event.encounterId,
    code: event.link?.code ?? null,
    description: event.description,
    quantity: event.quantityText,
    serviceDate: event.serviceDate,
    reason: item ? 'not_whole_units' : 'no_price',
    createdAt: ctx.now,
  });
}

const dayOf = (at: Date) => localDateOf(at, hospitalTimeZone());

/** A lab test performed (its first result filed): one unit of the item linked to its LOINC. */
export const captureLabTest: LabResultHook = (tx, event, ctx) =>
  capture(
    tx,
    {
      source: 'lab_test',
      sourceId: event.resultId,
      patientId: event.patientId,
      encounterId: event.encounterId,
      link: { kind: 'loinc', code: event.loinc },
      description: event.testName,
      quantity: 1,
      quantityText: '1',
      serviceDate: dayOf(event.performedAt),
    },
    ctx,
  );

/** A dispense: the dispensed amount of the item linked to the formulary product, when it is whole units. */
export const captureDispense: DispenseHook = (tx, event, ctx) =>
  capture(
    tx,
    {
      source: 'dispense',
      sourceId: event.dispenseId,
      patientId: event.patientId,
      encounterId: null,
      link: { kind: 'product', code: event.productId },
      description: event.productName,
      quantity: Number.isInteger(event.quantityValue) ? event.quantityValue : null,
      quantityText: `${event.quantityValue} ${event.quantityUnit}`,
      serviceDate: event.dispensedOn,
    },
    ctx,
  );

/** A procedure: one unit of the item linked to its code (a procedure without a code is queued). */
export const captureProcedure: ProcedureHook = (tx, event, ctx) =>
  capture(
    tx,
    {
      source: 'procedure',
      sourceId: event.procedureId,
      patientId: event.patientId,
      encounterId: event.encounterId,
      link: event.code ? { kind: 'procedure', code: event.code } : null,
      description: event.description,
      quantity: 1,
      quantityText: '1',
      serviceDate: dayOf(event.performedAt),
    },
    ctx,
  );
