import { and, desc, eq, sql, type Placeholder } from 'drizzle-orm';
import type { PreparedAuditedPatients } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { observations } from './observations.tables.js';

/**
 * The newest few readings per patient and code, for the patients a board has audited: the last
 * reading and its trend. One statement, bounded whatever the history: for each (patient, code)
 * pair a LATERAL read of the (patient, code, time) index, newest first, `perCode` rows at most.
 *
 * Written for a statement BUILT ONCE (the boards' reads with their audit rows): the patients are
 * the audit rows' own placeholder, `codes` a `text[]` placeholder (filled by `textListValue`).
 */
export function recentObservationsQuery(db: Db, audited: PreparedAuditedPatients, codes: Placeholder, perCode: number) {
  const pairs = db
    .select({
      patientId: sql<string>`p.patient_id`.as('pair_patient_id'),
      code: sql<string>`c.code`.as('pair_code'),
    })
    .from(sql`unnest(${audited.patientIds}::uuid[]) as p(patient_id) cross join unnest(${codes}::text[]) as c(code)`)
    .as('pairs');
  const latest = db
    .select({ value: observations.value, unit: observations.unit, effectiveAt: observations.effectiveAt })
    .from(observations)
    .where(and(eq(observations.patientId, pairs.patientId), eq(observations.code, pairs.code)))
    .orderBy(desc(observations.effectiveAt), desc(observations.createdAt), desc(observations.id))
    .limit(perCode)
    .as('latest');
  return db
    .select({ patientId: pairs.patientId, code: pairs.code, value: latest.value, unit: latest.unit, effectiveAt: latest.effectiveAt })
    .from(pairs)
    .crossJoinLateral(latest)
    .orderBy(desc(latest.effectiveAt));
}
