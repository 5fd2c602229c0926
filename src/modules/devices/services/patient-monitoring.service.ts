import { auditedViews } from '../../../platform/audit/audited-views.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { deferRead } from '../../../platform/db/read-together.js';
import type { Db } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import { accessAuditValues, auditDenied, resolvePatientAccess } from '../../patients/index.js';
import { selectPatientDevices, selectPatientEnrolments } from '../devices.repository.js';
import type { DeviceDto, EnrolmentDto } from '../devices.schemas.js';
import { toDeviceDto } from './device-registration.service.js';
import { toEnrolmentDto } from './monitoring-enrolment.service.js';

export interface StaffDeviceView extends DeviceDto {
  /** A staff member's name, or null when the patient registered it themself. */
  registeredByName: string | null;
}
export interface StaffEnrolmentView extends EnrolmentDto {
  responsibleName: string | null;
}
export interface PatientMonitoring {
  patient: { id: string; givenName: string; familyName: string; mrn: string };
  devices: StaffDeviceView[];
  enrolments: StaffEnrolmentView[];
}

/**
 * The staff page "Devices and monitoring" of one patient: their devices (revoked ones included) and
 * their remote-monitoring enrolments (ended ones included). The care team only, as for registering
 * (device-registration.service.ts): break-the-glass does not reach hardware, and the patient has
 * the portal's My devices. One `device.list` audit row (detail names the enrolments read too).
 */
export async function readPatientMonitoring(db: Db, ctx: ServiceContext, patientId: string): Promise<PatientMonitoring> {
  const action = 'device.list';
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action });
  if (access.tier !== 'care_team') {
    await auditDenied(db, ctx, access, { action, resourceType: 'device', category: 'clinical', detail: { reason: 'tier' } });
    throw notFound('The patient');
  }
  // The audit row and both lists in ONE statement, built once (issue 11).
  const audit = accessAuditValues(ctx, access, {
    action,
    resourceType: 'device',
    category: 'clinical',
    detail: { page: 'staff', enrolments: true },
  });
  const { devices, enrolments } = await monitoringViews(db, 'staff', audit, (db, audited) => ({
    devices: deferRead(selectPatientDevices(db, audited), (rows) => rows),
    enrolments: deferRead(selectPatientEnrolments(db, audited), (rows) => rows),
  }));
  const p = access.patient;
  return {
    patient: { id: p.id, givenName: p.givenName, familyName: p.familyName, mrn: p.mrn },
    devices: devices.map((row) => ({ ...toDeviceDto(row), registeredByName: row.registeredByName })),
    enrolments: enrolments.map((row) => ({ ...toEnrolmentDto(row.enrolment), responsibleName: row.responsibleName })),
  };
}

const monitoringViews = auditedViews();
