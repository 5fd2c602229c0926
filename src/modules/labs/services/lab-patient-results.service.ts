import { and, asc, eq, isNull, ne, type Placeholder } from 'drizzle-orm';
import { auditedViews } from '../../../platform/audit/audited-views.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead } from '../../../platform/db/read-together.js';
import { notFound } from '../../../platform/errors.js';
import { accessAuditValues, resolvePatientAccess } from '../../patients/index.js';
import { labOrders, labResults, labTests } from '../labs.tables.js';
import type { LabCategory, LabFlag, LabResultStatus } from '../labs.vocabulary.js';
import { isReleased, releaseRulesRead } from './lab-release.js';

/** One released value, as the patient sees it. */
export interface PatientLabValue {
  id: string;
  testCode: string;
  /** The test's LOINC code: what a page's `?test=` names. */
  loinc: string;
  testName: string;
  category: LabCategory;
  value: number | null;
  text: string | null;
  unit: string | null;
  rangeLow: number | null;
  rangeHigh: number | null;
  flag: LabFlag | null;
  status: LabResultStatus;
  observedAt: Date;
}

export interface PatientLabResults {
  /** Released current values, oldest first. */
  items: PatientLabValue[];
  /** Current values filed but not released yet (only their number is told). */
  pending: number;
}

/**
 * The signed-in patient's laboratory results: current values (never replaced ones) of orders not
 * cancelled, released under their test category's rule at the clock's time (services/lab-release.ts);
 * with `test` (a LOINC code), only that test's values and pending count. One audit row
 * (`lab_result.patient_list`), sent with the reads in one statement (platform/db/read-together).
 */
export async function listMyLabResults(db: Db, ctx: ServiceContext, options: { test?: string } = {}): Promise<PatientLabResults> {
  if (ctx.actor.role !== 'patient' || !ctx.actor.patientId) throw notFound('Your laboratory results');
  const patientId = ctx.actor.patientId;
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action: 'lab_result.patient_list' });
  const audit = accessAuditValues(ctx, access, { action: 'lab_result.patient_list', resourceType: 'lab_result', category: 'clinical' });
  // Built once per shape (every value, or one test's): issue 11.
  const { rows, rules } = await labResultViews(
    db,
    options.test === undefined ? 'all' : 'test',
    audit,
    (db, audited, param: (name: 'loinc') => Placeholder) => ({
      rows: deferRead(patientResultRows(db, audited.patientId, options.test === undefined ? undefined : param('loinc')), (r) => r),
      rules: releaseRulesRead(db),
    }),
    options.test === undefined ? undefined : { loinc: options.test },
  );
  const items: PatientLabValue[] = [];
  let pending = 0;
  for (const r of rows) {
    const rule = rules.find((x) => x.category === r.category)!;
    if (!isReleased(rule, { resultStatus: r.status, resultedAt: r.resultedAt, reviewedAt: r.reviewedAt }, ctx.now)) {
      pending += 1;
      continue;
    }
    const { resultedAt: _r, reviewedAt: _v, ...item } = r;
    items.push(item);
  }
  return { items, pending };
}

const labResultViews = auditedViews();

/** The patient's current values (of one test, by LOINC, if given) with their order's times and their test's category (lab_results_patient_idx). */
function patientResultRows(db: Db, patientId: string | Placeholder, loinc?: string | Placeholder) {
  return db
    .select({
      id: labResults.id,
      testCode: labResults.testCode,
      loinc: labResults.loinc,
      testName: labTests.name,
      category: labTests.category,
      value: labResults.value,
      text: labResults.text,
      unit: labResults.unit,
      rangeLow: labResults.rangeLow,
      rangeHigh: labResults.rangeHigh,
      flag: labResults.flag,
      status: labResults.status,
      observedAt: labResults.observedAt,
      resultedAt: labOrders.resultedAt,
      reviewedAt: labOrders.reviewedAt,
    })
    .from(labResults)
    .innerJoin(labOrders, eq(labOrders.id, labResults.orderId))
    .innerJoin(labTests, eq(labTests.code, labResults.testCode))
    .where(
      and(
        eq(labResults.patientId, patientId),
        loinc === undefined ? undefined : eq(labResults.loinc, loinc),
        isNull(labResults.supersededAt),
        ne(labOrders.status, 'cancelled'),
      ),
    )
    .orderBy(asc(labResults.observedAt))
    .limit(1000);
}

/**
 * Every current value of a patient (released or not, preliminary included), for the care team's
 * trends on the patient's laboratory orders page. The caller has decided access and written the audit row.
 */
export async function listPatientTrendValues(db: Db, patientId: string): Promise<PatientLabValue[]> {
  const rows = await patientResultRows(db, patientId);
  return rows.map(({ resultedAt: _r, reviewedAt: _v, ...item }) => item);
}
