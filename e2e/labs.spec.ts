import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './helpers/axe.js';
import { oruForOrder, sendOverMllp, type OruResult } from './helpers/hl7.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, signIn } from './helpers/session.js';

/**
 * Issue 13's journey. Dr. Haddad orders a stat basic metabolic panel for Maria Santos from her
 * chart and keeps the order open. The technician collects the specimen and opens the printable
 * label (a Code 128 barcode, inline SVG). The outside laboratory sends an ORU^R01 over a real MLLP
 * connection (the server's listener, playwright.config.ts) with potassium 6.8 mmol/L for the
 * label's accession number: the doctor's open page shows the critical-result banner without a
 * reload (the event stream) and the doctor acknowledges it there. Chemistry is released to the
 * patient after review: Maria does not see the values until the doctor reviews the order, then
 * sees them with their trend charts.
 *
 * Time: the server's injected clock is the system clock (no e2e test moves it); the ORU carries no
 * observation time, so the app files the values at its clock's now. Every wait is on a condition.
 */

const RESULTS: OruResult[] = [
  { loinc: '2951-2', name: 'Sodium', value: '139', unit: 'mmol/L' },
  { loinc: '2823-3', name: 'Potassium', value: '6.8', unit: 'mmol/L' },
  { loinc: '2075-0', name: 'Chloride', value: '101', unit: 'mmol/L' },
  { loinc: '2028-9', name: 'Bicarbonate', value: '23', unit: 'mmol/L' },
  { loinc: '3094-0', name: 'Urea nitrogen', value: '21', unit: 'mg/dL' },
  { loinc: '2160-0', name: 'Creatinine', value: '1.2', unit: 'mg/dL' },
  { loinc: '2345-7', name: 'Glucose', value: '104', unit: 'mg/dL' },
  { loinc: '17861-6', name: 'Calcium', value: '9.1', unit: 'mg/dL' },
];

/** The summary the labs module writes on the alert. The demo's own alert about Maria reads "Serum potassium … (critical high; reference …)". */
const OUR_ALERT = /Potassium 6\.8 mmol\/L \(critical high\)/;

async function signedIn(browser: Browser, email: string, totp?: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, DEMO_PASSWORD, totp);
  return page;
}

/** One test's section on the patient's page (its heading is the test's name). */
function trendOf(page: Page, test: string) {
  return page.locator('section.lab-test-trend').filter({ has: page.getByRole('heading', { level: 2, name: test, exact: true }) });
}

/** "Results still being reviewed: N. …" on the patient's page, or 0 when there is no such line. */
async function pendingCount(page: Page): Promise<number> {
  const line = page.locator('main').getByText(/Results still being reviewed/);
  if ((await line.count()) === 0) return 0;
  return Number(/being reviewed: (\d+)\./.exec((await line.textContent()) ?? '')?.[1] ?? Number.NaN);
}

test('a doctor orders a stat panel; the technician collects and labels it; a critical ORU over MLLP alerts the open page live; acknowledged, reviewed, released to the patient with trends', async ({
  browser,
}) => {
  test.setTimeout(300_000);

  // --- The doctor orders from Maria's chart. ---
  const doctor = await signedIn(browser, 'doctor@carewell.test', DEMO_TOTP_SECRET);
  await doctor.goto('/staff/my-patients');
  await doctor.locator('a[href$="/chart"]', { hasText: 'Maria Santos' }).first().click();
  await doctor.locator('a[href$="/lab-orders"]').first().click();
  await expect(doctor.getByRole('heading', { level: 1 })).toHaveText('Laboratory orders');
  await doctor.getByRole('link', { name: 'Order tests' }).click();
  await doctor.locator('select[name="item"]').selectOption('BMP');
  await doctor.locator('select[name="priority"]').selectOption('stat');
  await doctor.locator('textarea[name="indication"]').fill('Muscle weakness on an ACE inhibitor');
  await expectAccessible(doctor);
  await doctor.getByRole('button', { name: 'Place the order' }).click();
  await expect(doctor).toHaveURL(/\/lab\/orders\/[0-9a-f-]{36}\?done=1$/);
  const orderPath = new URL(doctor.url()).pathname;
  await expect(doctor.locator('main')).toContainText('Stat');

  // The page the doctor keeps open: loaded once, its event stream connected (the server subscribes
  // before it answers), and a marker that a reload or a navigation would wipe.
  const streamConnected = doctor.waitForResponse((r) => r.url().endsWith('/api/v1/events/stream') && r.status() === 200);
  await doctor.goto(orderPath);
  await streamConnected;
  await doctor.evaluate(() => {
    (window as unknown as { keptOpen: boolean }).keptOpen = true;
  });

  // --- The technician: the queue, collect, the label with its barcode. ---
  const lab = await signedIn(browser, 'lab@carewell.test', DEMO_TOTP_SECRET);
  await lab.goto('/lab/queue');
  await expectAccessible(lab);
  await lab.locator(`a[href="${orderPath}"]`).first().click();
  await lab.getByRole('button', { name: 'Collect the specimen' }).click();
  await expect(lab).toHaveURL(new RegExp(`${orderPath}\\?done=1$`));
  await lab.getByRole('link', { name: 'Print the label' }).click();
  const barcode = lab.locator('.specimen-label .barcode[role="img"]');
  await expect(barcode.locator('svg')).toBeVisible();
  await expect(barcode.locator('svg path, svg rect').first()).toBeAttached();
  const accession = /accession number (A\d+)/.exec((await barcode.getAttribute('aria-label')) ?? '')?.[1];
  expect(accession, 'the accession number under the barcode').toBeTruthy();
  const mrn = /MRN (\S+)/.exec((await lab.locator('.specimen-label').textContent()) ?? '')?.[1];
  expect(mrn, 'the MRN on the label').toBeTruthy();
  await expect(lab.locator('.specimen-label')).toContainText('Basic metabolic panel');
  await expectAccessible(lab);

  // --- The patient, before the result: nothing of this order is shown. ---
  const patient = await signedIn(browser, 'patient@carewell.test');
  await patient.locator('a[href="/portal/lab-results"]').first().click();
  await expect(patient.getByRole('heading', { level: 1 })).toHaveText('My lab results');
  const pendingBefore = await pendingCount(patient);

  // --- The outside laboratory's ORU^R01 over MLLP: potassium 6.8 mmol/L for the label's accession. ---
  const ack = await sendOverMllp(
    oruForOrder({ controlId: `E2E-${accession}`, mrn: mrn!, accession: accession!, results: RESULTS, sentAt: new Date() }),
  );
  expect(ack.code, `the listener's acknowledgement (${ack.reason})`).toBe('AA');

  // --- The doctor's open page shows the critical banner without a reload, and acknowledges it. ---
  const banner = doctor.getByRole('alert').filter({ hasText: OUR_ALERT });
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await expect(banner).toContainText('Critical result');
  expect(new URL(doctor.url()).pathname).toBe(orderPath);
  expect(await doctor.evaluate(() => (window as unknown as { keptOpen?: boolean }).keptOpen)).toBe(true);
  await expectAccessible(doctor);
  await banner.getByRole('button', { name: /acknowledge/i }).click();
  await expect(banner).toHaveCount(0);
  expect(await doctor.evaluate(() => (window as unknown as { keptOpen?: boolean }).keptOpen)).toBe(true);

  // The alert is recorded as acknowledged by the doctor.
  await doctor.goto('/clinical-alerts');
  const listed = doctor.locator('tr', { hasText: OUR_ALERT });
  await expect(listed).toContainText('Acknowledged');
  await expect(listed.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);

  // --- The result filed from the message; the patient still sees none of it (chemistry waits for review). ---
  await doctor.goto(orderPath);
  const potassiumRow = doctor.locator('tr', { hasText: 'Potassium' }).first();
  await expect(potassiumRow).toContainText('6.8');
  await expect(potassiumRow).toContainText('Critical high');
  await patient.reload();
  await expect(trendOf(patient, 'Potassium')).toHaveCount(0);
  expect(await pendingCount(patient)).toBe(pendingBefore + RESULTS.length);

  // --- The doctor reviews it with a finding. ---
  await doctor.locator('textarea[name="comment"]').fill('Repeat potassium and ECG now');
  await doctor.getByRole('button', { name: 'Mark as reviewed' }).click();
  await expect(doctor).toHaveURL(new RegExp(`${orderPath}\\?done=1$`));
  await expect(doctor.locator('main')).toContainText('Repeat potassium and ECG now');

  // --- Released: the patient sees the values, the flag in words and a trend chart per test. ---
  await patient.reload();
  const potassium = trendOf(patient, 'Potassium');
  await expect(potassium).toHaveCount(1);
  await expect(potassium.locator('svg.lab-trend[role="img"]')).toBeVisible();
  await expect(potassium.locator('svg.lab-trend .lab-trend-flagged')).toHaveCount(1);
  await expect(potassium.locator('table')).toContainText('6.8 mmol/L');
  await expect(potassium.locator('table')).toContainText('Critical high');
  await expect(trendOf(patient, 'Sodium').locator('svg.lab-trend')).toBeVisible();
  await expect(trendOf(patient, 'Sodium').locator('table')).toContainText('139 mmol/L');
  expect(await pendingCount(patient)).toBe(pendingBefore);
  await expectAccessible(patient);
});
