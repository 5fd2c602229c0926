import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../platform/auth/auth.tables.js';
import { events } from '../../platform/events/events.tables.js';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import { patients } from '../patients/index.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { notify } from './index.js';
import { notifications } from './notifications.tables.js';

const t = useTestApp();

async function outboxFor(userId: string) {
  return t.db
    .select({
      channel: outbox.channel,
      to: outbox.recipient,
      subject: outbox.subject,
      text: outbox.text,
      nextAttemptAt: outbox.nextAttemptAt,
      messageId: outbox.messageId,
    })
    .from(outbox)
    .where(and(eq(outbox.recipientUserId, userId), eq(outbox.template, 'notifications.test')))
    .orderBy(outbox.channel);
}

async function patientWithPhone(options: { locale?: string; timeZone?: string } = {}): Promise<TestAccount> {
  const account = await createAccount(t, { role: 'patient' });
  await t.db.update(patients).set({ phone: '+34600111222' }).where(eq(patients.id, account.patientId!));
  await t.db
    .update(users)
    .set({ locale: options.locale ?? 'en', timeZone: options.timeZone ?? 'UTC' })
    .where(eq(users.id, account.userId));
  return account;
}

const send = (
  account: TestAccount,
  category: Parameters<typeof notify>[1]['category'],
  extra: Partial<Parameters<typeof notify>[1]> = {},
) =>
  notify(
    t.db,
    { recipientUserId: account.userId, category, template: 'notifications.test', params: { n: 7 }, link: '/portal', ...extra },
    t.clock.now(),
  );

describe('notify()', () => {
  let patient: TestAccount;
  beforeAll(async () => {
    patient = await patientWithPhone();
  });

  it('writes the in-app notification and queues only the channels the defaults enable', async () => {
    await send(patient, 'lab_result');
    const [row] = await t.db.select().from(notifications).where(eq(notifications.userId, patient.userId));
    expect(row).toMatchObject({
      category: 'lab_result',
      title: 'Test notification 7',
      body: 'Details for test 7: haemoglobin 9.1 g/dL.',
      link: '/portal',
      readAt: null,
    });
    const queued = await outboxFor(patient.userId);
    expect(queued.map((m) => m.channel)).toEqual(['email']);
    expect(queued[0]).toMatchObject({ to: patient.email, subject: 'Test notification 7', nextAttemptAt: null });
    // The external text is the _external template plus a sign-in link: no clinical details.
    expect(queued[0]!.text.startsWith('You have a new notification in Carewell.')).toBe(true);
    expect(queued[0]!.text).toContain('/login?next=%2Fportal');
    expect(queued[0]!.text).not.toContain('9.1');
    const [event] = await t.db
      .select()
      .from(events)
      .where(sql`${events.type} = 'notification.created' and ${patient.userId}::uuid = any(${events.userIds})`);
    expect(event?.data).toMatchObject({ id: row!.id, category: 'lab_result', unreadCount: 1 });
  });

  it('emergencies go to e-mail, SMS (a phone is known) and push by default; SMS is skipped without a phone', async () => {
    const other = await patientWithPhone();
    await send(other, 'emergency');
    expect((await outboxFor(other.userId)).map((m) => [m.channel, m.to])).toEqual([
      ['email', other.email],
      ['push', other.userId],
      ['sms', '+34600111222'],
    ]);
    const noPhone = await createAccount(t, { role: 'nurse' });
    await send(noPhone, 'emergency');
    expect((await outboxFor(noPhone.userId)).map((m) => m.channel)).toEqual(['email', 'push']);
  });

  it('follows the preferences the person saved', async () => {
    const person = await patientWithPhone();
    const res = await api(t, 'PUT', '/api/v1/notifications/preferences', {
      token: person.token,
      body: { categories: [{ category: 'lab_result', channels: ['sms', 'push'] }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().categories.find((c: { category: string }) => c.category === 'lab_result').channels).toEqual(['sms', 'push']);
    await send(person, 'lab_result');
    expect((await outboxFor(person.userId)).map((m) => m.channel)).toEqual(['push', 'sms']);
    await api(t, 'PUT', '/api/v1/notifications/preferences', {
      token: person.token,
      body: { categories: [{ category: 'appointment', channels: [] }] },
    });
    await send(person, 'appointment', { dedupeKey: 'appt-1' });
    expect(
      await t.db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.userId, person.userId), eq(notifications.category, 'appointment'))),
    ).toHaveLength(1);
    expect((await outboxFor(person.userId)).map((m) => m.channel)).toEqual(['push', 'sms']); // nothing external added
  });

  it('holds external messages until quiet hours end in the person’s zone, but not emergencies or security', async () => {
    const person = await patientWithPhone({ timeZone: 'Europe/Madrid' });
    const res = await api(t, 'PUT', '/api/v1/notifications/preferences', {
      token: person.token,
      body: { quietHours: { start: '22:00', end: '07:00' } },
    });
    expect(res.statusCode).toBe(200);
    const saved = t.clock.current;
    try {
      t.clock.current = new Date('2026-11-27T22:30:00Z'); // 23:30 in Madrid
      await send(person, 'appointment', { dedupeKey: 'quiet-appt' });
      await send(person, 'security', { dedupeKey: 'quiet-security' });
      const rows = await t.db
        .select({ nextAttemptAt: outbox.nextAttemptAt, category: sql<string>`${outbox.metadata}->>'category'` })
        .from(outbox)
        .where(eq(outbox.recipientUserId, person.userId));
      expect(rows.find((r) => r.category === 'appointment')?.nextAttemptAt?.toISOString()).toBe('2026-11-28T06:00:00.000Z');
      expect(rows.find((r) => r.category === 'security')?.nextAttemptAt).toBeNull();
      // The in-app notification is immediate either way.
      expect(await t.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, person.userId))).toHaveLength(
        2,
      );
    } finally {
      t.clock.current = saved;
    }
  });

  it('with a dedupe key, notifying twice queues once', async () => {
    const person = await patientWithPhone();
    await send(person, 'emergency', { dedupeKey: 'code-red-1' });
    await send(person, 'emergency', { dedupeKey: 'code-red-1' });
    expect(await t.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, person.userId))).toHaveLength(1);
    const queued = await outboxFor(person.userId);
    expect(queued).toHaveLength(3);
    expect(new Set(queued.map((m) => m.messageId)).size).toBe(3);
  });

  it('renders in the recipient’s language (Arabic), external text included', async () => {
    const person = await patientWithPhone({ locale: 'ar' });
    await send(person, 'billing');
    const [row] = await t.db.select({ title: notifications.title }).from(notifications).where(eq(notifications.userId, person.userId));
    expect(row!.title).toBe('إشعار تجريبي 7');
    const [mail] = await outboxFor(person.userId);
    expect(mail!.subject).toBe('إشعار تجريبي 7');
    expect(mail!.text.startsWith('لديك إشعار جديد في Carewell.')).toBe(true);
  });

  it('commits or rolls back with the caller’s transaction', async () => {
    const person = await patientWithPhone();
    await expect(
      t.db.transaction(async (tx) => {
        await notify(
          tx,
          { recipientUserId: person.userId, category: 'emergency', template: 'notifications.test', params: { n: 1 } },
          t.clock.now(),
        );
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await t.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, person.userId))).toHaveLength(0);
    expect(await outboxFor(person.userId)).toHaveLength(0);
    expect(
      await t.db
        .select({ id: events.id })
        .from(events)
        .where(sql`${person.userId}::uuid = any(${events.userIds})`),
    ).toHaveLength(0);
  });

  it('refuses a link that is not a local path', async () => {
    await expect(send(patient, 'system', { link: 'https://evil.example/' })).rejects.toThrow('local path');
  });
});
