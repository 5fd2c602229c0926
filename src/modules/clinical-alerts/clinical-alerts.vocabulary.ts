/**
 * The words of acknowledgeable clinical alerts. Each value has a label in every locale
 * (`clinical_alerts.kind_<v>`, `clinical_alerts.severity_<v>`, `clinical_alerts.event_<v>`,
 * `clinical_alerts.step_<v>`); a new kind needs its labels and its outside-the-app wording.
 */
export const CLINICAL_ALERT_KINDS = ['critical_result', 'news2_urgent', 'news2_emergency', 'remote_monitoring'] as const;
export type ClinicalAlertKind = (typeof CLINICAL_ALERT_KINDS)[number];

export const CLINICAL_ALERT_SEVERITIES = ['high', 'critical'] as const;
export type ClinicalAlertSeverity = (typeof CLINICAL_ALERT_SEVERITIES)[number];

export const CLINICAL_ALERT_STATUSES = ['open', 'acknowledged'] as const;
export type ClinicalAlertStatus = (typeof CLINICAL_ALERT_STATUSES)[number];

/** Timeline entries, in the order they can happen. `skipped`: an escalation step found nobody. */
export const CLINICAL_ALERT_EVENTS = ['raised', 'notified', 'escalated', 'skipped', 'acknowledged'] as const;
export type ClinicalAlertEventType = (typeof CLINICAL_ALERT_EVENTS)[number];

/**
 * The escalation chain, in order; step 0 is the responsible clinician. Each step runs one delay
 * after the previous one; a step that finds nobody new is skipped at once.
 */
export const ESCALATION_STEPS = [
  'responsible',
  'care_team_doctors',
  'care_team_nurse_leads',
  'department_nurse_leads',
  'fallback',
] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];
export const LAST_STEP = ESCALATION_STEPS.length - 1;

/**
 * What a message outside the app (e-mail, SMS, push) may say: only that a result or a patient
 * needs the person. Never the value, the test or the patient.
 */
export const OUTSIDE_WORDING: Record<ClinicalAlertKind, 'result' | 'patient'> = {
  critical_result: 'result',
  news2_urgent: 'patient',
  news2_emergency: 'patient',
  remote_monitoring: 'patient',
};
