import type { Db } from '../platform/db/database.js';
import { raiseClinicalAlert } from '../modules/clinical-alerts/index.js';
import type { DemoPatientIds } from './demo-activity.js';

/**
 * One unacknowledged critical result for Dr. Haddad about Maria Santos, so "My clinical alerts"
 * has something to acknowledge (docs/demo.md). Raised through the service, as the labs interface
 * will: the banner, the notification and the escalation clock are real (the first step follows 15
 * minutes after the seed unless someone acknowledges it).
 */
export async function seedDemoClinicalAlert(
  tx: Db,
  now: Date,
  patientIds: DemoPatientIds,
  staffIdByEmail: Map<string, string>,
): Promise<void> {
  const maria = patientIds.get('Maria Santos');
  const haddad = staffIdByEmail.get('doctor@carewell.test');
  if (!maria || !haddad) return;
  await raiseClinicalAlert(
    tx,
    { actor: null, origin: null, now },
    {
      patientId: maria.patientId,
      kind: 'critical_result',
      severity: 'critical',
      responsible: { staffId: haddad },
      source: { type: 'demo_lab_result', id: 'maria-santos-potassium' },
      summary: 'Serum potassium 6.8 mmol/L (critical high; reference 3.5–5.1)',
    },
  );
}
