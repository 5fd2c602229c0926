import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { pdfText } from '../../../test/helpers/pdf.js';
import { users } from '../../platform/auth/auth.tables.js';
import { bookAs, notificationsOf, openClinic, outboxOf } from './reminders/reminders-test-support.js';

/**
 * One clock (issue 10, docs/time.md): the same appointment, 2026-12-01 09:00–09:15 UTC, seen by
 * viewers in different zones on every surface. Each viewer sees their own zone's wall time, named;
 * an account without a zone sees the hospital's (HOSPITAL_TIME_ZONE, Asia/Tokyo here).
 */
describe('one clock: every time in the viewer’s zone, named', () => {
  const t = useTestApp({ env: { HOSPITAL_TIME_ZONE: 'Asia/Tokyo' } });
  const setZone = (who: TestAccount, zone: string | null) => t.db.update(users).set({ timeZone: zone }).where(eq(users.id, who.userId));
  const startsAt = '2026-12-01T09:00:00Z';

  it('pages: the patient’s list, the clinician’s calendar and the front desk’s board each show their viewer’s zone', async () => {
    const { doctor, followUp } = await openClinic(t); // the doctor's account zone: Europe/Paris
    const patient = await createAccount(t, { role: 'patient' });
    const receptionist = await createAccount(t, { role: 'receptionist' });
    await setZone(patient, 'America/New_York');
    await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt });

    const portal = await new PageSession(t, patient.cookie).get('/portal/appointments');
    expect(portal.statusCode).toBe(200);
    expect(portal.body).toContain('4:00 AM–4:15 AM (America/New_York)');
    expect(portal.body).not.toContain('10:00 AM');

    const calendar = await new PageSession(t, doctor.cookie).get('/staff/calendar?date=2026-12-01&view=day');
    expect(calendar.statusCode).toBe(200);
    expect(calendar.body).toContain('Europe/Paris');
    expect(calendar.body).toMatch(/10:00 AM<\/time>/);

    // The receptionist never chose a zone: the hospital's.
    const board = await new PageSession(t, receptionist.cookie).get('/staff/schedule?date=2026-12-01');
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('Asia/Tokyo');
    expect(board.body).toContain('6:00 PM');
    expect(board.body).not.toContain('America/New_York');

    // The same patient moving to another zone sees the same appointment at that zone's time.
    await setZone(patient, 'Europe/Paris');
    const again = await new PageSession(t, patient.cookie).get('/portal/appointments');
    expect(again.body).toContain('10:00 AM–10:15 AM (Europe/Paris)');
  });

  it('notifications and e-mails: in the recipient’s zone, never the clinician’s', async () => {
    const { doctor, followUp } = await openClinic(t, { givenName: 'Nadia', familyName: 'Clock' });
    const paris = await createAccount(t, { role: 'patient' });
    const tokyo = await createAccount(t, { role: 'patient' });
    await setZone(paris, 'Europe/Paris');
    await setZone(tokyo, null);
    await bookAs(t, paris, { staffId: doctor.staffId, visitTypeId: followUp, startsAt });
    await bookAs(t, tokyo, { staffId: doctor.staffId, visitTypeId: followUp, startsAt: '2026-12-01T09:15:00Z' });

    const [parisNotice] = await notificationsOf(t, paris.userId, 'scheduling.notice_booked');
    expect(parisNotice!.body).toContain('Tuesday, December 1, 2026 at 10:00 AM (Europe/Paris)');
    const [tokyoNotice] = await notificationsOf(t, tokyo.userId, 'scheduling.notice_booked');
    expect(tokyoNotice!.body).toContain('Tuesday, December 1, 2026 at 6:15 PM (Asia/Tokyo)');

    const parisMail = (await outboxOf(t, paris.userId, 'scheduling.notice_booked')).find((m) => m.channel === 'email');
    expect(parisMail!.text).toContain('10:00 AM (Europe/Paris)');
    const tokyoMail = (await outboxOf(t, tokyo.userId, 'scheduling.notice_booked')).find((m) => m.channel === 'email');
    expect(tokyoMail!.text).toContain('6:15 PM (Asia/Tokyo)');
  });

  it('ICS: the instant in UTC for every viewer, so each calendar app shows its own local time', async () => {
    const { doctor, followUp } = await openClinic(t, { givenName: 'Ina', familyName: 'Calendar' });
    const patient = await createAccount(t, { role: 'patient' });
    await setZone(patient, 'America/New_York');
    const booked = await bookAs(t, patient, { staffId: doctor.staffId, visitTypeId: followUp, startsAt });
    for (const viewer of [patient, doctor]) {
      const ics = await api(t, 'GET', `/api/v1/appointments/${booked.id}/calendar.ics`, { token: viewer.token });
      expect(ics.statusCode).toBe(200);
      expect(ics.body).toContain('DTSTART:20261201T090000Z');
      expect(ics.body).toContain('DTEND:20261201T091500Z');
      expect(ics.body).not.toMatch(/DTSTART;TZID|DTSTART:\d{8}T\d{6}\r/);
    }
  });

  it('PDF: the health record’s export time is in the reader’s zone, named', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    await setZone(patient, 'Europe/Paris');
    const inParis = await pdfText((await new PageSession(t, patient.cookie).get('/portal/health-record.pdf')).rawPayload);
    expect(inParis.text).toContain('10:00 AM (Europe/Paris)');
    await setZone(patient, null);
    const inTokyo = await pdfText((await new PageSession(t, patient.cookie).get('/portal/health-record.pdf')).rawPayload);
    expect(inTokyo.text).toContain('6:00 PM (Asia/Tokyo)');
  });

  it('/account: a person chooses their zone, or goes back to the hospital’s', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const page = new PageSession(t, patient.cookie);
    const account = await page.get('/account');
    expect(account.body).toContain('The hospital’s zone (Asia/Tokyo)'.replace('’', "'"));
    const saved = await page.post('/account/time-zone', { timeZone: 'America/New_York' });
    expect(saved.statusCode).toBe(303);
    const [row] = await t.db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, patient.userId));
    expect(row!.timeZone).toBe('America/New_York');
    expect((await page.post('/account/time-zone', { timeZone: 'Mars/Base' })).statusCode).toBe(400);
    await page.post('/account/time-zone', { timeZone: '' });
    const [after] = await t.db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, patient.userId));
    expect(after!.timeZone).toBeNull();
  });
});
