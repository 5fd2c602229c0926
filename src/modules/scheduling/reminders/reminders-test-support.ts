import { and, asc, eq } from 'drizzle-orm';
import type { TestApp } from '../../../../test/helpers/app.js';
import { api } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { outbox } from '../../../platform/outbox/outbox.tables.js';
import { notifications } from '../../notifications/index.js';
import { createRoom, visitTypeId, workEveryDay } from '../appointments/appointments-test-support.js';
import { appointmentReminders } from './reminders.tables.js';

/** Fixtures for the reminders and calendar tests (not loaded by the app). */

export interface Clinic {
  doctor: TestAccount;
  roomId: string;
  followUp: string;
  telemedicine: string;
}

/** A doctor in Europe/Paris working every day 08:00–18:00 UTC in a room. */
export async function openClinic(t: TestApp, names: { givenName?: string; familyName?: string } = {}): Promise<Clinic> {
  const doctor = await createAccount(t, {
    role: 'doctor',
    givenName: names.givenName ?? 'Amira',
    familyName: names.familyName ?? 'Haddad',
  });
  await t.db.update(users).set({ timeZone: 'Europe/Paris' }).where(eq(users.id, doctor.userId));
  const roomId = await createRoom(t.db);
  await workEveryDay(t.db, doctor.staffId!, { roomId });
  return { doctor, roomId, followUp: await visitTypeId(t.db, 'follow_up'), telemedicine: await visitTypeId(t.db, 'telemedicine') };
}

export async function bookAs(t: TestApp, who: TestAccount, body: Record<string, unknown>) {
  const res = await api(t, 'POST', '/api/v1/appointments', { token: who.token, body });
  if (res.statusCode !== 201) throw new Error(`booking failed: ${res.statusCode} ${res.body}`);
  return res.json<{ id: string; version: number; startsAt: string }>();
}

export function remindersOf(t: TestApp, appointmentId: string) {
  return t.db
    .select({
      id: appointmentReminders.id,
      kind: appointmentReminders.kind,
      offsetMinutes: appointmentReminders.offsetMinutes,
      dueAt: appointmentReminders.dueAt,
      status: appointmentReminders.status,
      sentAt: appointmentReminders.sentAt,
      note: appointmentReminders.note,
    })
    .from(appointmentReminders)
    .where(eq(appointmentReminders.appointmentId, appointmentId))
    .orderBy(asc(appointmentReminders.dueAt), asc(appointmentReminders.createdAt));
}

export function notificationsOf(t: TestApp, userId: string, template?: string) {
  return t.db
    .select({
      template: notifications.template,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      category: notifications.category,
    })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), template ? eq(notifications.template, template) : undefined))
    .orderBy(asc(notifications.createdAt), asc(notifications.id));
}

export function outboxOf(t: TestApp, userId: string, template?: string) {
  return t.db
    .select({ channel: outbox.channel, subject: outbox.subject, text: outbox.text, template: outbox.template, messageId: outbox.messageId })
    .from(outbox)
    .where(and(eq(outbox.recipientUserId, userId), template ? eq(outbox.template, template) : undefined))
    .orderBy(asc(outbox.createdAt), asc(outbox.id));
}
