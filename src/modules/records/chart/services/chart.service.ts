import type { ServiceContext } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import { notFound } from '../../../../platform/errors.js';
import {
  type PatientProfile,
  type Allergy,
  type Condition,
  accessAuditValues,
  auditDenied,
  resolvePatientAccess,
  toProfile,
} from '../../../patients/index.js';
import type { ChartCarePlan, ChartDiagnosis, ChartDocument, ChartEncounter, ChartNote, ProblemItem, Section } from '../chart.types.js';
import { availableSections, readRecordSections, type SectionName } from './chart-sources.js';

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

/** What the chart shows, in the order its audit row names them. */
export const CHART_SECTIONS: readonly SectionName[] = [
  'allergies',
  'conditions',
  'problems',
  'diagnoses',
  'encounters',
  'notes',
  'documents',
  'care_plans',
];

/**
 * The clinician's chart: clinical tier only (care team, break-the-glass; the patient has the
 * portal). Front desk, billing and clinicians off the team get 404 and a denied audit row.
 * One access decision and ONE `chart.read` row naming the sections; every section is read with
 * that row's token, all in one statement (no section audits itself).
 */
export async function getPatientChart(db: Db, ctx: ServiceContext, patientId: string): Promise<PatientChart> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action: 'chart.read' });
  if (access.tier === 'self') {
    // The patient reads their record in the portal ("my health record"); the staff chart is not theirs.
    await auditDenied(db, ctx, access, {
      action: 'chart.read',
      resourceType: 'chart',
      resourceId: patientId,
      category: 'clinical',
      detail: { reason: 'portal_only' },
    });
    throw notFound('The patient');
  }
  const sections = availableSections(CHART_SECTIONS);
  // The audit row travels with every section in one statement: no transaction, no round trip per
  // section, and no section leaves without its audit row.
  const audit = accessAuditValues(ctx, access, {
    action: 'chart.read',
    resourceType: 'chart',
    resourceId: patientId,
    category: 'clinical',
    detail: { sections },
  });
  const { summaries: _summaries, with: _nothing, ...read } = await readRecordSections(db, access, sections, audit);
  return { patient: toProfile(access.patient, access.tier), ...read };
}
