/**
 * The closed vocabularies of prescribing. Each value has a translated label
 * (`medications.rx_status_<value>`, `medications.alert_kind_<value>`, `medications.severity_<value>`);
 * the tables hold CHECK constraints with the same lists.
 */

/** draft → signed (immutable) → completed / stopped / entered_in_error. */
export const PRESCRIPTION_STATUSES = ['draft', 'signed', 'completed', 'stopped', 'entered_in_error'] as const;
export type PrescriptionStatus = (typeof PRESCRIPTION_STATUSES)[number];

/** What a signing alert is about. */
export const ALERT_KINDS = [
  'interaction', // ONC high-priority or VA NDF-RT pair
  'allergy_ingredient', // an ingredient the patient is recorded as allergic to
  'allergy_class', // an ingredient in the same drug class as a recorded allergy
  'allergy_uncoded', // a free-text allergy the checks cannot compare: review
  'allergies_not_recorded', // the allergy status was never recorded
  'duplicate_therapy', // the same ingredient is already active
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * Severities as their sources name them (ONC "high priority", VA "critical" / "significant"),
 * plus `warning` and `review` for the record-keeping alerts. `critical` and `high_priority` need
 * an override reason to sign (OVERRIDE_SEVERITIES).
 */
export const ALERT_SEVERITIES = ['critical', 'high_priority', 'significant', 'warning', 'review'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const OVERRIDE_SEVERITIES: readonly AlertSeverity[] = ['critical', 'high_priority'];

/** The kinds of structured frequency (prescriptions.frequency, jsonb validated by frequencySchema). */
export const FREQUENCY_KINDS = ['times_a_day', 'every_n_hours', 'at_times', 'as_needed'] as const;
export type FrequencyKind = (typeof FREQUENCY_KINDS)[number];

/** Refills allowed on one prescription. */
export const MAX_REFILLS = 12;
