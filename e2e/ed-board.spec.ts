import { expect, test } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/**
 * Issue 17, the emergency department (docs/emergency.md): the ED nurse registers an unidentified
 * walk-in and triages it at level 2; the ED doctor's open board shows it among the critical
 * patients without a reload, with its time waiting; the doctor marks it seen; the nurse calls a
 * code blue from the board with the department as the location. Uses only the demo's ED accounts
 * and a patient it creates (the demo's own ED walk-ins stay as seeded).
 */
test('ED board: an unidentified walk-in is registered, triaged, seen live, and a code blue is called from the board', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const nurse = await (await browser.newContext({ baseURL })).newPage();
  const doctor = await (await browser.newContext({ baseURL })).newPage();
  await signIn(nurse, 'ednurse@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
  await signIn(doctor, 'eddoctor@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);

  // The doctor keeps the board open; a marker on the window proves it is never reloaded.
  await doctor.goto('/staff/ed');
  await expect(doctor.locator('#ed-board')).toBeVisible();
  await expect(doctor.locator('#ed-critical')).toContainText('Thomas Girard');
  await expectAccessible(doctor);
  await doctor.evaluate(() => Object.assign(window, { edBoardNotReloaded: true }));

  // The nurse registers an unknown man of about 40 from the board.
  const complaint = `Found confused at the bus stop ${Date.now().toString(36)}`;
  await nurse.goto('/staff/ed');
  await nurse.getByRole('link', { name: 'Register an arrival' }).click();
  await expect(nurse).toHaveURL(/\/staff\/ed\/arrivals\/new$/);
  await expectAccessible(nurse);
  await nurse.locator('#f-unidentified').check();
  await nurse.locator('#f-sex').selectOption('male');
  await nurse.locator('#f-approximateAge').fill('40');
  await nurse.locator('#f-chiefComplaint').fill(complaint);
  await nurse.locator('#ed-arrival-form button[type=submit]').click();
  await expect(nurse).toHaveURL(/\/staff\/ed\/arrivals\/[0-9a-f-]{36}\?saved=1$/);
  await expect(nurse.getByRole('heading', { level: 1 })).toContainText('Unidentified man, about 40');
  await expect(nurse.locator('main')).toContainText('Unidentified patient');
  await expectAccessible(nurse);

  // The nurse triages it at level 2 (very urgent).
  await nurse.locator('#ed-triage-form #f-level').selectOption('2');
  await nurse.locator('#ed-triage-form button[type=submit]').click();
  await expect(nurse).toHaveURL(/\?saved=1$/);
  await expect(nurse.locator('#ed-history')).toContainText('Level 2');

  // Without a reload, the doctor's board lists it among the critical patients, with its wait.
  const critical = doctor.locator('#ed-critical tr', { hasText: complaint });
  await expect(critical).toBeVisible({ timeout: 30_000 });
  await expect(critical).toContainText('Unidentified man, about 40');
  await expect(critical).toContainText('Level 2');
  await expect(critical).toContainText(/\d+ min/);
  await expect(doctor.locator('#ed-waiting tr', { hasText: complaint })).toBeVisible();
  expect(await doctor.evaluate(() => (window as unknown as { edBoardNotReloaded?: boolean }).edBoardNotReloaded)).toBe(true);

  // The doctor opens it and marks it seen: it moves to the patients being treated.
  await critical.getByRole('link').first().click();
  await expect(doctor).toHaveURL(/\/staff\/ed\/arrivals\/[0-9a-f-]{36}$/);
  await doctor.locator('#ed-seen-form button[type=submit]').click();
  await expect(doctor).toHaveURL(/\?saved=1$/);
  await expect(doctor.locator('main')).not.toContainText('Not seen yet');
  await doctor.goto('/staff/ed');
  await expect(doctor.locator('#ed-treatment tr', { hasText: complaint })).toBeVisible();
  await expect(doctor.locator('#ed-waiting tr', { hasText: complaint })).toHaveCount(0);

  // The nurse calls a code blue from the board: the department is the location already.
  await nurse.goto('/staff/ed');
  await expect(nurse.locator('#ed-treatment tr', { hasText: complaint })).toBeVisible();
  const form = nurse.locator('#ed-code-blue-form');
  await expect(form.locator('#f-location')).toHaveValue('Emergency Department');
  await form.locator('button[type=submit]').click();
  await expect(nurse).toHaveURL(/\/alerts\/[0-9a-f-]{36}\?done=sent$/);
  await expect(nurse.locator('main')).toContainText('Emergency Department');
  await expectAccessible(nurse);
});
