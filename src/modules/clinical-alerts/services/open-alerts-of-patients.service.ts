import type { AuditedPatients } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { selectOpenAlertsOfPatients } from '../clinical-alerts.repository.js';
import type { ClinicalAlertKind } from '../clinical-alerts.vocabulary.js';

/**
 * The open (unreviewed) alerts of one kind (or of every kind) for the patients a view has audited,
 * oldest first. Who may acknowledge one is still decided by the alert's chain when they try.
 */
export function openAlertsOfPatients(db: Db, audited: AuditedPatients, kind?: ClinicalAlertKind) {
  return selectOpenAlertsOfPatients(db, audited.patientIds, kind);
}
