import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import { resolvePatientAccess, type PatientAccess } from '../../patients/index.js';
import { selectChargeById, selectInvoiceById, type ChargeRow, type InvoiceRow } from '../billing.repository.js';

/**
 * Who sees a patient's bills (docs/billing.md "Who"): billing staff and administrators every
 * patient's, at the registration tier (never notes or results); a patient their own. The routes'
 * permissions hold the roles; this is the record-level decision, with its denied audit row.
 * Call with the ROOT handle, before the transaction.
 */
export function billingAccess(db: Db, ctx: ServiceContext, patientId: string, action: string): Promise<PatientAccess> {
  return resolvePatientAccess(db, ctx, patientId, { need: 'registration', action });
}

/**
 * An invoice and the access to its patient. A draft is billing's work in progress: a patient
 * asking for one gets 404, as for an invoice that does not exist.
 */
export async function invoiceAccess(db: Db, ctx: ServiceContext, invoiceId: string, action: string) {
  const invoice = await selectInvoiceById(db, invoiceId);
  if (!invoice || (ctx.actor.role === 'patient' && invoice.status === 'draft')) throw notFound('The invoice');
  const access = await billingAccess(db, ctx, invoice.patientId, action);
  return { invoice, access } satisfies { invoice: InvoiceRow; access: PatientAccess };
}

export async function chargeAccess(db: Db, ctx: ServiceContext, chargeId: string, action: string) {
  const charge = await selectChargeById(db, chargeId);
  if (!charge) throw notFound('The charge');
  const access = await billingAccess(db, ctx, charge.patientId, action);
  return { charge, access } satisfies { charge: ChargeRow; access: PatientAccess };
}
