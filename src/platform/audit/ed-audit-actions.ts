/**
 * The emergency department's audit actions and resource types, and the fleet's (docs/emergency.md), kept apart from
 * audit-actions.ts only for the file's length; they are part of AUDIT_ACTIONS and AUDIT_RESOURCE_TYPES.
 */
export const ED_AUDIT_ACTIONS = [
  'ed.board.view',
  'ed.arrival.create',
  'ed.arrival.read',
  'ed.arrival.seen',
  'ed.arrival.close',
  'ed.arrival.identify',
  'ed.triage.record',
  'ed.triage.update',
  'ed.triage_scale.update',
  // The ambulance units and crews administrators manage (emergency module).
  'emergency.unit.create',
  'emergency.unit.update',
  'emergency.unit.crew_add',
  'emergency.unit.crew_remove',
] as const;

export const ED_AUDIT_RESOURCE_TYPES = ['ed_arrival', 'ed_triage_level', 'ambulance_unit'] as const;
