import { expect, test } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, freshTotp, linkFromOutbox, signIn } from './helpers/session.js';

/**
 * Issue 2's journey, as people would do it: a patient registers and fills in the profile, reads it
 * in Arabic; an administrator invites a doctor, who enrols a second factor and can open the
 * patient's clinical record only once on the care team.
 */
test('registration, profile, Arabic, staff invitation, second factor and care-team access', async ({ browser }) => {
  test.setTimeout(180_000);
  const suffix = Date.now().toString(36);
  const patientEmail = `layla.${suffix}@example.org`;
  const familyName = `Nasser${suffix}`;
  const doctorEmail = `dr.${suffix}@carewell.test`;
  const patientPassword = 'a quiet river at dawn';

  const admin = await (await browser.newContext()).newPage();
  const patient = await (await browser.newContext()).newPage();
  const doctor = await (await browser.newContext()).newPage();

  // A new patient registers.
  await patient.goto('/register');
  await expectAccessible(patient);
  await patient.locator('#f-givenName').fill('Layla');
  await patient.locator('#f-familyName').fill(familyName);
  await patient.locator('#f-birthDate').fill('1987-05-09');
  await patient.locator('#f-email').fill(patientEmail);
  await patient.locator('#f-password').fill(patientPassword);
  await patient.locator('input[name="acceptedPrivacyNotice"]').check();
  await patient.locator('form[action="/register"] button[type=submit]').click();
  await expect(patient).toHaveURL(/\/register\/check-email/);
  await expectAccessible(patient);

  // The verification e-mail waits in the outbox; the administrator (demo mode) can read it.
  await signIn(admin, 'admin@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
  const verifyLink = await linkFromOutbox(admin, patientEmail, '/verify-email');
  await patient.goto(verifyLink);
  await patient.locator('main form button[type=submit]').first().click();
  await signIn(patient, patientEmail, patientPassword);
  await expect(patient).toHaveURL(/\/portal/);
  await expectAccessible(patient);

  // The profile: an allergy, insurance and an emergency contact.
  await patient.goto('/portal/profile');
  await expectAccessible(patient);
  // Add-forms are closed until asked for.
  await patient.getByText('Add an allergy').click();
  await patient.locator('form[action="/portal/profile/allergies"] [name="substance"]').fill('penicillin');
  await patient.locator('form[action="/portal/profile/allergies"] [name="reaction"]').fill('Rash');
  await patient.locator('form[action="/portal/profile/allergies"] button[type=submit]').click();
  await expect(patient.locator('body')).toContainText('penicillin');
  await patient.getByText('Add an insurance policy').click();
  await patient.locator('form[action="/portal/profile/insurance"] [name="payer"]').fill('Northwind Health');
  await patient.locator('form[action="/portal/profile/insurance"] [name="memberNumber"]').fill('NW-77120');
  await patient.locator('form[action="/portal/profile/insurance"] button[type=submit]').click();
  await expect(patient.locator('body')).toContainText('NW-77120');
  await patient.getByText('Add an emergency contact').click();
  await patient.locator('form[action="/portal/profile/contacts"] [name="contactName"]').fill('Omar Nasser');
  await patient.locator('form[action="/portal/profile/contacts"] [name="contactRelationship"]').fill('Brother');
  await patient.locator('form[action="/portal/profile/contacts"] [name="contactPhone"]').fill('+1 555 0199');
  await patient.locator('form[action="/portal/profile/contacts"] button[type=submit]').click();
  await expect(patient.locator('body')).toContainText('Omar Nasser');

  // Arabic, right to left.
  await patient.locator('#language-select').selectOption('ar');
  await expect(patient.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(patient.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(patient.locator('body')).toContainText('penicillin');
  await expectAccessible(patient);

  // An administrator invites a doctor.
  await admin.goto('/admin/staff/new');
  await expectAccessible(admin);
  await admin.locator('#f-email').fill(doctorEmail);
  await admin.locator('#f-givenName').fill('Nadia');
  await admin.locator('#f-familyName').fill(`Karam${suffix}`);
  await admin.locator('#f-role').selectOption('doctor');
  await admin.locator('form[action="/admin/staff/new"] button[type=submit]').click();
  await expect(admin.locator('body')).toContainText(doctorEmail);
  await expectAccessible(admin);
  const invitation = await linkFromOutbox(admin, doctorEmail, '/invitations/accept');

  // The doctor accepts, sets a password, signs in and must enrol a second factor.
  const doctorPassword = 'stethoscope lantern 42';
  await doctor.goto(invitation);
  await expectAccessible(doctor);
  await doctor.locator('main input[type=password]').first().fill(doctorPassword);
  await doctor.locator('main form button[type=submit]').first().click();
  await signIn(doctor, doctorEmail, doctorPassword);
  await expect(doctor).toHaveURL(/\/mfa\/enroll/);
  await expectAccessible(doctor);
  await doctor.locator('form[action="/mfa/enroll/start"] button[type=submit]').click();
  const secret = (await doctor.locator('code.secret').textContent())!.replace(/\s/g, '');
  await doctor.locator('#f-code').fill(await freshTotp(secret, doctorEmail));
  await doctor.locator('form[action="/mfa/enroll/confirm"] button[type=submit]').click();
  await expect(doctor.locator('body')).toContainText(/[A-Za-z0-9]{4,}-[A-Za-z0-9]{4,}/); // recovery codes shown once

  // The doctor finds the patient but cannot open the clinical record.
  // (The search is POSTed: the name never appears in the address bar or the history.)
  await doctor.goto('/staff/patients');
  await doctor.getByLabel('Find a patient').fill(familyName);
  await doctor.locator('form[action="/staff/patients"] button[type=submit]').click();
  expect(doctor.url()).not.toContain(familyName);
  const chartLink = doctor.locator(`a[href^="/staff/patients/"]`, { hasText: familyName }).first();
  await expectAccessible(doctor);
  const chartPath = (await chartLink.getAttribute('href'))!;
  const refused = await doctor.goto(chartPath);
  expect(refused?.status()).toBe(404);

  // Added to the care team (by the administrator), the doctor can.
  await admin.goto(`${chartPath}/care-team`);
  await expectAccessible(admin);
  const doctorOption = await admin.locator('#f-staffId option', { hasText: `Karam${suffix}` }).getAttribute('value');
  await admin.locator('#f-staffId').selectOption(doctorOption);
  await admin.locator(`form[action="${chartPath}/care-team"] button[type=submit]`).click();
  await expect(admin.locator('body')).toContainText(`Karam${suffix}`);
  const allowed = await doctor.goto(chartPath);
  expect(allowed?.status()).toBe(200);
  await expect(doctor.locator('.patient-banner')).toContainText(familyName);
  await expect(doctor.locator('body')).toContainText('penicillin');
  await expectAccessible(doctor);
});
