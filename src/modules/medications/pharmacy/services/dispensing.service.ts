import type { ServiceContext } from '../../../../platform/auth/actor.js';
import { auditActorOf, pendingPatientsAudit } from '../../../../platform/audit/audit.service.js';
import type { Db } from '../../../../platform/db/database.js';
import { readTogether } from '../../../../platform/db/read-together.js';
import { AppError, conflict, notFound, validationFailed } from '../../../../platform/errors.js';
import { encodeCursor } from '../../../../platform/http/api-helpers.js';
import { runIdempotent, type IdempotentOutcome, type IdempotentRequest } from '../../../../platform/http/idempotency.js';
import { hospitalTimeZone, localDateOf } from '../../../../platform/time/zoned-time.js';
import { patientLabelsRead } from '../../../patients/index.js';
import {
  findDispense,
  findDispenseOwner,
  findPharmacyPrescription,
  findVerification,
  insertDispenseOnce,
  listDispenses,
  listRecentDispenses,
  sumDispensed,
} from '../pharmacy.repository.js';
import type { DispenseDto, DispenseInput, PharmacyViewDto, RecentDispenseDto } from '../pharmacy.schemas.js';
import { dispenseHooksOf } from './dispense-hooks.js';
import { resolvePharmacyAccess } from './pharmacy-access.js';
import { allowedTotalOf, roundQuantity, toDispenseDto } from './pharmacy-view.js';
import { parseQueueCursor, prescriptionSummaryOf } from './verification.service.js';

/**
 * Dispensing a verified prescription: each dispense recorded once, never more in total than
 * quantity × (1 + refills).
 *
 * - The request carries a key (API: `Idempotency-Key`, required; pages: the form's one-time key).
 *   The platform's protocol replays a finished request's answer; the key is also stored on the row
 *   under a unique index (prescription, key), so two requests with one key can never both insert.
 * - The prescription row is locked (`FOR UPDATE`) in the dispensing transaction before the total
 *   is read, so two different dispenses at once are counted one after the other.
 */
export async function dispensePrescription(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
  input: DispenseInput,
  key: { idempotency?: IdempotentRequest; formKey?: string },
): Promise<IdempotentOutcome<DispenseDto>> {
  const storedKey = key.idempotency ? `api:${key.idempotency.key}` : key.formKey ? `form:${key.formKey}` : undefined;
  if (!storedKey) {
    throw validationFailed([{ path: 'headers.idempotency-key', message: 'Send an Idempotency-Key (a UUID) with each dispense.' }]);
  }
  const dispensedOn = localDateOf(ctx.now, hospitalTimeZone());
  if (input.expiresOn < dispensedOn) {
    throw validationFailed([{ path: 'expiresOn', message: 'This lot has expired: the expiry date is before today.' }]);
  }
  const access = await resolvePharmacyAccess(db, ctx, prescriptionId, 'prescription.dispense');
  return runIdempotent(db, key.idempotency, ctx.now, async (tx) => {
    const audited = await access.audit(tx, {
      action: 'prescription.dispense',
      resourceType: 'prescription_dispense',
      resourceId: prescriptionId,
      severity: 'medium',
    });
    // The lock that serialises dispenses of this prescription until the transaction ends.
    const row = await findPharmacyPrescription(tx, audited, prescriptionId, { forUpdate: true });
    if (!row) throw notFound('The prescription');
    const verification = await findVerification(tx, audited, prescriptionId);
    if (row.status !== 'signed' || verification?.verification.decision !== 'verified') {
      throw conflict('Only an active prescription the pharmacy verified can be dispensed.', 'conflict', {
        status: row.status,
        verification: verification?.verification.decision ?? null,
      });
    }
    const allowed = allowedTotalOf(row);
    if (!allowed) throw new AppError('unprocessable', 'This prescription gives no quantity to dispense: ask the prescriber for one.');
    if (input.quantity.unit !== allowed.unit) {
      throw new AppError('unprocessable', 'Dispense in the unit the prescription gives.', {
        errors: [{ path: 'quantity.unit', message: `Use ${allowed.unit}.` }],
      });
    }
    const dispensed = await sumDispensed(tx, audited, prescriptionId);
    const inserted = await insertDispenseOnce(tx, audited, {
      prescriptionId,
      quantityValue: input.quantity.value,
      quantityUnit: input.quantity.unit,
      lotNumber: input.lotNumber,
      expiresOn: input.expiresOn,
      dispensedOn,
      dispensedBy: ctx.actor.userId,
      dispensedAt: ctx.now,
      idempotencyKey: storedKey,
      createdAt: ctx.now,
    });
    // A repeat of this key (another principal, or a form sent twice) gets the first dispense back.
    if (inserted.created && roundQuantity(dispensed + input.quantity.value) > allowed.value) {
      throw new AppError('unprocessable', 'This would dispense more than prescribed (quantity × (1 + refills)).', {
        errors: [{ path: 'quantity.value', message: `At most ${roundQuantity(allowed.value - dispensed)} ${allowed.unit} remain.` }],
        dispensed: { value: roundQuantity(dispensed), unit: allowed.unit },
        allowed,
      });
    }
    if (inserted.created) {
      const event = { dispenseId: inserted.row.id, prescriptionId, patientId: row.patientId, dispensedOn };
      const dispensed = { ...event, productId: row.productId, productName: row.productName, quantityValue: input.quantity.value };
      for (const hook of dispenseHooksOf(db))
        await hook(tx, { ...dispensed, quantityUnit: input.quantity.unit }, { now: ctx.now, actorUserId: ctx.actor.userId });
    }
    const shown = await findDispense(tx, audited, inserted.row.id);
    return { status: 201, body: toDispenseDto(shown!) };
  });
}

/** A prescription's dispenses, newest first, with the totals; audited. */
export async function listPrescriptionDispenses(
  db: Db,
  ctx: ServiceContext,
  prescriptionId: string,
  query: { limit: number; cursor?: string },
): Promise<{
  items: DispenseDto[];
  nextCursor: string | null;
  dispensedTotal: PharmacyViewDto['dispensedTotal'];
  allowedTotal: PharmacyViewDto['allowedTotal'];
}> {
  const after = parseQueueCursor(query.cursor);
  const access = await resolvePharmacyAccess(db, ctx, prescriptionId, 'prescription_dispense.list');
  return db.transaction(async (tx) => {
    const audited = await access.audit(tx, {
      action: 'prescription_dispense.list',
      resourceType: 'prescription_dispense',
      resourceId: prescriptionId,
    });
    const row = await findPharmacyPrescription(tx, audited, prescriptionId);
    if (!row) throw notFound('The prescription');
    const rows = await listDispenses(tx, audited, prescriptionId, after, query.limit + 1);
    const total = await sumDispensed(tx, audited, prescriptionId);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toDispenseDto),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.dispense.dispensedAt.toISOString(), last.dispense.id]) : null,
      dispensedTotal: row.quantityUnit ? { value: roundQuantity(total), unit: row.quantityUnit } : null,
      allowedTotal: allowedTotalOf(row),
    };
  });
}

/** The pharmacy's recent dispenses, newest first; one audit row per patient shown, with the names' read. */
export async function listPharmacyDispenses(
  db: Db,
  ctx: ServiceContext,
  query: { limit: number; cursor?: string },
): Promise<{ items: RecentDispenseDto[]; nextCursor: string | null }> {
  const after = parseQueueCursor(query.cursor);
  const rows = await listRecentDispenses(db, after, query.limit + 1);
  const page = rows.slice(0, query.limit);
  if (page.length === 0) return { items: [], nextCursor: null };
  const { audited, write } = pendingPatientsAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    [...new Set(page.map((r) => r.dispense.patientId))].map((patientId) => ({
      action: 'prescription_dispense.recent',
      resourceType: 'prescription_dispense',
      patientId,
      category: 'clinical' as const,
      detail: { basis: 'pharmacy' },
    })),
    ctx.now,
  );
  const { labels } = await readTogether(db, { labels: patientLabelsRead(db, audited) }, { writes: [write] });
  const last = page[page.length - 1]!;
  return {
    items: page.map((r) => ({
      ...toDispenseDto(r),
      patient: labels.get(r.dispense.patientId) ?? { id: r.dispense.patientId, name: '', mrn: '' },
      product: { id: r.productId, name: r.productName },
    })),
    nextCursor: rows.length > query.limit ? encodeCursor([last.dispense.dispensedAt.toISOString(), last.dispense.id]) : null,
  };
}

export interface DispenseLabel {
  dispense: DispenseDto;
  prescription: PharmacyViewDto['prescription'];
}

/** What a dispense's label prints: the patient's name, the medicine and its instructions, quantity, lot, expiry, date. */
export async function getDispenseLabel(db: Db, ctx: ServiceContext, dispenseId: string): Promise<DispenseLabel> {
  const owner = await findDispenseOwner(db, dispenseId);
  // An unknown dispense is refused like an unreachable prescription (404, a denied audit row).
  const access = await resolvePharmacyAccess(db, ctx, owner?.prescriptionId ?? dispenseId, 'prescription_dispense.label');
  return db.transaction(async (tx) => {
    const audited = await access.audit(tx, {
      action: 'prescription_dispense.label',
      resourceType: 'prescription_dispense',
      resourceId: dispenseId,
    });
    const dispense = await findDispense(tx, audited, dispenseId);
    const row = await findPharmacyPrescription(tx, audited, access.prescriptionId);
    if (!dispense || !row) throw notFound('The dispense');
    return { dispense: toDispenseDto(dispense), prescription: prescriptionSummaryOf(row) };
  });
}
