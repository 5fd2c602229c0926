import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { patients } from '../../patients/index.js';
import { specialties, staffProfiles, staffSpecialties } from '../../staff/index.js';
import { visitTypeId, workEveryDay } from '../appointments/appointments-test-support.js';

/**
 * Minimum notice (BOOKING_MIN_NOTICE_MINUTES, 120 here), the cut-off warning before confirming,
 * and "first available" through the scored automatic assignment with its reasons in words.
 * The clock is 2026-11-27 09:00 UTC; both doctors work 08:00–18:00 UTC every day.
 */
describe('booking: minimum notice, cut-off warning, scored first available', () => {
  const t = useTestApp({ env: { BOOKING_MIN_NOTICE_MINUTES: '120' } });
  let plain: TestAccount;
  let arabic: TestAccount;
  let patient: TestAccount;
  let followUp: string;
  let specialtyId: string;

  beforeAll(async () => {
    plain = await createAccount(t, { role: 'doctor', givenName: 'Paul', familyName: 'Notice' });
    arabic = await createAccount(t, { role: 'doctor', givenName: 'Samir', familyName: 'Notice' });
    await workEveryDay(t.db, plain.staffId!);
    await workEveryDay(t.db, arabic.staffId!);
    await t.db
      .update(staffProfiles)
      .set({ languages: ['en', 'ar'] })
      .where(eq(staffProfiles.id, arabic.staffId!));
    followUp = await visitTypeId(t.db, 'follow_up');
    const [specialty] = await t.db
      .insert(specialties)
      .values({ code: 'notice-cardio', name: 'Cardiology (notice test)', createdAt: t.clock.now() })
      .returning();
    specialtyId = specialty!.id;
    await t.db.insert(staffSpecialties).values([
      { staffId: plain.staffId!, specialtyId },
      { staffId: arabic.staffId!, specialtyId },
    ]);
    patient = await createAccount(t, { role: 'patient' });
    await t.db.update(patients).set({ preferredLanguage: 'ar' }).where(eq(patients.id, patient.patientId!));
  });

  it('never offers a slot inside the minimum notice: the search and the automatic assignment start at now + 2 h', async () => {
    const res = await api(t, 'GET', `/api/v1/slots?visitType=${followUp}&from=2026-11-27&to=2026-11-27&staffId=${plain.staffId}`, {
      token: patient.token,
    });
    expect(res.statusCode).toBe(200);
    const starts = res.json<{ items: { startsAt: string }[] }>().items.map((s) => s.startsAt);
    expect(starts[0]).toBe('2026-11-27T11:00:00.000Z');
    expect(starts.every((s) => s >= '2026-11-27T11:00:00.000Z')).toBe(true);

    const assigned = await api(t, 'POST', '/api/v1/appointments/auto-assign', {
      token: patient.token,
      body: { specialtyId, visitTypeId: followUp },
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json<{ startsAt: string }>().startsAt).toBe('2026-11-27T11:00:00.000Z');

    // A time inside the notice cannot be confirmed from a hand-made link either.
    const page = new PageSession(t, patient.cookie);
    const inside = await page.get(
      `/portal/appointments/book/confirm?staffId=${plain.staffId}&visitType=${followUp}&startsAt=${encodeURIComponent('2026-11-27T10:00:00.000Z')}`,
    );
    expect(inside.body).not.toContain('id="confirm-button"');
  });

  it('says before confirming when the change cut-off already applies, and only then', async () => {
    const page = new PageSession(t, patient.cookie);
    const confirmUrl = (startsAt: string) =>
      `/portal/appointments/book/confirm?staffId=${plain.staffId}&visitType=${followUp}&startsAt=${encodeURIComponent(startsAt)}`;
    const soon = await page.get(confirmUrl('2026-11-27T15:00:00.000Z'));
    expect(soon.statusCode).toBe(200);
    expect(soon.body).toContain('This appointment starts within 24 hours: you will not be able to reschedule or cancel it online.');
    const later = await page.get(confirmUrl('2026-11-30T15:00:00.000Z'));
    expect(later.statusCode).toBe(200);
    expect(later.body).toContain('id="confirm-button"');
    expect(later.body).not.toContain('id="cutoff-warning"');
  });

  it('first available on the patient and front-desk pages is the scored choice, with its reasons in words', async () => {
    const query = `specialty=${specialtyId}&visitType=${followUp}&first=1`;
    const mine = await new PageSession(t, patient.cookie).get(`/portal/appointments/book?${query}`);
    expect(mine.statusCode).toBe(303);
    const location = mine.headers.location as string;
    // Both are free at 11:00; the one who speaks the patient's language wins.
    expect(location).toContain(`staffId=${arabic.staffId}`);
    expect(location).toContain('why=earliest%2Clanguage');
    const confirm = await new PageSession(t, patient.cookie).get(location);
    expect(confirm.body).toContain('Why this time');
    expect(confirm.body).toContain('<li>earliest available</li>');
    expect(confirm.body).toContain('<li>speaks Arabic</li>');

    const receptionist = await createAccount(t, { role: 'receptionist' });
    const desk = new PageSession(t, receptionist.cookie);
    const chosen = await desk.get(`/staff/schedule/book?patientId=${patient.patientId}&${query}`);
    expect(chosen.statusCode).toBe(303);
    const deskLocation = chosen.headers.location as string;
    expect(deskLocation).toContain(`staffId=${arabic.staffId}`);
    const deskConfirm = await desk.get(deskLocation);
    expect(deskConfirm.statusCode).toBe(200);
    expect(deskConfirm.body).toContain('<li>speaks Arabic</li>');

    // A hand-made code is never shown.
    const forged = await desk.get(deskLocation.replace('why=earliest%2Clanguage', 'why=earliest%2Cbogus_code'));
    expect(forged.body).not.toContain('bogus_code');
  });
});
