import { desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { events } from '../../platform/events/events.tables.js';
import { departments, staffProfiles } from '../staff/index.js';
import { api, useTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { alertRecipients, alerts } from './alerts.tables.js';

async function department(t: TestApp, code: string): Promise<{ id: string; name: string }> {
  const [row] = await t.db
    .insert(departments)
    .values({ code, name: `Ward ${code}`, createdAt: t.clock.now() })
    .returning({ id: departments.id, name: departments.name });
  return row!;
}

describe('alerts: code blue from any clinician', () => {
  const t = useTestApp();
  let icu: { id: string; name: string };
  let empty: { id: string; name: string };
  let nurse: TestAccount;
  let doctor: TestAccount;
  let receptionist: TestAccount;
  let admin: TestAccount;
  let elsewhere: TestAccount;

  const staffIn = async (role: 'nurse' | 'doctor' | 'receptionist' | 'admin', departmentId: string) => {
    const account = await createAccount(t, { role });
    await t.db.update(staffProfiles).set({ departmentId }).where(eq(staffProfiles.userId, account.userId));
    return account;
  };
  const recipientsOf = async (alertId: string) =>
    (await t.db.select().from(alertRecipients).where(eq(alertRecipients.alertId, alertId))).map((r) => r.userId).sort();

  beforeAll(async () => {
    icu = await department(t, 'ICU-CB');
    empty = await department(t, 'EMPTY-CB');
    const other = await department(t, 'OTHER-CB');
    nurse = await staffIn('nurse', icu.id);
    doctor = await staffIn('doctor', icu.id);
    receptionist = await staffIn('receptionist', icu.id);
    admin = await staffIn('admin', icu.id);
    elsewhere = await staffIn('doctor', other.id);
  });

  it('a nurse calls a code blue: critical, to the clinical staff of the department only, audited', async () => {
    const res = await api(t, 'POST', '/api/v1/alerts/code-blue', {
      token: nurse.token,
      body: { departmentId: icu.id, location: 'Bed 4' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ type: 'code_blue', severity: 'critical', location: 'Bed 4', audience: 'department' });
    expect(res.json().message).toBe('Medical emergency: resuscitation team needed');
    // The team: doctor and nurse of the ICU; not the receptionist or administrator there, not the doctor elsewhere.
    expect(await recipientsOf(res.json().id)).toEqual([nurse.userId, doctor.userId].sort());
    const [event] = await t.db.select().from(events).where(eq(events.type, 'alert.broadcast')).orderBy(desc(events.id)).limit(1);
    expect([...event!.userIds].sort()).toEqual([nurse.userId, doctor.userId].sort());
    expect(event!.departmentIds).toEqual([]);
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'alert.code_blue'));
    expect(audit).toMatchObject({ actorUserId: nurse.userId, resourceId: res.json().id });
    expect(audit!.detail).toMatchObject({ hospitalWide: false, recipients: 2 });
    expect(elsewhere.userId).not.toBe(doctor.userId);
  });

  it('the same nurse cannot broadcast an evacuation (ALERTS_BROADCAST_ROLES governs every other type)', async () => {
    const res = await api(t, 'POST', '/api/v1/alerts', {
      token: nurse.token,
      body: { type: 'evacuation', severity: 'critical', message: 'Leave now', audience: 'everyone' },
    });
    expect(res.statusCode).toBe(403);
    const page = await new PageSession(t, nurse.cookie).get('/alerts/new');
    expect(page.statusCode).toBe(403);
  });

  it('a receptionist cannot call a code blue and sees no button', async () => {
    const res = await api(t, 'POST', '/api/v1/alerts/code-blue', {
      token: receptionist.token,
      body: { departmentId: icu.id, location: 'Front desk' },
    });
    expect(res.statusCode).toBe(403);
    const home = await new PageSession(t, receptionist.cookie).get('/alerts');
    expect(home.body).not.toContain('/alerts/code-blue');
  });

  it('requires the location; a department without a team reaches the team hospital-wide', async () => {
    const missing = await api(t, 'POST', '/api/v1/alerts/code-blue', { token: doctor.token, body: { departmentId: icu.id } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { path: string }) => e.path)).toContain('location');
    const res = await api(t, 'POST', '/api/v1/alerts/code-blue', {
      token: doctor.token,
      body: { departmentId: empty.id, location: 'Corridor B', message: 'Collapsed visitor' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ audience: 'everyone', message: 'Collapsed visitor' });
    const recipients = await recipientsOf(res.json().id);
    expect(recipients).toEqual(expect.arrayContaining([nurse.userId, doctor.userId, elsewhere.userId]));
    expect(recipients).not.toContain(receptionist.userId);
    expect(recipients).not.toContain(admin.userId);
  });

  it('the header button opens a short form filled with the caller’s department, which sends the alert', async () => {
    const session = new PageSession(t, nurse.cookie);
    const anyPage = await session.get('/alerts');
    expect(anyPage.body).toContain('href="/alerts/code-blue"');
    const form = await session.get('/alerts/code-blue');
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(new RegExp(`<option value="${icu.id}" selected`));
    expect(form.body).toContain(`value="${icu.name}"`);
    const refused = await session.post('/alerts/code-blue', { departmentId: icu.id, location: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Say where: ward, room or bed');
    const sent = await session.post('/alerts/code-blue', { departmentId: icu.id, location: 'Room 12' });
    expect(sent.statusCode).toBe(303);
    const [row] = await t.db.select().from(alerts).where(eq(alerts.location, 'Room 12'));
    expect(row).toMatchObject({ type: 'code_blue', severity: 'critical', sentBy: nurse.userId });
    expect(sent.headers.location).toBe(`/alerts/${row!.id}?done=sent`);
  });

  it('the broadcast form has no default type and says so when none is chosen', async () => {
    const session = new PageSession(t, admin.cookie);
    const form = await session.get('/alerts/new');
    expect(form.body).toMatch(/<select[^>]*name="type"[^>]*>\s*<option value(="")?>Choose/);
    const res = await session.post('/alerts', { severity: 'info', message: 'Test', audience: 'everyone' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Choose the alert type');
    const api400 = await api(t, 'POST', '/api/v1/alerts', {
      token: admin.token,
      body: { severity: 'info', message: 'Test', audience: 'everyone' },
    });
    expect(api400.statusCode).toBe(400);
    expect(api400.json().errors).toContainEqual(expect.objectContaining({ path: 'type', message: 'Choose the alert type' }));
  });

  it('reads the team roles from ALERTS_CODE_BLUE_TEAM_ROLES (default: the clinical roles)', async () => {
    const { loadConfig } = await import('../../platform/config.js');
    expect(loadConfig({}).alertsCodeBlueTeamRoles).toEqual([
      'doctor',
      'nurse',
      'pharmacist',
      'lab_technician',
      'radiologist',
      'radiographer',
      'paramedic',
    ]);
    expect(loadConfig({ ALERTS_CODE_BLUE_TEAM_ROLES: 'doctor, nurse' }).alertsCodeBlueTeamRoles).toEqual(['doctor', 'nurse']);
    expect(() => loadConfig({ ALERTS_CODE_BLUE_TEAM_ROLES: 'janitor' })).toThrow(/ALERTS_CODE_BLUE_TEAM_ROLES/);
  });
});
