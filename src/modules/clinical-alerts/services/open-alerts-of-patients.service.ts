import type { AuditedPatients } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { selectOpenAlertsOfPatients } from '../clinical-alerts.repository.js';
import type { ClinicalAlertKind } from '../clinical-alerts.vocabulary.js';

/**
 * The open (unreviewed) alerts of one kind (or of every kind) for the patients a view has audited,
 * oldest first, each saying whether the viewer is on its chain: a board shows every open alert of
 * its patients, but only the people an alert reached may open or acknowledge it (anyone else gets
 * 404), so a board links only those. The chain is still checked when they open or acknowledge it.
 */
export function openAlertsOfPatients(db: Db, audited: AuditedPatients, viewerId: string, kind?: ClinicalAlertKind) {
  return selectOpenAlertsOfPatients(db, audited.patientIds, viewerId, kind);
}
