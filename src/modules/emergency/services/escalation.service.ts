import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { notify } from '../../notifications/index.js';
import { claimUnacknowledged, dispatchStaffUserIds, type IncidentRow } from '../incidents.repository.js';
import { emergencySettings } from './emergency-settings.js';
import { announceIncident } from './incident-events.js';

export interface EscalationReport {
  escalated: number;
}

/**
 * Incidents nobody acknowledged within EMERGENCY_ACK_TIMEOUT_SECONDS: every dispatch staff member is
 * notified through every channel (emergency category: in-app, e-mail, SMS, push; quiet hours do not
 * hold it), once per incident, and the patient's page then says nobody has answered yet. Runs from
 * the incident's own delayed job and from a one-minute sweep, both on the injected clock.
 */
export async function escalateUnacknowledged(db: Db, now: Date): Promise<EscalationReport> {
  const before = new Date(now.getTime() - emergencySettings().ackTimeoutSeconds * 1000);
  return db.transaction(async (tx) => {
    const claimed = await claimUnacknowledged(tx, new Date(before.getTime() + 1), now);
    if (claimed.length === 0) return { escalated: 0 };
    const staff = await dispatchStaffUserIds(tx);
    for (const incident of claimed) await escalateOne(tx, incident, staff, now);
    return { escalated: claimed.length };
  });
}

async function escalateOne(tx: Db, incident: IncidentRow, staff: string[], now: Date): Promise<void> {
  for (const userId of staff) {
    await notify(
      tx,
      {
        recipientUserId: userId,
        category: 'emergency',
        template: 'emergency.unacknowledged',
        link: '/staff/dispatch',
        dedupeKey: `emergency:${incident.id}`,
        channels: ['email', 'sms', 'push'],
      },
      now,
    );
  }
  await writeAudit(
    tx,
    auditActorOf(null),
    null,
    {
      action: 'emergency.incident.escalate',
      resourceType: 'emergency_incident',
      resourceId: incident.id,
      patientId: incident.patientId,
      category: 'clinical',
      severity: 'high',
      detail: { notified: staff.length },
    },
    now,
  );
  await announceIncident(tx, incident, now);
}
