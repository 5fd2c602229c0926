/**
 * The words of patient threads (docs/messaging.md, "Patient threads"). Each value has a label in
 * every locale (`messaging.recipient_<v>`, `messaging.kind_<v>`).
 */
/** Who a patient writes to: their care team, or a department's team inbox. */
export const THREAD_RECIPIENTS = ['care_team', 'department'] as const;
export type ThreadRecipient = (typeof THREAD_RECIPIENTS)[number];

/** Which side wrote a message: read receipts are kept per side. */
export const MESSAGE_SIDES = ['patient', 'staff'] as const;
export type MessageSide = (typeof MESSAGE_SIDES)[number];

/** A plain message, or follow-up instructions from a clinician (shown distinctly). */
export const MESSAGE_KINDS = ['message', 'instructions'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The clinicians who read and answer patient threads. */
export const THREAD_STAFF_ROLES = ['doctor', 'nurse'] as const;

export const SUBJECT_MAX = 200;
export const BODY_MAX = 5000;

/** Attachments: the types and limit of patient documents (PDF, PNG, JPEG up to 20 MiB; no DICOM). */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const ATTACHMENT_FIELD = 'file';
