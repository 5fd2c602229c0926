import type { Placeholder } from 'drizzle-orm';
import type { PreparedAuditedPatients } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { openAlertsOfPatientsQuery } from '../clinical-alerts.repository.js';
import type { ClinicalAlertKind } from '../clinical-alerts.vocabulary.js';

/**
 * The open (unreviewed) alerts of one kind (or of every kind) for the patients a view has audited,
 * oldest first, each saying whether the viewer is on its chain: a board shows every open alert of
 * its patients, but only the people an alert reached may open or acknowledge it (anyone else gets
 * 404), so a board links only those. The chain is still checked when they open or acknowledge it.
 *
 * A query for a statement built once (the board's reads with their audit rows): the patients are
 * the audit rows' own placeholder, the viewer a placeholder.
 */
export function openAlertsOfPatients(db: Db, audited: PreparedAuditedPatients, viewerId: Placeholder, kind?: ClinicalAlertKind) {
  return openAlertsOfPatientsQuery(db, audited.patientIds, viewerId, kind);
}
