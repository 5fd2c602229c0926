/**
 * Emergencies (docs/emergency.md), WRITTEN AND REVIEWED BY HAND like expected-access.ts (which merges
 * this table into EXPECTED_ACCESS; kept apart only because that file reached its length limit).
 *
 * - 'emergency.sos': patients, their own emergency call only (raise, positions, status).
 * - 'emergency.dispatch': every staff role passes the guard, because any staff account may carry the
 *   dispatcher flag; the service then requires the flag, or a doctor or nurse of the emergency
 *   department (403 for the board, 404 for an incident otherwise).
 * - 'emergency.crew': paramedics, only the incident assigned to their unit.
 * - 'ed.work': doctors and nurses pass the guard; the service then requires their department to be
 *   the emergency department (code ED): 403 for the board, 404 for an arrival otherwise.
 * - 'ed.manage': administrators: the triage scale's labels and targets, ambulance units and crews.
 */
export type EmergencyPermission = 'emergency.sos' | 'emergency.dispatch' | 'emergency.crew' | 'ed.work' | 'ed.manage';

const EMERGENCY_ACCESS: Record<string, readonly EmergencyPermission[]> = {
  patient: ['emergency.sos'],
  doctor: ['emergency.dispatch', 'ed.work'],
  nurse: ['emergency.dispatch', 'ed.work'],
  receptionist: ['emergency.dispatch'],
  pharmacist: ['emergency.dispatch'],
  lab_technician: ['emergency.dispatch'],
  radiologist: ['emergency.dispatch'],
  radiographer: ['emergency.dispatch'],
  billing: ['emergency.dispatch'],
  inventory_manager: ['emergency.dispatch'],
  paramedic: ['emergency.dispatch', 'emergency.crew'],
  admin: ['emergency.dispatch', 'ed.manage'],
};

/** The base table with each role's emergency permissions added (roles are the keys of expected-access.ts). */
export function withEmergencyAccess<R extends string, P extends string>(
  base: Record<R, readonly P[]>,
): Record<R, readonly (P | EmergencyPermission)[]> {
  const merged = Object.entries<readonly P[]>(base).map(([role, granted]) => [role, [...granted, ...(EMERGENCY_ACCESS[role] ?? [])]]);
  return Object.fromEntries(merged) as Record<R, readonly (P | EmergencyPermission)[]>;
}
