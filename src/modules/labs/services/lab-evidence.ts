import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, type Placeholder } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, preparedReadTogether } from '../../../platform/db/read-together.js';
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
  const { rows } = await labEvidenceStatement(db, { patientId, from: window.from, to: window.to });
  return rows.map((r) => ({ loinc: r.loinc, value: r.value!, unit: r.unit!, observedAt: r.observedAt }));
}

/** Built once (issue 11): building it was a share of the considerations panel's CPU on every view. */
const labEvidenceStatement = preparedReadTogether((db, param: (name: 'patientId' | 'from' | 'to') => Placeholder) => ({
  rows: deferRead(
    db
      .selectDistinctOn([labResults.loinc], {
        loinc: labResults.loinc,
        value: labResults.value,
        unit: labResults.unit,
        observedAt: labResults.observedAt,
      })
      .from(labResults)
      .where(
        and(
          eq(labResults.patientId, param('patientId')),
          gte(labResults.observedAt, param('from')),
          lte(labResults.observedAt, param('to')),
          isNull(labResults.supersededAt),
          inArray(labResults.status, ['final', 'corrected']),
          isNotNull(labResults.value),
          isNotNull(labResults.unit),
        ),
      )
      .orderBy(asc(labResults.loinc), desc(labResults.observedAt)),
    (rows) => rows,
  ),
}));
