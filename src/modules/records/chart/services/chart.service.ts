import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { notFound } from '../../../../platform/errors.js';
import { type PatientProfile, type Allergy, type Condition, listPatientAllergies, listPatientConditions, auditAccess, auditDenied, resolvePatientAccess, toProfile } from '../../../patients/index.js';
import type { ChartCarePlan, ChartDiagnosis, ChartDocument, ChartEncounter, ChartNote, ProblemItem, Section } from '../chart.types.js';
import { chartSources, readLimitedSection, readSection, toProblemItem } from './chart-sources.js';

export interface PatientChart {
  patient: PatientProfile;
  allergies: Allergy[];
  /** Conditions recorded on the patient (patients module): the problem list falls back to them. */
  conditions: Condition[];
  problems: Section<ProblemItem>;
  diagnoses: Section<ChartDiagnosis>;
  encounters: Section<ChartEncounter>;
  notes: Section<ChartNote>;
  documents: Section<ChartDocument>;
  carePlans: Section<ChartCarePlan>;
}

/**
 * The clinician's chart: clinical tier only (care team, break-the-glass; the patient has the
 * portal). Front desk, billing and clinicians off the team get 404 and a denied audit row.
 * The chart open is audited here; each section's list function audits its own read.
 */
export async function getPatientChart(db: Db, ctx: ServiceContext, patientId: string): Promise<PatientChart> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action: 'chart.read' });
  if (access.tier === 'self') {
    // The patient reads their record in the portal ("my health record"); the staff chart is not theirs.
    await auditDenied(db, ctx, access, { action: 'chart.read', resourceType: 'chart', resourceId: patientId, category: 'clinical', detail: { reason: 'portal_only' } });
    throw notFound('The patient');
  }
  await db.transaction(async (tx) => {
    await auditAccess(tx, ctx, access, { action: 'chart.read', resourceType: 'chart', resourceId: patientId, category: 'clinical' });
  });
  const s = chartSources;
  return {
    patient: toProfile(access.patient, access.tier),
    allergies: await listPatientAllergies(db, ctx, patientId),
    conditions: await listPatientConditions(db, ctx, patientId),
    problems: (await readSection(s.listProblemList, db, ctx, patientId))?.map(toProblemItem) ?? null,
    diagnoses: await readSection(s.listDiagnosesForChart, db, ctx, patientId),
    encounters: await readLimitedSection(s.listEncountersForChart, db, ctx, patientId),
    notes: await readLimitedSection(s.listNotesForChart, db, ctx, patientId),
    documents: await readSection(s.listDocumentsForChart, db, ctx, patientId),
    carePlans: await readSection(s.listCarePlansForChart, db, ctx, patientId),
  };
}
