/**
 * The words of devices and remote monitoring. Each value has a label in every locale
 * (`devices.kind_<v>`, `devices.programme_<v>`).
 */
export const DEVICE_KINDS = ['bp_cuff', 'glucometer', 'wearable'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const MONITORING_PROGRAMMES = ['home_bp', 'home_glucose'] as const;
export type MonitoringProgramme = (typeof MONITORING_PROGRAMMES)[number];

/** The LOINC codes each programme watches (the care-plan goals with these measure codes give the thresholds). */
export const PROGRAMME_CODES: Record<MonitoringProgramme, readonly string[]> = {
  home_bp: ['8480-6', '8462-4'],
  home_glucose: ['2339-0', '41653-7'],
};

/** The one scope a device credential carries. */
export const DEVICE_SCOPE = 'devices:write';

/** The event the remote-monitoring board listens for (ids only; the board re-reads). */
export const REMOTE_MONITORING_EVENT = 'remote_monitoring.changed';
