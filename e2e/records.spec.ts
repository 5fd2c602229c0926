import { expect, test, type APIRequestContext } from '@playwright/test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { expectAccessible } from './helpers/axe.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, freshTotp, signIn } from './helpers/session.js';

/**
 * Issue 5's journey: the front desk books the demo patient with Dr. Haddad (the first free slot
 * from now: today when one remains, else the next working day); the doctor opens the encounter from
 * that appointment, writes and signs a note, codes E11.9, shares a summary; the patient reads the
 * summary and uploads a lab report PDF; the doctor sees the upload in the chart.
 */

async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.post('/api/v1/auth/token', {
    data: { email, password: DEMO_PASSWORD, otp: await freshTotp(DEMO_TOTP_SECRET, email) },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).token as string;
}

async function getJson<T>(request: APIRequestContext, token: string, url: string): Promise<T> {
  const res = await request.get(url, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status(), `${url}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

async function labReportPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText('HbA1c 8.1 %', { x: 72, y: 760, size: 14, font });
  return Buffer.from(await pdf.save());
}

/** "Today" as the clinician sees it (the demo hours are Europe/Paris). */
const parisDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);

test('a doctor opens an encounter from an appointment, signs a coded note and shares a summary; the patient reads it and uploads a lab report the doctor then sees', async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);

  // --- The front desk books the appointment through the API. ---
  const reception = await apiToken(request, 'reception@carewell.test');
  const patients = await getJson<{ items: { id: string }[] }>(
    request,
    reception,
    `/api/v1/patients?query=${encodeURIComponent('Maria Santos')}`,
  );
  const patientId = patients.items[0]!.id;
  const staff = await getJson<{ items: { id: string; familyName: string }[] }>(request, reception, '/api/v1/staff?query=Haddad');
  const staffId = staff.items.find((s) => s.familyName === 'Haddad')!.id;
  const visitTypes = await getJson<{ items: { id: string; code: string }[] }>(request, reception, '/api/v1/visit-types');
  const visitTypeId = visitTypes.items.find((v) => v.code === 'follow_up')!.id;
  const from = new Date(Date.now() + 5 * 60_000);
  const slots = await getJson<{ items: { startsAt: string }[] }>(
    request,
    reception,
    `/api/v1/slots?visitType=${visitTypeId}&staffId=${staffId}&from=${from.toISOString()}&to=${new Date(from.getTime() + 14 * 86_400_000).toISOString()}`,
  );
  expect(slots.items.length).toBeGreaterThan(0);
  const startsAt = slots.items[0]!.startsAt;
  const bookedToday = parisDate(new Date(startsAt)) === parisDate(new Date());
  test.info().annotations.push({
    type: 'appointment',
    description: bookedToday ? `today at ${startsAt}` : `no slot left today: booked the next available, ${startsAt}`,
  });
  const booked = await request.post('/api/v1/appointments', {
    headers: { authorization: `Bearer ${reception}` },
    data: { patientId, staffId, visitTypeId, startsAt, reason: 'Follow-up of blood sugar' },
  });
  expect(booked.status(), await booked.text()).toBe(201);
  const appointmentId = (await booked.json()).id as string;

  // --- The doctor opens the encounter from the appointment. ---
  const doctor = await (await browser.newContext()).newPage();
  await signIn(doctor, 'doctor@carewell.test', DEMO_PASSWORD, DEMO_TOTP_SECRET);
  await doctor.goto('/staff/today');
  await expectAccessible(doctor);
  if (bookedToday) {
    await doctor.locator(`a[href="/staff/encounters/new?appointmentId=${appointmentId}"]`).click();
  } else {
    await doctor.goto(`/staff/encounters/new?appointmentId=${appointmentId}`);
  }
  await expect(doctor).toHaveURL(/\/staff\/encounters\/new\?appointmentId=/);
  await expectAccessible(doctor);
  await doctor.locator('#f-type').selectOption('outpatient');
  // The form that opens the encounter (the hospital-alerts banner above it has its own buttons).
  await doctor.locator('main form[action="/staff/encounters"] button[type=submit]').click();
  await expect(doctor).toHaveURL(/\/staff\/encounters\/[0-9a-f-]{36}\?done=opened$/);
  const encounterUrl = new URL(doctor.url()).pathname;
  await expectAccessible(doctor);

  // --- Writes the note, saves the draft, then saves and signs it. ---
  await doctor.locator('#f-subjective').fill('Thirsty and tired for three weeks.');
  await doctor.locator('#f-objective').fill('BMI 31. Fasting glucose 8.2 mmol/L.');
  await doctor.locator('#f-assessment').fill('Type 2 diabetes mellitus without complications.');
  await doctor.locator('#f-plan').fill('Metformin 500 mg twice daily; review in 3 months.');
  await doctor.locator('#new-note button[type=submit]').click();
  await expect(doctor).toHaveURL(/done=note_started/);
  await doctor.locator('#f-plan').fill('Metformin 500 mg twice daily; HbA1c in 3 months.');
  await doctor.getByRole('button', { name: 'Save and sign' }).click();
  await expect(doctor).toHaveURL(/done=note_signed/);
  await expect(doctor.locator('main')).toContainText('HbA1c in 3 months');
  await expect(doctor.locator('main')).toContainText('Signed');
  await expectAccessible(doctor);

  // --- Codes the diagnosis (the diagnoses page of this encounter). ---
  await doctor.getByRole('link', { name: 'Add diagnosis' }).click();
  await expect(doctor).toHaveURL(new RegExp(`${encounterUrl}/diagnoses`));
  await doctor.locator('#f-q').fill('type 2 diabetes');
  await doctor.locator('form[role=search] button[type=submit]').click();
  const e119 = doctor.locator('li.dx-result', { hasText: 'E11.9' }).first();
  await expect(e119).toBeVisible();
  await e119.locator('button[type=submit]').click();
  await expect(doctor.locator('main')).toContainText('E11.9');
  await expectAccessible(doctor);

  // --- Shares the summary. ---
  await doctor.goto(encounterUrl);
  await doctor.locator('#f-summary').fill('Your blood sugar is higher than it should be: this is type 2 diabetes.');
  await doctor.locator('#f-instructions').fill('Take metformin with breakfast and dinner. Walk 30 minutes a day.');
  await doctor.getByRole('button', { name: 'Share with the patient' }).click();
  await expect(doctor).toHaveURL(/done=shared/);
  await expect(doctor.locator('#summary')).toContainText('has been shared');

  // --- The patient reads it and uploads a lab report. ---
  const patient = await (await browser.newContext()).newPage();
  await signIn(patient, 'patient@carewell.test', DEMO_PASSWORD);
  await patient.goto('/notifications');
  await expect(patient.locator('main')).toContainText('A visit summary is waiting for you');
  await patient.goto('/portal/summaries');
  await expect(patient.locator('main')).toContainText('Take metformin with breakfast and dinner.');
  await expectAccessible(patient);

  await patient.goto('/portal/documents');
  await patient.locator('#f-category').selectOption('lab_report');
  await patient.locator('#f-title').fill('HbA1c results');
  await patient.locator('#f-file').setInputFiles({ name: 'hba1c.pdf', mimeType: 'application/pdf', buffer: await labReportPdf() });
  await patient.locator('form[enctype="multipart/form-data"] button[type=submit]').click();
  await expect(patient.locator('main')).toContainText('HbA1c results');
  await expectAccessible(patient);

  // --- The doctor sees the upload in the chart. ---
  await doctor.goto(`/staff/patients/${patientId}/chart`);
  await expect(doctor.locator('main')).toContainText('HbA1c results');
  await expect(doctor.locator('main')).toContainText('E11.9');
  await expectAccessible(doctor);

  // --- … and reads it in the page: the bundled pdf.js draws it under the strict CSP. ---
  const cspViolations: string[] = [];
  doctor.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await doctor.goto(`/staff/patients/${patientId}/documents`);
  await doctor.locator('a[href$="/view"]', { hasText: 'HbA1c results' }).first().click();
  await expect(doctor.locator('canvas.pdf-page').first()).toBeVisible({ timeout: 30_000 });
  expect(cspViolations).toEqual([]);
  await expectAccessible(doctor);
});
