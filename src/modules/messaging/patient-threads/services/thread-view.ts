import type { MessageListRow, ThreadRow } from '../patient-threads.repository.js';
import type { MessageDto, ThreadSummaryDto } from '../patient-threads.schemas.js';

interface PatientLike {
  id: string;
  givenName: string;
  familyName: string;
  mrn: string;
}

export const attachmentUrl = (threadId: string, messageId: string) => `/api/v1/patient-threads/${threadId}/attachments/${messageId}`;

export function toThreadSummary(
  thread: ThreadRow,
  patient: PatientLike,
  department: { name: string | null },
  unread: number,
): ThreadSummaryDto {
  return {
    id: thread.id,
    patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, mrn: patient.mrn },
    recipient: thread.recipient,
    department: thread.departmentId ? { id: thread.departmentId, name: department.name ?? '' } : null,
    subject: thread.subject,
    lastMessageAt: thread.lastMessageAt.toISOString(),
    unread,
    responseDueAt: thread.responseDueAt?.toISOString() ?? null,
    escalated: thread.escalatedAt !== null,
    escalatedAt: thread.escalatedAt?.toISOString() ?? null,
    encounterId: thread.encounterId,
  };
}

/** A message as either side sees it: the read receipt is the other side's. */
export function toMessageDto(row: MessageListRow, patientName: string): MessageDto {
  const m = row.message;
  const readAt = m.side === 'patient' ? m.readByStaffAt : m.readByPatientAt;
  return {
    id: m.id,
    side: m.side,
    kind: m.kind,
    author: { name: m.side === 'patient' ? patientName : (row.authorName ?? '') },
    body: m.body,
    attachment: row.file
      ? {
          name: row.file.filename ?? 'attachment',
          contentType: row.file.contentType,
          sizeBytes: row.file.sizeBytes,
          url: attachmentUrl(m.threadId, m.id),
        }
      : null,
    createdAt: m.createdAt.toISOString(),
    readAt: readAt?.toISOString() ?? null,
  };
}
