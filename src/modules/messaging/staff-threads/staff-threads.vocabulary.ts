/**
 * The words of staff messaging (docs/messaging.md, "Staff threads"). Each kind has a label in
 * every locale (`staff_messages.kind_<v>`).
 * - `direct`: two people, one thread per pair (a second "new conversation" with the same person opens it);
 * - `group`: a title and members chosen from clinical staff;
 * - `care_team`: one per patient, created on first use; its members are the patient's CURRENT care team.
 */
export const STAFF_THREAD_KINDS = ['direct', 'group', 'care_team'] as const;
export type StaffThreadKind = (typeof STAFF_THREAD_KINDS)[number];

export const TITLE_MAX = 120;
export const BODY_MAX = 4000;
/** A group holds at most this many people besides its creator. */
export const MEMBERS_MAX = 50;
export const MENTIONS_MAX = 20;
/** How many messages a thread page shows (the newest). */
export const THREAD_PAGE_MESSAGES = 200;
/** How many threads the list shows (most recent activity first). */
export const THREAD_LIST_MAX = 100;
export const SEARCH_RESULTS_MAX = 50;
export const SEARCH_MIN = 3;

/** The live event of a new message: its data carries ids only (docs/realtime.md), never content. */
export const STAFF_MESSAGE_EVENT = 'staff_message.posted';
/** Sent to the reader's own pages when they read a thread, so the bell's count follows. */
export const STAFF_THREAD_READ_EVENT = 'staff_thread.read';
