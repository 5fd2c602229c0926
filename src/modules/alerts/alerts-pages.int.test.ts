import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { departments, staffProfiles } from '../staff/index.js';
import { alertRecipients, alerts } from './alerts.tables.js';

describe('alerts: pages', () => {
  const t = useTestApp();
  let admin: TestAccount;
  let nurse: TestAccount;
  let patient: TestAccount;
  let ward: string;

  beforeAll(async () => {
    const [dept] = await t.db
      .insert(departments)
      .values({ code: 'WARD-P', name: 'Ward P', createdAt: t.clock.now() })
      .returning({ id: departments.id });
    ward = dept!.id;
    admin = await createAccount(t, { role: 'admin' });
    nurse = await createAccount(t, { role: 'nurse', givenName: 'Pia', familyName: 'Pagetest' });
    await t.db.update(staffProfiles).set({ departmentId: ward }).where(eq(staffProfiles.userId, nurse.userId));
    patient = await createAccount(t, { role: 'patient' });
  });

  const fields = (extra: Record<string, string | string[]> = {}) => ({
    type: 'code_red',
    severity: 'critical',
    message: 'Smoke in the linen room',
    location: 'Level 2',
    audience: 'department',
    departmentId: ward,
    role: '',
    ...extra,
  });

  it('re-renders the form with field errors', async () => {
    const page = new PageSession(t, admin.cookie);
    const form = await page.get('/alerts/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="message"');
    expect(form.body).toContain('Ward P');
    const res = await page.post('/alerts', fields({ message: '', audience: 'role' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-role-error"');
    expect(res.body).toContain('field--invalid');
    expect(await t.db.select().from(alerts)).toHaveLength(0);
  });

  it('asks to confirm a critical alert before sending it, then sends it', async () => {
    const page = new PageSession(t, admin.cookie);
    await page.get('/alerts/new');
    const confirm = await page.post('/alerts', fields({ channels: ['email'] }));
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('name="confirmed" value="true"');
    expect(confirm.body).toContain('goes to 1 people');
    expect(await t.db.select().from(alerts)).toHaveLength(0);

    const sent = await page.post('/alerts', fields({ channels: ['email'], confirmed: 'true' }));
    expect(sent.statusCode).toBe(303);
    const [row] = await t.db.select().from(alerts);
    expect(row).toMatchObject({
      type: 'code_red',
      severity: 'critical',
      departmentId: ward,
      audienceRole: null,
      channels: ['email'],
      sentBy: admin.userId,
    });
    expect(sent.headers.location).toBe(`/alerts/${row!.id}?done=sent`);

    const detail = await page.get(`/alerts/${row!.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain(`hx-get="/alerts/${row!.id}/acknowledgements"`);
    expect(detail.body).toContain('Pia Pagetest');
    expect(detail.body).toContain('Smoke in the linen room');
  });

  it('sends a non-critical alert at once', async () => {
    const page = new PageSession(t, admin.cookie);
    await page.get('/alerts/new');
    const res = await page.post(
      '/alerts',
      fields({ severity: 'info', type: 'weather', message: 'Snow tonight', audience: 'everyone', departmentId: ward }),
    );
    expect(res.statusCode).toBe(303);
    const [row] = await t.db.select().from(alerts).where(eq(alerts.message, 'Snow tonight'));
    // The department select posts a value whatever the audience: only the chosen audience counts.
    expect(row).toMatchObject({ audience: 'everyone', departmentId: null });
  });

  it('lets a recipient acknowledge from the page; the sender sees it in the refreshed lists', async () => {
    const [row] = await t.db.select().from(alerts).where(eq(alerts.type, 'code_red'));
    const nursePage = new PageSession(t, nurse.cookie);
    const list = await nursePage.get('/alerts');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/alerts/${row!.id}"`);
    expect(list.body).not.toContain('href="/alerts/new"');
    expect(list.body).toContain('href="/alerts"');
    const detail = await nursePage.get(`/alerts/${row!.id}`);
    expect(detail.body).toContain(`action="/alerts/${row!.id}/acknowledge"`);
    expect(detail.body).not.toContain('id="alert-acknowledgements"');
    const ack = await nursePage.post(`/alerts/${row!.id}/acknowledge`, {});
    expect(ack.statusCode).toBe(303);
    const [recipient] = await t.db
      .select()
      .from(alertRecipients)
      .where(and(eq(alertRecipients.alertId, row!.id), eq(alertRecipients.userId, nurse.userId)));
    expect(recipient!.acknowledgedAt).not.toBeNull();

    const fragment = await new PageSession(t, admin.cookie).get(`/alerts/${row!.id}/acknowledgements`);
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).not.toContain('<html');
    expect(fragment.body).toMatch(/id="acknowledged"[\s\S]*Pia Pagetest[\s\S]*id="pending"/);
    expect((await nursePage.get(`/alerts/${row!.id}/acknowledgements`)).statusCode).toBe(404);
  });

  it('keeps the broadcast form from non-broadcasters and alerts from patients', async () => {
    expect((await new PageSession(t, nurse.cookie).get('/alerts/new')).statusCode).toBe(403);
    expect((await new PageSession(t, patient.cookie).get('/alerts')).statusCode).toBe(403);
    const portal = await new PageSession(t, patient.cookie).get('/portal');
    expect(portal.body).not.toContain('href="/alerts"');
  });
});
