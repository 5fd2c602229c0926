import type { UserActor } from '../../../../platform/auth/actor.js';
import type { PatientLabel } from '../../../patients/index.js';
import type { MessageDto, ThreadSummaryDto } from '../staff-threads.schemas.js';
import type { MessageRow, StaffThreadRow, Viewer } from '../staff-threads.repository.js';

export const viewerOf = (actor: UserActor): Viewer => ({ userId: actor.userId, staffId: actor.staffId });

export function toMessageDto(row: MessageRow): MessageDto {
  return {
    id: row.id,
    threadId: row.threadId,
    // An author without a staff profile (an account since removed from staff) keeps an empty name.
    author: row.author ?? { userId: row.authorUserId, staffId: null, name: '' },
    body: row.body,
    mentions: row.mentioned,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/**
 * A thread's title: a group's own, a direct thread's other person, a care-team thread's patient
 * (the page words it "Care team: …").
 */
export function threadTitle(
  thread: Pick<StaffThreadRow, 'kind' | 'title'>,
  viewerUserId: string,
  members: readonly { userId: string; name: string }[],
  patient: PatientLabel | null,
): string {
  if (thread.kind === 'group') return thread.title ?? '';
  if (thread.kind === 'care_team') return patient?.name ?? '';
  return members.find((m) => m.userId !== viewerUserId)?.name ?? members[0]?.name ?? '';
}

export function toSummary(
  thread: StaffThreadRow,
  viewerUserId: string,
  extra: { members: readonly { userId: string; name: string }[]; patient: PatientLabel | null; unreadCount: number },
): ThreadSummaryDto {
  return {
    id: thread.id,
    kind: thread.kind,
    title: threadTitle(thread, viewerUserId, extra.members, extra.patient),
    patient: extra.patient,
    unreadCount: extra.unreadCount,
    lastMessageAt: thread.lastMessageAt.toISOString(),
  };
}
