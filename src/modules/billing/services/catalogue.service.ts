import type { ServiceContext } from '../../../platform/auth/actor.js';
import { writeAudit, auditActorOf } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, runRead, type DeferredRead } from '../../../platform/db/read-together.js';
import { conflict } from '../../../platform/errors.js';
import { addDays } from '../../../platform/time/zoned-time.js';
import { closeChargeItem, insertChargeItem, selectChargeItems, selectOpenItemForUpdate } from '../billing.repository.js';
import type { ChargeItemDto, CreateChargeItemInput } from '../billing.schemas.js';
import { toChargeItemDto } from './billing-view.js';

/** The price list, every period of every code (no patient data). */
export async function listChargeItems(db: Db): Promise<ChargeItemDto[]> {
  return runRead(chargeItemsRead(db));
}

/** The same list as a read not run yet, to read with a page's other parts in one statement. */
export function chargeItemsRead(db: Db): DeferredRead<ChargeItemDto[]> {
  return deferRead(selectChargeItems(db), (rows) => rows.map(toChargeItemDto));
}

/**
 * A new code, or a new price for a code from a day on: the current period ends the day before.
 * A new period must start after the current one started (a price is never rewritten backwards:
 * charges already captured keep the price they were captured at anyway).
 */
export async function addChargeItem(db: Db, ctx: ServiceContext, currency: string, input: CreateChargeItemInput): Promise<ChargeItemDto> {
  return db.transaction(async (tx) => {
    const open = await selectOpenItemForUpdate(tx, input.code);
    if (open) {
      if (input.effectiveFrom <= open.effectiveFrom) {
        throw conflict(`The current price of ${input.code} starts on ${open.effectiveFrom}: a new price must start after it.`);
      }
      await closeChargeItem(tx, open.id, addDays(input.effectiveFrom, -1));
    }
    const row = await insertChargeItem(tx, {
      code: input.code,
      name: input.name,
      unitPriceMinor: input.unitPriceMinor,
      currency,
      taxRateBp: input.taxRateBp,
      visitTypeId: input.visitTypeId ?? null,
      loinc: input.loinc ?? null,
      productId: input.productId ?? null,
      procedureCode: input.procedureCode ?? null,
      effectiveFrom: input.effectiveFrom,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
    });
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'billing.charge_item.create',
        resourceType: 'billing_charge_item',
        resourceId: row.id,
        category: 'administration',
        detail: { code: row.code, unitPriceMinor: row.unitPriceMinor, effectiveFrom: row.effectiveFrom },
      },
      ctx.now,
    );
    return toChargeItemDto(row);
  });
}
