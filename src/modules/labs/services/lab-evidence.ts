import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { labResults } from '../labs.tables.js';

/** A numeric result as evidence for decision support: the test's LOINC, value and UCUM unit. */
export interface LabEvidence {
  loinc: string;
  value: number;
  unit: string;
  observedAt: Date;
}

/**
 * The newest current numeric result of each test (LOINC) a patient had in a window: final or
 * corrected only (a preliminary value may still change), never a superseded one. For decision
 * support, whose caller has already decided access to the patient's clinical record and audited
 * the read. One statement, served by `lab_results_patient_idx`.
 */
export async function readLabEvidence(db: Db, patientId: string, window: { from: Date; to: Date }): Promise<LabEvidence[]> {
  const rows = await db
    .selectDistinctOn([labResults.loinc], {
      loinc: labResults.loinc,
      value: labResults.value,
      unit: labResults.unit,
      observedAt: labResults.observedAt,
    })
    .from(labResults)
    .where(
      and(
        eq(labResults.patientId, patientId),
        gte(labResults.observedAt, window.from),
        lte(labResults.observedAt, window.to),
        isNull(labResults.supersededAt),
        inArray(labResults.status, ['final', 'corrected']),
        isNotNull(labResults.value),
        isNotNull(labResults.unit),
      ),
    )
    .orderBy(asc(labResults.loinc), desc(labResults.observedAt));
  return rows.map((r) => ({ loinc: r.loinc, value: r.value!, unit: r.unit!, observedAt: r.observedAt }));
}
