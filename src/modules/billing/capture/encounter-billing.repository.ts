import { and, desc, eq, sql, type Placeholder } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import type { PatientOwner } from '../../patients/index.js';
import { encounterOwner, encounters } from '../../records/index.js';
import { charges, invoiceLines } from '../billing.tables.js';

/**
 * An encounter is billed when a charge of it is on an invoice: a procedure's or a lab test's
 * charge naming it (billing_charges_encounter_idx), or its appointment's visit charge
 * (billing_charges_source_key). Draft invoices count: billing is preparing them.
 */
// Written out with the tables named: inside the subquery an unqualified "id" would be the charge's.
const billed = sql<boolean>`exists (select 1 from billing_charges c where c.status = 'invoiced' and (c.encounter_id = "encounters"."id" or (c.source = 'visit' and c.source_id = "encounters"."appointment_id")))`;

/**
 * The billing tier's encounters: the billed ones. The access decision reads the patient through it,
 * so an encounter not billed is refused like an unknown one, before anything of it is read.
 */
export const billedEncounterOwner: PatientOwner = { ...encounterOwner, only: { shape: 'billed', condition: billed } };

/** A patient's billed encounters, newest first (encounters_patient_started_idx), at most `limit`. */
export function selectBilledEncounters(db: Db, patientId: string, limit: number) {
  return db
    .select({ id: encounters.id, type: encounters.type, startedAt: encounters.startedAt, createdAt: encounters.createdAt })
    .from(encounters)
    .where(and(eq(encounters.patientId, patientId), billed))
    .orderBy(desc(encounters.createdAt), desc(encounters.id))
    .limit(limit);
}

/**
 * The encounter each charge of an invoice belongs to (the staff invoice page links its lines to the
 * billing tier's encounter page): the charge's own encounter, or its visit's (encounters_appointment_key).
 * `invoiceId` may be a placeholder of a statement built once.
 */
export function selectInvoiceChargeEncounters(db: Db, invoiceId: string | Placeholder) {
  return db
    .select({ chargeId: charges.id, encounterId: sql<string | null>`coalesce(${charges.encounterId}, ${encounters.id})` })
    .from(invoiceLines)
    .innerJoin(charges, eq(charges.id, invoiceLines.chargeId))
    .leftJoin(encounters, and(eq(charges.source, 'visit'), eq(encounters.appointmentId, charges.sourceId)))
    .where(eq(invoiceLines.invoiceId, invoiceId));
}
