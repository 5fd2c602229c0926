export interface ClinicalAlertSettings {
  /** Minutes before each escalation step unless the caller overrides it (CLINICAL_ALERT_ESCALATION_MINUTES). */
  escalationMinutes: number;
  /** The last step (CLINICAL_ALERT_FALLBACK): a staff role or a department code; null for none. */
  fallback: { kind: 'role' | 'department'; value: string } | null;
}

let settings: ClinicalAlertSettings = { escalationMinutes: 15, fallback: { kind: 'role', value: 'doctor' } };

/** Set once at start-up from the configuration. */
export function configureClinicalAlerts(value: ClinicalAlertSettings): void {
  settings = value;
}

export function clinicalAlertSettings(): ClinicalAlertSettings {
  return settings;
}
