/**
 * The words of care-team tasks. Each status has a label in every locale (`tasks.status_<v>`).
 * A task starts open and ends done or cancelled, once: a finished task never reopens (create a new one).
 */
export const CARE_TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type CareTaskStatus = (typeof CARE_TASK_STATUSES)[number];

/** Only doctors and nurses on the patient's care team create, work and receive tasks. */
export const TASK_ROLES = ['doctor', 'nurse'] as const;

export const TITLE_MAX = 200;
export const DETAILS_MAX = 2000;
export const REASON_MAX = 500;
