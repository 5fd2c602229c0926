import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { notificationQuietHours, notificationPreferences, notifications } from './notifications.tables.js';
import { notify } from './index.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';

const t = useTestApp();
let alice: TestAccount;
let bob: TestAccount;

const give = (account: TestAccount, n: number) =>
  notify(
    t.db,
    { recipientUserId: account.userId, category: 'message', template: 'notifications.test', params: { n }, link: `/portal?n=${n}` },
    t.clock.now(),
  );

beforeAll(async () => {
  alice = await createAccount(t, { role: 'patient' });
  bob = await createAccount(t, { role: 'nurse' });
  for (const n of [1, 2, 3]) {
    await give(alice, n);
    t.clock.advance(1_000);
  }
  await give(bob, 9);
});

describe('notification centre API', () => {
  it('lists only your own notifications, newest first, with the unread count and a cursor', async () => {
    const first = await api(t, 'GET', '/api/v1/notifications?limit=2', { token: alice.token });
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const body = first.json();
    expect(body.items.map((i: { title: string }) => i.title)).toEqual(['Test notification 3', 'Test notification 2']);
    expect(body.unreadCount).toBe(3);
    const second = await api(t, 'GET', `/api/v1/notifications?limit=2&cursor=${body.nextCursor}`, { token: alice.token });
    expect(second.json().items.map((i: { title: string }) => i.title)).toEqual(['Test notification 1']);
    expect(second.json().nextCursor).toBeNull();
  });

  it("marks one read; another person's notification is 404 and stays unread", async () => {
    const [bobs] = await t.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, bob.userId));
    const denied = await api(t, 'POST', `/api/v1/notifications/${bobs!.id}/read`, { token: alice.token });
    expect(denied.statusCode).toBe(404);
    expect(denied.json().code).toBe('not_found');
    const [still] = await t.db.select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, bobs!.id));
    expect(still!.readAt).toBeNull();

    const [mine] = await t.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, alice.userId)).limit(1);
    const ok = await api(t, 'POST', `/api/v1/notifications/${mine!.id}/read`, { token: alice.token });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ id: mine!.id, read: true });
    const unread = await api(t, 'GET', '/api/v1/notifications?unread=true', { token: alice.token });
    expect(unread.json().unreadCount).toBe(2);
    expect(unread.json().items).toHaveLength(2);
  });

  it('marks all read', async () => {
    const res = await api(t, 'POST', '/api/v1/notifications/read-all', { token: alice.token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ updated: 2, unreadCount: 0 });
    expect(
      await t.db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.userId, alice.userId), isNull(notifications.readAt))),
    ).toHaveLength(0);
    // Bob's are untouched.
    expect(
      await t.db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.userId, bob.userId), isNull(notifications.readAt))),
    ).toHaveLength(1);
  });

  it('preferences: defaults, validation, and saving', async () => {
    const defaults = await api(t, 'GET', '/api/v1/notifications/preferences', { token: bob.token });
    expect(defaults.statusCode).toBe(200);
    expect(defaults.json().categories.find((c: { category: string }) => c.category === 'emergency').channels).toEqual([
      'email',
      'sms',
      'push',
    ]);
    expect(defaults.json().quietHours).toBeNull();

    const bad = await api(t, 'PUT', '/api/v1/notifications/preferences', {
      token: bob.token,
      body: { quietHours: { start: '25:00', end: '07:00' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('quietHours.start');
    const unknown = await api(t, 'PUT', '/api/v1/notifications/preferences', {
      token: bob.token,
      body: { categories: [{ category: 'billing', channels: ['fax'] }] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(await t.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, bob.userId))).toHaveLength(0);

    const saved = await api(t, 'PUT', '/api/v1/notifications/preferences', {
      token: bob.token,
      body: { categories: [{ category: 'billing', channels: [] }], quietHours: { start: '21:30', end: '06:45' } },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().quietHours).toEqual({ start: '21:30', end: '06:45' });
    expect(
      await t.db
        .select({ category: notificationPreferences.category, channels: notificationPreferences.channels })
        .from(notificationPreferences)
        .where(eq(notificationPreferences.userId, bob.userId)),
    ).toEqual([{ category: 'billing', channels: [] }]);
    const cleared = await api(t, 'PUT', '/api/v1/notifications/preferences', { token: bob.token, body: { quietHours: null } });
    expect(cleared.json().quietHours).toBeNull();
    expect(await t.db.select().from(notificationQuietHours).where(eq(notificationQuietHours.userId, bob.userId))).toHaveLength(0);
  });
});

describe('notification centre pages', () => {
  it('every signed-in page carries the bell (count loaded by htmx) and live.js; the fragment shows the unread count', async () => {
    const page = new PageSession(t, bob.cookie);
    const home = await page.get('/notifications');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('id="notification-bell"');
    expect(home.body).toContain('hx-get="/notifications/unread-badge"');
    expect(home.body).toContain('<script src="/assets/live.js" defer>');
    const badge = await page.get('/notifications/unread-badge');
    expect(badge.statusCode).toBe(200);
    expect(badge.body).toContain('data-unread-count="1"');
    expect(badge.body).toContain('1 unread');
    const script = await t.app.inject({ method: 'GET', url: '/assets/live.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('text/javascript');
  });

  it('lists notifications with a link to the subject, and marks one read through the form', async () => {
    const page = new PageSession(t, bob.cookie);
    const list = await page.get('/notifications');
    expect(list.body).toContain('Test notification 9');
    expect(list.body).toContain('href="/portal?n=9"');
    const [row] = await t.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, bob.userId));
    const res = await page.post(`/notifications/${row!.id}/read`, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/notifications?done=read');
    const [after] = await t.db.select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, row!.id));
    expect(after!.readAt).not.toBeNull();
    const badge = await page.get('/notifications/unread-badge');
    expect(badge.body).toContain('data-unread-count="0"');
  });

  it('saves preferences from the form and re-renders errors beside the field', async () => {
    const carol = await createAccount(t, { role: 'patient' });
    const page = new PageSession(t, carol.cookie);
    const form = await page.get('/notifications/preferences');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="emergency_sms"');
    const bad = await page.post('/notifications/preferences', { quietStart: '22:00', emergency_email: 'on' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('f-quietEnd-error');
    expect(await t.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, carol.userId))).toHaveLength(0);
    await page.get('/notifications/preferences');
    const ok = await page.post('/notifications/preferences', {
      quietStart: '22:00',
      quietEnd: '07:00',
      emergency_email: 'on',
      emergency_sms: 'on',
      message_push: 'on',
    });
    expect(ok.statusCode).toBe(303);
    const saved = await t.db
      .select({ category: notificationPreferences.category, channels: notificationPreferences.channels })
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, carol.userId));
    expect(saved.find((p) => p.category === 'emergency')?.channels).toEqual(['email', 'sms']);
    expect(saved.find((p) => p.category === 'appointment')?.channels).toEqual([]);
    expect(
      await t.db
        .select({ start: notificationQuietHours.startsAt })
        .from(notificationQuietHours)
        .where(eq(notificationQuietHours.userId, carol.userId)),
    ).toEqual([{ start: '22:00' }]);
  });
});
