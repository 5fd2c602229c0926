import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/**
 * Issue 15's messaging journey (docs/messaging.md, "Patient threads"): Maria Santos
 * (patient@carewell.test) writes to her care team from the portal's Messages; the compose page
 * says it is not for emergencies and gives the number to call and the expected answer time.
 * Dr. Haddad (doctor@carewell.test, on Maria's care team) opens the thread from the team inbox
 * linked from the staff home and replies with follow-up instructions; Maria sees the read receipt
 * on her message and the instructions; Dr. Haddad then sees Maria's receipt on his reply.
 */

async function signedIn(browser: Browser, email: string, totp?: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, DEMO_PASSWORD, totp);
  return page;
}

test('a patient messages her doctor, the doctor replies, and each sees the other read it', async ({ browser }) => {
  const subject = `Blood pressure readings ${Date.now()}`;
  const patient = await signedIn(browser, 'patient@carewell.test');
  await patient.goto('/portal');
  await patient.getByRole('link', { name: 'Open my messages' }).click();
  await expect(patient).toHaveURL(/\/portal\/messages$/);
  await expectAccessible(patient);
  await patient.getByRole('link', { name: 'Write a message' }).click();
  await expect(patient.locator('#emergency-number')).toContainText('call 112');
  await expect(patient.locator('#response-time')).toContainText('within 2 working days');
  await expectAccessible(patient);
  await patient.locator('#f-to').selectOption('care_team');
  await patient.locator('#f-subject').fill(subject);
  await patient.locator('#f-body').fill('My readings at home are around 150/95 this week. Should I change anything?');
  await patient.getByRole('button', { name: 'Send' }).click();
  await expect(patient).toHaveURL(/\/portal\/messages\/[0-9a-f-]{36}\?done=sent$/);
  const threadPath = new URL(patient.url()).pathname;
  const threadId = threadPath.split('/').pop()!;
  await expect(patient.locator('.read-receipt').first()).toContainText('Not read yet');

  const doctor = await signedIn(browser, 'doctor@carewell.test', DEMO_TOTP_SECRET);
  await doctor.goto('/staff');
  await doctor.getByRole('link', { name: 'Patient messages' }).first().click();
  await expect(doctor).toHaveURL(/\/staff\/patient-messages$/);
  await expectAccessible(doctor);
  await doctor.getByRole('link', { name: subject }).click();
  await expect(doctor).toHaveURL(new RegExp(`/staff/patient-messages/${threadId}$`));
  await expect(doctor.locator('#messages')).toContainText('around 150/95');
  await expectAccessible(doctor);
  await doctor.locator('#f-kind').selectOption('instructions');
  await doctor.locator('#f-body').fill('Take your evening tablet at 8 pm and send me readings in a week.');
  await doctor.locator('#reply').getByRole('button', { name: 'Send' }).click();
  await expect(doctor).toHaveURL(/\?done=sent$/);
  await expect(doctor.locator('.message--staff .read-receipt')).toContainText('Not read yet');

  await patient.goto(threadPath);
  await expect(patient.locator('.message--patient .read-receipt')).toContainText(/Read .*\(.+\)/);
  await expect(patient.locator('.message--instructions')).toContainText('Follow-up instructions');
  await expect(patient.locator('.message--instructions')).toContainText('8 pm');

  await doctor.reload();
  await expect(doctor.locator('.message--staff .read-receipt')).toContainText(/Read .*\(.+\)/);
});
