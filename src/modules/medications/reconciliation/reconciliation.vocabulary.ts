/**
 * The closed vocabularies of reconciliation. Sources and decisions have translated labels
 * (`medrec.source_<value>`, `medrec.decision_<value>`); the tables hold CHECK constraints with the
 * same lists.
 */

/** Where the hospital learned of a medicine taken from outside. */
export const OUTSIDE_MEDICATION_SOURCES = ['patient_report', 'family_report', 'outside_prescription', 'pharmacy_record', 'other'] as const;
export type OutsideMedicationSource = (typeof OUTSIDE_MEDICATION_SOURCES)[number];

export const OUTSIDE_MEDICATION_STATUSES = ['active', 'stopped'] as const;

/** What the doctor decided for one active medicine at reconciliation. */
export const RECONCILIATION_DECISIONS = ['continue', 'stop', 'change'] as const;
export type ReconciliationDecision = (typeof RECONCILIATION_DECISIONS)[number];
