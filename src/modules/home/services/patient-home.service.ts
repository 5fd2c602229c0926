import type { Placeholder } from 'drizzle-orm';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { idListValue } from '../../../platform/db/id-lists.js';
import { notificationInboxReads, type NotificationDto } from '../../notifications/index.js';
import { getHealthRecordWith, type HealthRecord } from '../../records/index.js';
import { listAppointments } from '../../scheduling/index.js';
import { staffNamesRead } from '../../staff/index.js';

/** A summary or document is "new" on the home page for this many days after it arrived. */
export const NEW_FOR_DAYS = 30;
const DAY_MS = 86_400_000;
/** The profile fields the home asks a patient to fill in when empty. */
export const PROFILE_FIELDS = ['phone', 'email', 'address', 'preferredLanguage'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export type HomeAppointment = Awaited<ReturnType<typeof listAppointments>>['items'][number] & { clinicianName: string | null };

export interface PatientHome {
  record: HealthRecord;
  upcoming: HomeAppointment[];
  notifications: NotificationDto[];
  unreadCount: number;
  newSummaries: NonNullable<HealthRecord['summaries']>;
  newDocuments: NonNullable<HealthRecord['documents']>;
  activeCarePlans: NonNullable<HealthRecord['carePlans']>;
  todos: { allergiesNotRecorded: boolean; missingProfileFields: ProfileField[] };
}

const isRecent = (value: Date | string | null, now: Date) =>
  value !== null && now.getTime() - new Date(value).getTime() <= NEW_FOR_DAYS * DAY_MS;

/**
 * The patient's worklist: the next booked appointments (one `appointment.list` audit row), then
 * the record (one `health_record.read` row) read in ONE statement with the clinicians' names and
 * the person's own unread notifications. A fixed number of statements whatever the data (held by
 * a query-count test).
 */
export async function loadPatientHome(db: Db, ctx: ServiceContext, patientId: string): Promise<PatientHome> {
  const { items } = await listAppointments(db, ctx, { patientId, scope: 'upcoming', status: 'booked', limit: 5 });
  const { with: parts, ...record } = await getHealthRecordWith(db, ctx, patientId, {
    key: 'portal-home',
    build: (db, param: (name: 'clinicianIds' | 'userId') => Placeholder) => {
      const inbox = notificationInboxReads(db, param('userId'), { unread: true, limit: 5 });
      return { clinicians: staffNamesRead(db, param('clinicianIds')), notifications: inbox.items, unreadCount: inbox.unreadCount };
    },
    values: { clinicianIds: idListValue(items.map((a) => a.staffId)), userId: ctx.actor.userId },
  });
  const profile = record.patient;
  return {
    record,
    upcoming: items.map((a) => ({ ...a, clinicianName: parts.clinicians.get(a.staffId) ?? null })),
    notifications: parts.notifications,
    unreadCount: parts.unreadCount,
    newSummaries: (record.summaries ?? []).filter((s) => isRecent(s.sharedAt, ctx.now)),
    newDocuments: (record.documents ?? []).filter((d) => isRecent(d.uploadedAt, ctx.now)),
    activeCarePlans: (record.carePlans ?? []).filter((p) => p.status === 'active'),
    todos: {
      allergiesNotRecorded: profile.allergyStatus === 'not_recorded',
      missingProfileFields: PROFILE_FIELDS.filter((field) => !profile[field]),
    },
  };
}
