/** Closed vocabularies of the laboratory module; each value has a label `labs.<kind>_<value>` in the 4 locales. */
export const LAB_ORDER_STATUSES = ['ordered', 'collected', 'received', 'resulted', 'reviewed', 'cancelled'] as const;
export type LabOrderStatus = (typeof LAB_ORDER_STATUSES)[number];

export const LAB_PRIORITIES = ['stat', 'urgent', 'routine'] as const;
export type LabPriority = (typeof LAB_PRIORITIES)[number];

export const LAB_RESULT_STATUSES = ['preliminary', 'final', 'corrected'] as const;
export type LabResultStatus = (typeof LAB_RESULT_STATUSES)[number];

export const LAB_FLAGS = ['normal', 'low', 'high', 'critical_low', 'critical_high'] as const;
export type LabFlag = (typeof LAB_FLAGS)[number];

export const LAB_SPECIMENS = ['serum_plasma', 'whole_blood', 'citrated_plasma', 'urine'] as const;
export type LabSpecimen = (typeof LAB_SPECIMENS)[number];

export const LAB_RANGE_SEXES = ['any', 'female', 'male'] as const;
export type LabRangeSex = (typeof LAB_RANGE_SEXES)[number];

export const LAB_RESULT_SOURCES = ['manual', 'hl7', 'fhir'] as const;
export type LabResultSource = (typeof LAB_RESULT_SOURCES)[number];

/** Queue order: stat first, then urgent, then routine; within a priority the oldest first. */
export const PRIORITY_RANK: Record<LabPriority, number> = { stat: 0, urgent: 1, routine: 2 };

/** Where each step may start from (conditional updates: anything else is 409). */
export const TRANSITIONS = {
  collect: ['ordered'],
  receive: ['collected'],
  result: ['collected', 'received', 'resulted'],
  review: ['resulted'],
  cancel: ['ordered', 'collected', 'received'],
} as const satisfies Record<string, readonly LabOrderStatus[]>;

/** Test categories (release to the patient is decided per category; docs/labs.md "Release to the patient"). */
export const LAB_CATEGORIES = ['chemistry', 'haematology', 'coagulation', 'cardiac_markers', 'microbiology'] as const;
export type LabCategory = (typeof LAB_CATEGORIES)[number];

/** When a category's results reach the patient's portal. */
export const LAB_RELEASE_RULES = ['immediately', 'after_review', 'after_days'] as const;
export type LabReleaseRule = (typeof LAB_RELEASE_RULES)[number];

/** Who performs a test: this hospital's laboratory, or the outside laboratory (docs/labs.md "Sent out"). */
export const LAB_PERFORMERS = ['in_house', 'outside_lab'] as const;
export type LabPerformer = (typeof LAB_PERFORMERS)[number];

/** The delivery of an order's message to the outside laboratory, in words (from the outbox's status). */
export const LAB_SEND_OUT_STATES = ['sent', 'waiting', 'held', 'failed'] as const;
export type LabSendOutState = (typeof LAB_SEND_OUT_STATES)[number];
