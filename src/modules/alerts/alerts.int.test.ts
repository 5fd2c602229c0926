import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../platform/auth/auth.tables.js';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { events } from '../../platform/events/events.tables.js';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import { departments, staffProfiles } from '../staff/index.js';
import { api, useTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { alertRecipients, alerts } from './alerts.tables.js';

const t = useTestApp();

async function department(t: TestApp, code: string): Promise<string> {
  const [row] = await t.db
    .insert(departments)
    .values({ code, name: `Dept ${code}`, createdAt: t.clock.now() })
    .returning({ id: departments.id });
  return row!.id;
}

async function staffIn(
  t: TestApp,
  role: 'nurse' | 'doctor' | 'pharmacist' | 'admin' | 'lab_technician',
  departmentId: string | null,
  names: { givenName?: string; familyName?: string } = {},
) {
  const account = await createAccount(t, { role, ...names });
  if (departmentId) await t.db.update(staffProfiles).set({ departmentId }).where(eq(staffProfiles.userId, account.userId));
  return account;
}

const recipientsOf = async (alertId: string) =>
  (await t.db.select().from(alertRecipients).where(eq(alertRecipients.alertId, alertId))).map((r) => r.userId).sort();

let cardiology: string;
let surgery: string;
let empty: string;
let admin: TestAccount;
let nurse: TestAccount;
let doctor: TestAccount;
let otherNurse: TestAccount;
let disabledNurse: TestAccount;
let patient: TestAccount;

beforeAll(async () => {
  cardiology = await department(t, 'CARD-T');
  surgery = await department(t, 'SURG-T');
  empty = await department(t, 'EMPTY-T');
  admin = await staffIn(t, 'admin', null, { givenName: 'Ada', familyName: 'Admin' });
  nurse = await staffIn(t, 'nurse', cardiology, { givenName: 'Nora', familyName: 'Nurse' });
  doctor = await staffIn(t, 'doctor', cardiology, { givenName: 'Dan', familyName: 'Doctor' });
  otherNurse = await staffIn(t, 'nurse', surgery, { givenName: 'Olga', familyName: 'Other' });
  disabledNurse = await staffIn(t, 'nurse', cardiology);
  await t.db.update(users).set({ disabledAt: t.clock.now() }).where(eq(users.id, disabledNurse.userId));
  patient = await createAccount(t, { role: 'patient' });
});

const broadcast = (token: string, body: Record<string, unknown>) => api(t, 'POST', '/api/v1/alerts', { token, body });

describe('broadcasting an alert', () => {
  it('reaches exactly the active members of a department, with an audit row and a banner event', async () => {
    const res = await broadcast(admin.token, {
      type: 'code_blue',
      severity: 'critical',
      message: 'Cardiac arrest, bring the crash cart',
      location: 'Ward 3, bed 12',
      audience: 'department',
      departmentId: cardiology,
    });
    expect(res.statusCode).toBe(201);
    const alert = res.json();
    expect(alert).toMatchObject({
      type: 'code_blue',
      severity: 'critical',
      audience: 'department',
      department: { id: cardiology, name: 'Dept CARD-T' },
      recipientCount: 2,
      acknowledgedCount: 0,
      channels: [],
    });
    expect(alert.sentBy).toEqual({ userId: admin.userId, name: 'Ada Admin' });

    expect(await recipientsOf(alert.id)).toEqual([nurse.userId, doctor.userId].sort());

    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'alert.broadcast'), eq(auditEvents.resourceId, alert.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: admin.userId, severity: 'high', outcome: 'success' });
    expect(audit[0]!.detail).toMatchObject({
      type: 'code_blue',
      severity: 'critical',
      audience: 'department',
      departmentId: cardiology,
      recipients: 2,
    });
    expect(JSON.stringify(audit[0]!.detail)).not.toContain('crash cart');

    const event = (await t.db.select().from(events).where(eq(events.type, 'alert.broadcast'))).find((e) => e.data.alertId === alert.id);
    expect(event).toMatchObject({ everyone: false, departmentIds: [cardiology], roles: [], userIds: [] });
    expect(event!.data.banner).toEqual({
      id: alert.id,
      severity: 'critical',
      title: 'Code blue (medical emergency)',
      message: 'Cardiac arrest, bring the crash cart',
      location: 'Ward 3, bed 12',
      ackUrl: `/api/v1/alerts/${alert.id}/acknowledge`,
    });
  });

  it('sends to everyone as all active staff, never patients; a role audience names the role', async () => {
    const all = await broadcast(admin.token, {
      type: 'weather',
      severity: 'info',
      message: 'Storm expected tonight',
      audience: 'everyone',
    });
    expect(all.statusCode).toBe(201);
    const ids = await recipientsOf(all.json().id);
    expect(ids).toEqual(expect.arrayContaining([admin.userId, nurse.userId, doctor.userId, otherNurse.userId]));
    expect(ids).not.toContain(patient.userId);
    expect(ids).not.toContain(disabledNurse.userId);
    const event = (await t.db.select().from(events).where(eq(events.type, 'alert.broadcast'))).find(
      (e) => e.data.alertId === all.json().id,
    );
    expect(event!.everyone).toBe(false);
    expect(event!.roles).not.toContain('patient');
    expect(event!.roles).toContain('nurse');

    const nurses = await broadcast(admin.token, {
      type: 'other',
      severity: 'warning',
      message: 'Nurses meeting moved',
      audience: 'role',
      role: 'nurse',
    });
    expect(nurses.statusCode).toBe(201);
    expect(await recipientsOf(nurses.json().id)).toEqual([nurse.userId, otherNurse.userId].sort());
  });

  it('refuses a non-broadcaster with 403 and writes nothing', async () => {
    const before = (await t.db.select().from(alerts)).length;
    const res = await broadcast(nurse.token, { type: 'code_red', severity: 'critical', message: 'Fire', audience: 'everyone' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    expect((await t.db.select().from(alerts)).length).toBe(before);
  });

  it('validates the body: audience fields, unknown fields, unknown or empty departments', async () => {
    const missing = await broadcast(admin.token, { type: 'code_red', severity: 'critical', message: 'Fire', audience: 'department' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe('validation_failed');
    expect(missing.json().errors.map((e: { path: string }) => e.path)).toContain('departmentId');
    const extra = await broadcast(admin.token, {
      type: 'code_red',
      severity: 'critical',
      message: 'Fire',
      audience: 'everyone',
      sentBy: nurse.userId,
    });
    expect(extra.statusCode).toBe(400);
    const patientRole = await broadcast(admin.token, { type: 'other', severity: 'info', message: 'x', audience: 'role', role: 'patient' });
    expect(patientRole.statusCode).toBe(400);
    const before = (await t.db.select().from(alerts)).length;
    const unknown = await broadcast(admin.token, {
      type: 'code_red',
      severity: 'critical',
      message: 'Fire',
      audience: 'department',
      departmentId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('not_found');
    const nobody = await broadcast(admin.token, {
      type: 'code_red',
      severity: 'critical',
      message: 'Fire',
      audience: 'department',
      departmentId: empty,
    });
    expect(nobody.statusCode).toBe(422);
    expect(nobody.json().code).toBe('unprocessable');
    expect((await t.db.select().from(alerts)).length).toBe(before);
  });
});

describe('acknowledging', () => {
  let alertId: string;

  beforeAll(async () => {
    const res = await broadcast(admin.token, {
      type: 'evacuation',
      severity: 'warning',
      message: 'Evacuate the east wing',
      location: 'East wing',
      audience: 'department',
      departmentId: cardiology,
    });
    alertId = res.json().id;
  });

  it('shows the banner until acknowledged; acknowledging twice changes nothing the second time', async () => {
    const banners = await api(t, 'GET', '/api/v1/banners/active', { token: nurse.token });
    expect(banners.statusCode).toBe(200);
    expect(banners.json().items).toContainEqual({
      id: alertId,
      severity: 'warning',
      title: 'Evacuation',
      message: 'Evacuate the east wing',
      location: 'East wing',
      ackUrl: `/api/v1/alerts/${alertId}/acknowledge`,
    });

    const first = await api(t, 'POST', `/api/v1/alerts/${alertId}/acknowledge`, { token: nurse.token });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ alertId, acknowledgedAt: t.clock.now().toISOString() });
    const firstAt = first.json().acknowledgedAt;
    t.clock.advance(60_000);
    const second = await api(t, 'POST', `/api/v1/alerts/${alertId}/acknowledge`, { token: nurse.token });
    expect(second.statusCode).toBe(200);
    expect(second.json().acknowledgedAt).toBe(firstAt);

    const [row] = await t.db
      .select()
      .from(alertRecipients)
      .where(and(eq(alertRecipients.alertId, alertId), eq(alertRecipients.userId, nurse.userId)));
    expect(row!.acknowledgedAt!.toISOString()).toBe(firstAt);
    expect(
      await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'alert.acknowledge'), eq(auditEvents.resourceId, alertId))),
    ).toHaveLength(1);
    const acks = (await t.db.select().from(events).where(eq(events.type, 'alert.acknowledged'))).filter((e) => e.data.alertId === alertId);
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ roles: ['admin'], userIds: [admin.userId] });
    expect(acks[0]!.data).toMatchObject({ userId: nurse.userId, acknowledgedCount: 1, recipientCount: 2 });

    const cleared = (await t.db.select().from(events).where(eq(events.type, 'alert.cleared'))).filter((e) => e.data.alertId === alertId);
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toMatchObject({ userIds: [nurse.userId], roles: [], departmentIds: [], data: { alertId, bannerCleared: alertId } });

    const after = await api(t, 'GET', '/api/v1/banners/active', { token: nurse.token });
    expect(after.json().items.map((b: { id: string }) => b.id)).not.toContain(alertId);
  });

  it('lets the sender see who has and has not acknowledged; a recipient sees only counts', async () => {
    const asSender = await api(t, 'GET', `/api/v1/alerts/${alertId}`, { token: admin.token });
    expect(asSender.statusCode).toBe(200);
    const detail = asSender.json();
    expect(detail).toMatchObject({ recipientCount: 2, acknowledgedCount: 1, myAcknowledgement: null });
    expect(detail.acknowledgements.acknowledged).toEqual([
      expect.objectContaining({ userId: nurse.userId, name: 'Nora Nurse', role: 'nurse', department: 'Dept CARD-T' }),
    ]);
    expect(detail.acknowledgements.pending).toEqual([
      expect.objectContaining({ userId: doctor.userId, name: 'Dan Doctor', role: 'doctor', acknowledgedAt: null }),
    ]);

    const asRecipient = await api(t, 'GET', `/api/v1/alerts/${alertId}`, { token: doctor.token });
    expect(asRecipient.statusCode).toBe(200);
    expect(asRecipient.json()).toMatchObject({ acknowledgements: null, acknowledgedCount: 1, myAcknowledgement: { acknowledgedAt: null } });
  });

  it('answers 404 (with a denied audit row) to staff the alert was not addressed to', async () => {
    const read = await api(t, 'GET', `/api/v1/alerts/${alertId}`, { token: otherNurse.token });
    expect(read.statusCode).toBe(404);
    const ack = await api(t, 'POST', `/api/v1/alerts/${alertId}/acknowledge`, { token: otherNurse.token });
    expect(ack.statusCode).toBe(404);
    expect(ack.json().code).toBe('not_found');
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceId, alertId), eq(auditEvents.outcome, 'denied'), eq(auditEvents.actorUserId, otherNurse.userId)));
    expect(denied).toHaveLength(2);
    expect(
      await t.db
        .select()
        .from(alertRecipients)
        .where(and(eq(alertRecipients.alertId, alertId), eq(alertRecipients.userId, otherNurse.userId))),
    ).toHaveLength(0);
    expect((await api(t, 'GET', '/api/v1/banners/active', { token: patient.token })).json()).toEqual({ items: [] });
  });

  it('resolving ends the banners for everyone; only broadcasters resolve, once', async () => {
    expect(
      (await api(t, 'GET', '/api/v1/banners/active', { token: doctor.token })).json().items.map((b: { id: string }) => b.id),
    ).toContain(alertId);
    const refused = await api(t, 'POST', `/api/v1/alerts/${alertId}/resolve`, { token: doctor.token });
    expect(refused.statusCode).toBe(403);
    const res = await api(t, 'POST', `/api/v1/alerts/${alertId}/resolve`, { token: admin.token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ resolvedAt: t.clock.now().toISOString(), resolvedBy: { userId: admin.userId, name: 'Ada Admin' } });
    const [row] = await t.db.select().from(alerts).where(eq(alerts.id, alertId));
    expect(row!.resolvedBy).toBe(admin.userId);
    expect(
      (await api(t, 'GET', '/api/v1/banners/active', { token: doctor.token })).json().items.map((b: { id: string }) => b.id),
    ).not.toContain(alertId);
    const resolved = (await t.db.select().from(events).where(eq(events.type, 'alert.resolved'))).filter((e) => e.data.alertId === alertId);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ departmentIds: [cardiology], data: { bannerCleared: alertId } });
    const again = await api(t, 'POST', `/api/v1/alerts/${alertId}/resolve`, { token: admin.token });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
  });
});

describe('history', () => {
  it('lists newest first with keyset pagination; other staff see only the alerts sent to them', async () => {
    const all = await api(t, 'GET', '/api/v1/alerts?limit=100', { token: admin.token });
    expect(all.statusCode).toBe(200);
    const ids = all.json().items.map((a: { id: string }) => a.id);
    const dbRows = await t.db.select({ id: alerts.id, createdAt: alerts.createdAt }).from(alerts);
    expect(ids).toHaveLength(dbRows.length);
    const times = all.json().items.map((a: { createdAt: string }) => a.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    const first = (await api(t, 'GET', '/api/v1/alerts?limit=2', { token: admin.token })).json();
    const rest = (await api(t, 'GET', `/api/v1/alerts?limit=100&cursor=${first.nextCursor}`, { token: admin.token })).json();
    expect([...first.items, ...rest.items].map((a: { id: string }) => a.id)).toEqual(ids);

    const mine = (await api(t, 'GET', '/api/v1/alerts?limit=100', { token: otherNurse.token })).json().items as { id: string }[];
    const addressed = await t.db
      .select({ id: alertRecipients.alertId })
      .from(alertRecipients)
      .where(eq(alertRecipients.userId, otherNurse.userId));
    expect(mine.map((a) => a.id).sort()).toEqual(addressed.map((a) => a.id).sort());
    expect(mine.length).toBeLessThan(ids.length);

    const active = (await api(t, 'GET', '/api/v1/alerts?limit=100&status=resolved', { token: admin.token })).json().items as {
      resolvedAt: string | null;
    }[];
    expect(active.length).toBeGreaterThan(0);
    expect(active.every((a) => a.resolvedAt !== null)).toBe(true);
    expect((await api(t, 'GET', '/api/v1/alerts', { token: patient.token })).statusCode).toBe(403);
  });
});

describe('external channels', () => {
  it('queue outbox messages through notify, without the message text', async () => {
    const pharmacist = await staffIn(t, 'pharmacist', surgery);
    const res = await broadcast(admin.token, {
      type: 'lockdown',
      severity: 'critical',
      message: 'Intruder near pharmacy, patient Jane Roe moved',
      audience: 'role',
      role: 'pharmacist',
      channels: ['email', 'sms'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().channels).toEqual(['email', 'sms']);
    const queued = await t.db
      .select()
      .from(outbox)
      .where(inArray(outbox.recipientUserId, [pharmacist.userId]));
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.map((m) => m.channel)).toContain('email');
    for (const message of queued) {
      expect(message.text).not.toContain('Jane Roe');
      expect(message.subject).not.toContain('Jane Roe');
    }
    // Notifying is de-duplicated by the alert: the same alert never queues twice for a person.
    const ids = queued.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('go out on exactly the channels the sender chose, whatever the personal preferences', async () => {
    const technician = await staffIn(t, 'lab_technician', surgery);
    // Emergencies go by e-mail by default; the sender chose push only.
    const res = await broadcast(admin.token, {
      type: 'weather',
      severity: 'warning',
      message: 'Storm: secure the loading bay',
      audience: 'role',
      role: 'lab_technician',
      channels: ['push'],
    });
    expect(res.statusCode).toBe(201);
    const queued = await t.db
      .select()
      .from(outbox)
      .where(inArray(outbox.recipientUserId, [technician.userId]));
    expect(queued.map((m) => m.channel)).toEqual(['push']);
  });
});
