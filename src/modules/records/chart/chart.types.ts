/**
 * The shapes the chart and the health record read from the other parts of the clinical record
 * (issue 5 "fixed interfaces"). The chart is built on these, not on the other engineers' tables.
 */
export type Instant = Date | string | null;

export interface ChartEncounter {
  id: string;
  type: string;
  status: string;
  startedAt: Instant;
  endedAt: Instant;
  clinicianName: string | null;
  appointmentId: string | null;
}

export interface ChartNote {
  id: string;
  encounterId: string;
  status: 'draft' | 'signed' | 'amended';
  signedAt: Instant;
  authorName: string | null;
  /** Present only for the clinical tier. */
  assessmentExcerpt?: string | null;
}

export interface SharedSummary {
  id: string;
  encounterId: string;
  sharedAt: Instant;
  clinicianName: string | null;
  summary: string | null;
  instructions: string | null;
}

export interface ChartDiagnosis {
  id: string;
  code: string;
  description: string;
  encounterId: string | null;
  status: string;
  recordedAt: Instant;
}

/** A problem-list entry: an active coded condition or a chronic diagnosis (shape read defensively). */
export interface ProblemItem {
  id: string;
  code: string | null;
  description: string;
  since: Instant;
}

export interface ChartDocument {
  id: string;
  title: string;
  category: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: Instant;
  uploadedByName: string | null;
  dicom?: { modality: string | null; studyDate: string | null; description: string | null } | null;
}

export interface ChartCarePlan {
  id: string;
  title: string;
  status: string;
  conditionCode: string | null;
  nextReviewAt: Instant;
  goalsMet: number;
  goalsTotal: number;
}

/** A section is null when its part of the record is not available (yet) in this build. */
export type Section<T> = T[] | null;
