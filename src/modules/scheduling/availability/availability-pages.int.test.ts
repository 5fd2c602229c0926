import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/helpers/app.js';
import { createAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { availabilityExceptions, availabilityRules, visitTypes } from './scheduling.tables.js';

describe('scheduling: the availability editor page', () => {
  const t = useTestApp();

  it('shows a clinician their week, adds and removes hours, and re-renders errors beside the fields', async () => {
    const doctor = await createAccount(t, { role: 'doctor', givenName: 'Amira' });
    await t.db.update(users).set({ timeZone: 'Europe/Paris' }).where(eq(users.id, doctor.userId));
    const page = new PageSession(t, doctor.cookie);
    const empty = await page.get('/staff/availability');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Weekly working hours');
    expect(empty.body).toContain('Europe/Paris');

    const [followUp] = await t.db.select().from(visitTypes).where(eq(visitTypes.code, 'follow_up'));
    const added = await page.post('/staff/availability/rules', {
      weekday: '2',
      startTime: '09:00',
      endTime: '12:30',
      validFrom: '2026-12-01',
      timeZone: 'Europe/Paris',
      visitTypeIds: followUp!.id,
    });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/staff/availability?staffId=${doctor.staffId}`);
    const [rule] = await t.db.select().from(availabilityRules).where(eq(availabilityRules.staffId, doctor.staffId!));
    expect(rule).toMatchObject({
      weekday: 2,
      startTime: '09:00:00',
      endTime: '12:30:00',
      timeZone: 'Europe/Paris',
      visitTypeIds: [followUp!.id],
    });
    const shown = await page.get('/staff/availability');
    expect(shown.body).toContain('09:00–12:30');

    const invalid = await page.post('/staff/availability/rules', {
      weekday: '3',
      startTime: '14:00',
      endTime: '13:00',
      validFrom: '2026-12-01',
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('field-error');
    expect(invalid.body).toContain('The end time must be after the start time.');
    const overlap = await page.post('/staff/availability/rules', {
      weekday: '2',
      startTime: '12:00',
      endTime: '13:00',
      validFrom: '2026-12-01',
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.body).toContain('overlap');
    expect(await t.db.select().from(availabilityRules).where(eq(availabilityRules.staffId, doctor.staffId!))).toHaveLength(1);

    await page.get('/staff/availability');
    const removed = await page.post(`/staff/availability/rules/${rule!.id}/remove?staffId=${doctor.staffId}`, {});
    expect(removed.statusCode).toBe(303);
    expect(await t.db.select().from(availabilityRules).where(eq(availabilityRules.staffId, doctor.staffId!))).toHaveLength(0);
  });

  it('takes leave in the clinician’s local time and removes it', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    await t.db.update(users).set({ timeZone: 'America/New_York' }).where(eq(users.id, doctor.userId));
    const page = new PageSession(t, doctor.cookie);
    await page.get('/staff/availability');
    const added = await page.post('/staff/availability/exceptions', {
      kind: 'unavailable',
      startsAt: '2026-12-24T08:00',
      endsAt: '2026-12-24T17:00',
      reason: 'Holiday',
    });
    expect(added.statusCode).toBe(303);
    const [row] = await t.db.select().from(availabilityExceptions).where(eq(availabilityExceptions.staffId, doctor.staffId!));
    expect(row).toMatchObject({
      kind: 'unavailable',
      startsAt: new Date('2026-12-24T13:00:00Z'),
      endsAt: new Date('2026-12-24T22:00:00Z'),
      timeZone: 'America/New_York',
      reason: 'Holiday',
    });
    const listed = await page.get('/staff/availability');
    expect(listed.body).toContain('Holiday');
    const bad = await page.post('/staff/availability/exceptions', {
      kind: 'unavailable',
      startsAt: '2026-12-24T08:00',
      endsAt: '2026-12-24T07:00',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The end must be after the start.');
    await page.get('/staff/availability');
    expect((await page.post(`/staff/availability/exceptions/${row!.id}/remove`, {})).statusCode).toBe(303);
    expect(await t.db.select().from(availabilityExceptions).where(eq(availabilityExceptions.staffId, doctor.staffId!))).toHaveLength(0);
  });

  it('lets an administrator edit another clinician’s hours, and refuses that to a colleague', async () => {
    const admin = await createAccount(t, { role: 'admin' });
    const doctor = await createAccount(t, { role: 'doctor' });
    const colleague = await createAccount(t, { role: 'doctor' });
    const adminPage = new PageSession(t, admin.cookie);
    const view = await adminPage.get(`/staff/availability?staffId=${doctor.staffId}`);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('name="staffId"');
    const added = await adminPage.post(`/staff/availability/rules?staffId=${doctor.staffId}`, {
      weekday: '1',
      startTime: '08:00',
      endTime: '10:00',
      validFrom: '2026-12-01',
    });
    expect(added.statusCode).toBe(303);
    expect(await t.db.select().from(availabilityRules).where(eq(availabilityRules.staffId, doctor.staffId!))).toHaveLength(1);

    const colleaguePage = new PageSession(t, colleague.cookie);
    expect((await colleaguePage.get(`/staff/availability?staffId=${doctor.staffId}`)).statusCode).toBe(403);
    await colleaguePage.get('/staff/availability');
    const refused = await colleaguePage.post(`/staff/availability/rules?staffId=${doctor.staffId}`, {
      weekday: '2',
      startTime: '08:00',
      endTime: '10:00',
      validFrom: '2026-12-01',
    });
    expect(refused.statusCode).toBe(403);
    expect(await t.db.select().from(availabilityRules).where(eq(availabilityRules.staffId, doctor.staffId!))).toHaveLength(1);
  });

  it('renders in Arabic, right to left', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    await t.db.update(users).set({ locale: 'ar' }).where(eq(users.id, doctor.userId));
    const page = new PageSession(t, doctor.cookie);
    const res = await page.get('/staff/availability');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('dir="rtl"');
    expect(res.body).toContain('ساعات العمل الأسبوعية');
  });
});
