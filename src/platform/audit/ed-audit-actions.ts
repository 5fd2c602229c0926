/**
 * The emergency department's audit actions and resource types (docs/emergency.md), kept apart from
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
] as const;

export const ED_AUDIT_RESOURCE_TYPES = ['ed_arrival', 'ed_triage_level'] as const;
