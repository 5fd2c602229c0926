import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict, unprocessable } from '../../../platform/errors.js';
import { localDateOf, hospitalTimeZone } from '../../../platform/time/zoned-time.js';
import { auditAccess } from '../../patients/index.js';
import type { AppointmentHook } from '../../scheduling/index.js';
import { cancelChargeRow, insertCharge, selectItemByCodeOn, selectItemForVisitTypeOn, type ChargeItemRow } from '../billing.repository.js';
import type { ChargeDto, CreateChargeInput } from '../billing.schemas.js';
import { billingAccess, chargeAccess } from './billing-access.js';
import { toChargeDto } from './billing-view.js';

/** The charge's own copy of the price: a later change of the catalogue never reprices it. */
function pricedFrom(item: ChargeItemRow) {
  return {
    chargeItemId: item.id,
    code: item.code,
    description: item.name,
    unitPriceMinor: item.unitPriceMinor,
    currency: item.currency,
    taxRateBp: item.taxRateBp,
  };
}

/** Billing staff add a charge by catalogue code, priced on the service day. */
export async function addManualCharge(db: Db, ctx: ServiceContext, patientId: string, input: CreateChargeInput): Promise<ChargeDto> {
  const access = await billingAccess(db, ctx, patientId, 'billing.charge.create');
  const item = await selectItemByCodeOn(db, input.code, input.serviceDate);
  if (!item) throw unprocessable(`The price list has no code ${input.code} on ${input.serviceDate}.`);
  return db.transaction(async (tx) => {
    const row = await insertCharge(tx, {
      patientId,
      ...pricedFrom(item),
      quantity: input.quantity,
      serviceDate: input.serviceDate,
      source: 'manual',
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await auditAccess(tx, ctx, access, {
      action: 'billing.charge.create',
      resourceType: 'billing_charge',
      resourceId: row!.id,
      category: 'registration',
      detail: { code: item.code, quantity: input.quantity },
    });
    return toChargeDto(row!);
  });
}

/** An unbilled charge entered by mistake is cancelled with a reason (kept, never deleted). */
export async function cancelCharge(db: Db, ctx: ServiceContext, chargeId: string, reason: string): Promise<ChargeDto> {
  const { access } = await chargeAccess(db, ctx, chargeId, 'billing.charge.cancel');
  return db.transaction(async (tx) => {
    const row = await cancelChargeRow(tx, chargeId, reason, ctx.now);
    if (!row) throw conflict('Only an unbilled charge can be cancelled: this one is on an invoice or already cancelled.');
    await auditAccess(tx, ctx, access, {
      action: 'billing.charge.cancel',
      resourceType: 'billing_charge',
      resourceId: row.id,
      category: 'registration',
    });
    return toChargeDto(row);
  });
}

/**
 * Captures a completed visit's charge, in the completing transaction: the price-list item of the
 * visit's type on the visit's day (in the hospital's zone). A visit type without a price is not
 * charged; completing twice charges once (the source is unique).
 */
export const captureVisitCharge: AppointmentHook = async (tx, change, ctx) => {
  if (change.kind !== 'completed') return;
  const visit = change.appointment;
  const day = localDateOf(visit.startsAt, hospitalTimeZone());
  const item = await selectItemForVisitTypeOn(tx, visit.visitTypeId, day);
  if (!item) return;
  await insertCharge(tx, {
    patientId: visit.patientId,
    ...pricedFrom(item),
    quantity: 1,
    serviceDate: day,
    source: 'visit',
    sourceId: visit.id,
    createdBy: ctx.actorUserId,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
};
