import type { Allergy, Condition, PatientProfile } from '../../patients/index.js';
import type { ChartCarePlan, ChartDiagnosis, ChartDocument, ProblemItem, Section, SharedSummary } from '../chart/chart.types.js';

/** What the patient sees of their record: only what is theirs to see (the list functions filter by tier). */
export interface HealthRecord {
  patient: PatientProfile;
  allergies: Allergy[];
  conditions: Condition[];
  problems: Section<ProblemItem>;
  diagnoses: Section<ChartDiagnosis>;
  summaries: Section<SharedSummary>;
  documents: Section<ChartDocument>;
  carePlans: Section<ChartCarePlan>;
}
