import type { FastifyInstance } from 'fastify';
import { registerClinicalAlertsApi } from './clinical-alerts.api.js';
import { registerClinicalAlertsPages } from './clinical-alerts.pages.js';
import { escalateDueClinicalAlerts } from './services/escalation.service.js';
import { configureClinicalAlerts } from './services/clinical-alert-settings.js';

// What other modules may import (docs/architecture.md, docs/clinical-alerts.md); every other file here is private.
export { raiseClinicalAlert, type RaiseContext } from './services/raise-clinical-alert.service.js';
export type { RaiseClinicalAlertInput } from './clinical-alerts.schemas.js';
/** For the demo seed (src/demo): alerts its people have already acknowledged. */
export { acknowledgeClinicalAlert } from './services/acknowledge-clinical-alert.service.js';
export { escalateDueClinicalAlerts, type EscalationReport } from './services/escalation.service.js';
export { countMyOpenClinicalAlerts, myOpenClinicalAlertsRead } from './services/clinical-alert-queries.service.js';
/** For the remote-monitoring board (src/modules/devices): unreviewed alerts of the patients a board shows (it has audited them). */
export { openAlertsOfPatients } from './services/open-alerts-of-patients.service.js';
/** The event a live board listens for to re-read alerts (raised or acknowledged). */
export { CLINICAL_ALERT_CHANGED_EVENT } from './services/clinical-alert-delivery.js';
export {
  CLINICAL_ALERT_KINDS,
  CLINICAL_ALERT_SEVERITIES,
  type ClinicalAlertKind,
  type ClinicalAlertSeverity,
} from './clinical-alerts.vocabulary.js';
/** Tables, for test fixtures and the demo seed's checks. */
export { clinicalAlerts, clinicalAlertEvents, clinicalAlertRecipients } from './clinical-alerts.tables.js';

export const CLINICAL_ALERTS_ESCALATION_QUEUE = 'clinical-alerts.escalation';

/**
 * Acknowledgeable clinical alerts (critical results, NEWS2 responses): the pages and API, and —
 * when this process runs jobs — the escalation sweep, every minute through a pg-boss cron shared
 * by every instance (claims skip locked rows). Raising is `raiseClinicalAlert`, in the caller's
 * transaction.
 */
export function registerClinicalAlertsModule(app: FastifyInstance): void {
  const { config, jobs, logger } = app.deps;
  configureClinicalAlerts({ escalationMinutes: config.clinicalAlertEscalationMinutes, fallback: config.clinicalAlertFallback });
  registerClinicalAlertsApi(app);
  registerClinicalAlertsPages(app);
  if (!jobs || !config.runWorkers) return;
  app.addHook('onReady', async () => {
    await jobs.work(
      CLINICAL_ALERTS_ESCALATION_QUEUE,
      async () => {
        const report = await escalateDueClinicalAlerts(app.deps.db, app.deps.clock(), { logger });
        if (report.escalated + report.failed > 0) logger.info({ ...report }, 'clinical alerts: escalation sweep');
      },
      { retryLimit: 0, deadLetter: false },
    );
    await jobs.schedule(CLINICAL_ALERTS_ESCALATION_QUEUE, '* * * * *');
  });
}
