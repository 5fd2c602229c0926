/** How the patient came in. */
export const ARRIVAL_MODES = ['walk_in', 'ambulance'] as const;
export type ArrivalMode = (typeof ARRIVAL_MODES)[number];

/** How an emergency department stay ends. */
export const ARRIVAL_OUTCOMES = ['discharged', 'admitted'] as const;
export type ArrivalOutcome = (typeof ARRIVAL_OUTCOMES)[number];

/** The five triage levels: 1 the most urgent. Labels and target times are the hospital's (ed_triage_levels). */
export const TRIAGE_LEVELS = [1, 2, 3, 4, 5] as const;
export type TriageLevel = (typeof TRIAGE_LEVELS)[number];

/** Levels shown as critical on the board. */
export const CRITICAL_LEVELS: readonly number[] = [1, 2];

/** The event sent to the emergency department when an arrival, its triage or its closing changes. */
export const ED_BOARD_CHANGED_EVENT = 'ed.board.changed';

/** The department code of the emergency department (as in the emergency module). */
export const ED_DEPARTMENT_CODE = 'ED';

/** The sex of an unidentified arrival, when it can be told at all. */
export const UNIDENTIFIED_SEXES = ['female', 'male', 'unknown'] as const;

/**
 * The care-team role of the emergency department's clinicians who register, triage or see a patient:
 * their access to the chart for the stay, ended when the patient is discharged or admitted.
 */
export const ED_CARE_TEAM_ROLE = 'emergency_department';
