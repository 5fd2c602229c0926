import type { UnitRow } from '../ambulances.repository.js';
import type { DispatchIncidentDto, OwnIncidentDto, UnitDto } from '../emergency.schemas.js';
import type { IncidentPatient, IncidentRow, LocationRow } from '../incidents.repository.js';
import { emergencySettings, isUnanswered } from './emergency-settings.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function ownIncidentDto(row: IncidentRow, unit: Pick<UnitRow, 'callSign'> | null | undefined, now: Date): OwnIncidentDto {
  return {
    id: row.id,
    status: row.status,
    subject: row.subject,
    note: row.note,
    address: row.address,
    callBack: row.callBack,
    createdAt: row.createdAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    assignedAt: iso(row.assignedAt),
    etaAt: row.status === 'closed' || row.status === 'arrived' ? null : iso(row.etaAt),
    arrivedAt: iso(row.arrivedAt),
    closedAt: iso(row.closedAt),
    unanswered: isUnanswered(row, now),
    unitCallSign: unit?.callSign ?? null,
    emergencyNumber: emergencySettings().emergencyNumber,
  };
}

export function dispatchIncidentDto(
  row: IncidentRow,
  patient: IncidentPatient | undefined,
  location: LocationRow | undefined,
  unit: Pick<UnitRow, 'id' | 'callSign'> | undefined,
  now: Date,
): DispatchIncidentDto {
  return {
    id: row.id,
    status: row.status,
    subject: row.subject,
    note: row.note,
    address: row.address,
    callBack: row.callBack,
    createdAt: row.createdAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    etaAt: iso(row.etaAt),
    unanswered: isUnanswered(row, now),
    patient: {
      id: row.patientId,
      name: patient?.name ?? '—',
      phone: patient?.phone ?? null,
      birthDate: patient?.birthDate ?? null,
    },
    location: location
      ? {
          latitude: location.latitude,
          longitude: location.longitude,
          accuracyM: location.accuracyM,
          recordedAt: location.recordedAt.toISOString(),
        }
      : null,
    unit: unit ? { id: unit.id, callSign: unit.callSign } : null,
  };
}

export function unitDto(row: UnitRow): UnitDto {
  return {
    id: row.id,
    callSign: row.callSign,
    status: row.status,
    latitude: row.latitude,
    longitude: row.longitude,
    positionAt: iso(row.positionAt),
  };
}
