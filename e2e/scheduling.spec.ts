import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/**
 * Issue 4's journey: the demo patient books the first available cardiology slot, finds the
 * confirmation in the notification centre and (as the administrator sees it) in the outbox,
 * moves the appointment to another time, and the doctor's calendar shows the change.
 */
const CARDIOLOGISTS: Record<string, string> = { 'Amira Haddad': 'doctor@carewell.test', 'Lucas Moreno': 'doctor2@carewell.test' };

/** The UTC date of an instant (demo hours are 09:00–17:00 in Paris: the same date in UTC). */
const dateOf = (iso: string) => iso.slice(0, 10);

async function startsAtOf(page: Page): Promise<string> {
  const value = new URL(page.url()).searchParams.get('startsAt');
  expect(value).toBeTruthy();
  return new Date(value!).toISOString();
}

test('a patient books the first available cardiology slot, is told, reschedules, and the doctor’s calendar follows', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const patient = await (await browser.newContext()).newPage();
  await signIn(patient, 'patient@carewell.test', DEMO_PASSWORD);

  // My appointments, from the navigation.
  await patient.getByRole('link', { name: 'Appointments', exact: true }).click();
  await expect(patient).toHaveURL(/\/portal\/appointments$/);
  await expectAccessible(patient);
  await patient.locator('main').getByRole('link', { name: 'Book an appointment' }).first().click();
  await expect(patient).toHaveURL(/\/portal\/appointments\/book$/);
  await expectAccessible(patient);

  // Cardiology, a new-patient visit, the first available time.
  await patient.locator('#f-specialty').selectOption({ label: 'Cardiology' });
  await patient.locator('#f-visitType').selectOption({ label: 'New patient (30 min)' });
  // From three days on: a visit inside the 24-hour cut-off could not be moved online afterwards.
  await patient.locator('#f-from').fill(dateOf(new Date(Date.now() + 3 * 86_400_000).toISOString()));
  await patient.locator('#show-times').click();
  await expect(patient.locator('#slots')).toBeVisible();
  await expectAccessible(patient);
  await patient.locator('#first-available').click();
  await expect(patient).toHaveURL(/\/portal\/appointments\/book\/confirm\?/);
  await expectAccessible(patient);
  const firstStart = await startsAtOf(patient);
  const clinicianName = (await patient.locator('#confirm dd').nth(2).textContent())!.replace(/^Dr\.\s*/, '').trim();
  const doctorEmail = CARDIOLOGISTS[clinicianName];
  expect(doctorEmail, `a demo cardiologist: ${clinicianName}`).toBeTruthy();
  await patient.locator('#f-reason').fill('Palpitations in the evening');
  await patient.locator('#confirm-button').click();
  await expect(patient).toHaveURL(/\/portal\/appointments\?booked=[0-9a-f-]{36}$/);
  const bookedId = new URL(patient.url()).searchParams.get('booked')!;
  await expect(patient.getByRole('status').filter({ hasText: 'Your appointment is booked.' })).toBeVisible();
  await expectAccessible(patient);

  // The confirmation, in the notification centre.
  await patient.goto('/notifications');
  await expect(patient.locator('main')).toContainText('Appointment confirmed');
  await expectAccessible(patient);

  // Move it to another time with the same clinician. This one, by its id: on a Friday evening the
  // records journey has already booked Maria's follow-up earlier the same Monday.
  await patient.goto('/portal/appointments');
  await patient.locator(`#upcoming a[href="/portal/appointments/${bookedId}/reschedule"]`).click();
  await expect(patient).toHaveURL(/\/reschedule$/);
  await expectAccessible(patient);
  const slots = patient.locator('#slots a.slot');
  await expect(slots.first()).toBeVisible();
  await slots.nth(3).click();
  await expect(patient).toHaveURL(/\/reschedule\/confirm\?/);
  await expectAccessible(patient);
  const newStart = await startsAtOf(patient);
  expect(newStart).not.toBe(firstStart);
  await patient.locator('#confirm-button').click();
  await expect(patient).toHaveURL(/\/portal\/appointments\?rescheduled=[0-9a-f-]{36}$/);
  await expect(patient.getByRole('status').filter({ hasText: 'Your appointment has been moved.' })).toBeVisible();
  await expectAccessible(patient);

  // The administrator finds the confirmation in the outbox.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
  await admin.goto('/admin/outbox');
  await expect(admin.locator('tr', { hasText: 'patient@carewell.test' }).first()).toBeVisible();
  await expectAccessible(admin);

  // The doctor's calendar: the new time is there, the old one is gone.
  const doctor = await (await browser.newContext()).newPage();
  await signIn(doctor, doctorEmail!, DEMO_PASSWORD, DEMO_TOTP_SECRET);
  await doctor.getByRole('link', { name: 'My calendar' }).click();
  await expect(doctor).toHaveURL(/\/staff\/calendar$/);
  await expectAccessible(doctor);
  await doctor.goto(`/staff/calendar?date=${dateOf(newStart)}&view=week`);
  await expect(doctor.locator(`tr[data-starts-at="${newStart}"]`)).toContainText('Maria Santos');
  await expectAccessible(doctor);
  await doctor.goto(`/staff/calendar?date=${dateOf(firstStart)}&view=day`);
  await expect(doctor.locator(`tr[data-starts-at="${firstStart}"]`)).toHaveCount(0);
  await expectAccessible(doctor);
});
