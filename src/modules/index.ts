import type { FastifyInstance } from 'fastify';
import { registerIdentityModule } from './identity/index.js';
import { registerStaffModule } from './staff/index.js';
import { registerPatientsModule } from './patients/index.js';
import { registerAdminModule } from './admin/index.js';
import { registerAlertsModule } from './alerts/index.js';
import { registerNotificationsModule } from './notifications/index.js';
import { registerSchedulingModule } from './scheduling/index.js';
import { registerRecordsModule } from './records/index.js';
import { registerHomeModule } from './home/index.js';
import { registerMedicationsModule } from './medications/index.js';
import { registerClinicalAlertsModule } from './clinical-alerts/index.js';
import { registerDecisionSupportModule } from './decision-support/index.js';
import { registerLabsModule } from './labs/index.js';
import { registerImagingModule } from './imaging/index.js';
import { registerDevicesModule } from './devices/index.js';
import { registerVitalsModule } from './vitals/index.js';
import { registerTasksModule } from './tasks/index.js';
import { registerBillingModule } from './billing/index.js';
import { registerTelemedicineModule } from './telemedicine/index.js';
import { registerMessagingModule } from './messaging/index.js';
import { registerEmergencyModule } from './emergency/index.js';
import { registerEmergencyDepartmentModule } from './emergency-department/index.js';

/**
 * Every module registers its routes (API and pages) and jobs here. Adding a module is one line;
 * removing one is one line.
 */
export type ModuleRegistration = (app: FastifyInstance) => Promise<void> | void;

export const MODULES: ModuleRegistration[] = [
  registerIdentityModule,
  registerStaffModule,
  registerAdminModule,
  registerPatientsModule,
  registerAlertsModule,
  registerNotificationsModule,
  registerSchedulingModule,
  registerRecordsModule,
  registerMedicationsModule,
  registerClinicalAlertsModule,
  registerDecisionSupportModule,
  registerLabsModule,
  registerImagingModule,
  registerDevicesModule,
  registerVitalsModule,
  registerTasksModule,
  registerBillingModule,
  registerTelemedicineModule,
  registerMessagingModule,
  registerEmergencyModule,
  registerEmergencyDepartmentModule,
  registerHomeModule,
];
