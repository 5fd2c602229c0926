import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { appointmentRows, visitTypeId, workEveryDay } from '../appointments/appointments-test-support.js';
import { SHOWN_SLOT_DAYS } from './booking-support.js';

/** The days of free times on a page, in order. */
const daysShown = (body: string) => [...body.matchAll(/<h3 id="day-(\d{4}-\d{2}-\d{2})"/g)].map((m) => m[1]);
/** The "Later times" link, its entities undone. */
const laterLink = (body: string) => /<a href="([^"]+)" id="later-times"/.exec(body)?.[1]?.replaceAll('&amp;', '&');

/**
 * A find-a-time page shows a working week of days with free times, then "Later times" continues the
 * same search from the next day (issue 11: a fortnight of one clinician was some 300 links, 92 KiB).
 */
describe('scheduling: find-a-time pages show free times a few days at a time', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let followUp: string;

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor', givenName: 'Paging', familyName: 'Clinician' });
    await workEveryDay(t.db, doctor.staffId!);
    followUp = await visitTypeId(t.db, 'follow_up');
  });

  it('shows five days of a fortnight, then the next five from the day after, to the same end', async () => {
    expect(SHOWN_SLOT_DAYS).toBe(5);
    const patient = await createAccount(t, { role: 'patient' });
    const page = new PageSession(t, patient.cookie);
    const first = await page.get(`/portal/appointments/book?visitType=${followUp}&staffId=${doctor.staffId}&from=2026-11-28&to=2026-12-11`);
    expect(first.statusCode).toBe(200);
    expect(daysShown(first.body)).toEqual(['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    // One clinician searched: each time is the time alone (the form names the clinician).
    expect(first.body).toContain(`startsAt=${encodeURIComponent('2026-11-28T08:00:00.000Z')}"`);
    expect(first.body).not.toContain('· Paging Clinician');
    const later = laterLink(first.body)!;
    expect(later).toBe(`/portal/appointments/book?visitType=${followUp}&staffId=${doctor.staffId}&from=2026-12-03&to=2026-12-11#times`);

    const second = await page.get(later.replace('#times', ''));
    expect(daysShown(second.body)).toEqual(['2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07']);
    const third = await page.get(laterLink(second.body)!.replace('#times', ''));
    // The last page: the remaining four days, and no link past the end of the search.
    expect(daysShown(third.body)).toEqual(['2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11']);
    expect(laterLink(third.body)).toBeUndefined();
  });

  it('names the clinician on each time when the search spans clinicians', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const page = new PageSession(t, patient.cookie);
    const any = await page.get(`/portal/appointments/book?visitType=${followUp}&from=2026-11-28&to=2026-11-28`);
    expect(any.body).toContain('· Paging Clinician');
    expect(laterLink(any.body)).toBeUndefined();
  });

  it('keeps a reschedule with the same clinician and visit type on its later pages, and moves nothing', async () => {
    const patient = await createAccount(t, { role: 'patient' });
    const page = new PageSession(t, patient.cookie);
    await page.get('/portal/appointments');
    await page.post('/portal/appointments/book', { staffId: doctor.staffId!, visitTypeId: followUp, startsAt: '2026-11-30T09:00:00.000Z' });
    const [original] = await appointmentRows(t.db, { patientId: patient.patientId! });

    const search = await page.get(`/portal/appointments/${original!.id}/reschedule`);
    // The default search is a fortnight from today (2026-11-27): five of its days are shown.
    expect(daysShown(search.body)).toHaveLength(SHOWN_SLOT_DAYS);
    const later = laterLink(search.body)!;
    expect(later).toBe(
      `/portal/appointments/${original!.id}/reschedule?visitType=${followUp}&staffId=${doctor.staffId}&from=2026-12-02&to=2026-12-10#times`,
    );
    const next = await page.get(later.replace('#times', ''));
    expect(daysShown(next.body)[0]).toBe('2026-12-02');
    expect(next.body).toContain(`reschedule/confirm?staffId=${doctor.staffId}`);
    // Paging is reading: the appointment is where it was.
    expect((await appointmentRows(t.db, { patientId: patient.patientId! })).map((a) => a.startsAt.toISOString())).toEqual([
      '2026-11-30T09:00:00.000Z',
    ]);
  });
});
