import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { users } from '../../platform/auth/auth.tables.js';
import { issueSession } from '../../platform/auth/session.service.js';
import { sessionCookieName } from '../../platform/http/cookies.js';
import { events } from '../../platform/events/events.tables.js';
import { outbox } from '../../platform/outbox/outbox.tables.js';
import { notifications } from '../notifications/index.js';
import { careTeamMembers } from '../patients/index.js';
import { departments, staffProfiles } from '../staff/index.js';
import { api, useTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { freshToken } from '../../../test/helpers/patients.js';
import { PageSession } from '../../../test/helpers/browser.js';
import {
  clinicalAlertEvents,
  clinicalAlerts,
  escalateDueClinicalAlerts,
  raiseClinicalAlert,
  type RaiseClinicalAlertInput,
} from './index.js';

const t = useTestApp({ env: { CLINICAL_ALERT_FALLBACK: 'department:ONCALL-T', CLINICAL_ALERT_ESCALATION_MINUTES: '15' } });
const MINUTE = 60_000;

async function department(t: TestApp, code: string): Promise<string> {
  const [row] = await t.db
    .insert(departments)
    .values({ code, name: `Dept ${code}`, createdAt: t.clock.now() })
    .returning();
  return row!.id;
}

async function staff(t: TestApp, role: 'doctor' | 'nurse' | 'admin', departmentId: string | null, nurseLead = false) {
  const account = await createAccount(t, { role, nurseLead });
  if (departmentId) await t.db.update(staffProfiles).set({ departmentId }).where(eq(staffProfiles.userId, account.userId));
  return account;
}

async function onCareTeam(patientId: string, member: TestAccount) {
  await t.db.insert(careTeamMembers).values({ patientId, staffId: member.staffId!, startsAt: t.clock.now(), createdAt: t.clock.now() });
}

let responsible: TestAccount; // Dr R, cardiology
let loneDoctor: TestAccount; // no department
let teamDoctor: TestAccount;
let teamNurseLead: TestAccount;
let deptNurseLead: TestAccount; // cardiology, not on the team
let onCall: TestAccount; // the fallback department
let outsider: TestAccount;
let admin: TestAccount;
let patientId: string;
let lonePatientId: string;
const SUMMARY = 'Potassium 6.9 mmol/L for Maria Zeta';

const raise = (input: Partial<RaiseClinicalAlertInput> & { source: { type: string; id: string } }) =>
  t.db.transaction((tx) =>
    raiseClinicalAlert(
      tx,
      { actor: null, origin: null, now: t.clock.now() },
      {
        patientId,
        kind: 'critical_result',
        severity: 'critical',
        responsible: { userId: responsible.userId },
        summary: SUMMARY,
        ...input,
      },
    ),
  );

const timelineOf = async (alertId: string) =>
  (await t.db.select().from(clinicalAlertEvents).where(eq(clinicalAlertEvents.alertId, alertId)).orderBy(asc(clinicalAlertEvents.at)))
    .map((e) => `${e.type}:${e.step ?? '-'}:${e.userId ?? '-'}`)
    .sort();

/** Sessions made now (the clock moves past the staff idle timeout between steps). */
const tokenOf = (a: TestAccount) => freshToken(t, a.userId);
const cookieOf = async (a: TestAccount) => {
  const session = await issueSession(t.db, { userId: a.userId, kind: 'browser', ip: null, userAgent: 'vitest', now: t.clock.now() });
  return `${sessionCookieName(t.config)}=${session.token}`;
};

const sweep = () => escalateDueClinicalAlerts(t.db, t.clock.now());

beforeAll(async () => {
  const cardiology = await department(t, 'CARD-T');
  const onCallDept = await department(t, 'ONCALL-T');
  responsible = await staff(t, 'doctor', cardiology);
  loneDoctor = await staff(t, 'doctor', null);
  teamDoctor = await staff(t, 'doctor', null);
  teamNurseLead = await staff(t, 'nurse', null, true);
  deptNurseLead = await staff(t, 'nurse', cardiology, true);
  onCall = await staff(t, 'doctor', onCallDept);
  outsider = await staff(t, 'doctor', cardiology);
  admin = await staff(t, 'admin', null);
  patientId = (await createPatientRecord(t, { givenName: 'Maria', familyName: 'Zeta' })).id;
  lonePatientId = (await createPatientRecord(t)).id;
  await onCareTeam(patientId, responsible);
  await onCareTeam(patientId, teamDoctor);
  await onCareTeam(patientId, teamNurseLead);
});

describe('raising a clinical alert', () => {
  it('stores it, notifies the responsible clinician at once, and says nothing clinical outside the app', async () => {
    const { id, created } = await raise({ source: { type: 'lab_result', id: 'r-1' } });
    expect(created).toBe(true);
    const [alert] = await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.id, id));
    expect(alert).toMatchObject({ status: 'open', escalationStep: 0, responsibleUserId: responsible.userId });
    expect(alert!.nextEscalationAt!.getTime() - t.clock.now().getTime()).toBe(15 * MINUTE);
    expect(await timelineOf(id)).toEqual([`notified:0:${responsible.userId}`, 'raised:0:-'].sort());

    const [note] = await t.db.select().from(notifications).where(eq(notifications.userId, responsible.userId));
    expect(note).toMatchObject({
      category: 'emergency',
      title: 'A critical result needs you',
      body: SUMMARY,
      link: `/clinical-alerts/${id}`,
    });
    const messages = await t.db.select().from(outbox).where(eq(outbox.recipientUserId, responsible.userId));
    expect(messages.map((m) => m.channel).sort()).toEqual(expect.arrayContaining(['email', 'push']));
    for (const m of messages) {
      expect(`${m.subject}\n${m.text}`).not.toMatch(/potassium|6\.9|mmol|maria|zeta/i);
      expect(m.text).toContain('A critical result needs your attention');
    }
    const banners = await t.db.select().from(events).where(eq(events.type, 'clinical-alert.raised'));
    expect(banners).toHaveLength(1);
    expect(banners[0]!.userIds).toEqual([responsible.userId]);

    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'clinical_alert.raise'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ resourceId: id, patientId, category: 'clinical' });
    expect(JSON.stringify(audit[0]!.detail)).not.toMatch(/potassium|6\.9/i);

    // The same source again: the first alert, nothing new.
    expect(await raise({ source: { type: 'lab_result', id: 'r-1' } })).toEqual({ id, created: false });
    expect(await timelineOf(id)).toHaveLength(2);
  });

  it('refuses a responsible person who is not an active clinician, and bad input with the field path', async () => {
    await expect(raise({ source: { type: 'lab_result', id: 'r-x' }, responsible: { userId: admin.userId } })).rejects.toMatchObject({
      code: 'unprocessable',
    });
    await expect(raise({ source: { type: 'lab_result', id: 'r-y' }, summary: '' })).rejects.toMatchObject({
      code: 'validation_failed',
      extra: { errors: [expect.objectContaining({ path: 'summary' })] },
    });
  });
});

describe('escalation on the test clock', () => {
  it('walks the chain in order, one delay per step, then stops', async () => {
    const { id } = await raise({ source: { type: 'lab_result', id: 'r-chain' } });
    const start = t.clock.now().getTime();
    t.clock.current = new Date(start + 14 * MINUTE);
    expect(await sweep()).toEqual({ escalated: 0, failed: 0 });

    const steps: [number, TestAccount][] = [
      [1, teamDoctor],
      [2, teamNurseLead],
      [3, deptNurseLead],
      [4, onCall],
    ];
    for (const [step, person] of steps) {
      t.clock.current = new Date(start + step * 15 * MINUTE);
      expect((await sweep()).escalated).toBeGreaterThanOrEqual(1);
      const timeline = await timelineOf(id);
      expect(timeline).toContain(`escalated:${step}:${person.userId}`);
      expect(timeline).toContain(`notified:${step}:${person.userId}`);
      const [alert] = await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.id, id));
      expect(alert!.escalationStep).toBe(step);
    }
    const [done] = await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.id, id));
    expect(done!.nextEscalationAt).toBeNull();
    expect((await timelineOf(id)).filter((e) => e.startsWith('skipped'))).toEqual([]);
    // Never the outsider, never twice the same person.
    expect((await timelineOf(id)).some((e) => e.includes(outsider.userId))).toBe(false);
    t.clock.current = new Date(start + 200 * MINUTE);
    expect((await timelineOf(id)).length).toBe(2 + 4 * 2);
    const escalations = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'clinical_alert.escalate'), eq(auditEvents.resourceId, id)));
    expect(escalations).toHaveLength(4);
  });

  it('with an empty care team and no department, skips straight to the fallback, saying so', async () => {
    const { id } = await raise({
      source: { type: 'lab_result', id: 'r-lone' },
      patientId: lonePatientId,
      responsible: { staffId: loneDoctor.staffId! },
      escalationDelayMinutes: 5,
    });
    t.clock.advance(5 * MINUTE);
    await sweep();
    expect(await timelineOf(id)).toEqual(
      [
        'raised:0:-',
        `notified:0:${loneDoctor.userId}`,
        'skipped:1:-',
        'skipped:2:-',
        'skipped:3:-',
        `escalated:4:${onCall.userId}`,
        `notified:4:${onCall.userId}`,
      ].sort(),
    );
  });
});

describe('acknowledging', () => {
  it('by someone it escalated to: stored, audited, escalation stops; a second time answers the same; outsiders get 404', async () => {
    const { id } = await raise({ source: { type: 'lab_result', id: 'r-ack' } });
    t.clock.advance(15 * MINUTE);
    await sweep(); // reaches the care-team doctor

    const before = await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.id, id));
    expect((await api(t, 'GET', `/api/v1/clinical-alerts/${id}`, { token: await tokenOf(outsider) })).statusCode).toBe(404);
    const refused = await api(t, 'POST', `/api/v1/clinical-alerts/${id}/acknowledge`, { token: await tokenOf(outsider) });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe('not_found');
    expect(await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.id, id))).toEqual(before);

    const mine = await api(t, 'GET', '/api/v1/clinical-alerts', { token: await tokenOf(teamDoctor) });
    expect(mine.statusCode).toBe(200);
    const item = mine.json().items.find((i: { id: string }) => i.id === id);
    expect(item).toMatchObject({ status: 'open', yourStep: 'care_team_doctors', patient: { name: 'Maria Zeta' }, summary: SUMMARY });

    t.clock.advance(2 * MINUTE);
    const ack = await api(t, 'POST', `/api/v1/clinical-alerts/${id}/acknowledge`, { token: await tokenOf(teamDoctor) });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: { userId: teamDoctor.userId }, nextEscalationAt: null });
    expect(ack.json().timeline.map((e: { type: string }) => e.type)).toContain('acknowledged');
    const [stored] = await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.id, id));
    expect(stored).toMatchObject({ status: 'acknowledged', acknowledgedBy: teamDoctor.userId, acknowledgedAt: t.clock.now() });
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'clinical_alert.acknowledge'), eq(auditEvents.resourceId, id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: teamDoctor.userId, patientId });

    // Again, by the responsible clinician: the same answer, nothing new.
    const again = await api(t, 'POST', `/api/v1/clinical-alerts/${id}/acknowledge`, { token: await tokenOf(responsible) });
    expect(again.statusCode).toBe(200);
    expect(again.json().acknowledgedBy.userId).toBe(teamDoctor.userId);
    expect((await timelineOf(id)).filter((e) => e.startsWith('acknowledged'))).toHaveLength(1);

    // No further escalation.
    const count = (await timelineOf(id)).length;
    t.clock.advance(120 * MINUTE);
    await sweep();
    expect(await timelineOf(id)).toHaveLength(count);

    // The detail read is audited.
    const reads = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'clinical_alert.read'), eq(auditEvents.resourceId, id)));
    expect(reads.length).toBeGreaterThanOrEqual(2);
  });

  it('pages: acknowledging one alert from the list by its own form; the detail shows the timeline; the report for the administrator', async () => {
    const { id } = await raise({ source: { type: 'lab_result', id: 'r-page' } });
    const page = new PageSession(t, await cookieOf(responsible));
    const list = await page.get('/clinical-alerts');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('My clinical alerts');
    expect(list.body).toContain(`action="/clinical-alerts/${id}/acknowledge"`);
    const posted = await page.post(`/clinical-alerts/${id}/acknowledge`, { from: 'list' });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe('/clinical-alerts?done=acknowledged');
    const [row] = await t.db.select().from(clinicalAlerts).where(eq(clinicalAlerts.id, id));
    expect(row).toMatchObject({ status: 'acknowledged', acknowledgedBy: responsible.userId });
    const detail = await page.get(`/clinical-alerts/${id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('Acknowledged by');
    expect(detail.body).not.toContain(`action="/clinical-alerts/${id}/acknowledge"`);
    const report = await t.app.inject({
      method: 'GET',
      url: '/admin/reports/time-to-acknowledge',
      headers: { cookie: await cookieOf(admin) },
    });
    expect(report.statusCode).toBe(200);
  });
});

describe('time to acknowledge', () => {
  it('gives median, p90 and max per kind over local dates, and lists the alerts', async () => {
    t.clock.current = new Date('2026-03-10T08:00:00Z');
    const acknowledgeAfter = async (ref: string, seconds: number | null) => {
      const { id } = await raise({ source: { type: 'lab_result', id: ref } });
      if (seconds === null) return;
      const at = t.clock.now();
      t.clock.current = new Date(at.getTime() + seconds * 1000);
      expect((await api(t, 'POST', `/api/v1/clinical-alerts/${id}/acknowledge`, { token: await tokenOf(responsible) })).statusCode).toBe(
        200,
      );
      t.clock.current = at;
    };
    await acknowledgeAfter('k-1', 60);
    await acknowledgeAfter('k-2', 120);
    await acknowledgeAfter('k-3', 600);
    await acknowledgeAfter('k-4', null);

    const res = await api(t, 'GET', '/api/v1/reports/time-to-acknowledge?from=2026-03-10&to=2026-03-10', { token: await tokenOf(admin) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.kinds.find((k: { kind: string }) => k.kind === 'critical_result')).toEqual({
      kind: 'critical_result',
      raised: 4,
      acknowledged: 3,
      medianSeconds: 120,
      p90Seconds: 504, // 120 + 0.8 × (600 − 120), interpolated
      maxSeconds: 600,
    });
    expect(body.items.map((i: { secondsToAcknowledge: number | null }) => i.secondsToAcknowledge).sort()).toEqual(
      [120, 60, 600, null].sort(),
    );
    const outside = await api(t, 'GET', '/api/v1/reports/time-to-acknowledge?from=2026-03-11&to=2026-03-12', {
      token: await tokenOf(admin),
    });
    expect(outside.json().kinds.every((k: { raised: number }) => k.raised === 0)).toBe(true);
    const bad = await api(t, 'GET', '/api/v1/reports/time-to-acknowledge?from=2026-03-12&to=2026-03-11', { token: await tokenOf(admin) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('from');
    expect((await api(t, 'GET', '/api/v1/reports/time-to-acknowledge', { token: await tokenOf(responsible) })).statusCode).toBe(403);

    // Local dates in the viewer's zone: 23:30 UTC on the 10th is already the 11th in Paris.
    t.clock.current = new Date('2026-03-10T23:30:00Z');
    await raise({ source: { type: 'lab_result', id: 'k-late' } });
    await t.db.update(users).set({ timeZone: 'Europe/Paris' }).where(eq(users.id, admin.userId));
    const paris = async (day: string) =>
      (await api(t, 'GET', `/api/v1/reports/time-to-acknowledge?from=${day}&to=${day}`, { token: await tokenOf(admin) })).json();
    const tenth = await paris('2026-03-10');
    const eleventh = await paris('2026-03-11');
    expect(tenth.timeZone).toBe('Europe/Paris');
    expect(tenth.kinds.find((k: { kind: string }) => k.kind === 'critical_result').raised).toBe(4);
    expect(eleventh.kinds.find((k: { kind: string }) => k.kind === 'critical_result').raised).toBe(1);
  });
});
