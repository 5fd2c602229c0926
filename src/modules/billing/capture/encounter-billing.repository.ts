import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { encounters } from '../../records/index.js';
import { charges } from '../billing.tables.js';

/**
 * An encounter is billed when a charge of it is on an invoice: a procedure's or a lab test's
 * charge naming it (billing_charges_encounter_idx), or its appointment's visit charge
 * (billing_charges_source_key). Draft invoices count: billing is preparing them.
 */
const billed = sql<boolean>`exists (select 1 from ${charges} where ${charges.status} = 'invoiced' and (${charges.encounterId} = ${encounters.id} or (${charges.source} = 'visit' and ${charges.sourceId} = ${encounters.appointmentId})))`;

export async function isEncounterBilled(db: Db, encounterId: string): Promise<boolean> {
  const [row] = await db.select({ billed }).from(encounters).where(eq(encounters.id, encounterId));
  return row?.billed ?? false;
}

/** A patient's billed encounters, newest first (encounters_patient_started_idx), at most `limit`. */
export function selectBilledEncounters(db: Db, patientId: string, limit: number) {
  return db
    .select({ id: encounters.id, type: encounters.type, startedAt: encounters.startedAt, createdAt: encounters.createdAt })
    .from(encounters)
    .where(and(eq(encounters.patientId, patientId), billed))
    .orderBy(desc(encounters.createdAt), desc(encounters.id))
    .limit(limit);
}
