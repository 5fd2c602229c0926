/** Emergency incidents and ambulances (docs/emergency.md): the words the tables, schemas and pages share. */
export const INCIDENT_STATUSES = ['received', 'acknowledged', 'ambulance_assigned', 'en_route', 'arrived', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Who the emergency is for: the person pressing the button, or someone with them. */
export const INCIDENT_SUBJECTS = ['self', 'companion'] as const;
export type IncidentSubject = (typeof INCIDENT_SUBJECTS)[number];

export const UNIT_STATUSES = ['available', 'assigned', 'en_route', 'on_scene', 'transporting', 'at_hospital', 'out_of_service'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

/** What a crew may press on its phone, in order. */
export const CREW_STATUSES = ['en_route', 'on_scene', 'transporting', 'at_hospital', 'available'] as const satisfies readonly UnitStatus[];
export type CrewStatus = (typeof CREW_STATUSES)[number];

const ORDER: Record<IncidentStatus, number> = {
  received: 0,
  acknowledged: 1,
  ambulance_assigned: 2,
  en_route: 3,
  arrived: 4,
  closed: 5,
};

/**
 * An incident only moves forward (a step may be skipped: assigning acknowledges), and may be closed
 * from any open state; nothing leaves `closed`.
 */
export function canMoveIncident(from: IncidentStatus, to: IncidentStatus): boolean {
  if (from === 'closed') return false;
  if (to === 'closed') return true;
  return ORDER[to] > ORDER[from];
}

export const isOpenIncident = (status: IncidentStatus) => status !== 'closed';
