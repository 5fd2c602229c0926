import type { EmergencyConfig } from '../../../platform/emergency-config.js';
import type { Db } from '../../../platform/db/database.js';
import type { JobRunner } from '../../../platform/jobs/job-runner.js';

/** The escalation queue: one delayed job per incident, sent when it is raised. */
export const EMERGENCY_ESCALATION_QUEUE = 'emergency.escalation';
export const EMERGENCY_RETENTION_QUEUE = 'emergency.location-retention';

let settings: EmergencyConfig = {
  emergencyNumber: '112',
  ackTimeoutSeconds: 60,
  locationRetentionDays: 30,
  ambulanceSpeedKmh: 50,
  mapTileUrl: '',
};
let jobs: JobRunner | undefined;

/** Set once at start-up from the configuration (and the job runner when this process has one). */
export function configureEmergency(value: EmergencyConfig, runner?: JobRunner): void {
  settings = value;
  jobs = runner;
}

export function emergencySettings(): EmergencyConfig {
  return settings;
}

/** Enqueues the escalation check for when the acknowledgement time runs out, with the incident's transaction. */
export async function scheduleEscalation(tx: Db, incidentId: string): Promise<void> {
  if (!jobs) return;
  await jobs.sendInTransaction(tx, EMERGENCY_ESCALATION_QUEUE, { incidentId }, { startAfter: settings.ackTimeoutSeconds + 1 });
}

/** True once the incident has waited longer than the acknowledgement time (or was escalated). */
export function isUnanswered(incident: { status: string; createdAt: Date; escalatedAt: Date | null }, now: Date): boolean {
  if (incident.status !== 'received') return false;
  return incident.escalatedAt !== null || now.getTime() - incident.createdAt.getTime() >= settings.ackTimeoutSeconds * 1000;
}
